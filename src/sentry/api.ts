import type { Logger } from '../logger';
import { SentryApiError, codeForStatus } from './errors';
import type { SentryEvent, SentryIssue, SentryNote } from './types';

/** Options of {@link SentryApiClient}. */
export interface SentryApiClientOptions {
  /** Sentry web and API base URL, such as `https://sentry.io` or a self-hosted Sentry. */
  baseUrl: string;
  /** Auth token with `event:read` and, for comments, `event:write` scope. */
  authToken: string;
  /** Time limit of one request, in milliseconds; default 15 000. */
  timeoutMs?: number;
  logger?: Logger;
  /** Replaces the global `fetch`, for tests. */
  fetch?: typeof fetch;
}

/** Identifies one issue; without `organization` the client uses the older `/api/0/issues/` routes. */
export interface SentryIssueRef {
  issueId: string;
  organization?: string;
}

const defaultTimeoutMs = 15_000;

/**
 * A client for the Sentry REST API endpoints that Deckhand uses: reading an issue and its latest
 * event, and commenting on an issue. Errors are {@link SentryApiError}s whose messages and log
 * lines never include the auth token.
 */
export class SentryApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: SentryApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Fetches an issue: `GET /api/0/organizations/{org}/issues/{id}/`. */
  async getIssue(ref: SentryIssueRef): Promise<SentryIssue> {
    return this.request<SentryIssue>('GET', issuePath(ref, ''), undefined, isIssue);
  }

  /** Fetches the issue's most recent event: `GET …/issues/{id}/events/latest/`. */
  async getLatestEvent(ref: SentryIssueRef): Promise<SentryEvent> {
    return this.request<SentryEvent>('GET', issuePath(ref, 'events/latest/'), undefined, isEvent);
  }

  /**
   * Adds a comment to an issue: `POST …/issues/{id}/comments/` with `{ text }`. Sentry renders
   * the text as Markdown, so a pull request URL in it becomes a link.
   */
  async createComment(ref: SentryIssueRef, text: string): Promise<SentryNote> {
    return this.request<SentryNote>('POST', issuePath(ref, 'comments/'), { text }, isNote);
  }

  private async request<T>(
    method: string,
    path: string,
    body: unknown,
    check: (value: unknown) => boolean,
  ): Promise<T> {
    const started = Date.now();
    const response = await this.send(method, path, body);
    const text = await response.text();
    const elapsedMs = Date.now() - started;
    if (!response.ok) {
      const error = responseError({
        method,
        path,
        status: response.status,
        // A proxy could echo the request headers, so the token is removed before quoting the body.
        text: text.split(this.options.authToken).join('[redacted]'),
        response,
      });
      this.options.logger?.warn(
        { method, path, status: response.status, code: error.code, elapsedMs },
        'Sentry API request failed',
      );
      throw error;
    }
    this.options.logger?.debug(
      { method, path, status: response.status, elapsedMs },
      'Sentry API request',
    );
    const value = parseJson(text);
    if (!check(value)) {
      throw new SentryApiError({
        code: 'sentry_invalid_response',
        status: response.status,
        method,
        path,
        message: `Sentry API ${method} ${path} returned ${response.status} with a body that is not the expected JSON object.`,
      });
    }
    return value as T;
  }

  private async send(method: string, path: string, body: unknown): Promise<Response> {
    try {
      return await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.options.authToken}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? defaultTimeoutMs),
      });
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      this.options.logger?.warn({ method, path, err: reason }, 'Sentry API request failed to send');
      throw new SentryApiError({
        code: 'sentry_request_failed',
        status: 0,
        method,
        path,
        message: `Sentry API ${method} ${path} failed before a response arrived: ${reason}. Check SENTRY_URL and the network.`,
        cause,
      });
    }
  }
}

function issuePath(ref: SentryIssueRef, suffix: string): string {
  if (!/^\d+$/.test(ref.issueId)) {
    throw new TypeError(`Invalid Sentry issue id ${JSON.stringify(ref.issueId)}: expected digits.`);
  }
  const issue = `issues/${ref.issueId}/${suffix}`;
  if (ref.organization === undefined) return `/api/0/${issue}`;
  return `/api/0/organizations/${encodeURIComponent(ref.organization)}/${issue}`;
}

/** Builds the error for a non-2xx response, quoting Sentry's `detail` message when present. */
function responseError(options: {
  method: string;
  path: string;
  status: number;
  text: string;
  response: Response;
}): SentryApiError {
  const { method, path, status } = options;
  const code = codeForStatus(status);
  const parsed = parseJson(options.text);
  const detail =
    typeof parsed === 'object' && parsed !== null && 'detail' in parsed
      ? String((parsed as { detail: unknown }).detail).slice(0, 300)
      : undefined;
  const retryAfter = Number(options.response.headers.get('retry-after'));
  const hint: Record<typeof code, string> = {
    sentry_unauthorized:
      'Check that SENTRY_AUTH_TOKEN is valid and has the event:read and event:write scopes.',
    sentry_not_found:
      'Check the organization slug and issue id, and that the token can see the project.',
    sentry_rate_limited: 'Retry after the interval in Retry-After.',
    sentry_request_failed: 'Retry later; Sentry may be unavailable.',
    sentry_invalid_response: '',
  };
  return new SentryApiError({
    code,
    status,
    method,
    path,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    message:
      `Sentry API ${method} ${path} returned ${status}` +
      (detail === undefined ? '.' : `: ${detail}.`) +
      ` ${hint[code]}`,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIssue(value: unknown): boolean {
  return isRecord(value) && typeof value.id === 'string' && isRecord(value.project);
}

function isEvent(value: unknown): boolean {
  return isRecord(value) && typeof value.id === 'string' && Array.isArray(value.entries);
}

function isNote(value: unknown): boolean {
  return isRecord(value) && typeof value.id === 'string' && isRecord(value.data);
}
