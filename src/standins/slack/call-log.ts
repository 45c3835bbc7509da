import { EventEmitter } from 'node:events';
import type { SlackMethodArgs } from './types';

/** One request the stand-in answered, in arrival order. */
export interface RecordedCall {
  /** Web API method name, or `response_url` for a post to an interaction's response URL. */
  method: string;
  /** Decoded arguments with `token` removed and JSON-string fields left as sent. */
  args: SlackMethodArgs;
  /** Arrival time in milliseconds since the epoch. */
  at: number;
  httpStatus: number;
  ok: boolean;
  /** Slack error code when `ok` is false, for example `invalid_blocks` or `ratelimited`. */
  error?: string;
  /** Response body as sent. */
  response: Record<string, unknown>;
}

/** Default time `waitFor` waits before it rejects. */
export const defaultWaitTimeoutMs = 5000;

/** Interval at which `waitFor` also re-checks state that changed without a call. */
const pollIntervalMs = 25;

/** Append-only record of calls with a way to wait until a condition holds. */
export class CallLog {
  private readonly entries: RecordedCall[] = [];
  private readonly emitter = new EventEmitter();

  add(call: RecordedCall): void {
    this.entries.push(call);
    this.emitter.emit('call', call);
  }

  /** Returns copies of all calls, or of the calls of one method, oldest first. */
  list(method?: string): RecordedCall[] {
    const selected =
      method === undefined ? this.entries : this.entries.filter((call) => call.method === method);
    return structuredClone(selected);
  }

  /**
   * Resolves with the first truthy value `predicate` returns, checking now, after every
   * recorded call and every 25 ms; rejects after `timeoutMs` with the methods called so far.
   */
  waitFor<T>(
    predicate: () => T | undefined | null | false,
    timeoutMs = defaultWaitTimeoutMs,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timeout);
        clearInterval(poll);
        this.emitter.off('call', check);
      };
      const check = () => {
        let value: T | undefined | null | false;
        try {
          value = predicate();
        } catch (error) {
          cleanup();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      const timeout = setTimeout(() => {
        cleanup();
        const methods = this.entries.map((call) => call.method).join(', ') || 'none';
        reject(new Error(`waitFor timed out after ${timeoutMs} ms; calls so far: ${methods}`));
      }, timeoutMs);
      const poll = setInterval(check, pollIntervalMs);
      this.emitter.on('call', check);
      check();
    });
  }
}
