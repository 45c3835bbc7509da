/**
 * Scripted HTTP server that speaks enough of the OpenAI Responses API for Codex CLI, pointed at
 * it through a custom `model_providers` entry, to run real tool calls from a test scenario.
 * Scenarios use the Anthropic stand-in's format: a tool step names a tool that the request
 * declares, such as `exec_command` with `{ cmd }`, or the freeform `apply_patch` with
 * `{ input: '*** Begin Patch ...' }`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '../../logger';
import { closeServer, listenOnLoopback } from '../http-server';
import { InvalidRequestError } from '../model/request-view';
import type { Scenario } from '../model/scenario';
import { ScriptPlayer, type ConversationRecord, type PlayDecision } from '../model/script-player';
import { createId, estimateTokens, type ContentBlock } from '../model/wire';
import { readResponsesRequest, type ResponsesRequestView } from './request-view';
import {
  buildResponse,
  messageItem,
  sendOpenAiError,
  streamResponse,
  type OutputItem,
} from './wire';
import { readBody } from './body';

/** Log entry of one request, for tests that assert what the agent sent and saw. */
export interface OpenAiRecordedRequest {
  method: string;
  path: string;
  kind: 'script' | 'unscripted' | 'not-found' | 'invalid';
  status: number;
  model?: string;
  prompt: string;
  /** Outputs of the tool calls answered in this request. */
  toolResults: string[];
  runIndex?: number;
  stepIndex?: number;
}

export interface OpenAiServer {
  /** Base URL with the `/v1` suffix, the value for a Codex `model_providers` `base_url`. */
  url: string;
  requests: OpenAiRecordedRequest[];
  conversations: ConversationRecord[];
  setScenario(scenario: Scenario): void;
  close(): Promise<void>;
}

/** Starts the Responses API stand-in on 127.0.0.1 at a free port. */
export async function startOpenAiServer(options: {
  scenario: Scenario;
  logger?: Logger;
}): Promise<OpenAiServer> {
  const player = new ScriptPlayer(options.scenario);
  const requests: OpenAiRecordedRequest[] = [];
  const { logger } = options;
  const server = createServer((request, response) => {
    handle({ request, response, player, requests }).catch((error: unknown) => {
      logger?.error({ err: error, path: request.url }, 'openai stand-in request failed');
      if (response.headersSent) return void response.destroy();
      const message = `openai stand-in failed: ${String(error)}`;
      sendOpenAiError(response, { status: 500, type: 'server_error', message });
    });
  });
  const origin = await listenOnLoopback(server);
  return {
    url: `${origin}/v1`,
    requests,
    conversations: player.conversations,
    setScenario: (scenario) => player.setScenario(scenario),
    close: () => closeServer(server),
  };
}

interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  player: ScriptPlayer;
  requests: OpenAiRecordedRequest[];
}

async function handle(exchange: Exchange): Promise<void> {
  const { request, response, requests } = exchange;
  const method = request.method ?? 'GET';
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const empty = { method, path, prompt: '', toolResults: [] };
  if (method !== 'POST' || path !== '/v1/responses') {
    requests.push({ ...empty, kind: 'not-found', status: 404 });
    const message = `${method} ${path} is not an endpoint of this stand-in`;
    return sendOpenAiError(response, { status: 404, type: 'not_found', message });
  }
  let bodyText: string;
  let view: ResponsesRequestView;
  try {
    bodyText = (await readBody(request)).toString('utf8');
    view = readResponsesRequest(JSON.parse(bodyText));
  } catch (error) {
    if (!(error instanceof SyntaxError || error instanceof InvalidRequestError)) throw error;
    requests.push({ ...empty, kind: 'invalid', status: 400 });
    return sendOpenAiError(response, {
      status: 400,
      type: 'invalid_request_error',
      message: error.message,
    });
  }
  const record = {
    ...empty,
    model: view.model,
    prompt: view.prompt,
    toolResults: view.toolResults,
  };
  const sessionId = String(request.headers['session-id'] ?? '');
  const decision = exchange.player.play({
    key: `${sessionId}\n${view.prompt}`,
    prompt: view.prompt,
    assistantTurns: view.toolOutputs,
  });
  if (decision.kind === 'error') {
    const { status, type, message, retryAfterSeconds } = decision.error;
    const headers: Record<string, string> = {};
    if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
    requests.push({ ...record, kind: 'script', status, ...indexesOf(decision) });
    return sendOpenAiError(response, { status, type, message, headers });
  }
  const output =
    decision.kind === 'unscripted'
      ? [messageItem('No scripted run is left for this prompt.')]
      : decision.content.map((block) => toOutputItem(block, view));
  const kind = decision.kind === 'unscripted' ? 'unscripted' : 'script';
  requests.push({ ...record, kind, status: 200, ...indexesOf(decision) });
  const body = buildResponse({ model: view.model, output, inputTokens: estimateTokens(bodyText) });
  if (view.stream) streamResponse(response, body);
  else sendJsonResponse(response, body);
}

function indexesOf(decision: PlayDecision): { runIndex?: number; stepIndex?: number } {
  if (decision.kind === 'unscripted') return {};
  return { runIndex: decision.runIndex, stepIndex: decision.stepIndex };
}

/** Turns a scripted block into an output item, in the form the request declared the tool. */
function toOutputItem(block: ContentBlock, view: ResponsesRequestView): OutputItem {
  if (block.type === 'text') return messageItem(block.text);
  const callId = createId('call_');
  if (view.tools.get(block.name) === 'custom') {
    const input = String(block.input.input ?? '');
    return {
      type: 'custom_tool_call',
      id: createId('ctc_'),
      call_id: callId,
      name: block.name,
      input,
    };
  }
  return {
    type: 'function_call',
    id: createId('fc_'),
    call_id: callId,
    name: block.name,
    arguments: JSON.stringify(block.input),
    status: 'completed',
  };
}

function sendJsonResponse(response: ServerResponse, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(text);
}
