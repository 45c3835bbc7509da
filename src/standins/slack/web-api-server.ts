import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../logger';
import { closeServer, listenOnLoopback } from '../http-server';
import { SlackApiError } from './api-error';
import { CallLog, defaultWaitTimeoutMs, type RecordedCall } from './call-log';
import type { MethodHandler } from './method-handler';
import { chatMethods } from './methods-chat';
import { readMethods } from './methods-read';
import { viewMethods } from './methods-views';
import { parseApiRequest, readBody } from './request-parsing';
import { appTokenMethods, socketModeMethods } from './socket-mode-methods';
import { SocketModeServer } from './socket-mode-server';
import type { SlackMessage, SlackMethodArgs, SlackWorkspaceIdentity } from './types';
import { ViewStore } from './view-store';
import { SlackWorkspace, type ChannelSeed, type MessageSeed, type UserSeed } from './workspace';

/** Options of `SlackStandIn.start`. */
export interface SlackStandInOptions {
  /** Bot token the stand-in accepts; defaults to `xoxb-deckhand-test`. */
  botToken?: string;
  /** Further tokens treated as the same bot, for example a second client's token. */
  extraTokens?: string[];
  /** App-level token that `apps.connections.open` accepts; defaults to `xapp-1-deckhand-test`. */
  appToken?: string;
  identity?: Partial<SlackWorkspaceIdentity>;
  channels?: ChannelSeed[];
  users?: UserSeed[];
  logger?: Logger;
  /** Clock for message timestamps and trigger id expiry, in milliseconds since the epoch. */
  nowMs?: () => number;
}

/** A planned `ratelimited` response for the next calls of one method. */
export interface RateLimitPlan {
  retryAfterSeconds: number;
  /** How many consecutive calls get HTTP 429; defaults to 1. */
  times?: number;
}

const botMethods: Record<string, MethodHandler> = {
  ...chatMethods,
  ...readMethods,
  ...viewMethods,
};

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * Slack Web API stand-in on 127.0.0.1. Point `WebClient` or Bolt at `apiUrl` through the
 * `slackApiUrl` option. Method errors come back as HTTP 200 with `ok: false`, and planned rate
 * limits as HTTP 429 with `Retry-After`, as Slack sends them. `socketMode` is the Socket Mode
 * endpoint whose URLs `apps.connections.open` issues for `appToken`.
 */
export class SlackStandIn {
  readonly workspace: SlackWorkspace;
  readonly views: ViewStore;
  readonly botToken: string;
  readonly appToken: string;
  readonly socketMode: SocketModeServer;
  private readonly tokens: Set<string>;
  private readonly methods: Record<string, MethodHandler>;
  private readonly log = new CallLog();
  private readonly rateLimits = new Map<string, { retryAfterSeconds: number; remaining: number }>();
  private readonly server: Server;
  private readonly logger: Logger | undefined;

  private constructor(options: SlackStandInOptions) {
    this.workspace = new SlackWorkspace({ identity: options.identity, nowMs: options.nowMs });
    this.views = new ViewStore(this.workspace.identity);
    this.botToken = options.botToken ?? 'xoxb-deckhand-test';
    this.tokens = new Set([this.botToken, ...(options.extraTokens ?? [])]);
    this.appToken = options.appToken ?? 'xapp-1-deckhand-test';
    this.logger = options.logger;
    this.socketMode = new SocketModeServer({
      appId: this.workspace.identity.appId,
      logger: options.logger,
    });
    this.methods = { ...botMethods, ...socketModeMethods(this.socketMode) };
    options.channels?.forEach((channel) => this.workspace.addChannel(channel));
    options.users?.forEach((user) => this.workspace.addUser(user));
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.logger?.error(
          { err: error, url: request.url },
          'Slack stand-in failed to answer a request',
        );
        if (!response.headersSent) {
          response.writeHead(500).end();
        }
      });
    });
  }

  /** Starts a stand-in on an ephemeral port of 127.0.0.1. */
  static async start(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
    const standIn = new SlackStandIn(options);
    await listenOnLoopback(standIn.server);
    await standIn.socketMode.listen();
    standIn.logger?.info({ apiUrl: standIn.apiUrl }, 'Slack stand-in started');
    return standIn;
  }

  /** Base URL such as `http://127.0.0.1:PORT/`. */
  get baseUrl(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/`;
  }

  /** Web API base URL for `slackApiUrl`, such as `http://127.0.0.1:PORT/api/`. */
  get apiUrl(): string {
    return `${this.baseUrl}api/`;
  }

  async stop(): Promise<void> {
    await this.socketMode.stop();
    await closeServer(this.server);
    this.logger?.info('Slack stand-in stopped');
  }

  /** Makes the next `plan.times` calls of `method` fail with HTTP 429 and `ratelimited`. */
  rateLimitNext(method: string, plan: RateLimitPlan): void {
    this.rateLimits.set(method, {
      retryAfterSeconds: plan.retryAfterSeconds,
      remaining: plan.times ?? 1,
    });
  }

  /** Returns recorded calls, all or of one method, oldest first. */
  calls(method?: string): RecordedCall[] {
    return this.log.list(method);
  }

  /** See `CallLog.waitFor`. */
  waitFor<T>(
    predicate: () => T | undefined | null | false,
    timeoutMs = defaultWaitTimeoutMs,
  ): Promise<T> {
    return this.log.waitFor(predicate, timeoutMs);
  }

  /** Waits for a call of `method` whose arguments satisfy `matches`, and returns it. */
  waitForCall(
    method: string,
    matches: (args: SlackMethodArgs) => boolean = () => true,
    timeoutMs = defaultWaitTimeoutMs,
  ): Promise<RecordedCall> {
    return this.waitFor(() => this.calls(method).find((call) => matches(call.args)), timeoutMs);
  }

  /** Returns the thread containing message `ts`: parent first, then replies oldest first. */
  thread(channel: string, ts: string): SlackMessage[] {
    return this.workspace.thread(channel, ts);
  }

  /** Stores a message from a user or another app; see `SlackWorkspace.seedMessage`. */
  seedMessage(seed: MessageSeed): SlackMessage {
    return this.workspace.seedMessage(seed);
  }

  addChannel(seed: ChannelSeed) {
    return this.workspace.addChannel(seed);
  }

  addUser(seed: UserSeed) {
    return this.workspace.addUser(seed);
  }

  /** Issues a trigger id that `views.open` and `views.push` accept once within 3 seconds. */
  issueTriggerId(): string {
    return this.workspace.issueTriggerId();
  }

  /** Returns a fresh response URL on this server; posts to it are recorded as `response_url`. */
  responseUrl(): string {
    return `${this.baseUrl}actions/${this.workspace.identity.teamId}/${randomBytes(8).toString('hex')}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const body = await readBody(request);
    if (path.startsWith('/api/')) {
      const method = decodeURIComponent(path.slice('/api/'.length));
      this.send(response, this.answerApiCall(method, request, body));
    } else if (path.startsWith('/actions/') && request.method === 'POST') {
      this.send(response, this.answerResponseUrl(body));
    } else {
      this.send(response, { status: 404, body: { ok: false, error: 'not_found' } });
    }
  }

  private answerApiCall(method: string, request: IncomingMessage, body: string): Reply {
    const at = Date.now();
    let args: SlackMethodArgs = {};
    let reply: Reply;
    try {
      const parsed = parseApiRequest(request, body);
      args = parsed.args;
      reply = this.dispatch(method, parsed.token, args);
    } catch (error) {
      reply = this.errorReply(method, error);
    }
    const ok = reply.body.ok === true;
    const error = typeof reply.body.error === 'string' ? reply.body.error : undefined;
    this.log.add({
      method,
      args,
      at,
      httpStatus: reply.status,
      ok,
      ...(error === undefined ? {} : { error }),
      response: reply.body,
    });
    this.logger?.debug({ method, ok, error }, 'Slack stand-in answered a Web API call');
    return reply;
  }

  private dispatch(method: string, token: string | undefined, args: SlackMethodArgs): Reply {
    const handler = this.methods[method];
    if (!handler) {
      throw new SlackApiError('unknown_method');
    }
    if (token === undefined) {
      throw new SlackApiError('not_authed');
    }
    const isAppToken = token === this.appToken;
    if (!isAppToken && !this.tokens.has(token)) {
      throw new SlackApiError('invalid_auth');
    }
    if (isAppToken !== appTokenMethods.has(method)) {
      throw new SlackApiError('not_allowed_token_type');
    }
    const limit = this.rateLimits.get(method);
    if (limit && limit.remaining > 0) {
      limit.remaining -= 1;
      return {
        status: 429,
        headers: { 'Retry-After': String(limit.retryAfterSeconds) },
        body: { ok: false, error: 'ratelimited' },
      };
    }
    const result = handler({ args, workspace: this.workspace, views: this.views });
    return { status: 200, body: { ok: true, ...result } };
  }

  private errorReply(method: string, error: unknown): Reply {
    if (error instanceof SlackApiError) {
      return { status: 200, body: { ok: false, error: error.code, ...error.extra } };
    }
    this.logger?.error({ err: error, method }, 'Slack stand-in method handler threw');
    return { status: 200, body: { ok: false, error: 'fatal_error' } };
  }

  private answerResponseUrl(body: string): Reply {
    let args: SlackMethodArgs;
    try {
      args = JSON.parse(body) as SlackMethodArgs;
    } catch {
      args = { body };
    }
    const reply: Reply = { status: 200, body: { ok: true } };
    this.log.add({
      method: 'response_url',
      args,
      at: Date.now(),
      httpStatus: 200,
      ok: true,
      response: reply.body,
    });
    return reply;
  }

  private send(response: ServerResponse, reply: Reply): void {
    response.writeHead(reply.status, {
      'Content-Type': 'application/json; charset=utf-8',
      ...reply.headers,
    });
    response.end(JSON.stringify(reply.body));
  }
}
