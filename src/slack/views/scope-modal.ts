import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import type { Catalog, CatalogRepository } from '../../catalog/catalog';
import { agentNames } from '../../spec/task-spec';
import {
  encodeScopeMetadata,
  repositoryBlockId,
  scopeActionIds,
  scopeBlockIds,
  scopeModalCallbackId,
  type ScopeModalOrigin,
} from './scope-modal-ids';
import { maxStaticRepositoryOptions, repositoryOption } from './repository-options';
import { agentBlock, approvalBlock, modelBlock, reportChannelBlock } from './scope-modal-fields';
import {
  readScopeModalValues,
  type ModelChoices,
  type ScopeModalValues,
} from './scope-modal-state';
import { escapeMrkdwn, mrkdwn, plainText, slackLimits } from './text';
import type { ViewStateValues } from './view-state';

/** Blocks that every scope modal contains: task, repositories, agent, model, approval, channel. */
const fixedBlockCount = 6;

/** Blocks added per chosen repository: a heading, then role, base branch and test command. */
const blocksPerRepository = 4;

/**
 * Most repositories one modal task can name, so that the view stays within Slack's 100-block
 * limit: (100 - 6 fixed blocks) / 4 blocks per repository, rounded down, which is 23.
 */
export const maxRepositoriesPerTask = Math.floor(
  (slackLimits.viewBlocks - fixedBlockCount) / blocksPerRepository,
);

/** Input to {@link buildScopeModal}. */
export interface ScopeModalOptions {
  catalog: Catalog;
  /** Stored in `private_metadata` and read back on submission. */
  origin: ScopeModalOrigin;
  /** Model ids offered per agent; agents without a list get a free-text model input. */
  models?: ModelChoices;
  /** Values to show; unset fields fall back to the channel's catalog defaults. */
  initial?: ScopeModalValues;
}

/**
 * Builds the modal that scopes a task: task text, repositories, per-repository role, base
 * branch and test command, agent, model, the approval checkbox and the report channel. The
 * repositories and agent inputs set `dispatch_action`, so Slack sends `block_actions` on each
 * change and the caller calls `views.update` with {@link rebuildScopeModal}'s view.
 */
export function buildScopeModal(options: ScopeModalOptions): ModalView {
  const initial = options.initial ?? {};
  const defaults = options.catalog.channels[options.origin.channel ?? ''];
  const agent = initial.agent ?? defaults?.agent ?? agentNames[0];
  const model = initial.model ?? (initial.agent === undefined ? defaults?.model : undefined);
  const chosen = chosenRepositories(options.catalog, initial.repositories ?? []);

  const blocks: KnownBlock[] = [
    taskBlock(initial.taskText),
    repositoriesBlock(options.catalog, chosen),
    ...chosen.flatMap((repository) => repositoryBlocks(repository, initial)),
    agentBlock(agent),
    modelBlock(agent, model, options.models?.[agent]),
    approvalBlock(initial.requireApproval ?? false),
    reportChannelBlock(initial.reportChannel ?? options.origin.channel),
  ];
  return {
    type: 'modal',
    callback_id: scopeModalCallbackId,
    private_metadata: encodeScopeMetadata(options.origin),
    title: plainText('New Deckhand task', slackLimits.modalTitle),
    submit: plainText('Start task', slackLimits.modalButton),
    close: plainText('Cancel', slackLimits.modalButton),
    blocks,
  };
}

/**
 * Rebuilds the scope modal from an open view's `private_metadata` and `state.values`, adding
 * inputs for newly chosen repositories and keeping everything typed so far.
 *
 * @throws SlackViewError `invalid_private_metadata` if the metadata is not Deckhand's.
 */
export function rebuildScopeModal(options: {
  catalog: Catalog;
  view: { private_metadata: string; state: { values: ViewStateValues } };
  models?: ModelChoices;
}): ModalView {
  const { origin, values } = readScopeModalValues({
    catalog: options.catalog,
    privateMetadata: options.view.private_metadata,
    values: options.view.state.values,
  });
  return buildScopeModal({
    catalog: options.catalog,
    origin,
    models: options.models,
    initial: values,
  });
}

function chosenRepositories(catalog: Catalog, slugs: readonly string[]): CatalogRepository[] {
  const wanted = new Set(slugs.map((slug) => slug.toLowerCase()));
  return catalog.repositories
    .filter((repository) => wanted.has(repository.slug.toLowerCase()))
    .sort(
      (first, second) =>
        slugs.findIndex((slug) => slug.toLowerCase() === first.slug.toLowerCase()) -
        slugs.findIndex((slug) => slug.toLowerCase() === second.slug.toLowerCase()),
    )
    .slice(0, maxRepositoriesPerTask);
}

function taskBlock(taskText: string | undefined): InputBlock {
  return {
    type: 'input',
    block_id: scopeBlockIds.task,
    label: plainText('Task', slackLimits.inputLabel),
    hint: plainText(
      'The first line becomes the pull request title. Headings such as "Requirements:" and bullet lists are kept as sections.',
      slackLimits.inputHint,
    ),
    element: {
      type: 'plain_text_input',
      action_id: scopeActionIds.task,
      multiline: true,
      max_length: slackLimits.plainTextInputValue,
      placeholder: plainText('What should change, and why?', slackLimits.placeholder),
      ...(taskText === undefined ? {} : { initial_value: taskText }),
    },
  };
}

function repositoriesBlock(catalog: Catalog, chosen: readonly CatalogRepository[]): InputBlock {
  const initialOptions = chosen.map(repositoryOption);
  const common = {
    action_id: scopeActionIds.repositories,
    max_selected_items: maxRepositoriesPerTask,
    ...(initialOptions.length === 0 ? {} : { initial_options: initialOptions }),
  };
  const isStatic = catalog.repositories.length <= maxStaticRepositoryOptions;
  return {
    type: 'input',
    block_id: scopeBlockIds.repositories,
    dispatch_action: true,
    label: plainText('Repositories', slackLimits.inputLabel),
    hint: plainText(
      `Pick up to ${maxRepositoriesPerTask}. Each one gets a role, base branch and test command below.`,
      slackLimits.inputHint,
    ),
    element: isStatic
      ? {
          type: 'multi_static_select',
          ...common,
          options: catalog.repositories.map(repositoryOption),
          placeholder: plainText('Choose repositories', slackLimits.placeholder),
        }
      : {
          type: 'multi_external_select',
          ...common,
          min_query_length: 1,
          placeholder: plainText('Type a repository name or alias', slackLimits.placeholder),
        },
  };
}

function repositoryBlocks(repository: CatalogRepository, initial: ScopeModalValues): KnownBlock[] {
  const typed = initial.repositoryInputs?.[repository.slug.toLowerCase()] ?? {};
  const testHint = repository.testCommand
    ? `Empty runs the catalog's command: ${repository.testCommand}`
    : 'Empty runs the command from the repository rule file, if any.';
  return [
    { type: 'section', text: mrkdwn(`*${escapeMrkdwn(repository.slug)}*`) },
    textInput({
      blockId: repositoryBlockId('role', repository.slug),
      actionId: scopeActionIds.role,
      label: `Role of ${repository.slug}`,
      placeholder: 'What this repository changes, such as "adds the verification endpoint"',
      initialValue: typed.role,
      optional: true,
    }),
    textInput({
      blockId: repositoryBlockId('baseBranch', repository.slug),
      actionId: scopeActionIds.baseBranch,
      label: `Base branch of ${repository.slug}`,
      placeholder: 'Branch that the pull request targets',
      initialValue: typed.baseBranch ?? repository.baseBranch,
      optional: false,
    }),
    textInput({
      blockId: repositoryBlockId('testCommand', repository.slug),
      actionId: scopeActionIds.testCommand,
      label: `Test command for ${repository.slug}`,
      placeholder: testHint,
      initialValue: typed.testCommand,
      optional: true,
    }),
  ];
}

function textInput(options: {
  blockId: string;
  actionId: string;
  label: string;
  placeholder: string;
  initialValue: string | undefined;
  optional: boolean;
}): InputBlock {
  return {
    type: 'input',
    block_id: options.blockId,
    optional: options.optional,
    label: plainText(options.label, slackLimits.inputLabel),
    element: {
      type: 'plain_text_input',
      action_id: options.actionId,
      placeholder: plainText(options.placeholder, slackLimits.placeholder),
      ...(options.initialValue === undefined ? {} : { initial_value: options.initialValue }),
    },
  };
}
