import type { Logger } from '../../logger';
import type { EventCallbackEnvelope } from './event-payloads';
import { signSlackRequest } from './signing';

/** Retry reasons Slack sends in `x-slack-retry-reason` when it redelivers an event. */
export type SlackRetryReason =
  | 'http_timeout'
  | 'too_many_redirects'
  | 'connection_failed'
  | 'ssl_error'
  | 'http_error'
  | 'unknown_error';

/** Target and signature settings of a signed request. Tests override the signature to check rejection. */
export interface SigningOptions {
  url: string;
  signingSecret: string;
  /** Unix seconds used in the signature; defaults to now. */
  timestamp?: number;
  /** `false` sends no signature headers; a string replaces `x-slack-signature`. */
  signature?: string | false;
  logger?: Logger;
}

/** The app's response to a signed request. */
export interface SignedDelivery {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Rejects URLs off loopback, because the stand-in only ever talks to local test servers. */
function assertLoopback(url: string): void {
  const { hostname } = new URL(url);
  if (!loopbackHosts.has(hostname)) {
    throw new Error(
      `Refusing to send a signed Slack request to ${url}: only loopback hosts are allowed`,
    );
  }
}

async function postSigned(
  options: SigningOptions,
  body: string,
  headers: Record<string, string>,
): Promise<SignedDelivery> {
  assertLoopback(options.url);
  const signed = signSlackRequest({
    signingSecret: options.signingSecret,
    body,
    timestamp: options.timestamp,
  });
  const signatureHeaders: Record<string, string> =
    options.signature === false
      ? {}
      : {
          ...signed,
          ...(options.signature === undefined ? {} : { 'x-slack-signature': options.signature }),
        };
  const response = await fetch(options.url, {
    method: 'POST',
    headers: {
      'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...headers,
      ...signatureHeaders,
    },
    body,
  });
  const delivery = {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: await response.text(),
  };
  options.logger?.debug(
    { url: options.url, status: delivery.status },
    'Sent a signed Slack request',
  );
  return delivery;
}

/**
 * Posts an Events API envelope as JSON, signed like Slack. Pass `retry` to mimic a redelivery:
 * Slack resends the same envelope (same `event_id`) with `x-slack-retry-num` 1 to 3 and
 * `x-slack-retry-reason`.
 */
export function sendEventCallback(
  options: SigningOptions & {
    envelope: EventCallbackEnvelope<unknown>;
    retry?: { num: number; reason: SlackRetryReason };
  },
): Promise<SignedDelivery> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.retry) {
    headers['x-slack-retry-num'] = String(options.retry.num);
    headers['x-slack-retry-reason'] = options.retry.reason;
  }
  return postSigned(options, JSON.stringify(options.envelope), headers);
}

/**
 * Posts an interactivity payload (`block_actions`, `view_submission`, …) the way Slack does: a
 * form-encoded body with one field, `payload`, holding the JSON.
 */
export function sendInteractionPayload(
  options: SigningOptions & { payload: Record<string, unknown> },
): Promise<SignedDelivery> {
  const body = new URLSearchParams({ payload: JSON.stringify(options.payload) }).toString();
  return postSigned(options, body, { 'Content-Type': 'application/x-www-form-urlencoded' });
}
