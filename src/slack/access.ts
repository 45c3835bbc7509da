import type { Config } from '../config';
import type { Logger } from '../logger';

/** Returns the user ids in a Slack user group, as `usergroups.users.list` does. */
export type UserGroupMembersLookup = (userGroupId: string) => Promise<readonly string[]>;

/** Reason that an access check allowed or rejected a user, for the caller's log line. */
export type AccessReason =
  | 'open_to_everyone'
  | 'requester'
  | 'listed_user'
  | 'user_group_member'
  | 'not_listed'
  | 'user_group_lookup_failed';

export interface AccessDecision {
  allowed: boolean;
  reason: AccessReason;
}

/** Default time that a user group's member list is reused before it is looked up again. */
export const defaultUserGroupCacheTtlMs = 60_000;

/** Input to {@link AccessPolicy}. */
export interface AccessPolicyOptions {
  access: Pick<Config['access'], 'channels' | 'dispatchers' | 'approvers'>;
  lookupUserGroupMembers: UserGroupMembersLookup;
  logger: Logger;
  /** How long a member list is cached, in milliseconds. */
  cacheTtlMs?: number;
  /** Clock in milliseconds since the epoch; tests replace it. */
  now?: () => number;
}

/**
 * Decides which channels Deckhand serves and who may dispatch and approve tasks. Lists contain
 * user ids (`U…`, `W…`) and user group ids (`S…`). Group members come from the injected lookup
 * and are cached for `cacheTtlMs`; concurrent checks of one group share one lookup. A failed
 * lookup rejects the check and is not cached, so the next check tries again.
 */
export class AccessPolicy {
  private readonly cache = new Map<string, { expiresAt: number; members: Promise<Set<string>> }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: AccessPolicyOptions) {
    this.ttlMs = options.cacheTtlMs ?? defaultUserGroupCacheTtlMs;
    this.now = options.now ?? Date.now;
  }

  /** Reports whether Deckhand serves `channel`: every channel when the list is unset. */
  servesChannel(channel: string): boolean {
    const channels = this.options.access.channels;
    return channels === undefined || channels.includes(channel);
  }

  /** Decides whether `userId` may dispatch tasks: everyone when the dispatcher list is unset. */
  async mayDispatch(userId: string): Promise<AccessDecision> {
    const dispatchers = this.options.access.dispatchers;
    if (dispatchers === undefined) {
      return { allowed: true, reason: 'open_to_everyone' };
    }
    return this.checkList(userId, dispatchers);
  }

  /**
   * Decides whether `userId` may approve a task that `requesterId` dispatched. The requester
   * may always approve their own task. Any other user must be in the approver list, so only
   * the requester may approve when that list is unset or empty.
   */
  async mayApprove(options: { userId: string; requesterId: string }): Promise<AccessDecision> {
    if (options.userId === options.requesterId) {
      return { allowed: true, reason: 'requester' };
    }
    return this.checkList(options.userId, this.options.access.approvers ?? []);
  }

  /** Forgets cached member lists, such as after a `subteam_members_changed` event. */
  clearCache(): void {
    this.cache.clear();
  }

  private async checkList(userId: string, entries: readonly string[]): Promise<AccessDecision> {
    if (entries.includes(userId)) {
      return { allowed: true, reason: 'listed_user' };
    }
    let lookupFailed = false;
    for (const groupId of entries.filter(isUserGroupId)) {
      try {
        if ((await this.membersOf(groupId)).has(userId)) {
          return { allowed: true, reason: 'user_group_member' };
        }
      } catch (err) {
        lookupFailed = true;
        this.options.logger.warn({ err, userGroupId: groupId, userId }, 'user group lookup failed');
      }
    }
    return { allowed: false, reason: lookupFailed ? 'user_group_lookup_failed' : 'not_listed' };
  }

  private membersOf(groupId: string): Promise<Set<string>> {
    const now = this.now();
    const cached = this.cache.get(groupId);
    if (cached !== undefined && cached.expiresAt > now) {
      return cached.members;
    }
    const members = this.options
      .lookupUserGroupMembers(groupId)
      .then((ids) => new Set(ids))
      .catch((error: unknown) => {
        this.cache.delete(groupId);
        throw error;
      });
    this.cache.set(groupId, { expiresAt: now + this.ttlMs, members });
    return members;
  }
}

/** Reports whether an access list entry is a user group id, which Slack starts with `S`. */
export function isUserGroupId(id: string): boolean {
  return /^S[A-Z0-9]+$/.test(id);
}

/**
 * Adapts a Web API client to {@link UserGroupMembersLookup}. The token needs the
 * `usergroups:read` scope.
 */
export function userGroupMembersFromClient(client: {
  usergroups: { users: { list(args: { usergroup: string }): Promise<{ users?: string[] }> } };
}): UserGroupMembersLookup {
  return async (userGroupId) =>
    (await client.usergroups.users.list({ usergroup: userGroupId })).users ?? [];
}

/** Arguments for `chat.postEphemeral`: a message visible only to `user`. */
export interface EphemeralMessage {
  channel: string;
  user: string;
  text: string;
  thread_ts?: string;
}

/**
 * Builds the ephemeral reply to a rejected approval click, naming who may approve, such as
 * "Only <@U1>, <@U2> or members of <!subteam^S1> may approve this task."
 */
export function approvalRejection(options: {
  channel: string;
  userId: string;
  requesterId: string;
  approvers?: readonly string[];
  threadTs?: string;
}): EphemeralMessage {
  const people = [
    options.requesterId,
    ...(options.approvers ?? []).filter((id) => !isUserGroupId(id)),
  ];
  const groups = (options.approvers ?? []).filter(isUserGroupId);
  const names = [...new Set(people)].map((id) => `<@${id}>`);
  names.push(...groups.map((id) => `members of <!subteam^${id}>`));
  return ephemeral(options, `Only ${joinWithOr(names)} may approve this task.`);
}

/** Builds the ephemeral reply to a user who may not dispatch tasks. */
export function dispatchRejection(options: {
  channel: string;
  userId: string;
  dispatchers: readonly string[];
  threadTs?: string;
}): EphemeralMessage {
  const names = options.dispatchers.map((id) =>
    isUserGroupId(id) ? `members of <!subteam^${id}>` : `<@${id}>`,
  );
  const allowedNames =
    names.length === 0 ? 'nobody; ask an admin to set DECKHAND_DISPATCHERS' : joinWithOr(names);
  return ephemeral(
    options,
    `You may not dispatch Deckhand tasks. Tasks may be dispatched by ${allowedNames}.`,
  );
}

/** Builds the ephemeral reply to a mention in a channel that Deckhand does not serve. */
export function channelRejection(options: {
  channel: string;
  userId: string;
  threadTs?: string;
}): EphemeralMessage {
  return ephemeral(
    options,
    'Deckhand does not take tasks in this channel. Ask in one of the channels listed in DECKHAND_CHANNELS.',
  );
}

function ephemeral(
  target: { channel: string; userId: string; threadTs?: string },
  text: string,
): EphemeralMessage {
  return {
    channel: target.channel,
    user: target.userId,
    text,
    ...(target.threadTs === undefined ? {} : { thread_ts: target.threadTs }),
  };
}

function joinWithOr(items: readonly string[]): string {
  if (items.length <= 1) {
    return items[0] ?? '';
  }
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
