import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { MergePullRequestsResult } from '../activities/merge';
import { quick } from './activities-proxy';
import type { MergeButtonPullRequest } from './merge-button';
import { escapeMrkdwn } from './messages';
import type { ThreadRef } from './types';

/** Input of the `mergeTask` workflow, which the "Merge in order" button starts. */
export interface MergeTaskInput {
  /** The `codingTask` whose pull requests merge. */
  taskWorkflowId: string;
  thread: ThreadRef;
  /** Pull requests in merge order. */
  pullRequests: MergeButtonPullRequest[];
  /** Slack user id of the person who pressed the button. */
  requestedBy: string;
}

/**
 * Merging waits for GitHub to report each pull request mergeable, up to 10 minutes by the
 * activity's default, and heartbeats while it waits, so a lost worker shows within a minute.
 */
const merging = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['InvalidInput', 'NotFound', 'Unauthorized'],
  },
});

/**
 * Merges a task's pull requests one by one in merge order, posting each merge in the thread.
 * It stops at the first pull request that cannot merge and says which and why. A pull request
 * that is already merged, by a person or an earlier attempt, counts as merged.
 */
export async function mergeTask(input: MergeTaskInput): Promise<MergePullRequestsResult> {
  const { thread, pullRequests } = input;
  const total = pullRequests.length;
  const post = (key: string, text: string) => quick.postThreadMessage({ ...thread, key, text });
  await post(
    'merge-started',
    `<@${input.requestedBy}> started merging ${total} pull requests in order.`,
  );

  const merged: MergePullRequestsResult['merged'] = [];
  for (const [index, pull] of pullRequests.entries()) {
    const result = await merging.mergePullRequests({ pullRequests: [pull] });
    const name = `${pull.repository}#${pull.number}`;
    if (result.stopped) {
      const rest = pullRequests.slice(index + 1);
      const notTried =
        rest.length > 0
          ? ` Not merged: ${rest.map((p) => `${p.repository}#${p.number}`).join(', ')}.`
          : '';
      await post(
        'merge-stopped',
        `Merging stopped at ${name} (${result.stopped.reason}): ` +
          `${escapeMrkdwn(result.stopped.message)}${notTried}`,
      );
      return { merged, stopped: result.stopped, notAttempted: rest };
    }
    merged.push(...result.merged);
    const already = result.merged[0]?.alreadyMerged ? ' (it was already merged)' : '';
    await post(`merged-${index}`, `Merged ${name}${already}, ${index + 1} of ${total}.`);
  }
  await post('merge-done', `All ${total} pull requests merged in order.`);
  return { merged, notAttempted: [] };
}
