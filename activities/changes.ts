import { extractContract } from './contracts';
import type { DescribeChangesInput } from './types';

/**
 * Describes a repository's passing change for the rest of the task: its {@link extractContract}
 * contract (diff summary, changed interface files, package facts and changed files) as JSON.
 * The task workflow decodes it to write downstream prompts with `formatContractsForPrompt` and
 * to detect dependencies for the merge order. The contract's own caps keep it far below
 * Temporal's payload limits.
 */
export async function describeChanges(input: DescribeChangesInput): Promise<string> {
  const contract = await extractContract({
    repository: input.repository,
    workspacePath: input.workspacePath,
    baseSha: input.baseSha,
  });
  return JSON.stringify(contract);
}
