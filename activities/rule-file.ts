import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuleFile } from './types';

/** Rule files that coding agents read, in the order Deckhand looks for them; the first found wins. */
export const ruleFileNames = ['tembo.md', 'AGENTS.md', 'CLAUDE.md', '.cursorrules'] as const;

/** Finds the repository's rule file and the setup and test commands it names, if any. */
export async function findRuleFile(root: string): Promise<RuleFile | undefined> {
  for (const name of ruleFileNames) {
    const content = await readFile(join(root, name), 'utf8').catch(() => undefined);
    if (content === undefined) continue;
    return { path: name, ...extractCommands(content) };
  }
  return undefined;
}

const commandPatterns = {
  test: /^(?:test|tests|run tests|testing|test command)$/i,
  setup: /^(?:install|setup|set up|bootstrap|install dependencies|setup command)$/i,
};

/**
 * Reads `Test: \`npm test\`` or `- Install: \`npm ci\`` style lines from a rule file. A command
 * counts only when it is written in backticks after a label, so that prose mentioning tests is
 * not mistaken for a command.
 */
export function extractCommands(content: string): { setupCommand?: string; testCommand?: string } {
  const found: { setupCommand?: string; testCommand?: string } = {};
  for (const line of content.split('\n')) {
    const match = /^\s*(?:[-*•]\s+)?\**([A-Za-z][A-Za-z ]{1,30}?)\**\s*[:=]\s*\**\s*`([^`]+)`/.exec(
      line,
    );
    if (!match) continue;
    const label = (match[1] ?? '').trim();
    const command = (match[2] ?? '').trim();
    if (!found.testCommand && commandPatterns.test.test(label)) found.testCommand = command;
    if (!found.setupCommand && commandPatterns.setup.test(label)) found.setupCommand = command;
  }
  return found;
}
