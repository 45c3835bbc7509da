import type { ViewStore } from './view-store';
import type { SlackWorkspace } from './workspace';
import type { SlackMethodArgs } from './types';

/** What a Web API method handler reads: decoded arguments and the shared state. */
export interface MethodContext {
  args: SlackMethodArgs;
  workspace: SlackWorkspace;
  views: ViewStore;
}

/**
 * Runs one Web API method and returns the success body without `ok`, or throws
 * `SlackApiError` for a method error.
 */
export type MethodHandler = (context: MethodContext) => Record<string, unknown>;
