import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Catalog } from '../catalog/catalog';
import type { Logger } from '../logger';
import type { SlackOrigin } from '../spec/task-spec';
import { dispatchMention, type MentionHandlerDeps } from './mention-handler';
import { postOnce } from './post-once';
import { repositoryOptions } from './views/repository-options';
import type { ViewStateValues } from './views/view-state';
import {
  buildRepositoryPicker,
  mayAnswerPicker,
  pickerRejection,
  readPickerAnswer,
  repositoryPickerActionIds,
} from './views/repository-picker';

/**
 * Posts the repository picker in the thread of a mention that names no repository and for which
 * no default applies; the task waits for the requester's answer.
 */
export async function askForRepositories(
  catalog: Catalog,
  request: { client: WebClient; origin: SlackOrigin; botUserId: string },
): Promise<void> {
  const { client, origin } = request;
  const picker = buildRepositoryPicker({
    catalog,
    request: { messageTs: origin.messageTs, requesterId: origin.userId },
  });
  await postOnce(client, {
    channel: origin.channel,
    threadTs: origin.threadTs,
    key: `picker:${origin.messageTs}`,
    text: picker.text,
    blocks: picker.blocks,
    checkFirst: true,
    botUserId: request.botUserId,
  });
}

/**
 * Registers the picker's actions. Picking repositories only updates the selection; Start reads
 * it and dispatches the original mention with those repositories. The task's workflow id comes
 * from the original message, so a second Start starts nothing.
 */
export function registerPickerHandlers(
  app: App,
  deps: MentionHandlerDeps & { logger: Logger },
): void {
  app.action(repositoryPickerActionIds.select, async ({ ack }) => {
    await ack();
  });
  // Catalogs over 100 repositories get an external select, whose options Slack asks for here.
  app.options(repositoryPickerActionIds.select, async ({ ack, payload }) => {
    await ack(repositoryOptions({ catalog: deps.catalog, query: payload.value ?? '' }) as never);
  });
  app.action<BlockAction<ButtonAction>>(
    repositoryPickerActionIds.start,
    async ({ ack, body, action, client, context }) => {
      await ack();
      const channel = body.channel?.id ?? '';
      const threadTs = body.message?.thread_ts ?? body.message?.ts ?? '';
      const answer = readPickerAnswer({
        catalog: deps.catalog,
        action: { block_id: action.block_id, value: action.value },
        values: (body.state?.values ?? {}) as ViewStateValues,
      });
      if (!mayAnswerPicker({ userId: body.user.id, request: answer })) {
        await client.chat.postEphemeral(
          pickerRejection({ channel, userId: body.user.id, request: answer, threadTs }),
        );
        return;
      }
      if (answer.slugs.length === 0) {
        await client.chat.postEphemeral({
          channel,
          user: body.user.id,
          thread_ts: threadTs,
          text: 'Pick at least one repository, then press Start.',
        });
        return;
      }
      const original = await findMessage(client, { channel, threadTs, ts: answer.messageTs });
      if (!original?.text) {
        await client.chat.postEphemeral({
          channel,
          user: body.user.id,
          thread_ts: threadTs,
          text: 'The message that asked for this task is gone, so there is nothing to start.',
        });
        return;
      }
      await dispatchMention(deps, {
        client,
        origin: {
          source: 'mention',
          teamId: context.teamId ?? body.team?.id ?? '',
          channel,
          messageTs: answer.messageTs,
          threadTs,
          userId: answer.requesterId,
        },
        text: original.text,
        botUserId: context.botUserId ?? '',
        redelivered: true,
        log: deps.logger.child({ channel, ts: answer.messageTs }),
        pickedRepositories: answer.slugs,
      });
    },
  );
}

async function findMessage(
  client: WebClient,
  ref: { channel: string; threadTs: string; ts: string },
) {
  const replies = await client.conversations
    .replies({ channel: ref.channel, ts: ref.threadTs, limit: 200 })
    .catch(() => undefined);
  return replies?.messages?.find((message) => message.ts === ref.ts);
}
