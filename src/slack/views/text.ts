import type { MrkdwnElement, PlainTextElement } from '@slack/types';

/**
 * Block Kit limits that Deckhand's views and messages must stay within, in characters unless
 * named otherwise. Sources: Slack's Block Kit and view references on docs.slack.dev, and the
 * `@slack/types` 3.2 declarations (option `value` up to 75 characters).
 */
export const slackLimits = {
  viewBlocks: 100,
  messageBlocks: 50,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  blockId: 255,
  actionId: 255,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  plainTextInputValue: 3000,
  selectOptions: 100,
  checkboxOptions: 10,
  optionText: 75,
  optionDescription: 75,
  optionValue: 75,
  buttonText: 75,
  buttonValue: 2000,
  sectionText: 3000,
  contextElements: 10,
} as const;

/** Shortens `text` to `max` characters, ending in an ellipsis when it was cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Builds a `plain_text` object cut to `max` characters. */
export function plainText(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

/** Builds a `mrkdwn` object cut to the section text limit. */
export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, slackLimits.sectionText) };
}

/** Escapes the three characters that Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Formats a user or user group id as a Slack mention: `<@U123>` or `<!subteam^S123>`. */
export function mentionOf(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

/**
 * Formats `date` with Slack's `<!date^…>` syntax, which each reader sees in their own time
 * zone. The fallback, shown by clients that cannot format dates, is the UTC time.
 */
export function slackDate(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000);
  const fallback = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^{date_short_pretty} at {time}|${fallback}>`;
}
