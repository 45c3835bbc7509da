/**
 * Scripted HTTP server that speaks enough of the Anthropic Messages API for the Claude Code CLI,
 * pointed at it with `ANTHROPIC_BASE_URL`, to run real tool calls from a test scenario.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '../../logger';
import { closeServer, listenOnLoopback } from '../http-server';
import { classifySideQuery } from './side-queries';
import type { Scenario } from './scenario';
import { ScriptPlayer, type ConversationRecord, type PlayDecision } from './script-player';
import { InvalidRequestError, readMessagesRequest, type RequestView } from './request-view';
import { emptyRecord, recordOf, type RecordedRequest } from './recorded-request';
import {
  buildMessage,
  createId,
  estimateTokens,
  sendApiError,
  sendJson,
  sendMessageJson,
  streamMessage,
  type AssistantMessage,
} from './wire';

/** Largest request body accepted, far above what a CLI session sends. */
const maxBodyBytes = 64 * 1024 * 1024;
const sideQueryText = 'OK';

export interface ModelServerOptions {
  scenario: Scenario;
  logger?: Logger;
}

/** Running model server; `url` is the value for `ANTHROPIC_BASE_URL`. */
export interface ModelServer {
  /** Base URL such as `http://127.0.0.1:40123`, without a trailing slash. */
  url: string;
  /** Every request in order of arrival, including side queries and 404s. */
  requests: RecordedRequest[];
  /** Conversations in order of arrival with the run each one was given. */
  conversations: ConversationRecord[];
  /** Replaces the scenario and frees all runs; recorded requests and conversations are kept. */
  setScenario(scenario: Scenario): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Starts a model server on 127.0.0.1 at a free port. */
export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const player = new ScriptPlayer(options.scenario);
  const requests: RecordedRequest[] = [];
  const logger = options.logger;
  const server = createServer((request, response) => {
    handleRequest({ request, response, player, requests, logger }).catch((error: unknown) => {
      logger?.error({ err: error, path: request.url }, 'model server request failed');
      if (!response.headersSent) {
        const message = `model server failed: ${String(error)}`;
        sendApiError(response, {
          status: 500,
          type: 'api_error',
          message,
          requestId: createId('req_'),
        });
      } else {
        response.destroy();
      }
    });
  });
  const url = await listenOnLoopback(server);
  logger?.info({ url }, 'model server listening');
  return {
    url,
    requests,
    conversations: player.conversations,
    setScenario: (scenario) => player.setScenario(scenario),
    close: async () => {
      await closeServer(server);
      logger?.info({ url }, 'model server stopped');
    },
  };
}

interface HandlerContext {
  request: IncomingMessage;
  response: ServerResponse;
  player: ScriptPlayer;
  requests: RecordedRequest[];
  logger: Logger | undefined;
}

async function handleRequest(context: HandlerContext): Promise<void> {
  const { request, response, requests } = context;
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const requestId = createId('req_');
  const route = request.method === 'POST' ? path : `${request.method} ${path}`;
  if (route !== '/v1/messages' && route !== '/v1/messages/count_tokens') {
    requests.push(emptyRecord({ path, kind: 'not-found', status: 404 }));
    context.logger?.warn({ method: request.method, path }, 'model server path not found');
    const message = `${request.method} ${path} is not an endpoint of this model server`;
    sendApiError(response, { status: 404, type: 'not_found_error', message, requestId });
    return;
  }
  let bodyText: string;
  let view: RequestView;
  try {
    bodyText = (await readBody(request)).toString('utf8');
    view = readMessagesRequest(JSON.parse(bodyText));
  } catch (error) {
    if (!(error instanceof SyntaxError || error instanceof InvalidRequestError)) {
      throw error;
    }
    requests.push(emptyRecord({ path, kind: 'invalid', status: 400 }));
    context.logger?.warn({ path, err: error }, 'model server received an invalid request');
    sendApiError(response, {
      status: 400,
      type: 'invalid_request_error',
      message: error.message,
      requestId,
    });
    return;
  }
  const inputTokens = estimateTokens(bodyText);
  if (path === '/v1/messages/count_tokens') {
    requests.push(recordOf({ path, view, kind: 'count-tokens', status: 200, request }));
    sendJson(response, 200, { input_tokens: inputTokens }, { 'request-id': requestId });
    return;
  }
  answerMessages({ ...context, path, view, inputTokens, requestId });
}

function answerMessages(
  context: HandlerContext & {
    path: string;
    view: RequestView;
    inputTokens: number;
    requestId: string;
  },
): void {
  const { request, response, view, path, requestId } = context;
  const requestClass = request.headers['x-claude-code-request-class'];
  const sideQuery = classifySideQuery(view, {
    requestClass: typeof requestClass === 'string' ? requestClass : undefined,
  });
  if (sideQuery !== undefined) {
    const record = recordOf({ path, view, kind: 'side-query', status: 200, request });
    context.requests.push({ ...record, sideQuery });
    context.logger?.debug({ path, sideQuery, model: view.model }, 'model server side query');
    sendText({ ...context, text: sideQueryText });
    return;
  }
  const sessionId = String(request.headers['x-claude-code-session-id'] ?? '');
  const decision: PlayDecision = context.player.play({
    key: `${sessionId}\n${view.prompt}`,
    prompt: view.prompt,
    assistantTurns: view.assistantTurns,
  });
  if (decision.kind === 'error') {
    sendScriptedError({ ...context, decision });
    return;
  }
  if (decision.kind === 'unscripted') {
    context.requests.push(recordOf({ path, view, kind: 'unscripted', status: 200, request }));
    context.logger?.warn({ prompt: view.prompt.slice(0, 200) }, 'model server has no run left');
    sendText({ ...context, text: 'No scripted run is left for this prompt.' });
    return;
  }
  const message = buildMessage({
    model: view.model,
    content: decision.content,
    inputTokens: context.inputTokens,
  });
  const record = recordOf({ path, view, kind: 'script', status: 200, request });
  context.requests.push({
    ...record,
    runIndex: decision.runIndex,
    stepIndex: decision.stepIndex,
    response: message,
  });
  sendMessage({ ...context, message });
}

function sendScriptedError(
  context: HandlerContext & {
    path: string;
    view: RequestView;
    requestId: string;
    decision: Extract<PlayDecision, { kind: 'error' }>;
  },
): void {
  const { decision, request } = context;
  const { status, type, message, retryAfterSeconds, shouldRetry } = decision.error;
  const headers: Record<string, string> = {};
  if (retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(retryAfterSeconds);
  }
  if (shouldRetry !== undefined) {
    headers['x-should-retry'] = String(shouldRetry);
  }
  const record = recordOf({
    path: context.path,
    view: context.view,
    kind: 'script',
    status,
    request,
  });
  context.requests.push({ ...record, runIndex: decision.runIndex, stepIndex: decision.stepIndex });
  context.logger?.info(
    { status, type, runIndex: decision.runIndex, stepIndex: decision.stepIndex },
    'model server sent scripted error',
  );
  sendApiError(context.response, { status, type, message, requestId: context.requestId, headers });
}

function sendText(options: {
  response: ServerResponse;
  view: RequestView;
  inputTokens: number;
  requestId: string;
  text: string;
}): void {
  const content = [{ type: 'text' as const, text: options.text }];
  const message = buildMessage({
    model: options.view.model,
    content,
    inputTokens: options.inputTokens,
  });
  sendMessage({ ...options, message });
}

function sendMessage(options: {
  response: ServerResponse;
  view: RequestView;
  message: AssistantMessage;
  requestId: string;
}): void {
  if (options.view.stream) {
    streamMessage(options.response, options.message, options.requestId);
  } else {
    sendMessageJson(options.response, options.message, options.requestId);
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    length += buffer.length;
    if (length > maxBodyBytes) {
      throw new InvalidRequestError(`request body exceeds ${maxBodyBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
