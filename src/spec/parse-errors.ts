/** Stable codes for the ways a mention can fail to become a task. */
export type MentionErrorCode =
  'empty_task' | 'unknown_repository' | 'no_repository' | 'unknown_agent' | 'invalid_option';

/** Why a mention could not become a task, ready to post back to the Slack thread. */
export interface MentionParseError {
  code: MentionErrorCode;
  /** A Slack mrkdwn sentence that states what was wrong and what to do. */
  message: string;
  /** A complete mention that would be accepted, for the user to copy. */
  example: string;
}
