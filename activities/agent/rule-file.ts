import { readRuleFile } from '../rule-file';
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
  // The agent controls the work tree, so the file may have become a link to a worker file.
  const rules = await readRuleFile(input.workspacePath, input.ruleFile.path);
  if (rules === undefined) return undefined;
  return `The repository's rules, from ${input.ruleFile.path}:\n\n${rules}`;
}
