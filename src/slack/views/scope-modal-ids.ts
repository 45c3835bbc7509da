import { z } from 'zod';
import { SlackViewError } from './errors';
import { slackLimits } from './text';

/** `callback_id` of the scope modal; Bolt routes its `view_submission` with `app.view()`. */
export const scopeModalCallbackId = 'deckhand_scope';

/** `block_id`s of the scope modal's fixed input blocks, which `response_action: 'errors'` keys. */
export const scopeBlockIds = {
  task: 'deckhand_task',
  repositories: 'deckhand_repositories',
  agent: 'deckhand_agent',
  requireApproval: 'deckhand_require_approval',
  reportChannel: 'deckhand_report_channel',
} as const;

/** `action_id`s of the scope modal's elements; each is unique within its block. */
export const scopeActionIds = {
  task: 'deckhand_task_text',
  repositories: 'deckhand_repositories',
  agent: 'deckhand_agent',
  model: 'deckhand_model',
  requireApproval: 'deckhand_require_approval',
  reportChannel: 'deckhand_report_channel',
  role: 'deckhand_role',
  baseBranch: 'deckhand_base_branch',
  testCommand: 'deckhand_test_command',
} as const;

/** Value of the only option of the "wait for approval" checkbox. */
export const requireApprovalOptionValue = 'require_approval';

/** Per-repository inputs of the scope modal. */
export type RepositoryField = 'role' | 'baseBranch' | 'testCommand';

const repositoryBlockPrefixes: Record<RepositoryField, string> = {
  role: 'deckhand_repo_role:',
  baseBranch: 'deckhand_repo_branch:',
  testCommand: 'deckhand_repo_test:',
};

/**
 * Returns the `block_id` of one repository's input, such as `deckhand_repo_branch:acme/api`.
 * The id depends only on the slug, so Slack keeps what was typed when `views.update` rebuilds
 * the view with the same block and action ids.
 */
export function repositoryBlockId(field: RepositoryField, slug: string): string {
  return `${repositoryBlockPrefixes[field]}${slug}`;
}

/**
 * Returns the `block_id` of the model input for one agent. Each agent has its own block, so a
 * model chosen for one agent is dropped when the agent changes.
 */
export function modelBlockId(agent: string): string {
  return `deckhand_model:${agent}`;
}

/**
 * Origin of the scope modal: the channel and thread of a shortcut, slash command or
 * mention. Every field is optional because a global shortcut has no conversation.
 */
export const ScopeModalOrigin = z.object({
  teamId: z.string().min(1).optional(),
  channel: z.string().min(1).optional(),
  /** Thread root that the task reports in when the report channel is `channel`. */
  threadTs: z.string().min(1).optional(),
  /** Message that asked for the task, such as the target of a message shortcut. */
  messageTs: z.string().min(1).optional(),
});
export type ScopeModalOrigin = z.infer<typeof ScopeModalOrigin>;

const MetadataEnvelope = z.object({ v: z.literal(1), origin: ScopeModalOrigin });

/**
 * Encodes the origin as the view's `private_metadata` JSON.
 *
 * @throws SlackViewError `private_metadata_too_long` above Slack's 3,000-character limit.
 */
export function encodeScopeMetadata(origin: ScopeModalOrigin): string {
  const text = JSON.stringify({ v: 1, origin });
  if (text.length > slackLimits.privateMetadata) {
    throw new SlackViewError(
      'private_metadata_too_long',
      `The scope modal's private_metadata is ${text.length} characters; Slack accepts at most ${slackLimits.privateMetadata}.`,
    );
  }
  return text;
}

/**
 * Decodes `private_metadata` written by {@link encodeScopeMetadata}.
 *
 * @throws SlackViewError `invalid_private_metadata` if it is not that JSON.
 */
export function decodeScopeMetadata(text: string): ScopeModalOrigin {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SlackViewError(
      'invalid_private_metadata',
      'The scope modal private_metadata is not JSON.',
      { cause: error },
    );
  }
  const parsed = MetadataEnvelope.safeParse(data);
  if (!parsed.success) {
    throw new SlackViewError(
      'invalid_private_metadata',
      `The scope modal private_metadata does not match version 1: ${parsed.error.message}`,
    );
  }
  return parsed.data.origin;
}
