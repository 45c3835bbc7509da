import type { ActionsBlock, Button } from '@slack/types';
import { buildBlockActionsPayload } from '../../../src/standins/slack';
import { assertValidMessageBlocks } from '../../../src/standins/slack/block-limits';
import { SlackViewError } from '../../../src/slack/views/errors';
import {
  buildRepositoryPicker,
  mayAnswerPicker,
  pickerRejection,
  readPickerAnswer,
  repositoryPickerActionIds,
  repositoryPickerBlockIdPrefix,
} from '../../../src/slack/views/repository-picker';
import type { ViewStateValues } from '../../../src/slack/views/view-state';
import { catalog, largeCatalog, state } from './fixtures';

const request = { messageTs: '1718000000.000100', requesterId: 'U0USER' };

function actionsOf(blocks: unknown[]): ActionsBlock {
  return blocks.find((block) => (block as { type: string }).type === 'actions') as ActionsBlock;
}

describe('buildRepositoryPicker', () => {
  test('select and start button', () => {
    const message = buildRepositoryPicker({ catalog, request });
    expect(() => assertValidMessageBlocks(message.blocks)).not.toThrow();
    const actions = actionsOf(message.blocks);
    expect(actions.block_id).toBe(`${repositoryPickerBlockIdPrefix}${request.messageTs}`);
    expect(actions.elements[0]).toMatchObject({
      type: 'multi_static_select',
      action_id: repositoryPickerActionIds.select,
    });
    expect(actions.elements[0]).toHaveProperty('options.length', 2);
    expect((actions.elements[1] as Button).action_id).toBe(repositoryPickerActionIds.start);
  });

  test('external select for large catalogs', () => {
    const message = buildRepositoryPicker({ catalog: largeCatalog(101), request });
    expect(actionsOf(message.blocks).elements[0]?.type).toBe('multi_external_select');
  });
});

describe('readPickerAnswer', () => {
  test('reads start click payload', () => {
    const message = buildRepositoryPicker({ catalog, request });
    const actions = actionsOf(message.blocks);
    const start = actions.elements[1] as Button;
    const payload = buildBlockActionsPayload({
      user: { id: 'U0USER', username: 'ana' },
      channel: { id: 'C0001', name: 'dev' },
      message: {
        type: 'message',
        ts: '1718000002.000300',
        text: message.text,
        blocks: message.blocks,
      },
      actionId: start.action_id!,
      blockId: actions.block_id!,
      value: start.value,
      triggerId: 'trigger',
      responseUrl: 'http://127.0.0.1/response',
    });
    const values: ViewStateValues = {
      [actions.block_id!]: {
        [repositoryPickerActionIds.select]: state.multi(['acme/web', 'acme/gone', 'acme/web']),
      },
    };
    const [action] = payload.actions as { block_id: string; value?: string }[];
    const answer = readPickerAnswer({ catalog, action: action!, values });
    expect(answer).toEqual({ ...request, slugs: ['acme/web'], unknownValues: ['acme/gone'] });
  });

  test('rejects foreign value', () => {
    expect(() =>
      readPickerAnswer({ catalog, action: { block_id: 'x', value: '{}' }, values: {} }),
    ).toThrow(SlackViewError);
  });
});

describe('mayAnswerPicker', () => {
  test('only the requester', () => {
    expect(mayAnswerPicker({ userId: 'U0USER', request })).toBe(true);
    expect(mayAnswerPicker({ userId: 'U0OTHER', request })).toBe(false);
    expect(pickerRejection({ channel: 'C1', userId: 'U0OTHER', request }).text).toBe(
      'Only <@U0USER>, who asked for this task, may choose its repositories.',
    );
  });
});
