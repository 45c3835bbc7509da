/** Stable codes for values that Deckhand put into Slack and cannot read back. */
export type SlackViewErrorCode =
  | 'invalid_private_metadata'
  | 'private_metadata_too_long'
  | 'invalid_action_value'
  | 'action_value_too_long';

/**
 * Raised when a view's `private_metadata` or a button's `value` does not decode. Deckhand
 * writes both itself, so this means the payload came from another app version or was altered.
 */
export class SlackViewError extends Error {
  override readonly name = 'SlackViewError';
  readonly code: SlackViewErrorCode;

  constructor(code: SlackViewErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
