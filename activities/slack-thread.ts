import { Context } from '@temporalio/activity';
import type { WebClient } from '@slack/web-api';
import { postOnce } from '../src/slack/post-once';
import type { StatusCoalescer } from '../src/slack/status-coalescer';
import type { PostThreadMessageInput, PostThreadMessageResult, UpdateStatusInput } from './types';

export interface SlackThreadDeps {
  slack: WebClient;
  status: StatusCoalescer;
  /** The bot's own user id, so that only its own messages count when looking for a post. */
  botUserId: () => Promise<string>;
}

/**
 * Posts a message in a task thread at most once per key. A retried activity first looks for the
 * key in the thread, so a post that succeeded before the worker lost track of it is not repeated.
 */
export async function postThreadMessage(
  deps: SlackThreadDeps,
  input: PostThreadMessageInput,
): Promise<PostThreadMessageResult> {
  const info = Context.current().info;
  const ts = await postOnce(deps.slack, {
    channel: input.channel,
    threadTs: input.threadTs,
    key: `${info.workflowExecution?.workflowId ?? info.activityId}:${input.key}`,
    text: input.text,
    blocks: input.blocks,
    checkFirst: info.attempt > 1,
    botUserId: await deps.botUserId(),
  });
  return { ts };
}

/** Replaces the living status message's content; edits are coalesced per message. */
export async function updateStatus(deps: SlackThreadDeps, input: UpdateStatusInput): Promise<void> {
  await deps.status.update(input.channel, input.ts, { text: input.text, blocks: input.blocks });
}
