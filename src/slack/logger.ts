import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../logger';

/** Hands Bolt's and the Web API client's log lines to Deckhand's pino logger. */
export function slackLogger(logger: Logger): SlackLogger {
  let child = logger.child({ component: 'slack' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...messages: unknown[]) =>
      child[level](messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // Deckhand's LOG_LEVEL decides what is written; Bolt's own level requests are ignored.
    setLevel: () => undefined,
    getLevel: () => LogLevel.DEBUG,
    setName: (name: string) => {
      child = logger.child({ component: name });
    },
  };
}
