import { git } from './git';
import type { DescribeChangesInput } from './types';

/** Longest change description handed to downstream agents, in characters. */
const maxDescriptionChars = 3000;

/**
 * Describes what a repository's passing change touched, for the agents of repositories that
 * depend on it: the `git diff --stat` against the base commit.
 */
export async function describeChanges(input: DescribeChangesInput): Promise<string> {
  const stat = await git(['diff', '--stat', input.baseSha, 'HEAD'], {
    workspace: input.workspacePath,
  });
  const text = `${input.repository} changed these files (git diff --stat):\n${stat}`;
  return text.length > maxDescriptionChars ? `${text.slice(0, maxDescriptionChars)}\n…` : text;
}
