import type { SlackStandIn } from '../standins/slack';

/**
 * Prints a Slack thread on the stand-in as it grows: each new message once, and the living status
 * message again whenever its text changes.
 */
export class ThreadPrinter {
  private readonly seen = new Map<string, string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly slack: SlackStandIn,
    private readonly out: NodeJS.WritableStream,
  ) {}

  follow(channel: string, threadTs: string, intervalMs = 200): void {
    this.timer = setInterval(() => this.print(channel, threadTs), intervalMs);
  }

  /** Prints what is new and stops following. */
  stop(channel: string, threadTs: string): void {
    clearInterval(this.timer);
    this.print(channel, threadTs);
  }

  private print(channel: string, threadTs: string): void {
    for (const message of this.slack.thread(channel, threadTs)) {
      const previous = this.seen.get(message.ts);
      if (previous === message.text) continue;
      this.seen.set(message.ts, message.text);
      const who =
        message.user === this.slack.workspace.identity.botUserId
          ? 'deckhand'
          : (message.user ?? 'app');
      const label = previous === undefined ? who : `${who} (edited)`;
      const body = message.text.replace(/\n/g, '\n    ');
      this.out.write(`[${label}] ${body}\n\n`);
    }
  }
}
