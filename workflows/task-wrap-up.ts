import type { LinearIssue } from '../src/linear';
import type { TaskSpec } from '../src/spec/task-spec';
import { quick } from './activities-proxy';
import { mergeInOrderActionId, type MergeButtonValue } from './merge-button';
import { escapeMrkdwn } from './messages';
import { mergeAfterOf, type FinalOrder } from './task-order';
import type { RepositoryResult, ThreadRef } from './types';

export interface WrapUpOptions {
  spec: TaskSpec;
  thread: ThreadRef;
  workflowId: string;
  /** Results in merge order. */
  ordered: readonly RepositoryResult[];
  order: FinalOrder;
  linearIssue?: LinearIssue;
  /** Offer the "Merge in order" button; false when a repository of the task failed. */
  offerMerge: boolean;
}

/**
 * Ties the pull requests of a multi-repository task together once they all exist: writes the
 * related section into every description and posts the merge order in the thread, with a
 * "Merge in order" button when the whole task passed. A task with fewer than two pull requests
 * has no order to show, so this does nothing for it.
 */
export async function wrapUpPullRequests(options: WrapUpOptions): Promise<void> {
  const { order, thread } = options;
  const pullRequests = options.ordered.flatMap((result) =>
    result.pullRequest
      ? [
          {
            repository: result.repository,
            number: result.pullRequest.number,
            url: result.pullRequest.url,
          },
        ]
      : [],
  );
  if (pullRequests.length < 2) return;
  const withPullRequest = new Set(pullRequests.map((pull) => pull.repository));
  const mergeOrder = order.mergeOrder.filter((slug) => withPullRequest.has(slug));
  const linked = await quick.linkPullRequests({
    taskTitle: options.spec.title,
    linearIssue: options.linearIssue && {
      identifier: options.linearIssue.identifier,
      url: options.linearIssue.url,
    },
    pullRequests,
    mergeOrder,
    mergeAfter: mergeAfterOf(order.graph, withPullRequest),
  });

  const lines = linked.map(
    (pull, index) =>
      `${index + 1}. <${pull.url}|${pull.repository}#${pull.number}> (${pull.state})`,
  );
  const notes = [
    ...order.detected.map((edge) => `Detected: ${escapeMrkdwn(edge.reason ?? '')}.`),
    ...(order.conflict ? [escapeMrkdwn(order.conflict)] : []),
  ];
  const text = [`*Merge order*`, ...lines, ...notes].join('\n');
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (options.offerMerge) {
    const value: MergeButtonValue = {
      taskWorkflowId: options.workflowId,
      pullRequests: linked.map((pull) => ({ repository: pull.repository, number: pull.number })),
    };
    blocks.push({
      type: 'actions',
      block_id: 'deckhand_merge',
      elements: [
        {
          type: 'button',
          action_id: mergeInOrderActionId,
          text: { type: 'plain_text', text: 'Merge in order' },
          style: 'primary',
          value: JSON.stringify(value),
        },
      ],
    });
  }
  await quick.postThreadMessage({ ...thread, key: 'merge-order', text, blocks });
}
