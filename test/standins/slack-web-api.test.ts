import { ErrorCode, LogLevel, WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { SlackStandIn, alertFromAnotherApp } from '../../src/standins/slack';

const channel = 'C0DEPLOYS';

/** Keeps WebClient's own warnings about the errors these tests provoke out of the output. */
const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

async function platformError(call: Promise<unknown>): Promise<WebAPIPlatformError> {
  try {
    await call;
  } catch (error) {
    return error as WebAPIPlatformError;
  }
  throw new Error('expected the call to fail');
}

describe('Slack stand-in with WebClient', () => {
  let standIn: SlackStandIn;
  let client: WebClient;

  beforeEach(async () => {
    standIn = await SlackStandIn.start({
      channels: [{ id: channel, name: 'deploys' }],
      users: [{ id: 'U0ALICE', name: 'alice', email: 'alice@example.com' }],
    });
    client = new WebClient(standIn.botToken, {
      slackApiUrl: standIn.apiUrl,
      logger: silentLogger,
      retryConfig: { retries: 0 },
    });
  });

  afterEach(async () => {
    await standIn.stop();
  });

  test('auth.test returns bot identity', async () => {
    const result = await client.auth.test();
    expect(result.user_id).toBe(standIn.workspace.identity.botUserId);
    expect(result.bot_id).toBe(standIn.workspace.identity.botId);
    expect(result.team_id).toBe(standIn.workspace.identity.teamId);
  });

  test('postMessage, update and replies round trip', async () => {
    const parent = await client.chat.postMessage({ channel, text: 'Deploying api' });
    expect(parent.channel).toBe(channel);
    expect(parent.message?.bot_id).toBe(standIn.workspace.identity.botId);
    expect(parent.message?.user).toBe(standIn.workspace.identity.botUserId);

    const reply = await client.chat.postMessage({
      channel,
      text: 'step 1 done',
      thread_ts: parent.ts,
      metadata: { event_type: 'deckhand_step', event_payload: { step: 1 } },
    });
    const updated = await client.chat.update({ channel, ts: reply.ts!, text: 'step 1 passed' });
    expect(updated.text).toBe('step 1 passed');
    expect(updated.message?.edited?.user).toBe(standIn.workspace.identity.botUserId);

    const plain = await client.conversations.replies({ channel, ts: parent.ts! });
    expect(plain.messages?.map((message) => message.text)).toEqual([
      'Deploying api',
      'step 1 passed',
    ]);
    expect(plain.messages?.[0]?.reply_count).toBe(1);
    expect(plain.messages?.[1]?.metadata).toBeUndefined();

    const withMetadata = await client.conversations.replies({
      channel,
      ts: parent.ts!,
      include_all_metadata: true,
    });
    expect(withMetadata.messages?.[1]?.metadata?.event_payload).toEqual({ step: 1 });
    expect(standIn.thread(channel, reply.ts!)).toHaveLength(2);
  });

  test('history filters by time window and pages', async () => {
    const alert = standIn.seedMessage(alertFromAnotherApp(channel));
    const first = await client.chat.postMessage({ channel, text: 'one' });
    const second = await client.chat.postMessage({ channel, text: 'two' });
    await client.chat.postMessage({ channel, text: 'reply', thread_ts: first.ts! });

    const all = await client.conversations.history({ channel });
    expect(all.messages?.map((message) => message.ts)).toEqual([second.ts, first.ts, alert.ts]);
    expect(all.messages?.[2]?.bot_id).toBe('B0ALERTS01');

    const exclusive = await client.conversations.history({
      channel,
      oldest: first.ts,
      latest: second.ts,
    });
    expect(exclusive.messages).toHaveLength(0);
    const inclusive = await client.conversations.history({
      channel,
      oldest: first.ts,
      latest: second.ts,
      inclusive: true,
    });
    expect(inclusive.messages?.map((message) => message.text)).toEqual(['two', 'one']);

    const page = await client.conversations.history({ channel, limit: 2 });
    expect(page.has_more).toBe(true);
    const rest = await client.conversations.history({
      channel,
      limit: 2,
      cursor: page.response_metadata?.next_cursor,
    });
    expect(rest.messages?.map((message) => message.ts)).toEqual([alert.ts]);
  });

  test('reactions, ephemeral, info methods', async () => {
    const posted = await client.chat.postMessage({ channel, text: 'working' });
    await client.reactions.add({ channel, timestamp: posted.ts!, name: 'eyes' });
    const repeat = await platformError(
      client.reactions.add({ channel, timestamp: posted.ts!, name: 'eyes' }),
    );
    expect(repeat.data.error).toBe('already_reacted');
    await client.reactions.remove({ channel, timestamp: posted.ts!, name: 'eyes' });
    const missing = await platformError(
      client.reactions.remove({ channel, timestamp: posted.ts!, name: 'eyes' }),
    );
    expect(missing.data.error).toBe('no_reaction');

    const ephemeral = await client.chat.postEphemeral({
      channel,
      user: 'U0ALICE',
      text: 'only you',
    });
    expect(ephemeral.message_ts).toBeDefined();
    expect((await client.conversations.info({ channel })).channel?.name).toBe('deploys');
    expect((await client.users.info({ user: 'U0ALICE' })).user?.profile?.email).toBe(
      'alice@example.com',
    );
  });

  test.each([
    [
      'more than 50 blocks',
      { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) },
      '/blocks',
    ],
    [
      'section text over 3000',
      { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] },
      '/blocks/0/text/text',
    ],
    [
      'header over 150',
      { blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] },
      '/blocks/0/text/text',
    ],
  ])('invalid_blocks for %s', async (_case, fields, pointer) => {
    const error = await platformError(
      client.chat.postMessage({ channel, text: 'fallback', ...fields }),
    );
    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(error.data.error).toBe('invalid_blocks');
    const messages = error.data.response_metadata?.messages ?? [];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`[json-pointer:${pointer}]`);
  });

  test('limit and lookup errors', async () => {
    const tooLong = await platformError(
      client.chat.postMessage({ channel, text: 'x'.repeat(40_001) }),
    );
    expect(tooLong.data.error).toBe('msg_too_long');
    const noChannel = await platformError(
      client.chat.postMessage({ channel: 'C0MISSING', text: 'hi' }),
    );
    expect(noChannel.data.error).toBe('channel_not_found');
    const noMessage = await platformError(
      client.chat.update({ channel, ts: '1.000001', text: 'hi' }),
    );
    expect(noMessage.data.error).toBe('message_not_found');
    const unknown = await platformError(client.apiCall('chat.scheduleMessage', { channel }));
    expect(unknown.data.error).toBe('unknown_method');
  });

  test('wrong or missing token rejected', async () => {
    const wrong = new WebClient('xoxb-wrong', {
      slackApiUrl: standIn.apiUrl,
      logger: silentLogger,
      retryConfig: { retries: 0 },
    });
    expect((await platformError(wrong.auth.test())).data.error).toBe('invalid_auth');
    const none = new WebClient(undefined, {
      slackApiUrl: standIn.apiUrl,
      logger: silentLogger,
      retryConfig: { retries: 0 },
    });
    expect((await platformError(none.auth.test())).data.error).toBe('not_authed');
  });

  test('form token field and JSON body accepted', async () => {
    const form = await fetch(`${standIn.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: standIn.botToken }).toString(),
    });
    expect(await form.json()).toMatchObject({ ok: true });

    const json = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        Authorization: `Bearer ${standIn.botToken}`,
      },
      body: JSON.stringify({ channel, text: 'from json', blocks: [{ type: 'divider' }] }),
    });
    const body = (await json.json()) as { ok: boolean; message: { blocks: unknown[] } };
    expect(body.ok).toBe(true);
    expect(body.message.blocks).toEqual([{ type: 'divider' }]);
  });

  test('rate-limited call retried after Retry-After', async () => {
    const retrying = new WebClient(standIn.botToken, {
      slackApiUrl: standIn.apiUrl,
      logger: silentLogger,
      retryConfig: { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 0 },
    });
    const posted = await retrying.chat.postMessage({ channel, text: 'v1' });
    standIn.rateLimitNext('chat.update', { retryAfterSeconds: 1 });

    const started = Date.now();
    const updated = await retrying.chat.update({ channel, ts: posted.ts!, text: 'v2' });

    expect(updated.ok).toBe(true);
    const calls = standIn.calls('chat.update');
    expect(calls.map((call) => call.httpStatus)).toEqual([429, 200]);
    expect(calls[0]?.error).toBe('ratelimited');
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  test('modal open, push and update', async () => {
    const modal = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'New task' },
      blocks: [],
    };
    const opened = await client.views.open({ trigger_id: standIn.issueTriggerId(), view: modal });
    expect(opened.view?.id).toMatch(/^V/);
    const pushed = await client.views.push({ trigger_id: standIn.issueTriggerId(), view: modal });
    expect(pushed.view?.previous_view_id).toBe(opened.view?.id);
    const updated = await client.views.update({
      view_id: opened.view!.id!,
      hash: opened.view!.hash!,
      view: modal,
    });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    const stale = await platformError(
      client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal }),
    );
    expect(stale.data.error).toBe('hash_conflict');
    const badTrigger = await platformError(client.views.open({ trigger_id: '1.2.3', view: modal }));
    expect(badTrigger.data.error).toBe('invalid_trigger_id');
  });

  test('waitFor resolves on a later call', async () => {
    const waiting = standIn.waitForCall('chat.postMessage', (args) => args.text === 'later');
    setTimeout(() => void client.chat.postMessage({ channel, text: 'later' }), 20);
    const call = await waiting;
    expect(call.ok).toBe(true);
    await expect(standIn.waitFor(() => false, 50)).rejects.toThrow('waitFor timed out after 50 ms');
  });
});
