import pino, { type Logger } from 'pino';

export type { Logger };

/** Field names whose values pino replaces with `[redacted]` wherever they appear in a log line. */
const redactedPaths = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'apiKey',
  '*.apiKey',
  'signingSecret',
  '*.signingSecret',
];

/**
 * Creates the one logger that Bolt, the Temporal runtime and every client share, so that each
 * line of output has one JSON format with structured fields.
 */
export function createLogger(
  options: {
    level?: string;
    name?: string;
    /** File descriptor; 1 (stdout) by default. */ fd?: number;
  } = {},
): Logger {
  return pino(
    {
      name: options.name ?? 'deckhand',
      level: options.level ?? 'info',
      redact: { paths: redactedPaths, censor: '[redacted]' },
    },
    pino.destination({ fd: options.fd ?? 1, sync: false }),
  );
}
