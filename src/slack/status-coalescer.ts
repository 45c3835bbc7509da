import type { WebClient } from '@slack/web-api';
import { scrubSecrets, scrubString } from '../observability/scrub';

interface StatusPayload {
  text: string;
  blocks?: unknown[];
}

interface PendingEdit {
  payload: StatusPayload;
  done: Promise<void>;
}

/**
 * Edits living status messages with `chat.update`, at most once per interval per message. Edits
 * that arrive while one is waiting replace its content and share its promise, so a burst of
 * progress costs one API call. Slack allows `chat.update` about once a second per channel
 * (rate limit tier 3, with bursts).
 */
export class StatusCoalescer {
  private readonly pending = new Map<string, PendingEdit>();
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly client: WebClient,
    private readonly intervalMs: number,
  ) {}

  update(channel: string, ts: string, payload: StatusPayload): Promise<void> {
    const key = `${channel}/${ts}`;
    const waiting = this.pending.get(key);
    if (waiting) {
      waiting.payload = payload;
      return waiting.done;
    }
    const delay = Math.max(0, (this.lastSent.get(key) ?? 0) + this.intervalMs - Date.now());
    const edit: PendingEdit = { payload, done: Promise.resolve() };
    edit.done = new Promise<void>((resolve) => setTimeout(resolve, delay)).then(async () => {
      this.pending.delete(key);
      this.lastSent.set(key, Date.now());
      await this.client.chat.update({
        channel,
        ts,
        text: scrubString(edit.payload.text),
        blocks: scrubSecrets(edit.payload.blocks) as never,
      });
    });
    this.pending.set(key, edit);
    return edit.done;
  }
}
