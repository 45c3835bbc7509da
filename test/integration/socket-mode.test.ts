import type { App } from '@slack/bolt';
import { Catalog } from '../../src/catalog/catalog';
import { createLogger } from '../../src/logger';
import { createSlackApp } from '../../src/slack/app';
import type { TaskSpec } from '../../src/spec/task-spec';
import { SlackStandIn, buildAppMentionEvent, buildEventEnvelope } from '../../src/standins/slack';
import { taskIdsFor } from '../../src/temporal/task-starter';

const channel = { id: 'C0DEMO', name: 'deckhand-demo' };
const alice = { id: 'U0ALICE', name: 'alice' };

const catalog = Catalog.parse({
  repositories: [{ slug: 'acme/backend', cloneUrl: '/srv/git/backend.git', aliases: ['backend'] }],
});

/**
 * Records every spec and, like `startCodingTask` with Temporal's REJECT_DUPLICATE policy, starts
 * a workflow id only once.
 */
function recordingStarter() {
  const specs: TaskSpec[] = [];
  const workflowIds = new Set<string>();
  const startTask = async (spec: TaskSpec) => {
    specs.push(spec);
    const { workflowId } = taskIdsFor(spec.origin);
    const started = !workflowIds.has(workflowId);
    workflowIds.add(workflowId);
    return { workflowId, started };
  };
  return { specs, workflowIds, startTask };
}

describe('Deckhand Slack app in Socket Mode', () => {
  let standIn: SlackStandIn;
  let app: App;
  const starter = recordingStarter();

  beforeAll(async () => {
    standIn = await SlackStandIn.start({ channels: [channel], users: [alice] });
    app = createSlackApp({
      config: {
        mode: 'socket',
        botToken: standIn.botToken,
        appToken: standIn.appToken,
        apiUrl: standIn.apiUrl,
        port: 0,
      },
      logger: createLogger({ level: 'warn' }),
      catalog,
      startTask: starter.startTask,
    });
    await app.start();
  });

  afterAll(async () => {
    await app.stop();
    // Bolt's stop starts the close handshake without waiting for it to finish.
    await standIn.waitFor(() => standIn.socketMode.openConnections === 0);
    await standIn.stop();
  });

  /** Seeds alice's mention and wraps its `app_mention` event in an Events API envelope. */
  function mention(text: string) {
    const botUserId = standIn.workspace.identity.botUserId;
    const message = standIn.seedMessage({
      channel: channel.id,
      user: alice.id,
      text: `<@${botUserId}> ${text}`,
    });
    const event = buildAppMentionEvent({
      user: alice.id,
      text: message.text,
      channel: channel.id,
      ts: message.ts,
    });
    return {
      message,
      envelope: buildEventEnvelope({ event, identity: standIn.workspace.identity }),
    };
  }

  test('connection opened with app token', () => {
    const opens = standIn.calls('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]?.ok).toBe(true);
    expect(standIn.socketMode.openConnections).toBe(1);
  });

  test('valid mention starts one task', async () => {
    const { message, envelope } = mention('add a `shout` function in backend');

    const delivery = await standIn.socketMode.deliverEvent(envelope);
    await standIn.waitFor(() => starter.specs.length === 1);

    expect(delivery.acknowledgedAfterMs).toBeLessThan(3000);
    const spec = starter.specs[0];
    expect(spec?.repositories.map((repository) => repository.slug)).toEqual(['acme/backend']);
    expect(spec?.title).toContain('shout');
    expect(spec?.origin).toMatchObject({
      teamId: standIn.workspace.identity.teamId,
      channel: channel.id,
      messageTs: message.ts,
      threadTs: message.ts,
      userId: alice.id,
    });
    const reaction = await standIn.waitForCall('reactions.add');
    expect(reaction.args).toMatchObject({
      channel: channel.id,
      timestamp: message.ts,
      name: 'eyes',
    });
  });

  test('redelivery acknowledged, no second task', async () => {
    const { envelope } = mention('add a `whisper` function in backend');
    await standIn.socketMode.deliverEvent(envelope);
    await standIn.waitFor(() => starter.specs.length === 2);

    const redelivery = await standIn.socketMode.deliverEvent(envelope, { retryAttempt: 1 });
    await standIn.waitFor(() => starter.specs.length === 3);

    expect(redelivery.acknowledgedAfterMs).toBeLessThan(3000);
    const sent = standIn.socketMode.deliveries().at(-1);
    expect(sent?.envelope.retry_attempt).toBe(1);
    expect(sent?.ack?.envelopeId).toBe(redelivery.envelopeId);
    expect(starter.specs[2]).toEqual(starter.specs[1]);
    expect(starter.workflowIds.size).toBe(2);
  });

  test('empty mention answered in thread', async () => {
    const { message, envelope } = mention('');

    await standIn.socketMode.deliverEvent(envelope);
    await standIn.waitFor(() => standIn.thread(channel.id, message.ts).length === 2);

    const [, reply] = standIn.thread(channel.id, message.ts);
    expect(reply?.bot_id).toBe(standIn.workspace.identity.botId);
    expect(reply?.text).toContain('The task is missing');
    expect(starter.specs).toHaveLength(3);
  });
});
