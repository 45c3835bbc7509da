import { randomBytes } from 'node:crypto';
import type { SlackMessage, SlackView, SlackWorkspaceIdentity } from './types';
import { defaultIdentity } from './workspace';

/** The person who clicked or submitted, as interaction payloads name them. */
export interface InteractingUser {
  id: string;
  username: string;
}

function userField(user: InteractingUser, identity: SlackWorkspaceIdentity) {
  return { id: user.id, username: user.username, name: user.username, team_id: identity.teamId };
}

function actionTs(): string {
  return `${(Date.now() / 1000).toFixed(6)}`;
}

/** A button click inside a message, for `buildBlockActionsPayload`. */
export interface BlockActionsOptions {
  user: InteractingUser;
  channel: { id: string; name: string };
  /** The message holding the button, as the stand-in stored it. */
  message: SlackMessage;
  actionId: string;
  blockId: string;
  value?: string;
  /** Button label; defaults to the action id. */
  text?: string;
  /** Issue it with `SlackStandIn.issueTriggerId` so `views.open` accepts it. */
  triggerId: string;
  /** Issue it with `SlackStandIn.responseUrl` so posts to it stay on loopback. */
  responseUrl: string;
  /** Values of the message's input elements, keyed by `block_id` then `action_id`. */
  stateValues?: Record<string, Record<string, unknown>>;
  identity?: Partial<SlackWorkspaceIdentity>;
  verificationToken?: string;
}

/** Builds a `block_actions` payload for a button click in a channel message. */
export function buildBlockActionsPayload(options: BlockActionsOptions): Record<string, unknown> {
  const identity = { ...defaultIdentity, ...options.identity };
  return {
    type: 'block_actions',
    user: userField(options.user, identity),
    api_app_id: identity.appId,
    token: options.verificationToken ?? 'deckhand-verification-token',
    container: {
      type: 'message',
      message_ts: options.message.ts,
      channel_id: options.channel.id,
      is_ephemeral: false,
      ...(options.message.thread_ts === undefined ? {} : { thread_ts: options.message.thread_ts }),
    },
    trigger_id: options.triggerId,
    team: { id: identity.teamId, domain: identity.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: options.channel,
    message: options.message,
    state: { values: options.stateValues ?? {} },
    response_url: options.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: options.actionId,
        block_id: options.blockId,
        text: { type: 'plain_text', text: options.text ?? options.actionId, emoji: true },
        ...(options.value === undefined ? {} : { value: options.value }),
        action_ts: actionTs(),
      },
    ],
  };
}

/** A modal submission, for `buildViewSubmissionPayload`. */
export interface ViewSubmissionOptions {
  user: InteractingUser;
  /** The open view as `views.open` returned it. */
  view: SlackView;
  /** Input values keyed by block id, then action id, as in `view.state.values`. */
  values: Record<string, Record<string, unknown>>;
  triggerId?: string;
  identity?: Partial<SlackWorkspaceIdentity>;
  verificationToken?: string;
}

/** Builds a `view_submission` payload carrying the submitted input values. */
export function buildViewSubmissionPayload(
  options: ViewSubmissionOptions,
): Record<string, unknown> {
  const identity = { ...defaultIdentity, ...options.identity };
  return {
    type: 'view_submission',
    team: { id: identity.teamId, domain: identity.teamDomain },
    user: userField(options.user, identity),
    api_app_id: identity.appId,
    token: options.verificationToken ?? 'deckhand-verification-token',
    trigger_id: options.triggerId ?? `${Date.now()}.${randomBytes(12).toString('hex')}`,
    view: { ...options.view, state: { values: options.values } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
