import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { RuleFile } from './types';

/**
 * Rule files that coding agents read, in the order Deckhand looks for them; the first found wins.
 * The list covers Tembo, the AGENTS.md convention, Claude Code, Cursor, Windsurf, Cline, Zed
 * (`.rules`), the older AGENT.md and GitHub Copilot.
 */
export const ruleFileNames = [
  'tembo.md',
  'AGENTS.md',
  'CLAUDE.md',
  '.cursorrules',
  '.windsurfrules',
  '.clinerules',
  '.rules',
  'AGENT.md',
  '.github/copilot-instructions.md',
] as const;

/** Commands that a rule file names, each written in backticks after a label. */
export interface RuleFileCommands {
  setupCommand?: string;
  testCommand?: string;
  /** Database migration command, such as `npm run migrate`. */
  migrationCommand?: string;
}

/** A repository's rule file with everything Deckhand reads from it. */
export interface RepositoryRuleFile extends RuleFile, RuleFileCommands {
  /**
   * Lines that the file marks IMPORTANT or WARNING, without the marker, in file order. Agents
   * get them first, as hard constraints.
   */
  constraints: string[];
}

/** Raised when a rule file exists but cannot be used. */
export class RuleFileError extends Error {
  override readonly name = 'RuleFileError';
  readonly code = 'invalid_rule_file';
}

/**
 * Finds the repository's rule file and reads its commands and constraints.
 *
 * @throws RuleFileError when a rule file resolves, through a symbolic link, to a path outside
 *   `root`, because its content would be read on the worker host and handed to the agent.
 */
export async function findRuleFile(root: string): Promise<RepositoryRuleFile | undefined> {
  for (const name of ruleFileNames) {
    const content = await readRuleFile(root, name);
    if (content === undefined) continue;
    return { path: name, ...extractCommands(content), constraints: extractConstraints(content) };
  }
  return undefined;
}

/**
 * Reads `name` under `root`, or returns undefined when it does not exist or is not a file.
 * Other read errors, such as a permission error, are raised.
 */
export async function readRuleFile(root: string, name: string): Promise<string | undefined> {
  const path = join(root, name);
  let resolved: string;
  try {
    resolved = await realpath(path);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
  const resolvedRoot = await realpath(root);
  if (!resolved.startsWith(resolvedRoot + sep)) {
    throw new RuleFileError(
      `The rule file ${name} links to ${resolved}, which is outside the repository. Replace the link with a regular file.`,
    );
  }
  try {
    // O_NOFOLLOW: a link swapped in after the check above is refused rather than followed.
    const handle = await open(resolved, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      if (!(await handle.stat()).isFile()) return undefined;
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP';
}

const commandPatterns: Record<keyof RuleFileCommands, RegExp> = {
  testCommand: /^(?:test|tests|run tests|testing|test command)$/i,
  setupCommand: /^(?:install|setup|set up|bootstrap|install dependencies|setup command)$/i,
  migrationCommand:
    /^(?:migrate|migration|migrations|run migrations|db migrate|database migrations?|migration command)$/i,
};

/**
 * Reads `Test: \`npm test\`` or `- Install: \`npm ci\`` style lines from a rule file. A command
 * counts only when it is written in backticks after a label, so that prose mentioning tests is
 * not mistaken for a command. The first command for each label wins.
 */
export function extractCommands(content: string): RuleFileCommands {
  const found: RuleFileCommands = {};
  for (const line of content.split('\n')) {
    const match = /^\s*(?:[-*•]\s+)?\**([A-Za-z][A-Za-z ]{1,30}?)\**\s*[:=]\s*\**\s*`([^`]+)`/.exec(
      line,
    );
    if (!match) continue;
    const label = (match[1] ?? '').trim();
    const command = (match[2] ?? '').trim();
    for (const key of Object.keys(commandPatterns) as (keyof RuleFileCommands)[]) {
      if (!found[key] && commandPatterns[key].test(label)) found[key] = command;
    }
  }
  return found;
}

/** Quote marks and a bullet that may come before a marker. */
const linePrefix = String.raw`^\s*(?:>\s*)*(?:[-*+•]\s+)?`;

/**
 * Matches a marker in any case at the start of a line, after any prefix: `IMPORTANT:`,
 * `**Warning:**`, `_Important_`, `> [!IMPORTANT]` or `Warning - …`. The word must be followed by
 * punctuation or be in emphasis, so that prose such as "Important files live in src/" is no
 * constraint. {@link bareMarkerPattern} adds the upper-case word alone.
 */
const markerPattern = new RegExp(
  linePrefix +
    String.raw`(?:\[!(?:important|warning)\]|[*_]{1,2}(?:important|warnings?)[*_]{0,2}\s*[:!—–-]?\s*[*_]{0,2}|(?:important|warnings?)\s*(?:[:!]+|[—–-]+(?=\s))[*_]{0,2})(.*)$`,
  'i',
);

/** Matches `IMPORTANT never …` or `WARNING …`: the upper-case word without punctuation. */
const bareMarkerPattern = new RegExp(linePrefix + String.raw`(?:IMPORTANT|WARNINGS?)(?=\s|$)(.*)$`);

const headingPattern = /^\s*#{1,6}\s+(.*?)\s*#*\s*$/;

/**
 * Collects the lines that `content` marks as IMPORTANT or WARNING. A marker alone on its line,
 * such as a GitHub `> [!WARNING]` alert, applies to the lines that follow up to the next blank
 * line. Under a heading named Important or Warning(s), every line up to the next heading
 * counts. Lines inside code fences are skipped.
 */
export function extractConstraints(content: string): string[] {
  const constraints: string[] = [];
  let pendingMarker = false;
  let inFence = false;
  let inSection = false;
  for (const line of content.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const heading = headingPattern.exec(line);
    if (heading) {
      inSection = /^(?:important|warnings?)\W*$/i.test(cleanText(heading[1] ?? ''));
      pendingMarker = false;
      continue;
    }
    const marker = markerPattern.exec(line) ?? bareMarkerPattern.exec(line);
    const text = cleanText(marker ? (marker[1] ?? '') : line);
    if (marker && text === '') {
      pendingMarker = true;
      continue;
    }
    if (text === '') {
      pendingMarker = false;
      continue;
    }
    if (marker || pendingMarker || inSection) constraints.push(text);
  }
  return [...new Set(constraints)];
}

/** Removes quote marks, bullets, leading punctuation and emphasis around the whole line. */
function cleanText(text: string): string {
  return text
    .replace(/^\s*(?:>\s*)*(?:[-*+•]\s+)?/, '')
    .replace(/^[\s:!—–-]+/, '')
    .replace(/^([*_]{1,2})(.*)\1$/, '$2')
    .trim();
}
