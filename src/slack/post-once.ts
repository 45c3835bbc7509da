import type { WebClient } from '@slack/web-api';
import { scrubSecrets, scrubString } from '../observability/scrub';

/** `event_type` of the message metadata that marks Deckhand's posts with their key. */
export const metadataEventType = 'deckhand_post';

/** Largest number of thread pages read when looking for an earlier post, 200 messages each. */
const maxReplyPages = 10;

export interface PostOnceOptions {
  channel: string;
  threadTs: string;
  /** Stable key, unique within the thread, stored in the message's metadata. */
  key: string;
  text: string;
  blocks?: unknown[];
  /**
   * Look for an earlier post with the key before posting. Callers set it when the post may
   * already have happened: a retried activity or a redelivered Slack event.
   */
  checkFirst: boolean;
  /** The bot's own user id; only its own messages count as earlier posts. */
  botUserId: string;
}

/**
 * Posts a thread message at most once per key. Each post carries its key in Slack message
 * metadata, which `conversations.replies` returns with `include_all_metadata`.
 */
export async function postOnce(client: WebClient, options: PostOnceOptions): Promise<string> {
  if (options.checkFirst) {
    const earlier = await findPost(client, options);
    if (earlier) return earlier;
  }
  const posted = await client.chat.postMessage({
    channel: options.channel,
    thread_ts: options.threadTs,
    // Agent summaries and test output can quote tokens; none may reach the thread.
    text: scrubString(options.text),
    blocks: scrubSecrets(options.blocks) as never,
    unfurl_links: false,
    metadata: { event_type: metadataEventType, event_payload: { key: options.key } },
  });
  return posted.ts ?? '';
}

async function findPost(client: WebClient, options: PostOnceOptions): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < maxReplyPages; page++) {
    const replies = await client.conversations.replies({
      channel: options.channel,
      ts: options.threadTs,
      include_all_metadata: true,
      limit: 200,
      cursor,
    });
    const match = (replies.messages ?? []).find(
      (message) =>
        message.user === options.botUserId &&
        message.metadata?.event_type === metadataEventType &&
        (message.metadata.event_payload as { key?: string } | undefined)?.key === options.key,
    );
    if (match?.ts) return match.ts;
    cursor = replies.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}
