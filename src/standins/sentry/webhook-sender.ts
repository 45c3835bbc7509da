import { createHmac, randomUUID } from 'node:crypto';
import type { SentryIssueWebhookPayload } from '../../sentry/webhook';
import type { SentryIssue } from '../../sentry/types';

/** Options of {@link sendSentryWebhook}. */
export interface SentryWebhookSendOptions {
  /** Receiver URL; only loopback hosts are allowed. */
  url: string;
  /** Client secret that signs the body. */
  clientSecret: string;
  /** `Sentry-Hook-Resource` header, such as `issue`. */
  resource: string;
  payload: unknown;
  /** `false` sends no signature header; a string replaces the computed signature. */
  signature?: string | false;
  /** Unix seconds in `Sentry-Hook-Timestamp`; defaults to now. */
  timestamp?: number;
}

/** The receiver's response. */
export interface SentryWebhookDelivery {
  status: number;
  body: string;
}

const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Signs `body` as Sentry does: HMAC-SHA256 keyed with the client secret, as lowercase hex. */
export function signSentryWebhook(body: string, clientSecret: string): string {
  return createHmac('sha256', clientSecret).update(body).digest('hex');
}

/**
 * Posts a webhook with the headers that Sentry's integration platform sends: `Content-Type`,
 * `Request-ID`, `Sentry-Hook-Resource`, `Sentry-Hook-Timestamp` and `Sentry-Hook-Signature`.
 * Rejects URLs off loopback, because it only ever talks to local test servers.
 */
export async function sendSentryWebhook(
  options: SentryWebhookSendOptions,
): Promise<SentryWebhookDelivery> {
  const { hostname } = new URL(options.url);
  if (!loopbackHosts.has(hostname)) {
    throw new Error(
      `Refusing to send a Sentry webhook to ${options.url}: only loopback hosts are allowed`,
    );
  }
  const body = JSON.stringify(options.payload);
  const signature =
    options.signature === undefined
      ? signSentryWebhook(body, options.clientSecret)
      : options.signature;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Request-ID': randomUUID(),
    'Sentry-Hook-Resource': options.resource,
    'Sentry-Hook-Timestamp': String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    ...(signature === false ? {} : { 'Sentry-Hook-Signature': signature }),
  };
  const response = await fetch(options.url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text() };
}

/**
 * Builds an `issue` webhook body in the shape of Sentry's documented example: `action`, an
 * `actor`, `data.issue` with `url`, `web_url` and `project_url`, and `installation.uuid`.
 */
export function buildIssueWebhookPayload(options: {
  action: 'created' | 'resolved' | 'assigned' | 'archived' | 'unresolved';
  issue: SentryIssue;
  organization: string;
  /** Base of the issue URLs; default `https://sentry.example.com`. */
  webBaseUrl?: string;
}): SentryIssueWebhookPayload {
  const base = options.webBaseUrl ?? 'https://sentry.example.com';
  const org = encodeURIComponent(options.organization);
  const issueId = options.issue.id;
  return {
    action: options.action,
    actor: { id: 'sentry', name: 'Sentry', type: 'application' },
    data: {
      issue: {
        ...options.issue,
        url: `${base}/api/0/organizations/${org}/issues/${issueId}/`,
        web_url: `${base}/organizations/${org}/issues/${issueId}/`,
        project_url: `${base}/organizations/${org}/issues/?project=${options.issue.project.id}`,
      },
    },
    installation: { uuid: 'a8e5d37a-696c-4c54-adb5-b3f28d64c7de' },
  };
}
