import type { IncomingMessage } from 'node:http';
import type { RequestView, ToolResultRecord } from './request-view';
import type { AssistantMessage } from './wire';

/**
 * How the server treated a request. `script` played a scenario step and `side-query` was a CLI
 * helper request, which gets a reply without advancing the script. `unscripted` found no run
 * left. The other kinds are count_tokens calls, unknown paths and malformed bodies.
 */
export type RequestKind =
  'script' | 'side-query' | 'unscripted' | 'count-tokens' | 'not-found' | 'invalid';

/** Log entry of one request, for tests that assert what the agent sent and saw. */
export interface RecordedRequest {
  /** URL path without the query string, for example `/v1/messages`. */
  path: string;
  kind: RequestKind;
  /** HTTP status of the response. */
  status: number;
  model: string | undefined;
  stream: boolean;
  hasTools: boolean;
  toolNames: string[];
  /** First user message without `<system-reminder>` sections: the prompt of the conversation. */
  prompt: string;
  /** Number of assistant messages in the request. */
  assistantTurns: number;
  /** Tool results in the last user message, the output of the previous tool call. */
  toolResults: ToolResultRecord[];
  /** Value of the `x-stainless-retry-count` header, which the Anthropic SDK raises per retry. */
  retryCount: number;
  /** Reason the request was treated as a helper query, set when `kind` is `side-query`. */
  sideQuery?: string;
  /** Index of the scenario run that produced the response, set for `script` requests. */
  runIndex?: number;
  /** Step of that run; undefined for the final text after the last step. */
  stepIndex?: number;
  /** Message sent back, set for `script` requests that did not get an error. */
  response?: AssistantMessage;
}

/** Builds the log entry of a parsed Messages API request. */
export function recordOf(options: {
  path: string;
  view: RequestView;
  kind: RecordedRequest['kind'];
  status: number;
  request: IncomingMessage;
}): RecordedRequest {
  const { view } = options;
  return {
    path: options.path,
    kind: options.kind,
    status: options.status,
    model: view.model,
    stream: view.stream,
    hasTools: view.toolNames.length > 0,
    toolNames: view.toolNames,
    prompt: view.prompt,
    assistantTurns: view.assistantTurns,
    toolResults: view.toolResults,
    retryCount: Number(options.request.headers['x-stainless-retry-count'] ?? 0),
  };
}

/** Builds the log entry of a request without a readable body, such as a 404. */
export function emptyRecord(options: {
  path: string;
  kind: RecordedRequest['kind'];
  status: number;
}): RecordedRequest {
  return {
    ...options,
    model: undefined,
    stream: false,
    hasTools: false,
    toolNames: [],
    prompt: '',
    assistantTurns: 0,
    toolResults: [],
    retryCount: 0,
  };
}
