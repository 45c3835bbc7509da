import type { Button, KnownBlock } from '@slack/types';
import { z } from 'zod';
import { SlackViewError } from './errors';
import {
  escapeMrkdwn,
  mentionOf,
  mrkdwn,
  plainText,
  slackDate,
  slackLimits,
  truncate,
} from './text';

/** `action_id`s of the approval buttons; Bolt routes their clicks with `app.action()`. */
export const approvalActionIds = {
  approve: 'deckhand_approve',
  requestChanges: 'deckhand_request_changes',
  cancel: 'deckhand_cancel_task',
} as const;

/** Prefix of the approval actions block's `block_id`; the request id follows it. */
export const approvalBlockIdPrefix = 'deckhand_approval:';

/** Ids that each approval button's `value` carries. */
export interface ApprovalButtonValue {
  /** Workflow that waits for the decision and receives it as a signal. */
  workflowId: string;
  /** Approval request within the workflow, so a click on an old request is recognized. */
  requestId: string;
}

const ButtonValueJson = z.object({ w: z.string().min(1), r: z.string().min(1) });

/**
 * Encodes the workflow and request ids as a button `value`.
 *
 * @throws SlackViewError `action_value_too_long` above Slack's 2,000-character limit.
 */
export function encodeApprovalValue(value: ApprovalButtonValue): string {
  const text = JSON.stringify({ w: value.workflowId, r: value.requestId });
  if (text.length > slackLimits.buttonValue) {
    throw new SlackViewError(
      'action_value_too_long',
      `An approval button value is ${text.length} characters; Slack accepts at most ${slackLimits.buttonValue}.`,
    );
  }
  return text;
}

/**
 * Decodes a button `value` written by {@link encodeApprovalValue}.
 *
 * @throws SlackViewError `invalid_action_value` if it is not that JSON.
 */
export function decodeApprovalValue(value: string | undefined): ApprovalButtonValue {
  let data: unknown;
  try {
    data = JSON.parse(value ?? '');
  } catch (error) {
    throw new SlackViewError('invalid_action_value', 'The approval button value is not JSON.', {
      cause: error,
    });
  }
  const parsed = ButtonValueJson.safeParse(data);
  if (!parsed.success) {
    throw new SlackViewError(
      'invalid_action_value',
      'The approval button value lacks the workflow id or the request id.',
    );
  }
  return { workflowId: parsed.data.w, requestId: parsed.data.r };
}

/** A Slack message as `chat.postMessage` and `chat.update` take it. */
export interface SlackMessageContent {
  /** Notification and screen-reader text. */
  text: string;
  blocks: KnownBlock[];
}

/** Input to {@link buildApprovalRequestMessage}. */
export interface ApprovalRequestOptions extends ApprovalButtonValue {
  requesterId: string;
  /** Slack mrkdwn summary of the change waiting for approval, such as a diff summary. */
  summary: string;
  /** When the request times out and the task ends. */
  expiresAt?: Date;
}

/**
 * Builds the thread message that requests an approval before pull requests open, with
 * Approve, Request changes and Cancel buttons. Cancel shows a confirmation dialog first.
 */
export function buildApprovalRequestMessage(options: ApprovalRequestOptions): SlackMessageContent {
  const value = encodeApprovalValue(options);
  const expiry = options.expiresAt ? ` The request expires ${slackDate(options.expiresAt)}.` : '';
  const buttons: Button[] = [
    button({ actionId: approvalActionIds.approve, label: 'Approve', value, style: 'primary' }),
    button({ actionId: approvalActionIds.requestChanges, label: 'Request changes', value }),
    {
      ...button({
        actionId: approvalActionIds.cancel,
        label: 'Cancel task',
        value,
        style: 'danger',
      }),
      confirm: {
        title: plainText('Cancel this task?', 100),
        text: plainText('The task stops and no pull request is opened.', 300),
        confirm: plainText('Cancel task', 30),
        deny: plainText('Keep it', 30),
        style: 'danger',
      },
    },
  ];
  return {
    text: `Waiting for approval before opening pull requests, requested by ${mentionOf(options.requesterId)}.`,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:raised_hand: *Approval needed* before Deckhand opens pull requests, requested by ${mentionOf(options.requesterId)}.${expiry}`,
        ),
      },
      { type: 'section', text: mrkdwn(options.summary) },
      {
        type: 'actions',
        block_id: `${approvalBlockIdPrefix}${options.requestId}`,
        elements: buttons,
      },
    ],
  };
}

/** Outcome of an approval request. */
export type ApprovalDecision = 'approved' | 'changes_requested' | 'cancelled' | 'timed_out';

/** Input to {@link buildApprovalDecisionMessage}. */
export interface ApprovalDecisionOptions {
  decision: ApprovalDecision;
  /** User who decided, unset for `timed_out`. */
  userId?: string;
  at: Date;
  /** Summary shown in the request, repeated so the thread keeps what the decision was about. */
  summary: string;
  /** Requested changes, shown for `changes_requested`. */
  feedback?: string;
}

/**
 * Builds the message that replaces an approval request after a decision, such as
 * "Approved by <@U…> at <!date^…|…>". It has no buttons, so a request cannot be decided twice.
 */
export function buildApprovalDecisionMessage(
  options: ApprovalDecisionOptions,
): SlackMessageContent {
  const by = options.userId === undefined ? '' : ` by ${mentionOf(options.userId)}`;
  const when = slackDate(options.at);
  const headline: Record<ApprovalDecision, string> = {
    approved: `:white_check_mark: Approved${by} ${when}`,
    changes_requested: `:memo: Changes requested${by} ${when}`,
    cancelled: `:no_entry_sign: Cancelled${by} ${when}`,
    timed_out: `:hourglass: The approval request expired ${when}; the task ended without pull requests.`,
  };
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(headline[options.decision]) },
    { type: 'section', text: mrkdwn(options.summary) },
  ];
  if (options.decision === 'changes_requested' && options.feedback) {
    const quoted = escapeMrkdwn(truncate(options.feedback, 2900)).replace(/^/gm, '> ');
    blocks.push({ type: 'section', text: mrkdwn(quoted) });
  }
  return { text: headline[options.decision], blocks };
}

function button(options: {
  actionId: string;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}): Button {
  return {
    type: 'button',
    action_id: options.actionId,
    text: plainText(options.label, slackLimits.buttonText),
    value: options.value,
    ...(options.style === undefined ? {} : { style: options.style }),
  };
}
