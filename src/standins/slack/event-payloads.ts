import { randomBytes, randomUUID } from 'node:crypto';
import { richTextBlockFor } from './rich-text';
import { microsToTs } from './timestamps';
import type { SlackWorkspaceIdentity } from './types';
import { defaultIdentity } from './workspace';

/** Events API envelope of type `event_callback`, as Slack posts it to an app's request URL. */
export interface EventCallbackEnvelope<Event = Record<string, unknown>> {
  token: string;
  team_id: string;
  api_app_id: string;
  event: Event;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: Array<{
    enterprise_id: string | null;
    team_id: string;
    user_id: string;
    is_bot: boolean;
    is_enterprise_install: boolean;
  }>;
  is_ext_shared_channel: boolean;
  event_context: string;
}

function nowTs(): string {
  return microsToTs(BigInt(Date.now()) * 1000n);
}

/** Returns an event id in Slack's shape: `Ev` followed by ten upper-case letters or digits. */
export function newEventId(): string {
  return `Ev${randomBytes(8).toString('hex').toUpperCase().slice(0, 10)}`;
}

/** Fields of an `app_mention` event; `ts` defaults to now. */
export interface AppMentionOptions {
  user: string;
  text: string;
  channel: string;
  ts?: string;
  threadTs?: string;
  team?: string;
  clientMsgId?: string;
}

/**
 * Builds an `app_mention` event as recorded from Slack: the typed text, a `rich_text` block
 * mirroring it, `client_msg_id`, `team`, and `event_ts` equal to `ts`.
 */
export function buildAppMentionEvent(options: AppMentionOptions): Record<string, unknown> {
  const ts = options.ts ?? nowTs();
  return {
    type: 'app_mention',
    user: options.user,
    text: options.text,
    ts,
    client_msg_id: options.clientMsgId ?? randomUUID(),
    team: options.team ?? defaultIdentity.teamId,
    ...(options.threadTs === undefined ? {} : { thread_ts: options.threadTs }),
    blocks: [richTextBlockFor(options.text)],
    channel: options.channel,
    event_ts: ts,
  };
}

/** Fields of a `message` event posted as a reply in a thread. */
export interface ThreadMessageOptions {
  user: string;
  text: string;
  channel: string;
  threadTs: string;
  parentUserId: string;
  ts?: string;
  team?: string;
  channelType?: 'channel' | 'group' | 'im' | 'mpim';
  clientMsgId?: string;
}

/** Builds a `message` event for a person's reply in a thread (no subtype). */
export function buildThreadMessageEvent(options: ThreadMessageOptions): Record<string, unknown> {
  const ts = options.ts ?? nowTs();
  return {
    client_msg_id: options.clientMsgId ?? randomUUID(),
    type: 'message',
    text: options.text,
    user: options.user,
    ts,
    blocks: [richTextBlockFor(options.text)],
    team: options.team ?? defaultIdentity.teamId,
    thread_ts: options.threadTs,
    parent_user_id: options.parentUserId,
    channel: options.channel,
    event_ts: ts,
    channel_type: options.channelType ?? 'channel',
  };
}

/** Fields of a `reaction_added` event on a message. */
export interface ReactionAddedOptions {
  user: string;
  reaction: string;
  /** Author of the message reacted to. */
  itemUser: string;
  channel: string;
  /** Timestamp of the message reacted to. */
  ts: string;
  eventTs?: string;
}

/** Builds a `reaction_added` event for a reaction on a message. */
export function buildReactionAddedEvent(options: ReactionAddedOptions): Record<string, unknown> {
  return {
    type: 'reaction_added',
    user: options.user,
    reaction: options.reaction,
    item_user: options.itemUser,
    item: { type: 'message', channel: options.channel, ts: options.ts },
    event_ts: options.eventTs ?? nowTs(),
  };
}

/**
 * Slack's `event_context` is an opaque string; observed values are `4-` followed by base64 of
 * a small JSON object naming the event type, team, app and channel, which this mimics.
 */
function eventContext(event: Record<string, unknown>, identity: SlackWorkspaceIdentity): string {
  const context = { et: event.type, tid: identity.teamId, aid: identity.appId, cid: event.channel };
  return `4-${Buffer.from(JSON.stringify(context)).toString('base64url')}`;
}

/** Options of `buildEventEnvelope`. */
export interface EventEnvelopeOptions<Event> {
  event: Event;
  identity?: Partial<SlackWorkspaceIdentity>;
  /** Legacy verification token; Bolt ignores it when it verifies signatures. */
  verificationToken?: string;
  eventId?: string;
  /** Unix seconds; defaults to now. */
  eventTime?: number;
}

/** Wraps an event in an `event_callback` envelope addressed to the installed bot. */
export function buildEventEnvelope<Event extends Record<string, unknown>>(
  options: EventEnvelopeOptions<Event>,
): EventCallbackEnvelope<Event> {
  const identity = { ...defaultIdentity, ...options.identity };
  return {
    token: options.verificationToken ?? 'deckhand-verification-token',
    team_id: identity.teamId,
    api_app_id: identity.appId,
    event: options.event,
    type: 'event_callback',
    event_id: options.eventId ?? newEventId(),
    event_time: options.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: identity.teamId,
        user_id: identity.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: eventContext(options.event, identity),
  };
}
