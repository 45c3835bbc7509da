import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunAgentInput } from '../types';

/**
 * Returns the repository's rules as a prompt section when its rule file is not one that the CLI
 * reads by itself (`nativeFiles`), else undefined.
 */
export async function ruleFileSection(
  input: RunAgentInput,
  nativeFiles: string[],
): Promise<string | undefined> {
  if (!input.ruleFile || nativeFiles.includes(input.ruleFile.path)) return undefined;
  const rules = await readFile(join(input.workspacePath, input.ruleFile.path), 'utf8');
  return `The repository's rules, from ${input.ruleFile.path}:\n\n${rules}`;
}
