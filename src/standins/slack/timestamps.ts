/**
 * Slack message timestamps: `"<seconds>.<microseconds, six digits>"`, unique per channel and
 * used as message ids.
 */

/** Converts a Slack `ts` such as `"1515449522.000016"` to microseconds for ordering. */
export function tsToMicros(ts: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts);
  if (!match) {
    throw new RangeError(`Invalid Slack timestamp "${ts}": expected "<seconds>.<microseconds>"`);
  }
  const seconds = BigInt(match[1] ?? '0');
  const micros = BigInt((match[2] ?? '').padEnd(6, '0'));
  return seconds * 1_000_000n + micros;
}

/** Formats microseconds since the epoch as a Slack `ts`. */
export function microsToTs(micros: bigint): string {
  const seconds = micros / 1_000_000n;
  const fraction = (micros % 1_000_000n).toString().padStart(6, '0');
  return `${seconds}.${fraction}`;
}

/** Returns whether `ts` has the `"<seconds>.<microseconds>"` shape. */
export function isSlackTs(value: unknown): value is string {
  return typeof value === 'string' && /^\d+(\.\d{1,6})?$/.test(value);
}

/**
 * Issues strictly increasing timestamps from the wall clock, stepping one microsecond past the
 * previous value when two messages arrive in the same microsecond.
 */
export class TimestampClock {
  private last = 0n;

  constructor(private readonly nowMs: () => number = Date.now) {}

  next(): string {
    const now = BigInt(Math.floor(this.nowMs() * 1000));
    this.last = now > this.last ? now : this.last + 1n;
    return microsToTs(this.last);
  }

  /** Moves the clock past `ts` so that later messages sort after a seeded one. */
  observe(ts: string): void {
    const micros = tsToMicros(ts);
    if (micros > this.last) {
      this.last = micros;
    }
  }
}

/** Encodes a pagination cursor the way Slack's look (`base64("next_ts:<micros>")`). */
export function encodeCursor(ts: string): string {
  return Buffer.from(`next_ts:${tsToMicros(ts)}`).toString('base64');
}

/** Decodes a cursor from `encodeCursor`, or returns undefined when it is not one. */
export function decodeCursor(cursor: string): string | undefined {
  const match = /^next_ts:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match?.[1] === undefined ? undefined : microsToTs(BigInt(match[1]));
}
