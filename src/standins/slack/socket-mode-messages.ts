/**
 * Socket Mode frames as Slack sends them over the WebSocket, after Slack's "Socket Mode
 * implementation" guide (api.slack.com/apis/connections/socket-implement) and the sample frames
 * in the slack-go/slack `socketmode` tests.
 */

/** Kinds of envelope that Slack delivers. `@slack/socket-mode` emits each `type` as an event. */
export type SocketModeEnvelopeType = 'events_api' | 'interactive' | 'slash_commands';

/** Reasons of a `disconnect` frame listed in Slack's guide. */
export type SocketModeDisconnectReason = 'refresh_requested' | 'warning' | 'link_disabled';

/** Host name in the stand-in's `debug_info`, where Slack puts the name of its `applink-…` pod. */
export const standInHost = 'applink-deckhand-stand-in';

/** First frame on a new connection. `@slack/socket-mode` treats the connection as open after it. */
export interface SocketModeHello {
  type: 'hello';
  num_connections: number;
  debug_info: { host: string; build_number: number; approximate_connection_time: number };
  connection_info: { app_id: string };
}

/** Frame asking the client to close this connection and open a new one. */
export interface SocketModeDisconnect {
  type: 'disconnect';
  reason: SocketModeDisconnectReason;
  debug_info: { host: string };
}

/** A payload wrapped for delivery; the client acknowledges it by `envelope_id`. */
export interface SocketModeEnvelope<Payload = unknown> {
  envelope_id: string;
  type: SocketModeEnvelopeType;
  payload: Payload;
  accepts_response_payload: boolean;
  /** Present on `events_api` envelopes only: 0 on the first delivery. */
  retry_attempt?: number;
  /** Present on `events_api` envelopes only: empty on the first delivery. */
  retry_reason?: string;
}

/** Acknowledgement frame the client sends back: `payload` carries an optional response. */
export interface SocketModeAckFrame {
  envelope_id: string;
  payload?: unknown;
}

/**
 * Seconds the connection is expected to last. 18060 is the value in slack-go/slack's sample
 * `hello` frame, and Slack's guide states that connections refresh "once every few hours".
 */
const approximateConnectionSeconds = 18060;

export function buildHello(options: { appId: string; openConnections: number }): SocketModeHello {
  return {
    type: 'hello',
    num_connections: options.openConnections,
    debug_info: {
      host: standInHost,
      build_number: 1,
      approximate_connection_time: approximateConnectionSeconds,
    },
    connection_info: { app_id: options.appId },
  };
}

export function buildDisconnect(reason: SocketModeDisconnectReason): SocketModeDisconnect {
  return { type: 'disconnect', reason, debug_info: { host: standInHost } };
}

/**
 * Reads an acknowledgement frame, or returns undefined for anything else: text that is not
 * JSON, or JSON without a string `envelope_id`.
 */
export function parseAckFrame(text: string): SocketModeAckFrame | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null) {
    return undefined;
  }
  const frame = decoded as Record<string, unknown>;
  if (typeof frame.envelope_id !== 'string') {
    return undefined;
  }
  return 'payload' in frame
    ? { envelope_id: frame.envelope_id, payload: frame.payload }
    : { envelope_id: frame.envelope_id };
}
