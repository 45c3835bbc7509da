import { createHash } from 'node:crypto';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Config } from '../config';
import { channelKey, threadKey, threadValue } from './search-attributes';
import type { SlackOrigin, TaskSpec } from '../spec/task-spec';
import type { codingTask } from '../../workflows';

/** Ids of one task, derived from the Slack message that asked for it. */
export interface TaskIds {
  /** Temporal workflow id: the same message always maps to the same workflow. */
  workflowId: string;
  /** Short id for branch names and container labels. */
  taskId: string;
}

export function taskIdsFor(origin: Pick<SlackOrigin, 'teamId' | 'channel' | 'messageTs'>): TaskIds {
  const source = `${origin.teamId}/${origin.channel}/${origin.messageTs}`;
  const taskId = createHash('sha256').update(source).digest('hex').slice(0, 10);
  return { workflowId: `deckhand-${origin.teamId}-${origin.channel}-${origin.messageTs}`, taskId };
}

export interface StartTaskOptions {
  client: Client;
  config: Pick<Config, 'temporal' | 'sandbox' | 'access' | 'agents'>;
  spec: TaskSpec;
  /** A reply that continues an ended task; the run gets its own workflow id. */
  followUp?: { text: string; userId: string; ts: string };
  /** Timestamp of a `retry` reply; the rerun gets its own workflow id. */
  retryTs?: string;
}

/** Ids of the fix of one Sentry issue, the same however the fix was asked for. */
export function sentryTaskIds(issueId: string): TaskIds {
  const taskId = createHash('sha256').update(`sentry/${issueId}`).digest('hex').slice(0, 10);
  return { workflowId: `deckhand-sentry-${issueId}`, taskId };
}

/**
 * Starts the `codingTask` workflow of a task. A second start for the same Slack message, such as
 * a redelivered event, starts nothing and returns `started: false`, even after the first run
 * has closed.
 */
export async function startCodingTask(
  options: StartTaskOptions,
): Promise<TaskIds & { started: boolean }> {
  const { config, followUp } = options;
  const base = options.spec.sentryIssue
    ? sentryTaskIds(options.spec.sentryIssue.id)
    : taskIdsFor(options.spec.origin);
  // A follow-up or retry keeps the task id, so it continues the same branches and pull requests.
  const suffix = followUp
    ? `-followup-${followUp.ts}`
    : options.retryTs
      ? `-retry-${options.retryTs}`
      : '';
  const ids = { ...base, workflowId: `${base.workflowId}${suffix}` };
  try {
    await options.client.workflow.start<typeof codingTask>('codingTask', {
      taskQueue: config.temporal.taskQueue,
      workflowId: ids.workflowId,
      // One Sentry issue has one fix at a time: a start fails while a fix runs. Whether a fix
      // may start again after one ended is the caller's decision (a regressed issue may).
      workflowIdReusePolicy:
        options.spec.sentryIssue && !suffix
          ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
          : WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: channelKey, value: options.spec.origin.channel },
        {
          key: threadKey,
          value: threadValue(options.spec.origin.channel, options.spec.origin.threadTs),
        },
      ],
      args: [
        {
          taskId: ids.taskId,
          spec: options.spec,
          maxAttempts: config.sandbox.maxAttempts,
          approvalTimeoutMinutes: config.access.approvalTimeoutMinutes,
          budgetUsd: config.agents.taskBudgetUsd,
          followUp,
        },
      ],
    });
    return { ...ids, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { ...ids, started: false };
    throw err;
  }
}
