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
      if (previous === undefined) {
        this.out.write(`[${who}] ${indent(message.text)}\n\n`);
        continue;
      }
      // An edit of the status message: print only the lines that changed.
      const before = new Set(previous.split('\n'));
      const changed = message.text.split('\n').filter((line) => line !== '' && !before.has(line));
      if (changed.length > 0) this.out.write(`[${who}, status] ${indent(changed.join('\n'))}\n\n`);
    }
  }
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n    ');
}
