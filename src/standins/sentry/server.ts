import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../../logger';
import { closeServer, listenOnLoopback } from '../http-server';
import type { SentryEvent, SentryIssue, SentryNote } from '../../sentry/types';

/** Options of {@link SentryStandIn}. */
export interface SentryStandInOptions {
  /** Bearer token that requests must send; any other token, or none, returns 401. */
  token?: string;
  /** Clock for `dateCreated` of comments; defaults to the system clock. */
  now?: () => Date;
  logger?: Logger;
}

/** One request that the stand-in received, with the status it returned. */
export interface SentryRecordedRequest {
  method: string;
  /** Path and query string. */
  path: string;
  /** Parsed JSON body, the raw text when it was not JSON, or undefined when empty. */
  body: unknown;
  status: number;
  /** Whether the `Authorization` header carried the expected token. */
  authorized: boolean;
}

/** A comment created through the API. */
export interface SentryCommentRecord {
  issueId: string;
  /** Organization slug from the path, or undefined for `/api/0/issues/{id}/comments/`. */
  organization?: string;
  text: string;
  note: SentryNote;
}

interface SeededIssue {
  organization: string;
  issue: SentryIssue;
  latestEvent?: SentryEvent;
}

interface Reply {
  status: number;
  body: unknown;
}

/** Default token, which tests pass to `SentryApiClient` as `authToken`. */
export const defaultSentryStandInToken = 'sntrys_standin_token';

const maxBodyBytes = 1024 * 1024;

/** Sentry's `{"detail": …}` bodies for the errors the stand-in returns. */
const notFound: Reply = { status: 404, body: { detail: 'The requested resource does not exist' } };

/**
 * A Sentry REST API stand-in on 127.0.0.1 that serves seeded issues and their latest events at
 * the organization routes (`/api/0/organizations/{org}/issues/{id}/…`) and the older
 * `/api/0/issues/{id}/…` routes, stores comments, records every request and checks the bearer
 * token.
 */
export class SentryStandIn {
  /** Every request in arrival order. */
  readonly requests: SentryRecordedRequest[] = [];
  /** Comments created through the API, in creation order. */
  readonly comments: SentryCommentRecord[] = [];
  private readonly issues = new Map<string, SeededIssue>();
  private readonly token: string;
  private server: Server | undefined;
  private origin = '';
  private nextNoteId = 1;

  constructor(private readonly options: SentryStandInOptions = {}) {
    this.token = options.token ?? defaultSentryStandInToken;
  }

  /** Listens on 127.0.0.1 with a free port and returns the base URL for `SentryApiClient`. */
  async start(): Promise<string> {
    const server = createServer((request, response) => void this.serve(request, response));
    this.origin = await listenOnLoopback(server);
    this.server = server;
    this.options.logger?.info({ baseUrl: this.origin }, 'Sentry stand-in started');
    return this.origin;
  }

  /** Closes the server and its keep-alive connections. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeServer(server);
    this.options.logger?.info({ baseUrl: this.origin }, 'Sentry stand-in stopped');
  }

  /** Base URL such as `http://127.0.0.1:41234`; empty before {@link start}. */
  get baseUrl(): string {
    return this.origin;
  }

  /** Stores `issue` under `organization`, with the event that `events/latest/` returns. */
  seedIssue(seed: { organization: string; issue: SentryIssue; latestEvent?: SentryEvent }): void {
    this.issues.set(seed.issue.id, structuredClone(seed));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const authorized = this.authenticated(request.headers.authorization);
    const record: SentryRecordedRequest = { method, path, body: undefined, status: 0, authorized };
    let reply: Reply;
    try {
      const text = await readBody(request);
      record.body = text === undefined ? undefined : parseBody(text);
      reply =
        text === undefined
          ? { status: 413, body: { detail: 'Request body too large' } }
          : this.route(method, new URL(path, this.origin || 'http://127.0.0.1'), record, {
              credentialsSent: request.headers.authorization !== undefined,
            });
    } catch (error) {
      this.options.logger?.error({ err: error, method, path }, 'Sentry stand-in failed');
      reply = { status: 500, body: { detail: 'Internal Error' } };
    }
    record.status = reply.status;
    this.requests.push(record);
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.body));
  }

  private route(
    method: string,
    url: URL,
    record: SentryRecordedRequest,
    auth: { credentialsSent: boolean },
  ): Reply {
    if (!record.authorized) {
      const detail = auth.credentialsSent
        ? 'Invalid token'
        : 'Authentication credentials were not provided.';
      return { status: 401, body: { detail } };
    }
    const match =
      /^\/api\/0\/(?:organizations\/([^/]+)\/)?issues\/(\d+)\/(events\/latest\/|comments\/)?$/.exec(
        url.pathname,
      );
    if (!match) return notFound;
    const organization = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    const seeded = this.issues.get(match[2] ?? '');
    if (!seeded || (organization !== undefined && organization !== seeded.organization)) {
      return notFound;
    }
    const resource = match[3] ?? '';
    if (method === 'GET' && resource === '') return { status: 200, body: seeded.issue };
    if (method === 'GET' && resource === 'events/latest/') {
      return seeded.latestEvent ? { status: 200, body: seeded.latestEvent } : notFound;
    }
    if (method === 'POST' && resource === 'comments/') {
      return this.createComment(seeded, organization, record.body);
    }
    return { status: 405, body: { detail: `Method "${method}" not allowed.` } };
  }

  private createComment(
    seeded: SeededIssue,
    organization: string | undefined,
    body: unknown,
  ): Reply {
    const text = (body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || text.trim() === '') {
      return { status: 400, body: { text: ['This field is required.'] } };
    }
    const note: SentryNote = {
      id: String(this.nextNoteId++),
      type: 'note',
      data: { text },
      dateCreated: (this.options.now ?? (() => new Date()))().toISOString(),
      user: { id: '1', name: 'Deckhand' },
    };
    this.comments.push({ issueId: seeded.issue.id, organization, text, note });
    return { status: 201, body: note };
  }

  private authenticated(header: string | undefined): boolean {
    return /^bearer\s+(\S+)$/i.exec(header ?? '')?.[1] === this.token;
  }
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
