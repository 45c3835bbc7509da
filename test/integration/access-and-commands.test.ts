import { WorkflowNotFoundError } from '@temporalio/client';
import { sampleRepository } from '../../src/local/sample';
import type { LocalWorld } from '../../src/local/world';
import { localChannel, localUser } from '../../src/local/world';
import { buildAppMentionEvent, buildEventEnvelope } from '../../src/standins/slack';
import { startCodingTask, taskIdsFor } from '../../src/temporal/task-starter';
import { buildMentionSpec } from '../support/task-spec';
import { containersOfTask, startTestWorld } from '../support/world';

jest.setTimeout(300_000);

const otherChannel = { id: 'C0OTHER', name: 'random' } as const;
const bob = 'U0BOB';
const bot = '<@U0DECKHAND>';

describe('access policy and channel commands', () => {
  let world: LocalWorld;

  beforeAll(async () => {
    world = await startTestWorld({
      repositories: [
        sampleRepository,
        { slug: 'acme/web', aliases: ['web'], files: { 'README.md': '# web\n' } },
      ],
      scenario: { runs: [] },
      environment: { DECKHAND_CHANNELS: localChannel.id, DECKHAND_DISPATCHERS: bob },
    });
    world.slack.addChannel(otherChannel);
    // Bolt calls auth.test on the first event it handles; this makes that call happen here.
    await world.mention(`${bot} list`);
    await world.slack.waitForCall('chat.postMessage');
  });

  afterAll(async () => {
    await world?.stop();
  });

  const repliesTo = (ts: string) =>
    world.slack
      .thread(localChannel.id, ts)
      .slice(1)
      .map((m) => m.text);

  async function workflowExists(workflowId: string): Promise<boolean> {
    try {
      await world.temporal.client.workflow.getHandle(workflowId).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  test('mention in an unserved channel makes no call', async () => {
    const text = `${bot} add a shout function in backend`;
    const message = world.slack.seedMessage({ channel: otherChannel.id, user: bob, text });
    const callsBefore = world.slack.calls().length;

    const event = buildAppMentionEvent({
      user: bob,
      text,
      channel: otherChannel.id,
      ts: message.ts,
    });
    await world.deliver(buildEventEnvelope({ event }));
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(world.slack.calls().slice(callsBefore)).toEqual([]);
    const origin = { teamId: 'T0DECKHAND', channel: otherChannel.id, messageTs: message.ts };
    expect(await workflowExists(taskIdsFor(origin).workflowId)).toBe(false);
  });

  test('mention by a non-dispatcher gets a refusal', async () => {
    const envelope = await world.mention(`${bot} add a shout function in backend`);
    const ts = String((envelope.event as { ts: string }).ts);

    const refusal = await world.slack.waitForCall(
      'chat.postEphemeral',
      (args) => String(args.text).includes('DECKHAND_DISPATCHERS') && args.user === localUser.id,
    );
    expect(refusal.args.channel).toBe(localChannel.id);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const origin = { teamId: 'T0DECKHAND', channel: localChannel.id, messageTs: ts };
    expect(await workflowExists(taskIdsFor(origin).workflowId)).toBe(false);
    expect(world.slack.calls('reactions.add').filter((c) => c.args.timestamp === ts)).toEqual([]);
    expect(repliesTo(ts)).toEqual([]);
  });

  test('list shows the running task', async () => {
    world.model.setScenario({
      runs: [
        { steps: [{ tool: 'Bash', input: { command: 'tail -f /dev/null', timeout: 600000 } }] },
      ],
    });
    const root = world.slack.seedMessage({
      channel: localChannel.id,
      user: bob,
      text: 'run the slow migration in backend',
    });
    const spec = buildMentionSpec({
      instructions: 'run the slow migration',
      rootTs: root.ts,
      userId: bob,
    });
    const task = await startCodingTask({
      client: world.temporal.client,
      config: world.config,
      spec,
    });
    await world.slack.waitFor(
      () => world.model.conversations.some((c) => c.prompt.includes('run the slow migration')),
      120_000,
    );

    const envelope = await world.mention(`${bot} list`);
    const ts = String((envelope.event as { ts: string }).ts);
    const [listing] = await world.slack.waitFor(() => {
      const replies = repliesTo(ts);
      return replies.length > 0 && replies;
    }, 10_000);
    expect(listing).toMatch(/^Running tasks in this channel:\n1\. `/);
    expect(listing).toContain(`\`${task.workflowId}\``);
    expect(listing?.split('\n')).toHaveLength(2);

    // Alice may not dispatch here, so she may not cancel or steer Bob's task either.
    await world.reply(root.ts, 'cancel', localUser.id);
    await world.slack.waitForCall(
      'chat.postEphemeral',
      (args) => args.user === localUser.id && String(args.text).includes('steer, cancel or retry'),
    );
    const description = await world.temporal.client.workflow.getHandle(task.workflowId).describe();
    expect(description.status.name).toBe('RUNNING');

    await world.temporal.client.workflow.getHandle(task.workflowId).cancel();
    await expect(world.taskResult(task.workflowId)).rejects.toThrow();
    expect(await containersOfTask(task.taskId)).toEqual([]);

    const emptyEnvelope = await world.mention(`${bot} list`);
    const emptyTs = String((emptyEnvelope.event as { ts: string }).ts);
    const [empty] = await world.slack.waitFor(() => {
      const replies = repliesTo(emptyTs);
      return replies.length > 0 && replies;
    }, 10_000);
    expect(empty).toBe('No tasks are running in this channel.');
  });

  test('settings names the topic as the source', async () => {
    world.slack.addChannel({
      ...localChannel,
      topic: { value: 'Web team. repo:acme/web', creator: localUser.id, last_set: 1 },
    });
    const info = await fetch(`${world.slack.apiUrl}conversations.info`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${world.config.slack.botToken}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ channel: localChannel.id }),
    }).then((r) => r.json() as Promise<{ channel?: { topic?: { value?: string } } }>);
    expect(info.channel?.topic?.value).toBe('Web team. repo:acme/web');

    const envelope = await world.mention(`${bot} settings`);
    const ts = String((envelope.event as { ts: string }).ts);
    const [settings] = await world.slack.waitFor(() => {
      const replies = repliesTo(ts);
      return replies.length > 0 && replies;
    }, 10_000);
    expect(settings).toContain('`acme/web`: named in the channel topic');
    expect(settings).not.toContain('acme/backend');
  });
});
