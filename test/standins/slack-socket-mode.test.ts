import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { WebSocket } from 'ws';
import {
  SlackStandIn,
  buildAppMentionEvent,
  buildBlockActionsPayload,
  buildEventEnvelope,
} from '../../src/standins/slack';

const channel = 'C0DEPLOYS';
const alice = { id: 'U0ALICE', name: 'alice' };

/** Keeps WebClient's warnings about the errors these tests provoke out of the output. */
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

function webClient(standIn: SlackStandIn, token: string): WebClient {
  return new WebClient(token, {
    slackApiUrl: standIn.apiUrl,
    logger: silentLogger,
    retryConfig: { retries: 0 },
  });
}

/** Seeds alice's mention in the channel and wraps its `app_mention` event in an envelope. */
function mentionEnvelope(standIn: SlackStandIn, text = 'deploy api') {
  const mention = standIn.seedMessage({
    channel,
    user: alice.id,
    text: `<@${standIn.workspace.identity.botUserId}> ${text}`,
  });
  const event = buildAppMentionEvent({
    user: alice.id,
    text: mention.text,
    channel,
    ts: mention.ts,
  });
  return { mention, envelope: buildEventEnvelope({ event, identity: standIn.workspace.identity }) };
}

/** Connects a raw WebSocket client that keeps every frame it receives, decoded. */
function rawClient(url: string) {
  const socket = new WebSocket(url);
  const frames: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  return { socket, frames };
}

describe('Slack stand-in apps.connections.open', () => {
  let standIn: SlackStandIn;

  beforeAll(async () => {
    standIn = await SlackStandIn.start();
  });

  afterAll(async () => {
    await standIn.stop();
  });

  test('app-level token gets loopback URL', async () => {
    const result = await webClient(standIn, standIn.appToken).apps.connections.open();
    expect(result.ok).toBe(true);
    expect(result.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f-]+&app_id=A0/);
  });

  test('bot token rejected as wrong type', async () => {
    const error = await platformError(webClient(standIn, standIn.botToken).apps.connections.open());
    expect(error.data.error).toBe('not_allowed_token_type');
  });

  test('unknown app-level token rejected', async () => {
    const error = await platformError(webClient(standIn, 'xapp-1-unknown').apps.connections.open());
    expect(error.data.error).toBe('invalid_auth');
  });

  test('app-level token rejected elsewhere', async () => {
    const client = webClient(standIn, standIn.appToken);
    const error = await platformError(client.chat.postMessage({ channel, text: 'hi' }));
    expect(error.data.error).toBe('not_allowed_token_type');
  });
});

describe('Slack stand-in Socket Mode frames', () => {
  let standIn: SlackStandIn;
  let client: WebClient;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    standIn = await SlackStandIn.start({ channels: [{ id: channel, name: 'deploys' }] });
    client = webClient(standIn, standIn.appToken);
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    await standIn.waitFor(() => standIn.socketMode.openConnections === 0);
  });

  afterAll(async () => {
    await standIn.stop();
  });

  async function connect() {
    const { url } = await client.apps.connections.open();
    const raw = rawClient(url ?? '');
    sockets.push(raw.socket);
    await standIn.waitFor(() => raw.frames.length > 0);
    return { url: url ?? '', ...raw };
  }

  test('hello sent on connect', async () => {
    const { frames } = await connect();
    expect(frames[0]).toEqual({
      type: 'hello',
      num_connections: 1,
      debug_info: {
        host: expect.any(String),
        build_number: expect.any(Number),
        approximate_connection_time: expect.any(Number),
      },
      connection_info: { app_id: standIn.workspace.identity.appId },
    });
  });

  test('used ticket rejected', async () => {
    const { url } = await connect();
    const second = new WebSocket(url);
    const status = await new Promise<number>((resolve) => {
      second.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      second.on('error', () => resolve(0));
    });
    second.terminate();
    expect(status).toBe(401);
  });

  test('events_api envelope and bare ack', async () => {
    const { socket, frames } = await connect();
    const { envelope } = mentionEnvelope(standIn);

    const delivered = standIn.socketMode.deliverEvent(envelope);
    await standIn.waitFor(() => frames.length === 2);
    const frame = frames[1] ?? {};
    socket.send(JSON.stringify({ envelope_id: frame.envelope_id }));
    const result = await delivered;

    expect(frame).toEqual({
      envelope_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'events_api',
      payload: envelope,
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
    });
    expect(result.envelopeId).toBe(frame.envelope_id);
    expect(result.acknowledgedAfterMs).toBeGreaterThanOrEqual(0);
    expect(result).not.toHaveProperty('payload');
    const ack = standIn.socketMode.acknowledgements().at(-1);
    expect(ack?.envelopeId).toBe(frame.envelope_id);
    expect(ack).not.toHaveProperty('payload');
  });

  test('retry carries attempt and reason', async () => {
    const { socket, frames } = await connect();
    const { envelope } = mentionEnvelope(standIn);

    const delivered = standIn.socketMode.deliverEvent(envelope, {
      retryAttempt: 2,
      retryReason: 'timeout',
    });
    await standIn.waitFor(() => frames.length === 2);
    const frame = frames[1] ?? {};
    socket.send(JSON.stringify({ envelope_id: frame.envelope_id, payload: {} }));
    await delivered;

    expect(frame.retry_attempt).toBe(2);
    expect(frame.retry_reason).toBe('timeout');
  });

  test('unacknowledged delivery times out', async () => {
    await connect();
    const { envelope } = mentionEnvelope(standIn);
    await expect(standIn.socketMode.deliverEvent(envelope, { ackTimeoutMs: 100 })).rejects.toThrow(
      /not acknowledged within 100 ms/,
    );
  });

  test('closed connection rejects delivery', async () => {
    const { socket, frames } = await connect();
    const { envelope } = mentionEnvelope(standIn);

    const delivered = standIn.socketMode.deliverEvent(envelope);
    await standIn.waitFor(() => frames.length === 2);
    socket.terminate();

    await expect(delivered).rejects.toThrow(/closed before envelope .* was acknowledged/);
  });

  test('no open connection rejects delivery', async () => {
    const { envelope } = mentionEnvelope(standIn);
    await expect(standIn.socketMode.deliverEvent(envelope)).rejects.toThrow(
      /No Socket Mode connection is open/,
    );
  });

  test('disconnect frame then close', async () => {
    const { socket, frames } = await connect();
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type?: string }).type === 'disconnect') socket.close(1000);
    });

    await standIn.socketMode.sendDisconnect('refresh_requested');

    expect(frames.at(-1)).toEqual({
      type: 'disconnect',
      reason: 'refresh_requested',
      debug_info: { host: expect.any(String) },
    });
    expect(socket.readyState).not.toBe(WebSocket.OPEN);
  });
});

describe('Slack stand-in with Bolt Socket Mode', () => {
  let standIn: SlackStandIn;
  let app: App;
  const actions: string[] = [];

  beforeAll(async () => {
    standIn = await SlackStandIn.start({
      channels: [{ id: channel, name: 'deploys' }],
      users: [alice],
    });
    // With `socketMode: true` Bolt builds the SocketModeReceiver itself and hands it
    // `clientOptions` through `installerOptions.clientOptions`, so `apps.connections.open` goes
    // to the stand-in too.
    app = new App({
      token: standIn.botToken,
      appToken: standIn.appToken,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
    });
    app.event('app_mention', async ({ event, say }) => {
      await say({ text: `On it, <@${event.user}>`, thread_ts: event.thread_ts ?? event.ts });
    });
    app.action('approve', async ({ ack, action }) => {
      await ack();
      actions.push((action as { action_id: string }).action_id);
    });
    await app.start();
  });

  afterAll(async () => {
    await app.stop();
    // Bolt's stop starts the close handshake without waiting for it to finish.
    await standIn.waitFor(() => standIn.socketMode.openConnections === 0);
    await standIn.stop();
  });

  test('app_mention answered in thread', async () => {
    const { mention, envelope } = mentionEnvelope(standIn);

    const result = await standIn.socketMode.deliverEvent(envelope);

    expect(standIn.calls('apps.connections.open')).toHaveLength(1);
    expect(result.acknowledgedAfterMs).toBeLessThan(3000);
    expect(result.payload).toEqual({});
    const delivery = standIn.socketMode.deliveries().at(-1);
    expect(delivery?.ack?.envelopeId).toBe(result.envelopeId);
    await standIn.waitFor(() => standIn.thread(channel, mention.ts).length === 2);
    const [, reply] = standIn.thread(channel, mention.ts);
    expect(reply?.text).toBe('On it, <@U0ALICE>');
    expect(reply?.bot_id).toBe(standIn.workspace.identity.botId);
  });

  test('button click delivered as interactive', async () => {
    const message = standIn.seedMessage({
      channel,
      user: standIn.workspace.identity.botUserId,
      text: 'Approve?',
    });
    const payload = buildBlockActionsPayload({
      user: { id: alice.id, username: alice.name },
      channel: { id: channel, name: 'deploys' },
      message,
      actionId: 'approve',
      blockId: 'decision',
      triggerId: standIn.issueTriggerId(),
      responseUrl: standIn.responseUrl(),
    });

    const result = await standIn.socketMode.deliverInteraction(payload);

    expect(actions).toEqual(['approve']);
    expect(result.payload).toEqual({});
    const delivery = standIn.socketMode.deliveries().at(-1);
    expect(delivery?.envelope.type).toBe('interactive');
    expect(delivery?.envelope.accepts_response_payload).toBe(true);
  });
});

describe('Slack stand-in Socket Mode refresh', () => {
  let standIn: SlackStandIn;
  let app: App;

  beforeAll(async () => {
    standIn = await SlackStandIn.start({
      channels: [{ id: channel, name: 'deploys' }],
      users: [alice],
    });
    // An explicit receiver, because only it takes `clientPingTimeout`, which also sets the delay
    // before a reconnect (5 s by default in @slack/socket-mode 3.1).
    const receiver = new SocketModeReceiver({
      appToken: standIn.appToken,
      logLevel: LogLevel.ERROR,
      clientPingTimeout: 500,
      installerOptions: {
        clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
      },
    });
    app = new App({
      token: standIn.botToken,
      receiver,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
    });
    app.event('app_mention', async ({ event, say }) => {
      await say({ text: 'On it', thread_ts: event.ts });
    });
    await app.start();
  });

  afterAll(async () => {
    await app.stop();
    // Bolt's stop starts the close handshake without waiting for it to finish.
    await standIn.waitFor(() => standIn.socketMode.openConnections === 0);
    await standIn.stop();
  });

  test('client reconnects after refresh_requested', async () => {
    const first = await standIn.socketMode.waitForConnection(1);

    await standIn.socketMode.sendDisconnect('refresh_requested');
    const second = await standIn.socketMode.waitForConnection(first + 1);
    const { mention, envelope } = mentionEnvelope(standIn);
    await standIn.socketMode.deliverEvent(envelope);

    expect(second).toBeGreaterThan(first);
    expect(standIn.calls('apps.connections.open')).toHaveLength(2);
    expect(standIn.socketMode.deliveries().at(-1)?.connectionId).toBe(second);
    await standIn.waitFor(() => standIn.thread(channel, mention.ts).length === 2);
  });
});
