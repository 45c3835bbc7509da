import { randomBytes } from 'node:crypto';
import { SlackApiError } from './api-error';
import { TimestampClock, tsToMicros } from './timestamps';
import type {
  SlackBotProfile,
  SlackChannel,
  SlackMessage,
  SlackUser,
  SlackWorkspaceIdentity,
} from './types';

/** Identity used when the caller passes none; ids follow Slack's prefixes (T, A, B, U). */
export const defaultIdentity: SlackWorkspaceIdentity = {
  teamId: 'T0DECKHAND',
  teamDomain: 'deckhand-test',
  appId: 'A0DECKHAND',
  botId: 'B0DECKHAND',
  botUserId: 'U0DECKHAND',
  botName: 'deckhand',
};

/** Channel fields a seed may set; the rest take defaults of a public channel. */
export type ChannelSeed = Pick<SlackChannel, 'id' | 'name'> & Partial<SlackChannel>;

/** User fields a seed may set; the rest take defaults of a human member. */
export type UserSeed = Pick<SlackUser, 'id' | 'name'> &
  Partial<Omit<SlackUser, 'profile'>> & {
    email?: string;
    displayName?: string;
  };

/** A message to store as though someone other than the bot posted it. */
export interface MessageSeed {
  channel: string;
  text: string;
  /** Author user id; omit it and set `botId` for another app's message. */
  user?: string;
  botId?: string;
  appId?: string;
  username?: string;
  subtype?: string;
  /** Explicit timestamp; later messages are issued after it. */
  ts?: string;
  threadTs?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: SlackMessage['metadata'];
  clientMsgId?: string;
}

/** How long a trigger id stays usable, per Slack's docs on `views.open` (3 seconds). */
export const triggerIdLifetimeMs = 3000;

/**
 * In-memory Slack workspace: channels, users, messages with threads and reactions, ephemeral
 * messages and trigger ids. Method handlers and tests share one instance.
 */
export class SlackWorkspace {
  readonly identity: SlackWorkspaceIdentity;
  readonly clock: TimestampClock;
  private readonly channels = new Map<string, SlackChannel>();
  private readonly users = new Map<string, SlackUser>();
  private readonly messagesByChannel = new Map<string, SlackMessage[]>();
  private readonly ephemeral: Array<{ channel: string; user: string; message: SlackMessage }> = [];
  private readonly triggerIssuedAt = new Map<string, number>();

  constructor(options: { identity?: Partial<SlackWorkspaceIdentity>; nowMs?: () => number } = {}) {
    this.identity = { ...defaultIdentity, ...options.identity };
    this.nowMs = options.nowMs ?? Date.now;
    this.clock = new TimestampClock(this.nowMs);
    this.addUser({
      id: this.identity.botUserId,
      name: this.identity.botName,
      is_bot: true,
      real_name: this.identity.botName,
    });
  }

  private readonly nowMs: () => number;

  addChannel(seed: ChannelSeed): SlackChannel {
    const created = Math.floor(this.nowMs() / 1000);
    const channel: SlackChannel = {
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: false,
      is_archived: false,
      is_general: false,
      is_member: true,
      created,
      creator: this.identity.botUserId,
      name_normalized: seed.name.toLowerCase(),
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      ...seed,
    };
    this.channels.set(channel.id, channel);
    this.messagesByChannel.set(channel.id, this.messagesByChannel.get(channel.id) ?? []);
    return structuredClone(channel);
  }

  addUser(seed: UserSeed): SlackUser {
    const { email, displayName, ...fields } = seed;
    const realName = seed.real_name ?? seed.name;
    const user: SlackUser = {
      team_id: this.identity.teamId,
      deleted: false,
      real_name: realName,
      tz: 'Etc/UTC',
      tz_label: 'Coordinated Universal Time',
      tz_offset: 0,
      is_admin: false,
      is_owner: false,
      is_bot: false,
      is_app_user: false,
      updated: Math.floor(this.nowMs() / 1000),
      ...fields,
      profile: {
        real_name: realName,
        display_name: displayName ?? seed.name,
        team: this.identity.teamId,
        ...(email === undefined ? {} : { email }),
        ...(seed.is_bot === true && seed.id === this.identity.botUserId
          ? { bot_id: this.identity.botId }
          : {}),
      },
    };
    this.users.set(user.id, user);
    return structuredClone(user);
  }

  /** Finds a channel by id, or by name with or without `#` as `chat.postMessage` allows. */
  getChannel(idOrName: unknown): SlackChannel {
    if (typeof idOrName !== 'string') {
      throw new SlackApiError('channel_not_found');
    }
    const name = idOrName.replace(/^#/, '');
    const channel =
      this.channels.get(idOrName) ?? [...this.channels.values()].find((c) => c.name === name);
    if (!channel) {
      throw new SlackApiError('channel_not_found');
    }
    return channel;
  }

  getUser(id: unknown): SlackUser {
    const user = typeof id === 'string' ? this.users.get(id) : undefined;
    if (!user) {
      throw new SlackApiError('user_not_found');
    }
    return user;
  }

  hasUser(id: string): boolean {
    return this.users.has(id);
  }

  botProfile(): SlackBotProfile {
    return {
      id: this.identity.botId,
      app_id: this.identity.appId,
      name: this.identity.botName,
      deleted: false,
      updated: Math.floor(this.nowMs() / 1000),
      team_id: this.identity.teamId,
    };
  }

  /** Returns the live stored message (not a copy), or throws `message_not_found`. */
  findMessage(channelId: string, ts: unknown): SlackMessage {
    const message = this.channelMessages(channelId).find((candidate) => candidate.ts === ts);
    if (!message) {
      throw new SlackApiError('message_not_found');
    }
    return message;
  }

  /** Returns the live message list of a channel, ordered oldest first. */
  channelMessages(channelId: string): SlackMessage[] {
    const channel = this.getChannel(channelId);
    return this.messagesByChannel.get(channel.id) ?? [];
  }

  /**
   * Stores a message and links it to its thread parent. A `thread_ts` naming no stored message
   * throws `thread_not_found`.
   */
  insertMessage(channelId: string, message: SlackMessage): SlackMessage {
    const messages = this.channelMessages(channelId);
    if (message.thread_ts !== undefined && message.thread_ts !== message.ts) {
      this.attachReply(channelId, message);
    }
    this.clock.observe(message.ts);
    const at = messages.findIndex((other) => tsToMicros(other.ts) > tsToMicros(message.ts));
    messages.splice(at === -1 ? messages.length : at, 0, message);
    return message;
  }

  private attachReply(channelId: string, reply: SlackMessage): void {
    const parent = this.channelMessages(channelId).find((other) => other.ts === reply.thread_ts);
    if (!parent) {
      // NOTE: Slack's documented chat.postMessage errors do not cover an unknown thread_ts; the
      // stand-in rejects it with the code conversations.replies uses so tests notice the bug.
      throw new SlackApiError('thread_not_found');
    }
    if (parent.thread_ts !== undefined && parent.thread_ts !== parent.ts) {
      // Slack threads are one level deep: replying to a reply joins the parent's thread.
      reply.thread_ts = parent.thread_ts;
      this.attachReply(channelId, reply);
      return;
    }
    const author = reply.user ?? reply.bot_id ?? '';
    const replyUsers = new Set(parent.reply_users ?? []);
    replyUsers.add(author);
    parent.thread_ts = parent.ts;
    parent.reply_count = (parent.reply_count ?? 0) + 1;
    parent.reply_users = [...replyUsers];
    parent.reply_users_count = replyUsers.size;
    parent.latest_reply = reply.ts;
    reply.parent_user_id = parent.user ?? parent.bot_id;
  }

  /** Stores a message posted by someone other than the bot, such as another app's alert. */
  seedMessage(seed: MessageSeed): SlackMessage {
    const message: SlackMessage = {
      type: 'message',
      ts: seed.ts ?? this.clock.next(),
      text: seed.text,
      team: this.identity.teamId,
      ...(seed.user === undefined ? {} : { user: seed.user }),
      ...(seed.botId === undefined ? {} : { bot_id: seed.botId }),
      ...(seed.appId === undefined ? {} : { app_id: seed.appId }),
      ...(seed.username === undefined ? {} : { username: seed.username }),
      ...(seed.subtype === undefined ? {} : { subtype: seed.subtype }),
      ...(seed.clientMsgId === undefined ? {} : { client_msg_id: seed.clientMsgId }),
      ...(seed.blocks === undefined ? {} : { blocks: seed.blocks }),
      ...(seed.attachments === undefined ? {} : { attachments: seed.attachments }),
      ...(seed.metadata === undefined ? {} : { metadata: seed.metadata }),
      ...(seed.threadTs === undefined ? {} : { thread_ts: seed.threadTs }),
    };
    return structuredClone(this.insertMessage(seed.channel, message));
  }

  /** Returns a copy of the thread of `ts` (parent first, then replies oldest first). */
  thread(channelId: string, ts: string): SlackMessage[] {
    const root = this.findMessage(channelId, ts);
    const rootTs = root.thread_ts ?? root.ts;
    const messages = this.channelMessages(channelId).filter(
      (message) => message.ts === rootTs || message.thread_ts === rootTs,
    );
    return structuredClone(messages);
  }

  storeEphemeral(channel: string, user: string, message: SlackMessage): void {
    this.ephemeral.push({ channel, user, message });
  }

  /** Returns copies of the ephemeral messages shown to users, oldest first. */
  ephemeralMessages(): Array<{ channel: string; user: string; message: SlackMessage }> {
    return structuredClone(this.ephemeral);
  }

  /** Issues a trigger id in Slack's `<digits>.<digits>.<hex>` shape for `views.open`. */
  issueTriggerId(): string {
    const id = `${Date.now()}.${this.identity.teamId.length}${Math.floor(Math.random() * 1e9)}.${randomBytes(16).toString('hex')}`;
    this.triggerIssuedAt.set(id, this.nowMs());
    return id;
  }

  /** Consumes a trigger id, throwing `invalid_trigger_id` or `expired_trigger_id`. */
  consumeTriggerId(triggerId: unknown): void {
    const issuedAt =
      typeof triggerId === 'string' ? this.triggerIssuedAt.get(triggerId) : undefined;
    if (issuedAt === undefined) {
      throw new SlackApiError('invalid_trigger_id');
    }
    this.triggerIssuedAt.delete(triggerId as string);
    if (this.nowMs() - issuedAt > triggerIdLifetimeMs) {
      throw new SlackApiError('expired_trigger_id');
    }
  }
}
