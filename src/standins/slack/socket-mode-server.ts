import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Logger } from '../../logger';
import { listenOnLoopback } from '../http-server';
import { defaultWaitTimeoutMs } from './call-log';
import {
  DeliveryLog,
  type SocketModeAck,
  type SocketModeDelivery,
  type SocketModeDeliveryResult,
} from './socket-mode-deliveries';
import type { EventCallbackEnvelope } from './event-payloads';
import {
  buildDisconnect,
  buildHello,
  parseAckFrame,
  type SocketModeDisconnectReason,
  type SocketModeEnvelope,
  type SocketModeEnvelopeType,
} from './socket-mode-messages';

/** Options of one delivery. */
export interface SocketModeDeliveryOptions {
  /** `retry_attempt` of an `events_api` envelope, or 0 (a first delivery) when unset. */
  retryAttempt?: number;
  /** `retry_reason` of an `events_api` envelope, or `timeout` for a retry when unset. */
  retryReason?: string;
  /** Defaults to true for `interactive` and `slash_commands`, false for `events_api`. */
  acceptsResponsePayload?: boolean;
  /** How long `deliver` waits for the acknowledgement before it rejects. */
  ackTimeoutMs?: number;
}

/**
 * Socket Mode endpoint on 127.0.0.1: accepts WebSocket connections on URLs that
 * `apps.connections.open` issued, greets each with `hello`, sends envelopes to the newest open
 * connection and records the client's acknowledgements. It sends no pings of its own, but the `ws`
 * package replies to the client's pings with pongs.
 */
export class SocketModeServer {
  private readonly server: Server;
  private readonly sockets = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly connections = new Map<number, WebSocket>();
  private readonly log = new DeliveryLog();
  private readonly opened = new EventEmitter();
  private lastConnectionId = 0;

  constructor(private readonly options: { appId: string; logger?: Logger }) {
    this.server = createServer((_request, response) => {
      response.writeHead(426, { Upgrade: 'websocket' }).end();
    });
    this.server.on('upgrade', (request, socket, head) => this.upgrade(request, socket, head));
  }

  /** Listens on an ephemeral port of 127.0.0.1. */
  async listen(): Promise<void> {
    await listenOnLoopback(this.server);
  }

  /** Issues a WebSocket URL with a new single-use ticket, as `apps.connections.open` returns. */
  issueConnectionUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    const { port } = this.server.address() as AddressInfo;
    // NOTE: tickets never expire here, because Slack does not document how long one stays valid.
    return `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${this.options.appId}`;
  }

  /** Number of connections open now. */
  get openConnections(): number {
    return this.connections.size;
  }

  /**
   * Waits until connection number `sequence` (1 for the first since start) or a later one is
   * open, and returns its id. After a refresh, wait for the next number to see the reconnect.
   */
  waitForConnection(sequence = 1, timeoutMs = defaultWaitTimeoutMs): Promise<number> {
    const current = [...this.connections.keys()].find((id) => id >= sequence);
    if (current !== undefined) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const onOpen = (id: number) => {
        if (id < sequence) return;
        clearTimeout(timer);
        this.opened.off('open', onOpen);
        resolve(id);
      };
      const timer = setTimeout(() => {
        this.opened.off('open', onOpen);
        reject(new Error(`Socket Mode connection ${sequence} did not open within ${timeoutMs} ms`));
      }, timeoutMs);
      this.opened.on('open', onOpen);
    });
  }

  /** Delivers an Events API envelope as `events_api` and resolves when the client acks it. */
  deliverEvent(
    envelope: EventCallbackEnvelope<unknown>,
    options: SocketModeDeliveryOptions = {},
  ): Promise<SocketModeDeliveryResult> {
    return this.deliver('events_api', envelope, options);
  }

  /** Delivers an interactivity payload (`block_actions`, `view_submission`, …) as `interactive`. */
  deliverInteraction(
    payload: Record<string, unknown>,
    options: SocketModeDeliveryOptions = {},
  ): Promise<SocketModeDeliveryResult> {
    return this.deliver('interactive', payload, options);
  }

  /**
   * Wraps `payload` in an envelope, sends it on the newest open connection and resolves when the
   * client acknowledges it. Rejects when no connection is open, when the connection closes first,
   * or after `ackTimeoutMs`. Unlike Slack, the stand-in never redelivers on its own.
   */
  async deliver(
    type: SocketModeEnvelopeType,
    payload: unknown,
    options: SocketModeDeliveryOptions = {},
  ): Promise<SocketModeDeliveryResult> {
    const [connectionId, socket] = this.newestConnection();
    const envelope = buildEnvelope(type, payload, options);
    const acknowledged = this.log.track(
      envelope,
      connectionId,
      options.ackTimeoutMs ?? defaultWaitTimeoutMs,
    );
    socket.send(JSON.stringify(envelope), (error) => {
      if (error) this.log.fail(envelope.envelope_id, error);
    });
    return acknowledged;
  }

  /**
   * Sends a `disconnect` frame on every open connection and resolves once each has closed.
   * A connection the client leaves open for `closeAfterMs` is closed by the stand-in, as Slack
   * closes it after a refresh.
   */
  async sendDisconnect(
    reason: SocketModeDisconnectReason = 'refresh_requested',
    closeAfterMs = defaultWaitTimeoutMs,
  ): Promise<void> {
    const frame = JSON.stringify(buildDisconnect(reason));
    const closing = [...this.connections.values()].map(
      (socket) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => socket.terminate(), closeAfterMs);
          socket.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          socket.send(frame);
        }),
    );
    await Promise.all(closing);
  }

  /** Returns copies of the envelopes sent, oldest first, each with its first acknowledgement. */
  deliveries(): SocketModeDelivery[] {
    return this.log.deliveries();
  }

  /** Returns copies of every acknowledgement frame received, duplicates included, oldest first. */
  acknowledgements(): SocketModeAck[] {
    return this.log.acknowledgements();
  }

  /** Closes every connection without a close handshake, rejects pending deliveries and stops. */
  async stop(): Promise<void> {
    for (const socket of this.connections.values()) socket.terminate();
    this.log.failWaiting(
      (envelopeId) => `Socket Mode stand-in stopped before envelope ${envelopeId} was acknowledged`,
    );
    this.sockets.close();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket');
    if (url.pathname !== '/link/' || ticket === null || !this.tickets.delete(ticket)) {
      this.options.logger?.warn(
        { path: url.pathname },
        'Socket Mode stand-in rejected a connection: ticket missing, unknown or already used',
      );
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.sockets.handleUpgrade(request, socket, head, (websocket) => this.accept(websocket));
  }

  private accept(socket: WebSocket): void {
    this.lastConnectionId += 1;
    const connectionId = this.lastConnectionId;
    this.connections.set(connectionId, socket);
    socket.on('message', (data, isBinary) => this.receive(connectionId, data, isBinary));
    socket.on('error', (error) => {
      this.options.logger?.warn({ err: error, connectionId }, 'Socket Mode connection failed');
    });
    socket.on('close', () => this.drop(connectionId));
    const hello = buildHello({ appId: this.options.appId, openConnections: this.connections.size });
    socket.send(JSON.stringify(hello));
    this.options.logger?.debug({ connectionId }, 'Socket Mode stand-in accepted a connection');
    this.opened.emit('open', connectionId);
  }

  private receive(connectionId: number, data: RawData, isBinary: boolean): void {
    const text = isBinary ? '' : rawText(data);
    const frame = parseAckFrame(text);
    if (!frame) {
      this.options.logger?.warn(
        { connectionId, isBinary },
        'Socket Mode stand-in ignored a frame that is not an acknowledgement',
      );
      return;
    }
    const ack: SocketModeAck = {
      envelopeId: frame.envelope_id,
      ...('payload' in frame ? { payload: frame.payload } : {}),
      receivedAt: Date.now(),
      connectionId,
    };
    this.log.acknowledge(ack);
  }

  private drop(connectionId: number): void {
    this.connections.delete(connectionId);
    this.options.logger?.debug({ connectionId }, 'Socket Mode connection closed');
    this.log.failWaiting(
      (envelopeId) =>
        `Socket Mode connection ${connectionId} closed before envelope ${envelopeId} was acknowledged`,
      connectionId,
    );
  }

  private newestConnection(): [number, WebSocket] {
    const open = [...this.connections].filter(([, socket]) => socket.readyState === WebSocket.OPEN);
    const newest = open[open.length - 1];
    if (!newest) {
      throw new Error(
        'No Socket Mode connection is open: start the Socket Mode client first, or await waitForConnection()',
      );
    }
    return newest;
  }
}

function buildEnvelope(
  type: SocketModeEnvelopeType,
  payload: unknown,
  options: SocketModeDeliveryOptions,
): SocketModeEnvelope {
  const envelope: SocketModeEnvelope = {
    envelope_id: randomUUID(),
    type,
    payload,
    accepts_response_payload: options.acceptsResponsePayload ?? type !== 'events_api',
  };
  if (type === 'events_api') {
    const attempt = options.retryAttempt ?? 0;
    envelope.retry_attempt = attempt;
    // A first delivery carries an empty reason, as in slack-go/slack's sample envelope.
    // NOTE: Slack does not document the reason it sends on a Socket Mode retry, so `timeout` is a
    // guess.
    envelope.retry_reason = options.retryReason ?? (attempt > 0 ? 'timeout' : '');
  }
  return envelope;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}
