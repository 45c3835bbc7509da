/**
 * Reading of a `POST /v1/messages` body: the prompt, the number of assistant turns so far and
 * the tool results of the latest user message.
 */

/** Content block of a request message; only the fields this server reads are typed. */
interface RequestBlock {
  type: string;
  text?: string;
  tool_use_id?: string;
  content?: unknown;
  is_error?: boolean;
}

interface RequestMessage {
  role: string;
  content: string | RequestBlock[];
}

/** Tool result that the client sent back, with its content flattened to text. */
export interface ToolResultRecord {
  toolUseId: string;
  content: string;
  isError: boolean;
}

/** Facts about one Messages API request that the script player and the request log use. */
export interface RequestView {
  model: string;
  stream: boolean;
  toolNames: string[];
  maxTokens: number | undefined;
  /** Text of the first user message with `<system-reminder>` sections removed. */
  prompt: string;
  /** Text of the system prompt and of any mid-conversation `system` messages. */
  systemText: string;
  /** Number of `assistant` messages in the request, which is the index of the turn to play. */
  assistantTurns: number;
  /** Tool results in the last user message, the output of the previous tool call. */
  toolResults: ToolResultRecord[];
}

/** Error for a body that is not a Messages API request; the server maps it to HTTP 400. */
export class InvalidRequestError extends Error {
  override name = 'InvalidRequestError';
}

const systemReminderPattern = /<system-reminder>[\s\S]*?<\/system-reminder>/g;

/** Parses and checks a request body. Throws `InvalidRequestError` naming the invalid field. */
export function readMessagesRequest(body: unknown): RequestView {
  if (typeof body !== 'object' || body === null) {
    throw new InvalidRequestError('request body must be a JSON object');
  }
  const fields = body as Record<string, unknown>;
  if (typeof fields.model !== 'string') {
    throw new InvalidRequestError('model: field required');
  }
  if (!Array.isArray(fields.messages) || fields.messages.length === 0) {
    throw new InvalidRequestError('messages: must be a non-empty array');
  }
  const messages = fields.messages as RequestMessage[];
  const tools = Array.isArray(fields.tools) ? (fields.tools as { name?: unknown }[]) : [];
  const firstUser = messages.find((message) => message.role === 'user');
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const systemMessages = messages.filter((message) => message.role === 'system');
  return {
    model: fields.model,
    stream: fields.stream === true,
    toolNames: tools.map((tool) => String(tool.name)),
    maxTokens: typeof fields.max_tokens === 'number' ? fields.max_tokens : undefined,
    prompt: firstUser ? textOf(firstUser.content).replace(systemReminderPattern, '').trim() : '',
    systemText: [textOf(fields.system), ...systemMessages.map((m) => textOf(m.content))].join('\n'),
    assistantTurns: messages.filter((message) => message.role === 'assistant').length,
    toolResults: lastUser ? toolResultsOf(lastUser.content) : [],
  };
}

/** Joins the text of a string, a text block or an array of blocks; other blocks add nothing. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') {
    return content;
  }
  if (!Array.isArray(content)) {
    return '';
  }
  return content
    .map((block: RequestBlock) => (block?.type === 'text' ? (block.text ?? '') : ''))
    .filter((text) => text !== '')
    .join('\n');
}

function toolResultsOf(content: string | RequestBlock[]): ToolResultRecord[] {
  if (!Array.isArray(content)) {
    return [];
  }
  return content
    .filter((block) => block.type === 'tool_result')
    .map((block) => ({
      toolUseId: String(block.tool_use_id),
      content: textOf(block.content),
      isError: block.is_error === true,
    }));
}
