import { performance } from 'node:perf_hooks';
import type { SocketModeEnvelope } from './socket-mode-messages';

/** An acknowledgement frame the client sent, in arrival order. */
export interface SocketModeAck {
  envelopeId: string;
  /** The client's response, such as `{}` from `@slack/socket-mode`, or absent when not sent. */
  payload?: unknown;
  /** Milliseconds since the epoch. */
  receivedAt: number;
  connectionId: number;
}

/** One envelope the stand-in sent, with its first acknowledgement once it arrives. */
export interface SocketModeDelivery {
  envelope: SocketModeEnvelope;
  connectionId: number;
  /** Milliseconds since the epoch. */
  sentAt: number;
  ack?: SocketModeAck;
}

/** Outcome of an acknowledged delivery. */
export interface SocketModeDeliveryResult {
  envelopeId: string;
  /** Time from sending the envelope to receiving its first acknowledgement. */
  acknowledgedAfterMs: number;
  payload?: unknown;
}

interface PendingDelivery {
  record: SocketModeDelivery;
  sentAtMs: number;
  timer: NodeJS.Timeout;
  resolve: (result: SocketModeDeliveryResult) => void;
  reject: (error: Error) => void;
}

/**
 * Log of sent envelopes and received acknowledgements, which also settles the promise of each
 * delivery: resolved by its first acknowledgement, rejected on timeout or a failure.
 */
export class DeliveryLog {
  private readonly pending = new Map<string, PendingDelivery>();
  private readonly sent: SocketModeDelivery[] = [];
  private readonly acks: SocketModeAck[] = [];

  /** Records `envelope` as sent now and returns the promise of its acknowledgement. */
  track(
    envelope: SocketModeEnvelope,
    connectionId: number,
    timeoutMs: number,
  ): Promise<SocketModeDeliveryResult> {
    const record: SocketModeDelivery = { envelope, connectionId, sentAt: Date.now() };
    this.sent.push(record);
    const envelopeId = envelope.envelope_id;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const message = `Socket Mode envelope ${envelopeId} (${envelope.type}) was not acknowledged within ${timeoutMs} ms`;
        this.settle(envelopeId, new Error(message));
      }, timeoutMs);
      this.pending.set(envelopeId, {
        record,
        sentAtMs: performance.now(),
        timer,
        resolve,
        reject,
      });
    });
  }

  /** Records an acknowledgement. Only the first one of an envelope settles its delivery. */
  acknowledge(ack: SocketModeAck): void {
    this.acks.push(ack);
    this.settle(ack.envelopeId, ack);
  }

  /** Rejects the delivery of `envelopeId` if it is still waiting. */
  fail(envelopeId: string, error: Error): void {
    this.settle(envelopeId, error);
  }

  /** Rejects every waiting delivery sent on `connectionId`, or on any connection when unset. */
  failWaiting(describe: (envelopeId: string) => string, connectionId?: number): void {
    for (const [envelopeId, pending] of [...this.pending]) {
      if (connectionId !== undefined && pending.record.connectionId !== connectionId) continue;
      this.settle(envelopeId, new Error(describe(envelopeId)));
    }
  }

  deliveries(): SocketModeDelivery[] {
    return structuredClone(this.sent);
  }

  acknowledgements(): SocketModeAck[] {
    return structuredClone(this.acks);
  }

  private settle(envelopeId: string, outcome: SocketModeAck | Error): void {
    const pending = this.pending.get(envelopeId);
    if (!pending) return;
    this.pending.delete(envelopeId);
    clearTimeout(pending.timer);
    if (outcome instanceof Error) {
      pending.reject(outcome);
      return;
    }
    pending.record.ack = outcome;
    pending.resolve({
      envelopeId,
      acknowledgedAfterMs: performance.now() - pending.sentAtMs,
      ...('payload' in outcome ? { payload: outcome.payload } : {}),
    });
  }
}
