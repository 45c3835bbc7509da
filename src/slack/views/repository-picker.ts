import type { KnownBlock, MultiExternalSelect, MultiStaticSelect } from '@slack/types';
import { z } from 'zod';
import type { Catalog } from '../../catalog/catalog';
import type { EphemeralMessage } from '../access';
import type { SlackMessageContent } from './approval';
import { SlackViewError } from './errors';
import {
  findRepositoryByOptionValue,
  maxStaticRepositoryOptions,
  repositoryOption,
} from './repository-options';
import { maxRepositoriesPerTask } from './scope-modal';
import { mrkdwn, plainText, slackLimits } from './text';
import { readSelectedValues, type ViewStateValues } from './view-state';

/** `action_id`s of the picker's select and its Start button. */
export const repositoryPickerActionIds = {
  select: 'deckhand_pick_repositories',
  start: 'deckhand_pick_start',
} as const;

/** Prefix of the picker's actions `block_id`; the original message's ts follows it. */
export const repositoryPickerBlockIdPrefix = 'deckhand_repo_picker:';

/** The message that asked for a task without naming a repository, and who sent it. */
export interface PickerRequest {
  /** Timestamp of the message whose task waits for repositories. */
  messageTs: string;
  /** User who requested the task, and the only one who may use the picker. */
  requesterId: string;
}

const StartValue = z.object({ ts: z.string().min(1), u: z.string().min(1) });

/**
 * Builds the thread reply that prompts the requester to pick repositories. The select sits in
 * an actions block whose `block_id` carries the message ts, and the Start button's `value`
 * carries the ts and the requester. Slack sends `block_actions` on each pick and on Start;
 * only Start should dispatch, reading the picks from `state.values`.
 */
export function buildRepositoryPicker(options: {
  catalog: Catalog;
  request: PickerRequest;
}): SlackMessageContent {
  const { catalog, request } = options;
  const common = {
    action_id: repositoryPickerActionIds.select,
    max_selected_items: maxRepositoriesPerTask,
    placeholder: plainText('Choose repositories', slackLimits.placeholder),
  };
  const select: MultiStaticSelect | MultiExternalSelect =
    catalog.repositories.length <= maxStaticRepositoryOptions
      ? {
          type: 'multi_static_select',
          ...common,
          options: catalog.repositories.map(repositoryOption),
        }
      : { type: 'multi_external_select', ...common, min_query_length: 1 };
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(
        `<@${request.requesterId}>, which repositories should this task change? Name them in the message next time, for example "in backend", or set \`repo:owner/name\` in the channel topic.`,
      ),
    },
    {
      type: 'actions',
      block_id: `${repositoryPickerBlockIdPrefix}${request.messageTs}`,
      elements: [
        select,
        {
          type: 'button',
          action_id: repositoryPickerActionIds.start,
          text: plainText('Start task', slackLimits.buttonText),
          style: 'primary',
          value: JSON.stringify({ ts: request.messageTs, u: request.requesterId }),
        },
      ],
    },
  ];
  return { text: 'Which repositories should this task change?', blocks };
}

/** A Start click on the picker, read from its `block_actions` payload. */
export interface PickerAnswer extends PickerRequest {
  /** Catalog slugs picked, in order. */
  slugs: string[];
  /** Picked option values that no catalog repository has. */
  unknownValues: string[];
}

/**
 * Reads a Start click: the request from the button `value` and the picks from the payload's
 * `state.values` under the same actions block.
 *
 * @throws SlackViewError `invalid_action_value` if the value is not the picker's JSON.
 */
export function readPickerAnswer(options: {
  catalog: Catalog;
  /** `actions[0]` of the payload. */
  action: { block_id: string; value?: string };
  /** `state.values` of the payload. */
  values: ViewStateValues;
}): PickerAnswer {
  const request = decodeStartValue(options.action.value);
  const picked = readSelectedValues(options.values, {
    blockId: options.action.block_id,
    actionId: repositoryPickerActionIds.select,
  });
  const slugs: string[] = [];
  const unknownValues: string[] = [];
  for (const value of picked) {
    const repository = findRepositoryByOptionValue(options.catalog, value);
    if (repository === undefined) unknownValues.push(value);
    else if (!slugs.includes(repository.slug)) slugs.push(repository.slug);
  }
  return { ...request, slugs, unknownValues };
}

/** Reports whether `userId` may use the picker, which only the requester may. */
export function mayAnswerPicker(options: { userId: string; request: PickerRequest }): boolean {
  return options.userId === options.request.requesterId;
}

/** Builds the ephemeral reply to someone other than the requester using the picker. */
export function pickerRejection(options: {
  channel: string;
  userId: string;
  request: PickerRequest;
  threadTs?: string;
}): EphemeralMessage {
  return {
    channel: options.channel,
    user: options.userId,
    text: `Only <@${options.request.requesterId}>, who asked for this task, may choose its repositories.`,
    ...(options.threadTs === undefined ? {} : { thread_ts: options.threadTs }),
  };
}

function decodeStartValue(value: string | undefined): PickerRequest {
  let data: unknown;
  try {
    data = JSON.parse(value ?? '');
  } catch (error) {
    throw new SlackViewError('invalid_action_value', 'The picker button value is not JSON.', {
      cause: error,
    });
  }
  const parsed = StartValue.safeParse(data);
  if (!parsed.success) {
    throw new SlackViewError(
      'invalid_action_value',
      'The picker button value lacks the message ts or the requester.',
    );
  }
  return { messageTs: parsed.data.ts, requesterId: parsed.data.u };
}
