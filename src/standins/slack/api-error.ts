/**
 * Failure of a Web API method, sent as HTTP 200 with `{ ok: false, error, ...extra }` because
 * Slack reports method errors in the body and uses HTTP status codes only for rate limits.
 */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`Slack API error: ${code}`);
    this.name = 'SlackApiError';
  }
}
