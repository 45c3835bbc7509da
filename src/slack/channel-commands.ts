import type { Catalog } from '../catalog/catalog';
import { describeResolution, resolveRepositories } from '../spec/resolve-repositories';
import type { TaskDirectory } from '../temporal/tasks';
import type { MentionCommand } from './mention-handler';
import { handleThreadMessage, type ThreadActionDeps } from './thread-actions';
import { parseThreadCommand } from './thread-commands';

export interface ChannelCommandDeps extends ThreadActionDeps {
  catalog: Catalog;
  tasks: TaskDirectory;
}

/**
 * Handles mentions that are not new tasks: any mention in the thread of an existing task (a
 * command or a follow-up), and `@deckhand list` or `@deckhand settings` in a channel. Returns
 * false for a mention that should become a new task.
 */
export async function handleMentionCommand(
  deps: ChannelCommandDeps,
  mention: MentionCommand,
): Promise<boolean> {
  const reply = (text: string) =>
    mention.client.chat.postMessage({
      channel: mention.channel,
      thread_ts: mention.threadTs ?? mention.ts,
      text,
    });
  if (mention.threadTs) {
    const task = await deps.tasks.forThread(mention.channel, mention.threadTs);
    if (task) {
      await handleThreadMessage(deps, { ...mention, threadTs: mention.threadTs, task });
      return true;
    }
  }
  const command = parseThreadCommand({
    text: mention.text,
    botUserId: mention.botUserId,
    catalog: deps.catalog,
  });
  if (command.kind === 'list') {
    const running = await deps.tasks.runningIn(mention.channel);
    const lines = running.map(
      (task, index) =>
        `${index + 1}. \`${task.workflowId}\`, started <!date^${Math.floor(task.startTime.getTime() / 1000)}^{date_short} {time}|${task.startTime.toISOString()}>`,
    );
    await reply(
      lines.length > 0
        ? `Running tasks in this channel:\n${lines.join('\n')}`
        : 'No tasks are running in this channel.',
    );
    return true;
  }
  if (command.kind === 'settings') {
    const info = await mention.client.conversations
      .info({ channel: mention.channel })
      .catch(() => undefined);
    const topic = (info?.channel as { topic?: { value?: string } } | undefined)?.topic?.value;
    const resolution = resolveRepositories({
      catalog: deps.catalog,
      channel: mention.channel,
      channelTopic: topic,
    });
    await reply(`Repositories for tasks that name none:\n${describeResolution(resolution)}`);
    return true;
  }
  return false;
}
