/**
 * Scripted HTTP server that speaks enough of the Gemini API (`generateContent` and
 * `streamGenerateContent?alt=sse` under `/v1beta/models/`) for Gemini CLI, pointed at it with
 * `GOOGLE_GEMINI_BASE_URL`, to run real tool calls from a test scenario. Scenarios use the
 * Anthropic stand-in's format, with Gemini CLI's tool names such as `write_file` with
 * `{ file_path, content }` or `run_shell_command` with `{ command }`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from '../http-server';
import type { Scenario } from '../model/scenario';
import { ScriptPlayer, type ConversationRecord } from '../model/script-player';
import { estimateTokens, sendJson, type ContentBlock } from '../model/wire';
import { readBody } from '../openai/body';

/** Log entry of one request. `side-query` marks CLI helper requests sent without tools. */
export interface GeminiRecordedRequest {
  path: string;
  kind: 'script' | 'side-query' | 'unscripted' | 'not-found' | 'invalid';
  status: number;
  prompt: string;
  /** Function responses that the client sent back, as JSON text. */
  toolResults: string[];
}

export interface GeminiServer {
  /** Root URL without `/v1beta`, the value for `GOOGLE_GEMINI_BASE_URL`. */
  url: string;
  requests: GeminiRecordedRequest[];
  conversations: ConversationRecord[];
  setScenario(scenario: Scenario): void;
  close(): Promise<void>;
}

interface Part {
  text?: string;
  functionCall?: { name: string; args: Record<string, unknown> };
  functionResponse?: unknown;
}
interface Content {
  role?: string;
  parts?: Part[];
}

const routePattern = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** Starts the Gemini API stand-in on 127.0.0.1 at a free port. */
export async function startGeminiServer(options: { scenario: Scenario }): Promise<GeminiServer> {
  const player = new ScriptPlayer(options.scenario);
  const requests: GeminiRecordedRequest[] = [];
  const server = createServer((request, response) => {
    handle(request, response, player, requests).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      sendGeminiError(response, 500, 'INTERNAL', `gemini stand-in failed: ${String(error)}`);
    });
  });
  return {
    url: await listenOnLoopback(server),
    requests,
    conversations: player.conversations,
    setScenario: (scenario) => player.setScenario(scenario),
    close: () => closeServer(server),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  player: ScriptPlayer,
  requests: GeminiRecordedRequest[],
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const route = routePattern.exec(url.pathname);
  const record = { path: url.pathname, prompt: '', toolResults: [] as string[] };
  if (request.method !== 'POST' || !route) {
    requests.push({ ...record, kind: 'not-found', status: 404 });
    return sendGeminiError(response, 404, 'NOT_FOUND', `${url.pathname} is not an endpoint`);
  }
  const bodyText = (await readBody(request)).toString('utf8');
  let body: { contents?: Content[]; tools?: unknown[]; generationConfig?: Record<string, unknown> };
  try {
    body = JSON.parse(bodyText);
  } catch {
    requests.push({ ...record, kind: 'invalid', status: 400 });
    return sendGeminiError(response, 400, 'INVALID_ARGUMENT', 'request body is not JSON');
  }
  const contents = body.contents ?? [];
  const parts = contents.flatMap((content) => content.parts ?? []);
  record.prompt = contents.find((c) => c.role === 'user')?.parts?.[0]?.text?.trim() ?? '';
  record.toolResults = parts
    .filter((p) => p.functionResponse)
    .map((p) => JSON.stringify(p.functionResponse));
  const stream = route[2] === 'streamGenerateContent';
  const reply = (modelParts: Part[]) =>
    sendCandidate({ response, stream, parts: modelParts, inputTokens: estimateTokens(bodyText) });
  // Gemini CLI's helper requests (next-speaker checks, routing) carry no tools and expect JSON.
  if (!body.tools || body.tools.length === 0) {
    requests.push({ ...record, kind: 'side-query', status: 200 });
    const json = body.generationConfig?.responseMimeType === 'application/json';
    const text = JSON.stringify({
      reasoning: 'stand-in',
      next_speaker: 'user',
      model_choice: 'pro',
    });
    return reply([{ text: json ? text : 'OK' }]);
  }
  const decision = player.play({
    key: record.prompt,
    prompt: record.prompt,
    assistantTurns: contents.filter((content) => content.role === 'model').length,
  });
  if (decision.kind === 'error') {
    const { status, type, message } = decision.error;
    requests.push({ ...record, kind: 'script', status });
    return sendGeminiError(response, status, type, message);
  }
  if (decision.kind === 'unscripted') {
    requests.push({ ...record, kind: 'unscripted', status: 200 });
    return reply([{ text: 'No scripted run is left for this prompt.' }]);
  }
  requests.push({ ...record, kind: 'script', status: 200 });
  return reply(decision.content.map(toPart));
}

function toPart(block: ContentBlock): Part {
  if (block.type === 'text') return { text: block.text };
  return { functionCall: { name: block.name, args: block.input } };
}

function sendCandidate(options: {
  response: ServerResponse;
  stream: boolean;
  parts: Part[];
  inputTokens: number;
}): void {
  const outputTokens = estimateTokens(JSON.stringify(options.parts));
  const body = {
    candidates: [
      { content: { role: 'model', parts: options.parts }, finishReason: 'STOP', index: 0 },
    ],
    usageMetadata: {
      promptTokenCount: options.inputTokens,
      candidatesTokenCount: outputTokens,
      totalTokenCount: options.inputTokens + outputTokens,
    },
    modelVersion: 'stand-in',
  };
  if (!options.stream) return sendJson(options.response, 200, body);
  options.response.writeHead(200, { 'content-type': 'text/event-stream' });
  options.response.end(`data: ${JSON.stringify(body)}\n\n`);
}

/** Sends `{"error":{code,message,status}}`, Google's error shape, such as 429 `RESOURCE_EXHAUSTED`. */
function sendGeminiError(
  response: ServerResponse,
  code: number,
  status: string,
  message: string,
): void {
  sendJson(response, code, { error: { code, message, status } });
}
