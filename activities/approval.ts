import type { WebClient } from '@slack/web-api';
import { Context } from '@temporalio/activity';
import { approvalActionIds, type ApprovalButtonValue } from '../src/slack/approval-actions';
import { postOnce } from '../src/slack/post-once';
import type { CloseApprovalInput, PostThreadMessageResult, RequestApprovalInput } from './types';

export interface ApprovalDeps {
  slack: WebClient;
  botUserId: () => Promise<string>;
}

/**
 * Posts an approval request with Approve, Request changes and Cancel buttons, once per key.
 *
 * NOTE: `src/slack/views/approval.ts` and `approval-feedback.ts` build the same request, decision
 * message and feedback form with more care (a Cancel confirmation, the 2,000-character value
 * check) but are not wired in, because their button value lacks the task's workflow id that
 * Cancel needs. One of the two should go once they carry the same ids.
 */
export async function requestApproval(
  deps: ApprovalDeps,
  input: RequestApprovalInput,
): Promise<PostThreadMessageResult> {
  const info = Context.current().info;
  const value: ApprovalButtonValue = {
    workflowId: input.workflowId,
    taskWorkflowId: input.taskWorkflowId,
    requestId: input.requestId,
  };
  const button = (text: string, actionId: string, style?: 'primary' | 'danger') => ({
    type: 'button',
    text: { type: 'plain_text', text },
    action_id: actionId,
    value: JSON.stringify(value),
    ...(style ? { style } : {}),
  });
  const ts = await postOnce(deps.slack, {
    channel: input.channel,
    threadTs: input.threadTs,
    key: `${info.workflowExecution?.workflowId ?? info.activityId}:${input.key}`,
    text: input.text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: input.text } },
      {
        type: 'actions',
        block_id: 'deckhand_approval',
        elements: [
          button('Approve', approvalActionIds.approve, 'primary'),
          button('Request changes', approvalActionIds.requestChanges),
          button('Cancel', approvalActionIds.cancel, 'danger'),
        ],
      },
    ],
    checkFirst: info.attempt > 1,
    botUserId: await deps.botUserId(),
  });
  return { ts };
}

/** Replaces an approval request's buttons with a line saying how it ended. */
export async function closeApproval(deps: ApprovalDeps, input: CloseApprovalInput): Promise<void> {
  await deps.slack.chat.update({
    channel: input.channel,
    ts: input.ts,
    text: input.text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: input.text } }],
  });
}
