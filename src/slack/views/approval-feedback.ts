import type { ViewErrorsResponseAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { ApprovalButtonValue } from './approval';
import { SlackViewError } from './errors';
import { plainText, slackLimits } from './text';
import { readText, type ViewStateValues } from './view-state';

/** `callback_id` of the "Request changes" modal. */
export const requestChangesCallbackId = 'deckhand_request_changes';

/** `block_id` and `action_id` of the modal's only input. */
export const feedbackBlockId = 'deckhand_feedback';
export const feedbackActionId = 'deckhand_feedback_text';

/** Approval request that the feedback is for, and the message to replace afterwards. */
export interface FeedbackTarget extends ApprovalButtonValue {
  channel: string;
  /** Timestamp of the approval request message. */
  messageTs: string;
}

const FeedbackMetadata = z.object({
  v: z.literal(1),
  workflowId: z.string().min(1),
  requestId: z.string().min(1),
  channel: z.string().min(1),
  messageTs: z.string().min(1),
});

/**
 * Builds the modal that a "Request changes" click opens: one multiline input for what
 * should change. The target travels in `private_metadata`.
 */
export function buildRequestChangesModal(target: FeedbackTarget): ModalView {
  return {
    type: 'modal',
    callback_id: requestChangesCallbackId,
    private_metadata: JSON.stringify({ v: 1, ...target }),
    title: plainText('Request changes', slackLimits.modalTitle),
    submit: plainText('Send', slackLimits.modalButton),
    close: plainText('Cancel', slackLimits.modalButton),
    blocks: [
      {
        type: 'input',
        block_id: feedbackBlockId,
        label: plainText('What should the agent change?', slackLimits.inputLabel),
        element: {
          type: 'plain_text_input',
          action_id: feedbackActionId,
          multiline: true,
          max_length: slackLimits.plainTextInputValue,
          placeholder: plainText(
            'For example: keep the old endpoint and add a deprecation header',
            slackLimits.placeholder,
          ),
        },
      },
    ],
  };
}

export type RequestChangesResult =
  | { ok: true; feedback: string; target: FeedbackTarget }
  | { ok: false; response: ViewErrorsResponseAction };

/**
 * Reads a "Request changes" submission. Blank feedback returns inline errors for `ack()`.
 *
 * @throws SlackViewError `invalid_private_metadata` if the metadata is not Deckhand's.
 */
export function parseRequestChangesSubmission(view: {
  private_metadata: string;
  state: { values: ViewStateValues };
}): RequestChangesResult {
  const target = decodeTarget(view.private_metadata);
  const feedback = readText(view.state.values, {
    blockId: feedbackBlockId,
    actionId: feedbackActionId,
  })?.trim();
  if (feedback === undefined || feedback === '') {
    return {
      ok: false,
      response: {
        response_action: 'errors',
        errors: { [feedbackBlockId]: 'Describe what the agent should change.' },
      },
    };
  }
  return { ok: true, feedback, target };
}

function decodeTarget(text: string): FeedbackTarget {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SlackViewError(
      'invalid_private_metadata',
      'The request-changes modal private_metadata is not JSON.',
      { cause: error },
    );
  }
  const parsed = FeedbackMetadata.safeParse(data);
  if (!parsed.success) {
    throw new SlackViewError(
      'invalid_private_metadata',
      `The request-changes modal private_metadata does not match version 1: ${parsed.error.message}`,
    );
  }
  const { v: _version, ...target } = parsed.data;
  return target;
}
