/**
 * Wire shapes of the Slack objects the stand-in stores and returns. Field names follow Slack's
 * Web API responses (snake_case), so values can be sent as they are.
 */

/** Reaction summary as `conversations.history` and `conversations.replies` return it. */
export interface SlackReaction {
  name: string;
  users: string[];
  count: number;
}

/** Message metadata as `chat.postMessage` accepts it and reads return it. */
export interface SlackMessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** Bot profile that Slack attaches to messages posted with a bot token. */
export interface SlackBotProfile {
  id: string;
  app_id: string;
  name: string;
  deleted: boolean;
  updated: number;
  team_id: string;
}

/** A channel message or thread reply in Slack's wire format. */
export interface SlackMessage {
  type: 'message';
  ts: string;
  text: string;
  team?: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  bot_profile?: SlackBotProfile;
  subtype?: string;
  username?: string;
  client_msg_id?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: SlackMessageMetadata;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  reactions?: SlackReaction[];
  edited?: { user: string; ts: string };
}

/** A conversation in the shape `conversations.info` returns. */
export interface SlackChannel {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_private: boolean;
  is_archived: boolean;
  is_general: boolean;
  is_member: boolean;
  created: number;
  creator: string;
  name_normalized: string;
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
}

/** A user in the shape `users.info` returns (the subset of fields Deckhand reads). */
export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  deleted: boolean;
  real_name: string;
  tz: string;
  tz_label: string;
  tz_offset: number;
  is_admin: boolean;
  is_owner: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  updated: number;
  profile: {
    real_name: string;
    display_name: string;
    email?: string;
    bot_id?: string;
    team: string;
  };
}

/** A modal view in the shape `views.open`, `views.update` and `views.push` return. */
export interface SlackView {
  id: string;
  team_id: string;
  type: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, unknown> };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

/** Ids and names of the installed app and its workspace. */
export interface SlackWorkspaceIdentity {
  teamId: string;
  teamDomain: string;
  appId: string;
  botId: string;
  botUserId: string;
  botName: string;
}

/** Web API method arguments after form or JSON decoding; form values arrive as strings. */
export type SlackMethodArgs = Record<string, unknown>;
