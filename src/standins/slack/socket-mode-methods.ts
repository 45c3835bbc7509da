import type { MethodHandler } from './method-handler';
import type { SocketModeServer } from './socket-mode-server';

/**
 * Methods that take an app-level token (`xapp-…`). Slack rejects a bot token on them, and an
 * app-level token on any other method, with `not_allowed_token_type`.
 */
export const appTokenMethods: ReadonlySet<string> = new Set(['apps.connections.open']);

/** Handlers of the Web API methods that belong to Socket Mode. */
export function socketModeMethods(server: SocketModeServer): Record<string, MethodHandler> {
  return {
    // Slack's response is `{ ok: true, url: 'wss://…/link/?ticket=…&app_id=…' }`.
    'apps.connections.open': () => ({ url: server.issueConnectionUrl() }),
  };
}
