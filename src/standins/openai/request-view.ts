/**
 * Reading of a `POST /v1/responses` body (OpenAI Responses API): the prompt, the tools and the
 * number of tool calls that the client has already answered.
 */
import { InvalidRequestError } from '../model/request-view';

/** Facts about one Responses API request that the script player and the request log use. */
export interface ResponsesRequestView {
  model: string;
  stream: boolean;
  /** Tool names with their type: `function`, or `custom` for freeform tools like apply_patch. */
  tools: Map<string, string>;
  /** Text of the first user message that is not a `<...>` context block the CLI adds. */
  prompt: string;
  /** Number of tool outputs in the input, which is the index of the next scripted turn. */
  toolOutputs: number;
  /** Output texts of the tool calls answered in this request, newest last. */
  toolResults: string[];
}

interface InputItem {
  type?: string;
  role?: string;
  content?: unknown;
  output?: unknown;
}

const toolOutputTypes = new Set(['function_call_output', 'custom_tool_call_output']);

/** Parses and checks a request body. Throws `InvalidRequestError` naming the invalid field. */
export function readResponsesRequest(body: unknown): ResponsesRequestView {
  if (typeof body !== 'object' || body === null) {
    throw new InvalidRequestError('request body must be a JSON object');
  }
  const fields = body as Record<string, unknown>;
  if (typeof fields.model !== 'string') {
    throw new InvalidRequestError('model: field required');
  }
  const input: InputItem[] =
    typeof fields.input === 'string'
      ? [{ type: 'message', role: 'user', content: fields.input }]
      : Array.isArray(fields.input)
        ? (fields.input as InputItem[])
        : [];
  if (input.length === 0) {
    throw new InvalidRequestError('input: must be a string or a non-empty array');
  }
  const tools = new Map<string, string>();
  for (const tool of Array.isArray(fields.tools) ? fields.tools : []) {
    const { name, type } = tool as { name?: unknown; type?: unknown };
    if (typeof name === 'string') tools.set(name, String(type));
  }
  const outputs = input.filter((item) => toolOutputTypes.has(String(item.type)));
  const userTexts = input
    .filter((item) => (item.type ?? 'message') === 'message' && item.role === 'user')
    .map((item) => textOf(item.content).trim());
  return {
    model: fields.model,
    stream: fields.stream === true,
    tools,
    prompt: userTexts.find((text) => !text.startsWith('<')) ?? userTexts[0] ?? '',
    toolOutputs: outputs.length,
    toolResults: outputs.map((item) => textOf(item.output)),
  };
}

/** Joins the text of a string or of `input_text`/`output_text` parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : ''))
    .join('\n');
}
