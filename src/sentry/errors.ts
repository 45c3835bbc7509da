/** Stable codes for the ways a Sentry API request can fail. */
export type SentryApiErrorCode =
  /** 401 or 403: the auth token is missing, invalid, or lacks the scope. */
  | 'sentry_unauthorized'
  /** 404: the organization, issue or event does not exist or the token cannot see it. */
  | 'sentry_not_found'
  /** 429: Sentry's rate limit; retry after `retryAfterSeconds`. */
  | 'sentry_rate_limited'
  /** Any other non-2xx status, or a network failure (status 0). */
  | 'sentry_request_failed'
  /** A 2xx response whose body is not the expected JSON. */
  | 'sentry_invalid_response';

/**
 * Raised by the Sentry API client. The message names the method, the path and the status, and
 * never contains the auth token: the client sends it only in the `Authorization` header.
 */
export class SentryApiError extends Error {
  override readonly name = 'SentryApiError';
  readonly code: SentryApiErrorCode;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  readonly method: string;
  /** Request path below the base URL, such as `/api/0/organizations/acme/issues/1/`. */
  readonly path: string;
  /** Seconds from Sentry's `Retry-After` header on a 429. */
  readonly retryAfterSeconds?: number;

  constructor(options: {
    code: SentryApiErrorCode;
    status: number;
    method: string;
    path: string;
    message: string;
    retryAfterSeconds?: number;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.code = options.code;
    this.status = options.status;
    this.method = options.method;
    this.path = options.path;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Maps an HTTP status to the error code that callers branch on. */
export function codeForStatus(status: number): SentryApiErrorCode {
  if (status === 401 || status === 403) return 'sentry_unauthorized';
  if (status === 404) return 'sentry_not_found';
  if (status === 429) return 'sentry_rate_limited';
  return 'sentry_request_failed';
}
