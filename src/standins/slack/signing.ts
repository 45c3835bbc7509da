import { createHmac } from 'node:crypto';

/** Headers Slack adds to each signed request it sends to an app. */
export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/**
 * Signs a request body the way Slack does (signature version v0): the hex HMAC-SHA256 of
 * `v0:<timestamp>:<body>` keyed with the signing secret, sent as `v0=<hex>`. The timestamp is
 * in Unix seconds and defaults to now; Bolt rejects timestamps older than 5 minutes.
 */
export function signSlackRequest(options: {
  signingSecret: string;
  body: string;
  timestamp?: number;
}): SlackSignatureHeaders {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const digest = createHmac('sha256', options.signingSecret)
    .update(`v0:${timestamp}:${options.body}`)
    .digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestamp) };
}
