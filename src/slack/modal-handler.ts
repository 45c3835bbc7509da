import type {
  App,
  BlockAction,
  BlockButtonAction,
  GlobalShortcut,
  ViewSubmitAction,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { AgentSettings } from '../agents/availability';
import type { Catalog } from '../catalog/catalog';
import type { Logger } from '../logger';
import type { TaskSpec } from '../spec/task-spec';
import type { TaskDirectory } from '../temporal/tasks';
import type { AccessPolicy } from './access';
import { handleScopeSubmission } from './modal-submission';
import { scopeRepositoriesActionId } from './scope-button';
import type { RunStarter } from './thread-actions';
import { repositoryOptions } from './views/repository-options';
import { buildScopeModal, rebuildScopeModal } from './views/scope-modal';
import {
  scopeActionIds,
  scopeModalCallbackId,
  type ScopeModalOrigin,
} from './views/scope-modal-ids';
import type { ModelChoices, ScopeModalValues } from './views/scope-modal-state';

/** `callback_id` of the global shortcut that opens the scope modal. */
export const scopeShortcutCallbackId = 'deckhand_scope';

/** Slash command that opens the scope modal when its text is empty or `scope`. */
export const scopeSlashCommand = '/deckhand';

/** Dependencies of {@link registerModalHandlers}. */
export interface ModalHandlerDeps {
  catalog: Catalog;
  tasks: TaskDirectory;
  access: AccessPolicy;
  /** Users and user groups who may dispatch, named when a submission is rejected. */
  dispatchers?: readonly string[];
  startRun: RunStarter;
  /** Keys and agent settings that decide whether the chosen agent can run; unchecked when unset. */
  agentSettings?: AgentSettings;
  /** Model ids offered per agent; agents without a list get a free-text model input. */
  models?: ModelChoices;
  logger: Logger;
}

/** An open view, as `views.open` and `views.update` return it. */
interface OpenView {
  id: string;
  hash: string;
}

/**
 * Registers the listeners of the scope modal. The global shortcut, the `/deckhand` slash
 * command and the "Scope repositories" thread button open it. A pick of repositories or of the
 * agent rebuilds it, and a submission starts a task. The repository `multi_external_select` of
 * large catalogs gets its options here.
 */
export function registerModalHandlers(app: App, deps: ModalHandlerDeps): void {
  app.shortcut<GlobalShortcut>(scopeShortcutCallbackId, async ({ ack, body, client }) => {
    await ack();
    const origin = body.team?.id ? { teamId: body.team.id } : {};
    await openScopeModal(deps, client, { triggerId: body.trigger_id, origin });
  });

  app.command(scopeSlashCommand, async ({ ack, command, client }) => {
    const text = command.text.trim();
    if (text !== '' && text.toLowerCase() !== 'scope') {
      await ack(
        `\`${scopeSlashCommand}\` takes no text, or \`scope\`; both open the task form. Mention @deckhand in a channel for anything else.`,
      );
      return;
    }
    await ack();
    const origin = { teamId: command.team_id, channel: command.channel_id };
    await openScopeModal(deps, client, { triggerId: command.trigger_id, origin });
  });

  app.action<BlockButtonAction>(scopeRepositoriesActionId, async ({ ack, body, client }) => {
    await ack();
    await openFromThread(deps, client, body);
  });

  for (const actionId of [scopeActionIds.repositories, scopeActionIds.agent]) {
    app.action<BlockAction>({ type: 'block_actions', action_id: actionId }, async (args) => {
      await args.ack();
      await refreshScopeModal(deps, args.client, args.body);
    });
  }

  app.options<'block_suggestion'>(scopeActionIds.repositories, async ({ ack, body }) => {
    await ack(repositoryOptions({ catalog: deps.catalog, query: body.value }));
  });

  app.view<ViewSubmitAction>(scopeModalCallbackId, async ({ ack, body, client }) => {
    await handleScopeSubmission(deps, { ack, body, client });
  });
}

/**
 * Opens the scope modal with `views.open`. Callers do no slow work before this call, because
 * Slack rejects a trigger id 3 seconds after it sent it. Returns undefined when Slack rejected
 * the call, which is logged.
 */
async function openScopeModal(
  deps: ModalHandlerDeps,
  client: WebClient,
  request: { triggerId: string; origin: ScopeModalOrigin },
): Promise<OpenView | undefined> {
  const view = buildScopeModal({
    catalog: deps.catalog,
    origin: request.origin,
    models: deps.models,
  });
  try {
    const opened = await client.views.open({ trigger_id: request.triggerId, view });
    return { id: opened.view?.id ?? '', hash: opened.view?.hash ?? '' };
  } catch (err) {
    deps.logger.warn({ err, origin: request.origin }, 'opening the scope modal failed');
    return undefined;
  }
}

/**
 * Opens the modal for the task thread of the pressed message, then fills it from the thread's
 * newest task. The lookup queries Temporal, so it runs after `views.open`.
 */
async function openFromThread(
  deps: ModalHandlerDeps,
  client: WebClient,
  body: BlockButtonAction,
): Promise<void> {
  const channel = body.channel?.id;
  const message = body.message;
  if (channel === undefined || message === undefined) return;
  const threadTs = message.thread_ts ?? message.ts;
  const origin: ScopeModalOrigin = {
    ...(body.team?.id ? { teamId: body.team.id } : {}),
    channel,
    threadTs,
    // The pressed message identifies the new task, so it gets a workflow id of its own.
    messageTs: message.ts,
  };
  const opened = await openScopeModal(deps, client, { triggerId: body.trigger_id, origin });
  if (opened === undefined) return;

  const task = await deps.tasks.forThread(channel, threadTs).catch((err: unknown) => {
    deps.logger.warn({ err, channel, threadTs }, 'task lookup for the scope modal failed');
    return undefined;
  });
  if (task === undefined) return;
  const spec = await deps.tasks.spec(task.workflowId).catch((err: unknown) => {
    deps.logger.warn(
      { err, workflowId: task.workflowId },
      'reading the task for the scope modal failed',
    );
    return undefined;
  });
  if (spec === undefined) return;
  const initial = { ...valuesOfTask(spec), reportChannel: channel };
  const view = buildScopeModal({ catalog: deps.catalog, origin, models: deps.models, initial });
  await updateScopeModal(deps, client, { ...opened, view });
}

/** Returns the modal values that repeat a task's text, repositories and agent settings. */
function valuesOfTask(spec: TaskSpec): ScopeModalValues {
  const repositoryInputs = Object.fromEntries(
    spec.repositories.map((repository) => [
      repository.slug.toLowerCase(),
      {
        role: repository.role,
        baseBranch: repository.baseBranch,
        testCommand: repository.testCommand,
      },
    ]),
  );
  return {
    taskText: spec.instructions,
    repositories: spec.repositories.map((repository) => repository.slug),
    repositoryInputs,
    agent: spec.agent,
    model: spec.model,
    requireApproval: spec.requireApproval,
  };
}

/** Rebuilds the open modal after a pick, so each chosen repository gets its inputs. */
async function refreshScopeModal(
  deps: ModalHandlerDeps,
  client: WebClient,
  body: BlockAction,
): Promise<void> {
  const current = body.view;
  if (current === undefined || current.callback_id !== scopeModalCallbackId) return;
  let view: ModalView;
  try {
    view = rebuildScopeModal({ catalog: deps.catalog, view: current, models: deps.models });
  } catch (err) {
    deps.logger.warn({ err, viewId: current.id }, 'rebuilding the scope modal failed');
    return;
  }
  await updateScopeModal(deps, client, { id: current.id, hash: current.hash, view });
}

/**
 * Replaces the open modal with `view`. Passing the hash makes Slack reject the update with
 * `hash_conflict` when another update landed since the payload's view was sent, so a slow fill
 * cannot overwrite picks made meanwhile.
 * NOTE: two quick picks can both carry the old hash, and then the second update is dropped even
 * though its state is newer. The view lacks that repository's inputs until the next pick, but a
 * submission still reads every picked repository from the state and uses catalog defaults.
 */
async function updateScopeModal(
  deps: ModalHandlerDeps,
  client: WebClient,
  update: OpenView & { view: ModalView },
): Promise<void> {
  try {
    await client.views.update({ view_id: update.id, hash: update.hash, view: update.view });
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code === 'hash_conflict') {
      deps.logger.debug({ viewId: update.id }, 'scope modal changed meanwhile; update dropped');
      return;
    }
    deps.logger.warn({ err, viewId: update.id }, 'updating the scope modal failed');
  }
}
