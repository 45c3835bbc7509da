import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Catalog, CatalogRepository } from '../catalog/catalog';
import { parseSentryIssueUrl } from './issue-url';
import { repositoriesForSentryProject } from './project-mapping';
import type { SentryIssue } from './types';

/**
 * Body of an `issue` webhook from a Sentry integration (`Sentry-Hook-Resource: issue`). `action`
 * is `created`, `resolved`, `assigned`, `archived` or `unresolved`; a regression arrives as
 * `unresolved` with `data.issue.substatus` set to `regressed`.
 */
export interface SentryIssueWebhookPayload {
  action: string;
  installation?: { uuid: string };
  actor?: { id: string | number; name: string; type: string };
  data: {
    issue: SentryIssue & {
      /** API URL of the issue. */
      url?: string;
      /** Web URL of the issue. */
      web_url?: string;
      project_url?: string;
    };
  };
}

/** Decision to start a task, for a webhook that passed every check. */
export interface SentryWebhookDispatch {
  kind: 'dispatch';
  /** `created`, or `regressed` for an issue that came back after being resolved. */
  trigger: 'created' | 'regressed';
  issue: SentryIssue;
  organization?: string;
  /** Web URL of the issue. */
  url: string;
  repositories: CatalogRepository[];
}

/** Stable codes for webhooks that Deckhand acknowledges but does not act on. */
export type SentryWebhookIgnoreCode =
  'resource_not_issue' | 'action_not_dispatched' | 'level_filtered' | 'sentry_project_unmapped';

/** The result of {@link handleSentryWebhook}; `rejected` maps to the HTTP status to return. */
export type SentryWebhookResult =
  | SentryWebhookDispatch
  | { kind: 'ignored'; code: SentryWebhookIgnoreCode; reason: string }
  | {
      kind: 'rejected';
      status: 400 | 401;
      code: 'signature_missing' | 'signature_invalid' | 'payload_invalid';
      reason: string;
    };

/** Options of {@link handleSentryWebhook}. */
export interface SentryWebhookOptions {
  /** Request headers; names are matched without case. */
  headers: Record<string, string | string[] | undefined>;
  /** The request body exactly as received, because the signature covers those bytes. */
  rawBody: string | Buffer;
  /** Client secret of the Sentry integration (`config.sentry.webhookSecret`). */
  clientSecret: string;
  catalog: Catalog;
  /** Issue levels that dispatch, such as `['error', 'fatal']` (`config.sentry.levels`). */
  levels: readonly string[];
}

/**
 * Checks that `signature` is the HMAC-SHA256 hex digest of `rawBody` keyed with the client
 * secret, as Sentry sends it in `Sentry-Hook-Signature`. The comparison takes constant time.
 */
export function verifySentrySignature(options: {
  rawBody: string | Buffer;
  clientSecret: string;
  signature: string;
}): boolean {
  const expected = createHmac('sha256', options.clientSecret).update(options.rawBody).digest();
  const signature = options.signature.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/**
 * Verifies and reads a Sentry integration webhook and decides whether it starts a task: the
 * resource must be `issue`, the action `created` or a regression, the issue's level one of
 * `levels`, and its project mapped to a repository in the catalog.
 *
 * NOTE: Sentry's signature does not cover `Sentry-Hook-Timestamp`, so this cannot reject a
 * replayed request; callers should start at most one task per issue id and trigger.
 */
export function handleSentryWebhook(options: SentryWebhookOptions): SentryWebhookResult {
  const signature = header(options.headers, 'sentry-hook-signature');
  if (signature === undefined || signature === '') {
    return rejected(401, 'signature_missing', 'The Sentry-Hook-Signature header is missing.');
  }
  if (!verifySentrySignature({ ...options, signature })) {
    return rejected(
      401,
      'signature_invalid',
      'The Sentry-Hook-Signature header does not match the body; check SENTRY_WEBHOOK_SECRET.',
    );
  }
  const resource = header(options.headers, 'sentry-hook-resource');
  if (resource !== 'issue') {
    return ignored('resource_not_issue', `Resource ${JSON.stringify(resource)} is not "issue".`);
  }
  const payload = parsePayload(options.rawBody);
  if (!payload) {
    return rejected(400, 'payload_invalid', 'The body is not an issue webhook with data.issue.');
  }
  return decide(payload, options);
}

function decide(
  payload: SentryIssueWebhookPayload,
  options: SentryWebhookOptions,
): SentryWebhookResult {
  const issue = payload.data.issue;
  const trigger = triggerOf(payload);
  if (trigger === undefined) {
    const substatus = issue.substatus ? ` (substatus ${issue.substatus})` : '';
    return ignored(
      'action_not_dispatched',
      `Action "${payload.action}"${substatus} does not start a task; only created and regressed do.`,
    );
  }
  const level = issue.level ?? 'error';
  if (!options.levels.includes(level)) {
    return ignored(
      'level_filtered',
      `Level "${level}" is not in DECKHAND_SENTRY_LEVELS (${options.levels.join(', ')}).`,
    );
  }
  const mapping = repositoriesForSentryProject(options.catalog, issue.project.slug);
  if (mapping.kind === 'unmapped_project') return ignored(mapping.code, mapping.message);

  const url = issue.web_url ?? issue.permalink ?? '';
  const organization = parseSentryIssueUrl(url)?.organization;
  return {
    kind: 'dispatch',
    trigger,
    issue,
    ...(organization === undefined ? {} : { organization }),
    url,
    repositories: mapping.repositories,
  };
}

function triggerOf(
  payload: SentryIssueWebhookPayload,
): SentryWebhookDispatch['trigger'] | undefined {
  if (payload.action === 'created') return 'created';
  if (payload.action === 'unresolved' && payload.data.issue.substatus === 'regressed') {
    return 'regressed';
  }
  return undefined;
}

function parsePayload(rawBody: string | Buffer): SentryIssueWebhookPayload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(rawBody.toString());
  } catch {
    return undefined;
  }
  const payload = value as Partial<SentryIssueWebhookPayload> | null;
  const issue = payload?.data?.issue;
  const valid =
    typeof payload?.action === 'string' &&
    typeof issue?.id === 'string' &&
    typeof issue.title === 'string' &&
    typeof issue.project?.slug === 'string';
  return valid ? (payload as SentryIssueWebhookPayload) : undefined;
}

function header(headers: SentryWebhookOptions['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function ignored(code: SentryWebhookIgnoreCode, reason: string): SentryWebhookResult {
  return { kind: 'ignored', code, reason };
}

function rejected(
  status: 400 | 401,
  code: 'signature_missing' | 'signature_invalid' | 'payload_invalid',
  reason: string,
): SentryWebhookResult {
  return { kind: 'rejected', status, code, reason };
}
