import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { codingTask, mergeTask } from '../../workflows';
import {
  mergeInOrderActionId,
  mergeWorkflowIdOf,
  type MergeButtonPullRequest,
  type MergeButtonValue,
} from '../../workflows/merge-button';
import type { Logger } from '../logger';
import type { TaskDirectory } from '../temporal/tasks';
import type { AccessPolicy } from './access';

export interface MergeHandlerDeps {
  /** Temporal client that starts the `mergeTask` workflow. */
  client: Client;
  taskQueue: string;
  tasks: TaskDirectory;
  logger: Logger;
  /** Decides who besides the requester may merge; only the requester may when unset. */
  access?: Pick<AccessPolicy, 'mayApprove'>;
}

/**
 * Registers the "Merge in order" button. A press by the requester or an approver of a task that
 * ended with those pull requests starts one `mergeTask` workflow per task. A second press
 * starts nothing, and the presser gets an ephemeral message that merging already started.
 */
export function registerMergeHandlers(app: App, deps: MergeHandlerDeps): void {
  app.action<BlockButtonAction>(mergeInOrderActionId, async ({ ack, body, action, client }) => {
    await ack();
    try {
      await handlePress(deps, client, body, action.value);
    } catch (err) {
      deps.logger.error({ err, userId: body.user.id }, 'Merge in order press failed');
      await ephemeral(client, body, 'Deckhand could not start the merge. Try again in a minute.');
    }
  });
}

async function handlePress(
  deps: MergeHandlerDeps,
  client: WebClient,
  body: BlockButtonAction,
  rawValue: string | undefined,
): Promise<void> {
  const value = parseValue(rawValue);
  if (!value) {
    deps.logger.warn({ value: rawValue }, 'Merge in order button carried an invalid value');
    await ephemeral(client, body, 'This button is invalid, so nothing was merged.');
    return;
  }
  const task = await endedTask(deps, value.taskWorkflowId);
  if (typeof task === 'string') {
    await ephemeral(client, body, task);
    return;
  }
  const userId = body.user.id;
  const allowed = deps.access
    ? (await deps.access.mayApprove({ userId, requesterId: task.requesterId })).allowed
    : userId === task.requesterId;
  if (!allowed) {
    await ephemeral(
      client,
      body,
      `Only <@${task.requesterId}> and the configured approvers may merge this task.`,
    );
    return;
  }
  const missing = value.pullRequests.filter((pull) => !task.pullRequests.has(keyOf(pull)));
  if (missing.length > 0 || value.pullRequests.length === 0) {
    await ephemeral(client, body, 'These pull requests do not belong to this task.');
    return;
  }
  await startMerge(deps, client, body, { value, userId, thread: task.thread });
}

interface EndedTask {
  requesterId: string;
  thread: { channel: string; threadTs: string };
  /** `owner/name#number` of every pull request the task opened. */
  pullRequests: Set<string>;
}

/** Returns the ended task's facts, or the reason it cannot be merged, for the presser. */
async function endedTask(deps: MergeHandlerDeps, workflowId: string): Promise<EndedTask | string> {
  const handle = deps.client.workflow.getHandle<typeof codingTask>(workflowId);
  try {
    const description = await handle.describe();
    if (description.status.name === 'RUNNING') {
      return 'This task is still running; merge once it has finished.';
    }
    if (description.status.name !== 'COMPLETED') {
      return 'This task did not finish, so its pull requests are not merged from here.';
    }
    const [spec, results] = await Promise.all([deps.tasks.spec(workflowId), handle.result()]);
    const pullRequests = results.flatMap((result) =>
      result.pullRequest ? [keyOf({ repository: result.repository, ...result.pullRequest })] : [],
    );
    if (pullRequests.length === 0) return 'This task opened no pull requests.';
    return {
      requesterId: spec.origin.userId,
      thread: { channel: spec.origin.channel, threadTs: spec.origin.threadTs },
      pullRequests: new Set(pullRequests),
    };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'Deckhand no longer knows this task.';
    throw err;
  }
}

async function startMerge(
  deps: MergeHandlerDeps,
  client: WebClient,
  body: BlockButtonAction,
  options: { value: MergeButtonValue; userId: string; thread: EndedTask['thread'] },
): Promise<void> {
  const { value, userId } = options;
  const workflowId = mergeWorkflowIdOf(value.taskWorkflowId);
  try {
    await deps.client.workflow.start<typeof mergeTask>('mergeTask', {
      taskQueue: deps.taskQueue,
      workflowId,
      // One merge per task, even after it has closed. After a merge that stopped, a person
      // merges the rest on GitHub.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [
        {
          taskWorkflowId: value.taskWorkflowId,
          thread: options.thread,
          pullRequests: value.pullRequests,
          requestedBy: userId,
        },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    await ephemeral(client, body, 'Merging of these pull requests has already started.');
    return;
  }
  deps.logger.info({ workflowId, userId }, 'Merge in order started');
  await replaceButton(client, body, `Merge in order started by <@${userId}>.`);
}

/** Replaces the button with a note, keeping the merge order above it. */
async function replaceButton(client: WebClient, body: BlockButtonAction, note: string) {
  const channel = body.channel?.id;
  const ts = body.message?.ts;
  if (!channel || !ts) return;
  const kept = ((body.message?.blocks ?? []) as { type: string }[]).filter(
    (block) => block.type !== 'actions',
  );
  const blocks = [...kept, { type: 'context', elements: [{ type: 'mrkdwn', text: note }] }];
  await client.chat.update({ channel, ts, text: body.message?.text ?? note, blocks });
}

function parseValue(raw: string | undefined): MergeButtonValue | undefined {
  try {
    const value = JSON.parse(raw ?? '') as Partial<MergeButtonValue>;
    if (typeof value.taskWorkflowId !== 'string' || !Array.isArray(value.pullRequests)) {
      return undefined;
    }
    const valid = value.pullRequests.every(
      (pull) => typeof pull?.repository === 'string' && Number.isInteger(pull?.number),
    );
    return valid ? (value as MergeButtonValue) : undefined;
  } catch {
    return undefined;
  }
}

function keyOf(pull: MergeButtonPullRequest): string {
  return `${pull.repository.toLowerCase()}#${pull.number}`;
}

async function ephemeral(client: WebClient, body: BlockButtonAction, text: string) {
  const channel = body.channel?.id;
  if (!channel) return;
  await client.chat.postEphemeral({
    channel,
    user: body.user.id,
    text,
    ...(body.message?.thread_ts ? { thread_ts: body.message.thread_ts } : {}),
  });
}
