import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger';
import { recognizeSentryAlert, type SlackMessageLike } from '../sentry';
import type { TaskDirectory } from '../temporal/tasks';
import type { AccessPolicy } from './access';
import { dispatchSentryFix, type SentryDispatchDeps } from './sentry-dispatch';

export interface ReactionHandlerDeps {
  tasks: TaskDirectory;
  access: AccessPolicy;
  logger: Logger;
  /** Reaction names that dispatch a fix from a Sentry alert. */
  sentryReactions: string[];
  /** Unset when Sentry is not configured; Sentry reactions then get a hint. */
  sentry?: SentryDispatchDeps;
}

/** Reaction that cancels the task whose first message it is put on. */
export const cancelReaction = 'x';

type ReactionArgs = SlackEventMiddlewareArgs<'reaction_added'> & AllMiddlewareArgs;

/**
 * Registers the `reaction_added` listener: :x: on a task's first message cancels the task, and a
 * configured reaction on a Sentry alert dispatches a fix. Reactions in channels Deckhand does not
 * serve are ignored without any API call.
 */
export function registerReactionHandler(app: App, deps: ReactionHandlerDeps): void {
  app.event('reaction_added', async ({ event, client, context }: ReactionArgs) => {
    if (event.item.type !== 'message' || !deps.access.servesChannel(event.item.channel)) return;
    if (event.user === context.botUserId) return;
    const { channel, ts } = event.item;

    if (event.reaction === cancelReaction) {
      const task = await deps.tasks.forThread(channel, ts);
      if (task?.running) await deps.tasks.cancel(task.workflowId);
      return;
    }
    if (!deps.sentryReactions.includes(event.reaction)) return;
    const refusal = (await deps.access.mayDispatch(event.user)).allowed
      ? undefined
      : 'You may not dispatch Deckhand tasks.';
    if (refusal) {
      await client.chat.postEphemeral({ channel, user: event.user, text: refusal });
      return;
    }
    await onSentryReaction(deps, {
      client,
      channel,
      ts,
      userId: event.user,
      teamId: context.teamId ?? '',
    });
  });
}

interface SentryReaction {
  client: WebClient;
  channel: string;
  ts: string;
  userId: string;
  teamId: string;
}

async function onSentryReaction(
  deps: ReactionHandlerDeps,
  reaction: SentryReaction,
): Promise<void> {
  const { client, channel, ts, userId } = reaction;
  const message = await fetchMessage(client, channel, ts);
  // Only an app can post an alert; a person's message that copies an alert's blocks is not one.
  const fromApp = Boolean(message && (message.bot_id || message.app_id));
  const recognized =
    message && fromApp ? recognizeSentryAlert(message as SlackMessageLike) : undefined;
  if (!recognized || recognized.kind !== 'sentry_alert') {
    await client.chat.postEphemeral({
      channel,
      user: userId,
      text: `:${deps.sentryReactions[0] ?? 'robot_face'}: starts a fix only on an alert from Sentry's Slack integration. To ask for other work, mention Deckhand with the task.`,
    });
    return;
  }
  const threadTs = (message as { thread_ts?: string }).thread_ts ?? ts;
  if (!deps.sentry) {
    await client.chat.postMessage({
      channel,
      thread_ts: threadTs,
      text: 'Sentry is not configured for Deckhand: set SENTRY_URL and SENTRY_AUTH_TOKEN on the bot.',
    });
    return;
  }
  const { alert } = recognized;
  await dispatchSentryFix(deps.sentry, {
    client,
    issue: { issueId: alert.issueId, organization: alert.organization, url: alert.url },
    origin: {
      source: 'sentry_reaction',
      teamId: reaction.teamId,
      channel,
      messageTs: ts,
      threadTs,
      userId,
    },
  });
}

/**
 * Fetches one message: `conversations.history` finds a channel message, and a thread reply
 * needs `conversations.replies`, which accepts the reply's own timestamp.
 */
async function fetchMessage(client: WebClient, channel: string, ts: string) {
  const history = await client.conversations.history({
    channel,
    latest: ts,
    inclusive: true,
    limit: 1,
  });
  const found = history.messages?.find((message) => message.ts === ts);
  if (found) return found;
  const replies = await client.conversations.replies({
    channel,
    ts,
    latest: ts,
    inclusive: true,
    limit: 1,
  });
  return replies.messages?.find((message) => message.ts === ts);
}
