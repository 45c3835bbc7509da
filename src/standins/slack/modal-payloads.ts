import type { InteractingUser } from './interaction-payloads';
import type { SlackView, SlackWorkspaceIdentity } from './types';
import { defaultIdentity } from './workspace';

/** Fields that every payload builder here takes besides its own. */
interface PayloadCommon {
  user: InteractingUser;
  identity?: Partial<SlackWorkspaceIdentity>;
  verificationToken?: string;
}

/** Input values keyed by block id, then action id, as in `view.state.values`. */
export type ViewStateInput = Record<string, Record<string, Record<string, unknown>>>;

function envelope(options: PayloadCommon) {
  const identity = { ...defaultIdentity, ...options.identity };
  return {
    team: { id: identity.teamId, domain: identity.teamDomain },
    user: {
      id: options.user.id,
      username: options.user.username,
      name: options.user.username,
      team_id: identity.teamId,
    },
    api_app_id: identity.appId,
    token: options.verificationToken ?? 'deckhand-verification-token',
    is_enterprise_install: false,
    enterprise: null,
  };
}

function actionTs(): string {
  return `${(Date.now() / 1000).toFixed(6)}`;
}

/** A global shortcut, for {@link buildGlobalShortcutPayload}. */
export interface GlobalShortcutOptions extends PayloadCommon {
  /** The shortcut's `callback_id` from the app configuration. */
  callbackId: string;
  /** Issue it with `SlackStandIn.issueTriggerId` so `views.open` accepts it. */
  triggerId: string;
}

/** Builds the `shortcut` payload that Slack sends when someone runs a global shortcut. */
export function buildGlobalShortcutPayload(
  options: GlobalShortcutOptions,
): Record<string, unknown> {
  return {
    type: 'shortcut',
    ...envelope(options),
    callback_id: options.callbackId,
    trigger_id: options.triggerId,
    action_ts: actionTs(),
  };
}

/** A change of an input in an open modal, for {@link buildViewBlockActionsPayload}. */
export interface ViewBlockActionsOptions extends PayloadCommon {
  /** The open view as the stand-in stores it; its `id` and `hash` go into the payload. */
  view: SlackView;
  /** Every input value of the view after the change. */
  values: ViewStateInput;
  /** The changed element; its value is read from `values`. */
  blockId: string;
  actionId: string;
  triggerId: string;
}

/**
 * Builds the `block_actions` payload that Slack sends when an element of a modal with
 * `dispatch_action` changes. The action repeats the element's state value, as Slack's does.
 *
 * @throws Error if `values` has no value for the changed element.
 */
export function buildViewBlockActionsPayload(
  options: ViewBlockActionsOptions,
): Record<string, unknown> {
  const value = options.values[options.blockId]?.[options.actionId];
  if (value === undefined) {
    throw new Error(
      `values has no entry for block ${options.blockId}, action ${options.actionId}; add the changed element's value`,
    );
  }
  return {
    type: 'block_actions',
    ...envelope(options),
    container: { type: 'view', view_id: options.view.id },
    trigger_id: options.triggerId,
    view: { ...options.view, state: { values: options.values } },
    actions: [
      { ...value, action_id: options.actionId, block_id: options.blockId, action_ts: actionTs() },
    ],
  };
}

/** Typing in an external select of an open modal, for {@link buildBlockSuggestionPayload}. */
export interface BlockSuggestionOptions extends PayloadCommon {
  view: SlackView;
  blockId: string;
  actionId: string;
  /** Text typed into the select so far. */
  value: string;
}

/** Builds the `block_suggestion` payload that requests an external select's options from the app. */
export function buildBlockSuggestionPayload(
  options: BlockSuggestionOptions,
): Record<string, unknown> {
  return {
    type: 'block_suggestion',
    ...envelope(options),
    container: { type: 'view', view_id: options.view.id },
    view: options.view,
    block_id: options.blockId,
    action_id: options.actionId,
    value: options.value,
  };
}
