import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { GenericMessageEvent } from '@slack/types';
import type { Logger } from '../logger';
import type { TaskDirectory } from '../temporal/tasks';
import type { AccessPolicy } from './access';
import { handleThreadMessage, type ThreadActionDeps } from './thread-actions';

export interface ThreadHandlerDeps extends ThreadActionDeps {
  tasks: TaskDirectory;
  access: AccessPolicy;
  logger: Logger;
}

type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/**
 * Registers the listener for replies in task threads. Deckhand ignores its own messages, other
 * bots' messages, edits and other subtypes, messages outside threads, and channels it does not
 * serve, without calling any API for them. A reply that mentions Deckhand arrives as an
 * `app_mention` too and is handled there.
 */
export function registerThreadHandler(app: App, deps: ThreadHandlerDeps): void {
  app.event('message', async ({ event, client, context }: MessageArgs) => {
    const message = event as GenericMessageEvent;
    if (message.subtype !== undefined || message.bot_id || !message.user) return;
    if (!message.thread_ts || message.thread_ts === message.ts) return;
    if (!deps.access.servesChannel(message.channel)) return;
    const botUserId = context.botUserId ?? '';
    if (message.user === botUserId || (message.text ?? '').includes(`<@${botUserId}>`)) return;

    const task = await deps.tasks.forThread(message.channel, message.thread_ts);
    if (!task) return;
    await handleThreadMessage(deps, {
      client,
      channel: message.channel,
      threadTs: message.thread_ts,
      ts: message.ts,
      userId: message.user,
      text: message.text ?? '',
      botUserId,
      task,
    });
  });
}
