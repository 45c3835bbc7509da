import type { InputBlock, PlainTextOption } from '@slack/types';
import { type AgentName, agentNames } from '../../spec/task-spec';
import {
  modelBlockId,
  requireApprovalOptionValue,
  scopeActionIds,
  scopeBlockIds,
} from './scope-modal-ids';
import { plainText, slackLimits } from './text';

/** Builds the agent select; `dispatch_action` lets the model input follow the agent. */
export function agentBlock(agent: AgentName): InputBlock {
  const options = agentNames.map((name) => textOption(name));
  return {
    type: 'input',
    block_id: scopeBlockIds.agent,
    dispatch_action: true,
    label: plainText('Agent', slackLimits.inputLabel),
    element: {
      type: 'static_select',
      action_id: scopeActionIds.agent,
      options,
      initial_option: textOption(agent),
    },
  };
}

/**
 * Builds the model input of `agent`: a select of `choices`, or a text input when there are none.
 */
export function modelBlock(
  agent: AgentName,
  model: string | undefined,
  choices: readonly string[] | undefined,
): InputBlock {
  const base = {
    type: 'input' as const,
    block_id: modelBlockId(agent),
    optional: true,
    label: plainText(`Model for ${agent}`, slackLimits.inputLabel),
    hint: plainText("Leave empty to use the agent's default model.", slackLimits.inputHint),
  };
  if (choices === undefined || choices.length === 0) {
    return {
      ...base,
      element: {
        type: 'plain_text_input',
        action_id: scopeActionIds.model,
        placeholder: plainText('Model alias or id, such as sonnet', slackLimits.placeholder),
        ...(model === undefined ? {} : { initial_value: model }),
      },
    };
  }
  const values = model === undefined || choices.includes(model) ? choices : [model, ...choices];
  return {
    ...base,
    element: {
      type: 'static_select',
      action_id: scopeActionIds.model,
      placeholder: plainText('Choose a model', slackLimits.placeholder),
      options: values.slice(0, slackLimits.selectOptions).map((value) => textOption(value)),
      ...(model === undefined ? {} : { initial_option: textOption(model) }),
    },
  };
}

/** Builds the "wait for approval before pull requests" checkbox. */
export function approvalBlock(requireApproval: boolean): InputBlock {
  const option: PlainTextOption = {
    text: plainText('Wait for approval before opening pull requests', slackLimits.optionText),
    value: requireApprovalOptionValue,
  };
  return {
    type: 'input',
    block_id: scopeBlockIds.requireApproval,
    optional: true,
    label: plainText('Approval', slackLimits.inputLabel),
    element: {
      type: 'checkboxes',
      action_id: scopeActionIds.requireApproval,
      options: [option],
      ...(requireApproval ? { initial_options: [option] } : {}),
    },
  };
}

/** Builds the select of the channel that the task reports in. */
export function reportChannelBlock(channel: string | undefined): InputBlock {
  return {
    type: 'input',
    block_id: scopeBlockIds.reportChannel,
    label: plainText('Report in', slackLimits.inputLabel),
    hint: plainText('Deckhand posts the task status in a thread there.', slackLimits.inputHint),
    element: {
      type: 'conversations_select',
      action_id: scopeActionIds.reportChannel,
      // Slack fills in the conversation the modal was opened from; initial_conversation, set
      // when the origin is known, takes precedence.
      default_to_current_conversation: true,
      filter: { include: ['public', 'private'] },
      placeholder: plainText('Choose a channel', slackLimits.placeholder),
      ...(channel === undefined ? {} : { initial_conversation: channel }),
    },
  };
}

function textOption(value: string): PlainTextOption {
  return { text: plainText(value, slackLimits.optionText), value };
}
