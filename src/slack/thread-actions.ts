import { createHash } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Catalog } from '../catalog/catalog';
import type { Logger } from '../logger';
import type { TaskSpec } from '../spec/task-spec';
import type { TaskDirectory, TaskRef } from '../temporal/tasks';
import { escapeMrkdwn, renderStatus } from '../../workflows/messages';
import { parseThreadCommand } from './thread-commands';

/** Starts a run of a task: the first, a follow-up on an ended task, or a retry. */
export type RunStarter = (
  spec: TaskSpec,
  run?: { followUp?: { text: string; userId: string; ts: string }; retryTs?: string },
) => Promise<{ workflowId: string; started: boolean }>;

export interface ThreadActionDeps {
  catalog: Catalog;
  tasks: TaskDirectory;
  startTask: RunStarter;
  logger: Logger;
  /**
   * Whether a person may steer, cancel or retry tasks: the same people who may dispatch them.
   * Everyone may when unset.
   */
  maySteer?: (userId: string) => Promise<boolean>;
}

/** A human message in the thread of an existing task. */
export interface ThreadMessage {
  client: WebClient;
  channel: string;
  threadTs: string;
  ts: string;
  userId: string;
  text: string;
  botUserId: string;
  task: TaskRef;
}

/**
 * Acts on a message in a task thread: `status`, `cancel` and `retry` are commands; anything else
 * is a follow-up instruction. A follow-up reaches the running agents' next attempt, or, when the
 * task has ended, starts a follow-up run that adds commits to the same branches and pull requests.
 */
export async function handleThreadMessage(
  deps: ThreadActionDeps,
  message: ThreadMessage,
): Promise<void> {
  const reply = (text: string) =>
    message.client.chat.postMessage({
      channel: message.channel,
      thread_ts: message.threadTs,
      text,
    });
  const command = parseThreadCommand({
    text: message.text,
    botUserId: message.botUserId,
    catalog: deps.catalog,
  });
  const log = deps.logger.child({ workflowId: message.task.workflowId, channel: message.channel });

  if (command.kind !== 'empty' && command.kind !== 'status' && deps.maySteer) {
    if (!(await deps.maySteer(message.userId))) {
      await message.client.chat.postEphemeral({
        channel: message.channel,
        user: message.userId,
        thread_ts: message.threadTs,
        text: 'Only people who may dispatch Deckhand tasks may steer, cancel or retry them. Ask an admin to add you to DECKHAND_DISPATCHERS.',
      });
      return;
    }
  }
  switch (command.kind) {
    case 'empty':
      return;
    case 'status':
      await reply(await describeStatus(deps, message.task));
      return;
    case 'cancel': {
      const cancelled = await deps.tasks.cancel(message.task.workflowId);
      if (!cancelled) await reply('This task has already finished; there is nothing to cancel.');
      log.info({ cancelled, userId: message.userId }, 'cancel requested in thread');
      return;
    }
    case 'retry': {
      if (message.task.running) {
        await reply('This task is still running. Say `cancel` first, then `retry`.');
        return;
      }
      const spec = await deps.tasks.spec(message.task.rootWorkflowId);
      // Named after the run it retries, so retries sent at the same moment start one run.
      const retryOf = createHash('sha256')
        .update(message.task.workflowId)
        .digest('hex')
        .slice(0, 8);
      const started = await deps.startTask(spec, { retryTs: retryOf });
      if (started.started) await reply('Retrying the task from the start.');
      return;
    }
    case 'list':
    case 'settings':
      await reply(`Say \`@deckhand ${command.kind}\` in the channel, outside a task thread.`);
      return;
    case 'unknown_target':
      await reply(
        `\`${escapeMrkdwn(command.name)}\` is not a repository of the catalog, so the instruction was not sent. Start it with a repository's name or alias, such as \`backend: …\`, or leave the name out to address every repository.`,
      );
      return;
    case 'follow_up':
      await sendFollowUp(deps, message, {
        text: command.instruction,
        repository: command.target?.slug,
      });
  }
}

async function sendFollowUp(
  deps: ThreadActionDeps,
  message: ThreadMessage,
  followUp: { text: string; repository?: string },
): Promise<void> {
  const entry = { ...followUp, userId: message.userId, ts: message.ts };
  const spec = await deps.tasks.spec(message.task.rootWorkflowId);
  if (followUp.repository && !spec.repositories.some((repo) => repo.slug === followUp.repository)) {
    await message.client.chat.postMessage({
      channel: message.channel,
      thread_ts: message.threadTs,
      text: `${followUp.repository} is not part of this task, so the instruction was not sent. Start a new task for it, or address one of: ${spec.repositories.map((repo) => repo.slug).join(', ')}.`,
    });
    return;
  }
  if (message.task.running) {
    await deps.tasks.sendFollowUp(message.task.workflowId, entry);
    return;
  }
  const repositories = followUp.repository
    ? spec.repositories.filter((repo) => repo.slug === followUp.repository)
    : spec.repositories;
  await deps.startTask({ ...spec, repositories }, { followUp: entry });
}

async function describeStatus(deps: ThreadActionDeps, task: TaskRef): Promise<string> {
  const [spec, status] = await Promise.all([
    deps.tasks.spec(task.workflowId),
    deps.tasks.status(task.workflowId),
  ]);
  return renderStatus({ spec, progress: status.progress, finished: status.finished }).text;
}
