import type { ActionsBlock, Button, SectionBlock } from '@slack/types';
import { buildBlockActionsPayload } from '../../../src/standins/slack';
import { assertValidMessageBlocks } from '../../../src/standins/slack/block-limits';
import {
  approvalActionIds,
  approvalBlockIdPrefix,
  buildApprovalDecisionMessage,
  buildApprovalRequestMessage,
  decodeApprovalValue,
  encodeApprovalValue,
} from '../../../src/slack/views/approval';
import {
  buildRequestChangesModal,
  feedbackActionId,
  feedbackBlockId,
  parseRequestChangesSubmission,
  requestChangesCallbackId,
} from '../../../src/slack/views/approval-feedback';
import { SlackViewError } from '../../../src/slack/views/errors';
import { state, submit } from './fixtures';

const request = {
  workflowId: 'task-C0001-1718000000.000100',
  requestId: 'approval-1',
  requesterId: 'U0USER',
  summary: '*acme/api*: 3 files changed, tests pass',
};
const at = new Date('2026-03-01T09:30:00Z');

function actionsOf(blocks: unknown[]): ActionsBlock {
  return blocks.find((block) => (block as { type: string }).type === 'actions') as ActionsBlock;
}

describe('buildApprovalRequestMessage', () => {
  test('three buttons carrying the ids', () => {
    const message = buildApprovalRequestMessage(request);
    expect(() => assertValidMessageBlocks(message.blocks)).not.toThrow();
    const actions = actionsOf(message.blocks);
    expect(actions.block_id).toBe(`${approvalBlockIdPrefix}approval-1`);
    const buttons = actions.elements as Button[];
    expect(buttons.map((button) => button.action_id)).toEqual([
      approvalActionIds.approve,
      approvalActionIds.requestChanges,
      approvalActionIds.cancel,
    ]);
    for (const button of buttons) {
      expect(decodeApprovalValue(button.value)).toEqual({
        workflowId: request.workflowId,
        requestId: request.requestId,
      });
    }
    expect(buttons[0]?.style).toBe('primary');
    expect(buttons[2]?.style).toBe('danger');
    expect(buttons[2]?.confirm?.confirm?.text).toBe('Cancel task');
  });

  test('click payload value decodes', () => {
    const message = buildApprovalRequestMessage(request);
    const approve = (actionsOf(message.blocks).elements as Button[])[0]!;
    const payload = buildBlockActionsPayload({
      user: { id: 'U0APPROVER', username: 'bo' },
      channel: { id: 'C0001', name: 'dev' },
      message: {
        type: 'message',
        ts: '1718000001.000200',
        text: message.text,
        blocks: message.blocks,
      },
      actionId: approve.action_id!,
      blockId: `${approvalBlockIdPrefix}approval-1`,
      value: approve.value,
      triggerId: 'trigger',
      responseUrl: 'http://127.0.0.1/response',
    });
    const [action] = payload.actions as { action_id: string; value: string }[];
    expect(action?.action_id).toBe(approvalActionIds.approve);
    expect(decodeApprovalValue(action?.value).requestId).toBe('approval-1');
  });

  test('expiry shown as Slack date', () => {
    const message = buildApprovalRequestMessage({ ...request, expiresAt: at });
    const first = message.blocks[0] as SectionBlock;
    expect(first.text?.text).toContain(
      '<!date^1772357400^{date_short_pretty} at {time}|2026-03-01 09:30 UTC>',
    );
  });
});

describe('decodeApprovalValue', () => {
  test.each([undefined, '', 'nope', '{"w":"x"}', '[1]'])('rejects %p', (value) => {
    expect(() => decodeApprovalValue(value)).toThrow(SlackViewError);
  });

  test('value too long', () => {
    expect(() => encodeApprovalValue({ workflowId: 'w'.repeat(2000), requestId: 'r' })).toThrow(
      /at most 2000/,
    );
  });
});

describe('buildApprovalDecisionMessage', () => {
  test('approved by user at date', () => {
    const message = buildApprovalDecisionMessage({
      decision: 'approved',
      userId: 'U0APPROVER',
      at,
      summary: request.summary,
    });
    expect(message.text).toBe(
      ':white_check_mark: Approved by <@U0APPROVER> <!date^1772357400^{date_short_pretty} at {time}|2026-03-01 09:30 UTC>',
    );
    expect(message.blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  test('changes requested quotes escaped feedback', () => {
    const message = buildApprovalDecisionMessage({
      decision: 'changes_requested',
      userId: 'U0APPROVER',
      at,
      summary: request.summary,
      feedback: 'Keep <old> API\nand add a header',
    });
    const last = message.blocks[message.blocks.length - 1] as SectionBlock;
    expect(last.text?.text).toBe('> Keep &lt;old&gt; API\n> and add a header');
  });

  test('timed out names nobody', () => {
    const message = buildApprovalDecisionMessage({ decision: 'timed_out', at, summary: 's' });
    expect(message.text).toContain('expired');
    expect(message.text).not.toContain('<@');
  });
});

describe('request changes modal', () => {
  const target = { ...request, channel: 'C0001', messageTs: '1718000001.000200' };
  const { requesterId: _requester, summary: _summary, ...feedbackTarget } = target;

  test('one multiline input', () => {
    const view = buildRequestChangesModal(feedbackTarget);
    expect(view.callback_id).toBe(requestChangesCallbackId);
    expect(view.blocks).toHaveLength(1);
    expect(view.blocks[0]).toMatchObject({
      type: 'input',
      block_id: feedbackBlockId,
      element: { type: 'plain_text_input', action_id: feedbackActionId, multiline: true },
    });
  });

  test('submission returns feedback and target', () => {
    const view = submit(buildRequestChangesModal(feedbackTarget), {
      [feedbackBlockId]: { [feedbackActionId]: state.text('  Rename the flag  ') },
    });
    expect(parseRequestChangesSubmission(view)).toEqual({
      ok: true,
      feedback: 'Rename the flag',
      target: feedbackTarget,
    });
  });

  test('blank feedback is an inline error', () => {
    const view = submit(buildRequestChangesModal(feedbackTarget), {
      [feedbackBlockId]: { [feedbackActionId]: state.text(' ') },
    });
    expect(parseRequestChangesSubmission(view)).toEqual({
      ok: false,
      response: {
        response_action: 'errors',
        errors: { [feedbackBlockId]: 'Describe what the agent should change.' },
      },
    });
  });

  test('foreign metadata', () => {
    expect(() =>
      parseRequestChangesSubmission({ private_metadata: '{}', state: { values: {} } }),
    ).toThrow(SlackViewError);
  });
});
