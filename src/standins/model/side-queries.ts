import type { RequestView } from './request-view';

/**
 * Returns why a request is one of the CLI's helper queries rather than a turn of the agent's
 * conversation, or undefined for a conversation turn. Helper queries get a short text answer
 * and do not advance the script.
 */
export function classifySideQuery(view: RequestView): string | undefined {
  if (view.toolNames.length === 0) {
    return 'no tools';
  }
  return undefined;
}
