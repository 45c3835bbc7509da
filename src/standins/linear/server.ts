import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../../logger';
import { closeServer, listenOnLoopback } from '../http-server';
import { LinearGraphQLError, operations, type OperationContext } from './operations';
import { LinearPayloads } from './payloads';
import { LinearState, type TeamSeed } from './state';

/** Options of {@link LinearStandIn}. */
export interface LinearStandInOptions {
  /** API key that requests must send; any other, or none, gets an authentication error. */
  apiKey?: string;
  /** Teams to create at start, each with its workflow states. */
  teams?: TeamSeed[];
  /** Workspace URL key in issue URLs, as in `https://linear.app/acme/issue/ENG-1`. */
  workspaceKey?: string;
  /** Base of issue URLs; the stand-in's own `http://127.0.0.1:PORT` by default. */
  webBaseUrl?: string;
  logger?: Logger;
}

/** One GraphQL operation that the stand-in received. */
export interface RecordedOperation {
  /** Operation name from the document, such as `createIssue`. */
  operationName: string;
  variables: Record<string, unknown>;
  /** HTTP status of the response. */
  status: number;
  /** Message of the first GraphQL error, when the response carried errors. */
  error?: string;
}

/** Default API key, which tests pass to `new LinearClient({ apiKey })`. */
export const defaultLinearApiKey = 'lin_api_standin';

/**
 * A Linear GraphQL API stand-in on 127.0.0.1 that `@linear/sdk` reaches through `apiUrl`. It
 * serves the operations the SDK sends for issues, teams, workflow states, attachments and
 * comments. It matches them by operation name instead of executing the documents, and records
 * every operation.
 */
export class LinearStandIn {
  /** Every operation in arrival order. */
  readonly operations: RecordedOperation[] = [];
  readonly state = new LinearState(() => new Date().toISOString());
  private readonly apiKey: string;
  private server: Server | undefined;
  private context: OperationContext | undefined;
  private url = '';

  constructor(private readonly options: LinearStandInOptions = {}) {
    this.apiKey = options.apiKey ?? defaultLinearApiKey;
    for (const team of options.teams ?? [{ key: 'ENG', name: 'Engineering' }]) {
      this.state.addTeam(team);
    }
  }

  /** Listens on 127.0.0.1 with a free port and returns the GraphQL URL to give the SDK. */
  async start(): Promise<string> {
    const server = createServer((request, response) => void this.serve(request, response));
    const origin = await listenOnLoopback(server);
    this.server = server;
    this.url = `${origin}/graphql`;
    const payloads = new LinearPayloads(
      this.state,
      this.options.webBaseUrl ?? origin,
      this.options.workspaceKey ?? 'acme',
    );
    this.context = { state: this.state, payloads, now: () => new Date().toISOString() };
    this.options.logger?.info({ apiUrl: this.url }, 'Linear stand-in started');
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeServer(server);
    this.options.logger?.info({ apiUrl: this.url }, 'Linear stand-in stopped');
  }

  /** GraphQL URL such as `http://127.0.0.1:41234/graphql`; empty before {@link start}. */
  get apiUrl(): string {
    return this.url;
  }

  /** Creates an issue directly, as a person would in Linear, and returns its record. */
  seedIssue(options: { teamKey: string; title: string; description?: string }) {
    const team = this.state.findTeam(options.teamKey);
    if (!team) throw new Error(`Team ${options.teamKey} does not exist in the Linear stand-in`);
    return this.state.addIssue({
      teamId: team.id,
      title: options.title,
      description: options.description,
    });
  }

  /** Returns the URL of an issue as the API reports it. */
  issueUrl(identifier: string): string {
    const issue = this.state.findIssue(identifier);
    if (!issue || !this.context)
      throw new Error(`Issue ${identifier} does not exist or the stand-in is stopped`);
    return this.context.payloads.issueUrl(issue);
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { status, body, record } = await this.handle(request);
    this.operations.push(record);
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  }

  private async handle(request: IncomingMessage) {
    const record: RecordedOperation = { operationName: '', variables: {}, status: 200 };
    const respond = (status: number, body: { data?: unknown; errors?: unknown[] }) => {
      record.status = status;
      const first = body.errors?.[0] as { message?: string } | undefined;
      if (first) record.error = first.message;
      return { status, body, record };
    };
    const text = await readBody(request);
    let document: { query?: string; variables?: Record<string, unknown> };
    try {
      document = JSON.parse(text) as typeof document;
    } catch {
      return respond(400, {
        errors: [graphqlError('Unexpected token in JSON body', 'GRAPHQL_PARSE_FAILED')],
      });
    }
    record.operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(document.query ?? '')?.[1] ?? '';
    record.variables = document.variables ?? {};
    if (
      request.method !== 'POST' ||
      new URL(request.url ?? '/', 'http://x').pathname !== '/graphql'
    ) {
      return respond(404, { errors: [graphqlError('Not found', 'NOT_FOUND')] });
    }
    if (!this.authenticated(request.headers.authorization)) {
      // NOTE: the body follows `@linear/sdk`'s error parsing (type `authentication error`);
      // it was not captured from api.linear.app.
      const error = new LinearGraphQLError('Authentication required, not authenticated', {
        type: 'authentication error',
        code: 'AUTHENTICATION_ERROR',
        userPresentableMessage: 'You need to authenticate to access this operation.',
      });
      return respond(400, { errors: [serializeError(error)] });
    }
    const handler = operations[record.operationName];
    if (!handler || !this.context) {
      const message = `The Linear stand-in does not serve operation "${record.operationName}"`;
      return respond(400, { errors: [graphqlError(message, 'GRAPHQL_VALIDATION_FAILED')] });
    }
    try {
      return respond(200, { data: handler(this.context, record.variables) });
    } catch (error) {
      if (!(error instanceof LinearGraphQLError)) throw error;
      return respond(200, { data: null, errors: [serializeError(error)] });
    }
  }

  /** Accepts a personal API key as sent by the SDK (`Authorization: KEY`) or `Bearer KEY`. */
  private authenticated(header: string | undefined): boolean {
    return header === this.apiKey || header === `Bearer ${this.apiKey}`;
  }
}

function serializeError(error: LinearGraphQLError) {
  return { message: error.message, path: error.path, extensions: error.extensions };
}

function graphqlError(message: string, code: string) {
  return { message, extensions: { type: 'graphql error', code, userError: false } };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
