import type { RequestView } from './request-view';

/**
 * Values of the `x-claude-code-request-class` header that mark helper work such as titles,
 * summaries, memory extraction, prompt suggestions and compaction. The names come from the
 * strings of the Claude Code 2.1.336 binary. That version sent no such header to a loopback
 * base URL in the tests, so the tool check below catches most helper queries.
 */
const sideRequestClasses = new Set(['summary-extraction', 'followup-generation', 'compaction']);

/**
 * Returns why a request is one of the CLI's helper queries rather than a turn of the agent's
 * conversation, or undefined for a conversation turn. Helper queries get a short text reply
 * and do not advance the script.
 */
export function classifySideQuery(
  view: RequestView,
  headers: { requestClass?: string },
): string | undefined {
  // Claude Code 2.1.336 builds its quick checks, for example the model validation request with
  // max_tokens 1 and the prompt "Hi", without tools, while every agent turn carries the tool list.
  if (view.toolNames.length === 0) {
    return 'no tools';
  }
  if (headers.requestClass !== undefined && sideRequestClasses.has(headers.requestClass)) {
    return `request class ${headers.requestClass}`;
  }
  // NOTE: a forked helper query that carries tools and no request-class header (memory
  // extraction, prompt suggestions) reads as a further turn of its parent conversation. It
  // then gets the run's final text, which does not disturb the script once the run has ended.
  return undefined;
}
