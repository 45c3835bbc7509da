/**
 * OpenAI Responses API wire format: response objects, output items, the server-sent event
 * stream of `stream: true` and error bodies, following
 * https://platform.openai.com/docs/api-reference/responses-streaming.
 */
import type { ServerResponse } from 'node:http';
import { createId, estimateTokens, sendJson } from '../model/wire';

export type OutputItem =
  | {
      type: 'message';
      id: string;
      role: 'assistant';
      status: 'completed';
      content: { type: 'output_text'; text: string; annotations: [] }[];
    }
  | {
      type: 'function_call';
      id: string;
      call_id: string;
      name: string;
      arguments: string;
      status: 'completed';
    }
  | { type: 'custom_tool_call'; id: string; call_id: string; name: string; input: string };

/** Response object of `POST /v1/responses`, as far as the stand-in fills it. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: 'completed';
  model: string;
  output: OutputItem[];
  usage: {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
  };
}

export function messageItem(text: string): OutputItem {
  const content = [{ type: 'output_text' as const, text, annotations: [] as [] }];
  return { type: 'message', id: createId('msg_'), role: 'assistant', status: 'completed', content };
}

/** Builds a response whose usage counts the request body as input. */
export function buildResponse(options: {
  model: string;
  output: OutputItem[];
  inputTokens: number;
}): ResponseObject {
  const outputTokens = estimateTokens(JSON.stringify(options.output));
  return {
    id: createId('resp_'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    model: options.model,
    output: options.output,
    usage: {
      input_tokens: options.inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: options.inputTokens + outputTokens,
    },
  };
}

/**
 * Streams a response as server-sent events: `response.created`, then per output item
 * `response.output_item.added`, its deltas and `response.output_item.done`, and last
 * `response.completed` with the usage.
 */
export function streamResponse(response: ServerResponse, body: ResponseObject): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let sequence = 0;
  const write = (type: string, fields: object) => {
    const data = JSON.stringify({ type, sequence_number: sequence++, ...fields });
    response.write(`event: ${type}\ndata: ${data}\n\n`);
  };
  write('response.created', { response: { ...body, status: 'in_progress', output: [] } });
  body.output.forEach((item, index) => {
    write('response.output_item.added', { output_index: index, item });
    if (item.type === 'message') {
      const text = item.content[0]?.text ?? '';
      const part = { item_id: item.id, output_index: index, content_index: 0 };
      write('response.output_text.delta', { ...part, delta: text });
      write('response.output_text.done', { ...part, text });
    }
    write('response.output_item.done', { output_index: index, item });
  });
  write('response.completed', { response: body });
  response.end();
}

/** Sends `{"error":{message,type,param,code}}`, OpenAI's error shape. */
export function sendOpenAiError(
  response: ServerResponse,
  options: { status: number; type: string; message: string; headers?: Record<string, string> },
): void {
  const error = { message: options.message, type: options.type, param: null, code: options.type };
  sendJson(response, options.status, { error }, options.headers);
}
