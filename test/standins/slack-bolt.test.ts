import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import {
  SlackStandIn,
  buildAppMentionEvent,
  buildBlockActionsPayload,
  buildEventEnvelope,
  sendEventCallback,
  sendInteractionPayload,
} from '../../src/standins/slack';

const channel = 'C0DEPLOYS';
const signingSecret = 'deckhand-test-signing-secret';

describe('Slack stand-in with Bolt HTTP receiver', () => {
  let standIn: SlackStandIn;
  let app: App;
  let eventsUrl: string;
  const deliveries: Array<{ retryNum?: number; retryReason?: string; eventId?: string }> = [];

  beforeEach(async () => {
    deliveries.length = 0;
    standIn = await SlackStandIn.start({
      channels: [{ id: channel, name: 'deploys' }],
      users: [{ id: 'U0ALICE', name: 'alice' }],
    });
    const receiver = new HTTPReceiver({ signingSecret, logLevel: LogLevel.ERROR });
    app = new App({
      token: standIn.botToken,
      receiver,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
    });
    app.event('app_mention', async ({ event, context, body, say }) => {
      deliveries.push({
        retryNum: context.retryNum,
        retryReason: context.retryReason,
        eventId: body.event_id,
      });
      await say({ text: `On it, <@${event.user}>`, thread_ts: event.thread_ts ?? event.ts });
    });
    app.action('open_task_modal', async ({ ack, body, client }) => {
      await ack();
      const triggerId = (body as { trigger_id: string }).trigger_id;
      const modal = {
        type: 'modal' as const,
        title: { type: 'plain_text' as const, text: 'Task' },
        blocks: [],
      };
      await client.views.open({ trigger_id: triggerId, view: modal });
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterEach(async () => {
    await app.stop();
    await standIn.stop();
  });

  function mentionEnvelope() {
    const mention = standIn.seedMessage({
      channel,
      user: 'U0ALICE',
      text: `<@${standIn.workspace.identity.botUserId}> deploy api`,
    });
    const event = buildAppMentionEvent({
      user: 'U0ALICE',
      text: mention.text,
      channel,
      ts: mention.ts,
    });
    return {
      mention,
      envelope: buildEventEnvelope({ event, identity: standIn.workspace.identity }),
    };
  }

  test('signed app_mention answered in thread', async () => {
    const { mention, envelope } = mentionEnvelope();

    const delivery = await sendEventCallback({ url: eventsUrl, signingSecret, envelope });

    expect(delivery.status).toBe(200);
    await standIn.waitFor(() => standIn.thread(channel, mention.ts).length === 2);
    const [parent, reply] = standIn.thread(channel, mention.ts);
    expect(parent?.reply_count).toBe(1);
    expect(reply?.text).toBe('On it, <@U0ALICE>');
    expect(reply?.bot_id).toBe(standIn.workspace.identity.botId);
    expect(standIn.calls('auth.test')).toHaveLength(1);
  });

  test('unsigned request rejected with 401', async () => {
    const { envelope } = mentionEnvelope();
    const delivery = await sendEventCallback({
      url: eventsUrl,
      signingSecret,
      envelope,
      signature: false,
    });
    expect(delivery.status).toBe(401);
    expect(deliveries).toHaveLength(0);
  });

  test('bad signature rejected with 401', async () => {
    const { envelope } = mentionEnvelope();
    const wrongSecret = await sendEventCallback({
      url: eventsUrl,
      signingSecret: 'not-the-secret',
      envelope,
    });
    expect(wrongSecret.status).toBe(401);
    const stale = await sendEventCallback({
      url: eventsUrl,
      signingSecret,
      envelope,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
    expect(deliveries).toHaveLength(0);
  });

  test('redelivery carries retry headers', async () => {
    const { mention, envelope } = mentionEnvelope();
    await sendEventCallback({ url: eventsUrl, signingSecret, envelope });
    const redelivery = await sendEventCallback({
      url: eventsUrl,
      signingSecret,
      envelope,
      retry: { num: 1, reason: 'http_timeout' },
    });

    expect(redelivery.status).toBe(200);
    await standIn.waitFor(() => deliveries.length === 2);
    expect(deliveries[0]?.retryNum).toBeUndefined();
    expect(deliveries[1]?.retryNum).toBe(1);
    expect(deliveries[1]?.retryReason).toBe('http_timeout');
    expect(deliveries[1]?.eventId).toBe(envelope.event_id);
    await standIn.waitFor(() => standIn.thread(channel, mention.ts).length === 3);
  });

  test('button click opens modal', async () => {
    const message = standIn.seedMessage({
      channel,
      user: standIn.workspace.identity.botUserId,
      text: 'Task ready',
    });
    const payload = buildBlockActionsPayload({
      user: { id: 'U0ALICE', username: 'alice' },
      channel: { id: channel, name: 'deploys' },
      message,
      actionId: 'open_task_modal',
      blockId: 'task_actions',
      triggerId: standIn.issueTriggerId(),
      responseUrl: standIn.responseUrl(),
    });

    const delivery = await sendInteractionPayload({ url: eventsUrl, signingSecret, payload });

    expect(delivery.status).toBe(200);
    const call = await standIn.waitForCall('views.open');
    expect(call.ok).toBe(true);
  });
});
