import pino from 'pino';
import type { WebClient } from '@slack/web-api';
import {
  AccessPolicy,
  approvalRejection,
  channelRejection,
  dispatchRejection,
  userGroupMembersFromClient,
} from '../../../src/slack/access';

const logger = pino({ level: 'silent' });

function policy(
  access: { channels?: string[]; dispatchers?: string[]; approvers?: string[] },
  groups: Record<string, string[]> = {},
) {
  const lookups: string[] = [];
  let clock = 0;
  const instance = new AccessPolicy({
    access,
    logger,
    cacheTtlMs: 1000,
    now: () => clock,
    lookupUserGroupMembers: async (groupId) => {
      lookups.push(groupId);
      const members = groups[groupId];
      if (members === undefined) throw new Error(`usergroup ${groupId} not found`);
      return members;
    },
  });
  return { instance, lookups, advance: (ms: number) => (clock += ms) };
}

describe('AccessPolicy', () => {
  test('serves every channel when unset', () => {
    expect(policy({}).instance.servesChannel('C1')).toBe(true);
    expect(policy({ channels: ['C1'] }).instance.servesChannel('C1')).toBe(true);
    expect(policy({ channels: ['C1'] }).instance.servesChannel('C2')).toBe(false);
    expect(policy({ channels: [] }).instance.servesChannel('C1')).toBe(false);
  });

  test('dispatch open when unset', async () => {
    expect(await policy({}).instance.mayDispatch('U1')).toEqual({
      allowed: true,
      reason: 'open_to_everyone',
    });
  });

  test('dispatch by user or group', async () => {
    const { instance } = policy({ dispatchers: ['U1', 'S1'] }, { S1: ['U2'] });
    expect(await instance.mayDispatch('U1')).toEqual({ allowed: true, reason: 'listed_user' });
    expect(await instance.mayDispatch('U2')).toEqual({
      allowed: true,
      reason: 'user_group_member',
    });
    expect(await instance.mayDispatch('U3')).toEqual({ allowed: false, reason: 'not_listed' });
  });

  test('requester may always approve', async () => {
    const { instance } = policy({ approvers: [] });
    expect(await instance.mayApprove({ userId: 'U1', requesterId: 'U1' })).toEqual({
      allowed: true,
      reason: 'requester',
    });
    expect((await instance.mayApprove({ userId: 'U2', requesterId: 'U1' })).allowed).toBe(false);
  });

  test('unset approvers allow only the requester', async () => {
    const { instance } = policy({});
    expect((await instance.mayApprove({ userId: 'U2', requesterId: 'U1' })).allowed).toBe(false);
  });

  test('approver group member', async () => {
    const { instance } = policy({ approvers: ['S1'] }, { S1: ['U2'] });
    expect(await instance.mayApprove({ userId: 'U2', requesterId: 'U1' })).toEqual({
      allowed: true,
      reason: 'user_group_member',
    });
  });

  test('member list cached until TTL', async () => {
    const { instance, lookups, advance } = policy({ dispatchers: ['S1'] }, { S1: ['U2'] });
    await Promise.all([instance.mayDispatch('U2'), instance.mayDispatch('U3')]);
    await instance.mayDispatch('U2');
    expect(lookups).toEqual(['S1']);
    advance(1000);
    await instance.mayDispatch('U2');
    expect(lookups).toEqual(['S1', 'S1']);
    instance.clearCache();
    await instance.mayDispatch('U2');
    expect(lookups).toHaveLength(3);
  });

  test('failed lookup rejects and is retried', async () => {
    const { instance, lookups } = policy({ dispatchers: ['S9'] });
    expect(await instance.mayDispatch('U2')).toEqual({
      allowed: false,
      reason: 'user_group_lookup_failed',
    });
    await instance.mayDispatch('U2');
    expect(lookups).toEqual(['S9', 'S9']);
  });
});

describe('userGroupMembersFromClient', () => {
  test('reads usergroups.users.list', async () => {
    const calls: unknown[] = [];
    const client = {
      usergroups: {
        users: {
          list: async (args: { usergroup: string }) => {
            calls.push(args);
            return { ok: true, users: ['U1', 'U2'] };
          },
        },
      },
    };
    expect(await userGroupMembersFromClient(client)('S1')).toEqual(['U1', 'U2']);
    expect(calls).toEqual([{ usergroup: 'S1' }]);
  });

  test('accepts a WebClient', () => {
    const accepts = (client: WebClient) => userGroupMembersFromClient(client);
    expect(typeof accepts).toBe('function');
  });
});

describe('rejection messages', () => {
  test('approval names requester, users and groups', () => {
    expect(
      approvalRejection({
        channel: 'C1',
        userId: 'U9',
        requesterId: 'U1',
        approvers: ['U2', 'S1'],
        threadTs: '1.2',
      }),
    ).toEqual({
      channel: 'C1',
      user: 'U9',
      thread_ts: '1.2',
      text: 'Only <@U1>, <@U2> or members of <!subteam^S1> may approve this task.',
    });
  });

  test('approval with requester only', () => {
    expect(approvalRejection({ channel: 'C1', userId: 'U9', requesterId: 'U1' }).text).toBe(
      'Only <@U1> may approve this task.',
    );
  });

  test('dispatch and channel', () => {
    expect(dispatchRejection({ channel: 'C1', userId: 'U9', dispatchers: ['S1'] }).text).toBe(
      'You may not dispatch Deckhand tasks. Tasks may be dispatched by members of <!subteam^S1>.',
    );
    expect(channelRejection({ channel: 'C1', userId: 'U9' }).user).toBe('U9');
  });
});
