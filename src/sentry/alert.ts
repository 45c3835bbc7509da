import { parseSentryIssueUrl, slackLinkTargets, type SentryIssueUrl } from './issue-url';

/**
 * A Slack message as `conversations.history` and `conversations.replies` return it. Every field
 * is optional and untyped beyond that, because the message came from another app.
 */
export interface SlackMessageLike {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  bot_id?: string;
  app_id?: string;
  subtype?: string;
  ts?: string;
}

/** An alert that Sentry's Slack integration posted about one issue. */
export interface SentryAlert {
  /** Numeric issue id, as a string. */
  issueId: string;
  organization?: string;
  /** Project slug. */
  project?: string;
  /** Short id such as `BACKEND-1A`. */
  shortId?: string;
  title?: string;
  /** Web URL of the issue, without its query string. */
  url: string;
}

/** The result of {@link recognizeSentryAlert}. */
export type SentryAlertRecognition =
  | { kind: 'sentry_alert'; alert: SentryAlert }
  | { kind: 'not_sentry_alert'; code: 'not_sentry_alert'; reason: string };

type JsonObject = Record<string, unknown>;

/**
 * Recognizes an issue alert from Sentry's Slack integration, in either shape it has posted:
 *
 * - Block Kit (current): the first block is a section whose `block_id` is JSON such as
 *   `{"issue":123,"rule":4}` and whose text links the title to the issue, and a context block
 *   reads `Project: <url|slug>    Alert: …    Short ID: BACKEND-1A`. The blocks sit at the top
 *   level of the message or, in some releases, inside an attachment that sets their color.
 * - Legacy attachment: `callback_id` is `{"issue":123}`, `title_link` is the issue URL,
 *   `fallback` reads `[project] title` and `footer` starts with the short id.
 *
 * The top-level `text` is often empty, so this reads blocks, then attachment blocks, then
 * attachment fields, then `fallback`. Returns `not_sentry_alert` when no part carries both
 * Sentry's issue marker (`block_id` or `callback_id`) and a link to that issue.
 */
export function recognizeSentryAlert(message: SlackMessageLike): SentryAlertRecognition {
  const attachments = asObjects(message.attachments);
  const fromBlocks =
    alertFromBlocks(asObjects(message.blocks), message.text) ??
    firstDefined(attachments, (attachment) =>
      alertFromBlocks(asObjects(attachment.blocks), stringField(attachment, 'fallback')),
    );
  const alert =
    fromBlocks ?? firstDefined(attachments, (attachment) => alertFromAttachment(attachment));
  if (alert) return { kind: 'sentry_alert', alert };
  return {
    kind: 'not_sentry_alert',
    code: 'not_sentry_alert',
    reason:
      'The message has no block or attachment that carries a Sentry issue id and a link to ' +
      'that issue, so it is not an issue alert from the Sentry Slack integration.',
  };
}

/** Reads the Block Kit shape from one list of blocks. */
function alertFromBlocks(
  blocks: JsonObject[],
  fallback: string | undefined,
): SentryAlert | undefined {
  for (const block of blocks) {
    if (block.type !== 'section') continue;
    const issueId = issueIdFromMarker(stringField(block, 'block_id'));
    if (issueId === undefined) continue;
    const text = sectionText(block);
    const link = slackLinkTargets(text).find(
      (candidate) => parseSentryIssueUrl(candidate.url)?.issueId === issueId,
    );
    const parsed = link && parseSentryIssueUrl(link.url);
    if (!link || !parsed) continue;

    const footer = contextFooter(blocks);
    const fromFallback = parseFallback(fallback);
    return compact({
      ...issueFields(parsed),
      project: footer.project ?? fromFallback.project,
      shortId: footer.shortId,
      title: cleanTitle(link.label) ?? fromFallback.title,
    });
  }
  return undefined;
}

/** Reads the legacy attachment shape, with the issue link in `title_link` or a field. */
function alertFromAttachment(attachment: JsonObject): SentryAlert | undefined {
  const issueId = issueIdFromMarker(stringField(attachment, 'callback_id'));
  if (issueId === undefined) return undefined;
  const candidates = [
    stringField(attachment, 'title_link'),
    ...fieldTexts(attachment).flatMap((text) => slackLinkTargets(text).map((link) => link.url)),
    ...slackLinkTargets(stringField(attachment, 'text') ?? '').map((link) => link.url),
  ];
  const parsed = firstDefined(candidates, (candidate) => {
    const issueUrl = candidate === undefined ? undefined : parseSentryIssueUrl(candidate);
    return issueUrl?.issueId === issueId ? issueUrl : undefined;
  });
  if (!parsed) return undefined;

  const fromFallback = parseFallback(stringField(attachment, 'fallback'));
  const footer = stringField(attachment, 'footer');
  return compact({
    ...issueFields(parsed),
    project: fromFallback.project,
    shortId: footer === undefined ? undefined : shortIdAtStart(footer),
    title: cleanTitle(stringField(attachment, 'title')) ?? fromFallback.title,
  });
}

/** Returns the issue id from Sentry's JSON marker `{"issue":123,…}`, or undefined. */
function issueIdFromMarker(marker: string | undefined): string | undefined {
  if (marker === undefined || !marker.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(marker);
  } catch {
    return undefined;
  }
  const issue = isObject(value) ? value.issue : undefined;
  if (typeof issue === 'number' && Number.isSafeInteger(issue) && issue > 0) return String(issue);
  if (typeof issue === 'string' && /^\d+$/.test(issue)) return issue;
  return undefined;
}

/** Reads `Project: <url|slug>` and `Short ID: X` from the footer context block. */
function contextFooter(blocks: JsonObject[]): { project?: string; shortId?: string } {
  for (const block of blocks) {
    if (block.type !== 'context') continue;
    const text = asObjects(block.elements)
      .map((element) => stringField(element, 'text') ?? '')
      .join(' ');
    // Older Block Kit alerts had a context block that starts `BACKEND-1A | <date>` instead.
    const shortId =
      /Short ID:\s*([A-Za-z0-9_-]+)/.exec(text)?.[1] ??
      (/^\S+ \|/.test(text.trim()) ? shortIdAtStart(text) : undefined);
    const project = /Project:\s*<[^|>]*\|([^>]+)>/.exec(text)?.[1];
    if (shortId !== undefined || project !== undefined) return compact({ project, shortId });
  }
  return {};
}

/** Parses Sentry's `[project] title` fallback text, which may continue with `: message`. */
function parseFallback(fallback: string | undefined): { project?: string; title?: string } {
  const match = /^\[([^\]\s]+)\]\s+(.+)$/s.exec(fallback?.trim() ?? '');
  if (!match) return {};
  return { project: match[1], title: decodeSlackEntities(match[2] ?? '').trim() || undefined };
}

function shortIdAtStart(text: string): string | undefined {
  return /^([A-Z0-9][A-Z0-9_-]*-[A-Z0-9]+)\b/.exec(text.trim())?.[1];
}

/** Removes the bold markers that Sentry wraps the title link label in. */
function cleanTitle(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const title = decodeSlackEntities(label.replace(/^\*(.*)\*$/s, '$1')).trim();
  return title === '' ? undefined : title;
}

function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function sectionText(block: JsonObject): string {
  const text = isObject(block.text) ? stringField(block.text, 'text') : undefined;
  const fields = asObjects(block.fields).map((field) => stringField(field, 'text') ?? '');
  return [text ?? '', ...fields].join('\n');
}

function fieldTexts(attachment: JsonObject): string[] {
  return asObjects(attachment.fields).map((field) => stringField(field, 'value') ?? '');
}

function issueFields(
  parsed: SentryIssueUrl,
): Pick<SentryAlert, 'issueId' | 'organization' | 'url'> {
  return { issueId: parsed.issueId, organization: parsed.organization, url: parsed.url };
}

/** Drops keys whose value is undefined, so results compare cleanly with `toEqual`. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function firstDefined<T, R>(items: readonly T[], pick: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const result = pick(item);
    if (result !== undefined) return result;
  }
  return undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObjects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function stringField(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}
