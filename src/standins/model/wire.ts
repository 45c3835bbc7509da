/**
 * Anthropic Messages API wire format: message objects, server-sent event streams and error
 * bodies, following https://platform.claude.com/docs/en/build-with-claude/streaming.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** Token counts that the CLI turns into `usage` and `total_cost_usd` of its result event. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export type TextBlock = { type: 'text'; text: string };
export type ToolUseBlock = {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
};
export type ContentBlock = TextBlock | ToolUseBlock;

/** Response body of a non-streaming `POST /v1/messages`. */
export interface AssistantMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  stop_reason: 'end_turn' | 'tool_use';
  stop_sequence: null;
  usage: Usage;
}

/** Characters per text or JSON delta, small enough that the client must join several deltas. */
const deltaChunkLength = 24;

/** Returns a random id with Anthropic's prefix, for example `msg_`, `toolu_` or `req_`. */
export function createId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
}

/** Estimates a token count at four characters per token, close enough for cost reporting. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Builds an assistant message whose usage counts the request body as input. */
export function buildMessage(options: {
  model: string;
  content: ContentBlock[];
  inputTokens: number;
}): AssistantMessage {
  const hasToolUse = options.content.some((block) => block.type === 'tool_use');
  return {
    id: createId('msg_'),
    type: 'message',
    role: 'assistant',
    model: options.model,
    content: options.content,
    stop_reason: hasToolUse ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: options.inputTokens,
      output_tokens: estimateTokens(JSON.stringify(options.content)),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}

/** Sends a whole message as JSON, the response to a request without `stream: true`. */
export function sendMessageJson(
  response: ServerResponse,
  message: AssistantMessage,
  requestId: string,
): void {
  sendJson(response, 200, message, { 'request-id': requestId });
}

/**
 * Streams a message as server-sent events in the documented order: `message_start`, a `ping`,
 * then per block `content_block_start`, deltas and `content_block_stop`, then `message_delta`
 * with the stop reason and cumulative usage, and `message_stop`.
 */
export function streamMessage(
  response: ServerResponse,
  message: AssistantMessage,
  requestId: string,
): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'request-id': requestId,
  });
  const { input_tokens: inputTokens } = message.usage;
  writeEvent(response, 'message_start', {
    message: {
      ...message,
      content: [],
      stop_reason: null,
      usage: { ...message.usage, output_tokens: 1 },
    },
  });
  writeEvent(response, 'ping', {});
  message.content.forEach((block, index) => writeBlockEvents(response, block, index));
  writeEvent(response, 'message_delta', {
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { input_tokens: inputTokens, output_tokens: message.usage.output_tokens },
  });
  writeEvent(response, 'message_stop', {});
  response.end();
}

function writeBlockEvents(response: ServerResponse, block: ContentBlock, index: number): void {
  if (block.type === 'text') {
    writeEvent(response, 'content_block_start', {
      index,
      content_block: { type: 'text', text: '' },
    });
    for (const chunk of splitIntoChunks(block.text)) {
      writeEvent(response, 'content_block_delta', {
        index,
        delta: { type: 'text_delta', text: chunk },
      });
    }
  } else {
    // A streamed tool_use block starts with an empty input, and the client parses the
    // concatenated partial_json strings once the block stops.
    writeEvent(response, 'content_block_start', {
      index,
      content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
    });
    for (const chunk of splitIntoChunks(JSON.stringify(block.input))) {
      writeEvent(response, 'content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: chunk },
      });
    }
  }
  writeEvent(response, 'content_block_stop', { index });
}

function writeEvent(response: ServerResponse, type: string, fields: object): void {
  response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`);
}

function splitIntoChunks(text: string): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < text.length; start += deltaChunkLength) {
    chunks.push(text.slice(start, start + deltaChunkLength));
  }
  return chunks.length > 0 ? chunks : [''];
}

/** Sends `{"type":"error","error":{type,message},"request_id"}`, Anthropic's error shape. */
export function sendApiError(
  response: ServerResponse,
  options: {
    status: number;
    type: string;
    message: string;
    requestId: string;
    headers?: Record<string, string>;
  },
): void {
  const body = {
    type: 'error',
    error: { type: options.type, message: options.message },
    request_id: options.requestId,
  };
  sendJson(response, options.status, body, { 'request-id': options.requestId, ...options.headers });
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
