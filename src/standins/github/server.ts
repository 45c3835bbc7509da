import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ErrorObject } from 'ajv';
import type { Logger } from '../../logger';
import { closeServer, listenOnLoopback } from '../http-server';
import type { RequestContext, StandInServices } from './context';
import { badCredentials, errorResponse, notFound, type HandlerResponse } from './errors';
import { clonePath, parseSlug, readDefaultBranch, seedRepository, type SeedFile } from './git';
import { OpenApiContract, type OpenApiDescriptionName } from './openapi-contract';
import { PayloadBuilder, type RepositoryInfo } from './payloads';
import { matchRoute } from './router';
import { StandInState, type IssueCommentRecord, type PullRequestRecord } from './state';

/** Options of {@link GitHubStandIn}. */
export interface GitHubStandInOptions {
  /** Folder that contains the bare repositories as `<owner>/<name>.git`. */
  root: string;
  /** Token that requests must send; any other token, or none, returns 401. */
  token?: string;
  /** Login of the account that owns the token and authors pull requests and comments. */
  login?: string;
  /** Base of `html_url` values; defaults to the server's own `http://127.0.0.1:PORT`. */
  webBaseUrl?: string;
  /** Path prefix of the API, such as `/api/v3` as on GitHub Enterprise Server; default none. */
  apiPathPrefix?: string;
  /** OpenAPI description whose request-body schemas are enforced; default `api.github.com`. */
  openApiDescription?: OpenApiDescriptionName;
  /** Already loaded contract, to share the parsing and compile cost across stand-ins. */
  contract?: OpenApiContract;
  /** Clock for `created_at` and `updated_at`; defaults to the system clock. */
  now?: () => Date;
  logger?: Logger;
}

/** One request that the stand-in received, with the status it returned. */
export interface RecordedRequest {
  method: string;
  /** Path and query string, without the API path prefix. */
  path: string;
  /** Parsed JSON body, the raw text when it was not JSON, or undefined when empty. */
  body: unknown;
  status: number;
  /** OpenAPI `operationId`, such as `pulls/create`, when the route is served. */
  operationId?: string;
}

/** A request whose body GitHub's OpenAPI description does not allow. */
export interface ContractViolation {
  method: string;
  path: string;
  operationId?: string;
  body: unknown;
  /** The 422 message returned, in GitHub's `Invalid request.` wording. */
  message: string;
  errors: ErrorObject[];
}

/** Default token, which tests pass to `new Octokit({ auth })`. */
export const defaultStandInToken = 'deckhand-standin-token';

/** Maximum request body size; GitHub rejects far smaller pull request bodies anyway. */
const maxBodyBytes = 10 * 1024 * 1024;

/**
 * A GitHub REST API stand-in on 127.0.0.1 backed by real bare git repositories, which
 * `@octokit/rest` reaches through `baseUrl`. It records every request and rejects request bodies
 * that GitHub's OpenAPI description does not allow.
 */
export class GitHubStandIn {
  /** Every request in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Requests whose bodies broke the OpenAPI request-body schema, in arrival order. */
  readonly contractViolations: ContractViolation[] = [];
  private readonly state = new StandInState();
  private readonly contract: OpenApiContract;
  private readonly token: string;
  private readonly prefix: string;
  private server: Server | undefined;
  private services: StandInServices | undefined;
  private apiBaseUrl = '';

  constructor(private readonly options: GitHubStandInOptions) {
    this.contract = options.contract ?? new OpenApiContract(options.openApiDescription);
    this.token = options.token ?? defaultStandInToken;
    this.prefix = (options.apiPathPrefix ?? '').replace(/\/$/, '');
  }

  /** Listens on 127.0.0.1 with a free port and returns the base URL to give Octokit. */
  async start(): Promise<string> {
    const server = createServer((request, response) => void this.serve(request, response));
    const origin = await listenOnLoopback(server);
    this.server = server;
    this.apiBaseUrl = `${origin}${this.prefix}`;
    const payloads = new PayloadBuilder(
      { apiBaseUrl: this.apiBaseUrl, webBaseUrl: this.options.webBaseUrl ?? origin },
      (login) => this.state.userId(login),
    );
    const now = this.options.now ?? (() => new Date());
    this.services = {
      state: this.state,
      payloads,
      login: this.options.login ?? 'deckhand-bot',
      now: () =>
        now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
      logger: this.options.logger,
    };
    this.options.logger?.info({ baseUrl: this.apiBaseUrl }, 'GitHub stand-in started');
    return this.apiBaseUrl;
  }

  /** Closes the server and its keep-alive connections. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeServer(server);
    this.options.logger?.info({ baseUrl: this.apiBaseUrl }, 'GitHub stand-in stopped');
  }

  /** Base URL for Octokit, such as `http://127.0.0.1:41234`; empty before {@link start}. */
  get baseUrl(): string {
    return this.apiBaseUrl;
  }

  /** Returns the path of the bare repository for `owner/name`, to clone from and push to. */
  clonePath(slug: string): string {
    return clonePath(this.options.root, slug);
  }

  /** Creates `owner/name` with one commit holding `files`; see {@link seedRepository}. */
  seed(slug: string, files: Record<string, SeedFile>, options: { defaultBranch?: string } = {}) {
    return seedRepository({ root: this.options.root, slug, files, ...options });
  }

  /** Pull requests opened through the API, in creation order. */
  get pullRequests(): readonly PullRequestRecord[] {
    return this.state.pullRequests;
  }

  /**
   * Marks required status check `checkName` as failing on pull request `number` of `slug`, so
   * that `mergeable_state` is `blocked` and `pulls.merge` returns 405; undefined clears it.
   * Throws when the pull request does not exist.
   */
  setFailingCheck(slug: string, number: number, checkName: string | undefined): void {
    const [owner = '', repo = ''] = slug.split('/');
    const record = this.state.findPullRequest(owner, repo, number);
    if (!record) throw new Error(`Pull request ${slug}#${number} does not exist in the stand-in`);
    record.failingCheck = checkName;
  }

  /** Issue comments created through the API, in creation order. */
  get comments(): readonly IssueCommentRecord[] {
    return this.state.comments;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.apiBaseUrl || 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const record: RecordedRequest = {
      method,
      path: `${url.pathname}${url.search}`,
      body: undefined,
      status: 0,
    };
    let result: HandlerResponse;
    try {
      result = await this.handle(request, url, record);
    } catch (error) {
      this.options.logger?.error(
        { err: error, method, path: record.path },
        'GitHub stand-in failed',
      );
      result = errorResponse(500, 'Internal Server Error', 'https://docs.github.com/rest');
    }
    record.status = result.status;
    this.requests.push(record);
    const payload = result.body === undefined ? '' : JSON.stringify(result.body);
    response.writeHead(result.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      ...result.headers,
    });
    response.end(payload);
  }

  /** Authenticates, routes, checks the body against the contract and runs the handler. */
  private async handle(
    request: IncomingMessage,
    url: URL,
    record: RecordedRequest,
  ): Promise<HandlerResponse> {
    const text = await readBody(request);
    if (text === undefined) return errorResponse(413, 'Request body too large', docsRoot);
    const body = parseJson(text);
    record.body = body.ok ? body.value : text;
    if (!this.authenticated(request.headers.authorization)) return badCredentials();

    if (this.prefix && !url.pathname.startsWith(`${this.prefix}/`)) return notFound();
    const pathname = url.pathname.slice(this.prefix.length);
    record.path = `${pathname}${url.search}`;
    const match = matchRoute(record.method, pathname);
    if (!match) return notFound();
    const { route, params } = match;
    record.operationId = this.contract.operationId(route.method, route.template);

    const repo = await this.findRepository(params.owner ?? '', params.repo ?? '');
    if (!repo) return notFound(route.documentationUrl);
    if (!body.ok) {
      this.recordViolation(record, 'Problems parsing JSON', []);
      return errorResponse(400, 'Problems parsing JSON', route.documentationUrl);
    }
    const check = this.contract.checkRequestBody(route.method, route.template, body.value);
    if (!check.valid) {
      this.recordViolation(record, check.message, check.errors);
      return errorResponse(422, check.message, route.documentationUrl);
    }
    const services = this.services;
    if (!services) throw new Error('GitHub stand-in received a request before start() finished');
    const context: RequestContext = { services, repo, params, url, body: body.value };
    return route.handler(context);
  }

  /** Accepts `token X` and `Bearer X`, the two schemes Octokit sends. */
  private authenticated(header: string | undefined): boolean {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
    return match?.[1] === this.token;
  }

  private async findRepository(owner: string, name: string): Promise<RepositoryInfo | undefined> {
    const slug = `${owner}/${name}`;
    if (!parseSlug(slug)) return undefined;
    const gitDir = this.clonePath(slug);
    const found = await stat(`${gitDir}/HEAD`).then(
      (stats) => stats.isFile(),
      () => false,
    );
    if (!found) return undefined;
    const defaultBranch = await readDefaultBranch(gitDir);
    return { id: this.state.repositoryId(slug), owner, name, defaultBranch, gitDir };
  }

  private recordViolation(record: RecordedRequest, message: string, errors: ErrorObject[]) {
    const { method, path, operationId, body } = record;
    this.contractViolations.push({ method, path, operationId, body, message, errors });
    this.options.logger?.warn(
      { method, path, operationId, message },
      'GitHub stand-in rejected a request body that breaks the OpenAPI contract',
    );
  }
}

const docsRoot = 'https://docs.github.com/rest';

/** Reads the request body as UTF-8, or returns undefined when it exceeds the size limit. */
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

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
