import { MockActivityEnvironment, defaultActivityInfo } from '@temporalio/testing';
import { WebClient } from '@slack/web-api';
import { postThreadMessage } from '../../../activities/slack-thread';
import type { PostThreadMessageResult } from '../../../activities/types';
import { StatusCoalescer } from '../../../src/slack/status-coalescer';
import { SlackStandIn } from '../../../src/standins/slack';

const channel = 'C0THREAD';

describe('thread activities', () => {
  let slack: SlackStandIn;
  let client: WebClient;
  let threadTs: string;

  beforeAll(async () => {
    slack = await SlackStandIn.start({ channels: [{ id: channel, name: 'thread-tests' }] });
    client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl });
  });

  beforeEach(() => {
    threadTs = slack.seedMessage({ channel, user: 'U0PERSON', text: 'start' }).ts;
  });

  afterAll(async () => {
    await slack.stop();
  });

  function deps(intervalMs = 0) {
    const botUserId = slack.workspace.identity.botUserId;
    return {
      slack: client,
      status: new StatusCoalescer(client, intervalMs),
      botUserId: async () => botUserId,
    };
  }

  function inWorkflow(attempt: number) {
    const execution = { workflowId: 'wf-1', runId: 'run-1' };
    return new MockActivityEnvironment({
      ...defaultActivityInfo,
      attempt,
      workflowExecution: execution,
    });
  }

  test('retried post is not repeated', async () => {
    const input = { channel, threadTs, key: 'status', text: 'Working' };
    const post = (attempt: number) =>
      inWorkflow(attempt).run<[], PostThreadMessageResult, () => Promise<PostThreadMessageResult>>(
        () => postThreadMessage(deps(), input),
      );
    const first = await post(1);
    const retried = await post(2);
    expect(retried.ts).toBe(first.ts);
    expect(slack.thread(channel, threadTs)).toHaveLength(2);
  });

  test('different keys post twice', async () => {
    await inWorkflow(1).run(postThreadMessage, deps(), { channel, threadTs, key: 'a', text: 'A' });
    await inWorkflow(2).run(postThreadMessage, deps(), { channel, threadTs, key: 'b', text: 'B' });
    expect(slack.thread(channel, threadTs).map((message) => message.text)).toEqual([
      'start',
      'A',
      'B',
    ]);
  });

  test('key of another workflow does not count', async () => {
    const input = { channel, threadTs, key: 'status', text: 'Working' };
    await inWorkflow(1).run(postThreadMessage, deps(), input);
    const other = new MockActivityEnvironment({
      ...defaultActivityInfo,
      attempt: 2,
      workflowExecution: { workflowId: 'wf-2', runId: 'run-2' },
    });
    await other.run(postThreadMessage, deps(), input);
    expect(slack.thread(channel, threadTs)).toHaveLength(3);
  });

  test('status edits are coalesced', async () => {
    const { ts } = await client.chat.postMessage({ channel, thread_ts: threadTs, text: 'v0' });
    const status = new StatusCoalescer(client, 300);
    const before = slack.calls('chat.update').length;
    await status.update(channel, ts ?? '', { text: 'v1' });
    await Promise.all([2, 3, 4, 5].map((n) => status.update(channel, ts ?? '', { text: `v${n}` })));
    const updates = slack.calls('chat.update').slice(before);
    expect(updates.map((call) => call.args.text)).toEqual(['v1', 'v5']);
    expect(slack.thread(channel, threadTs).find((message) => message.ts === ts)?.text).toBe('v5');
  });

  test('rate-limited edit is retried', async () => {
    const { ts } = await client.chat.postMessage({ channel, thread_ts: threadTs, text: 'v0' });
    slack.rateLimitNext('chat.update', { retryAfterSeconds: 1 });
    await new StatusCoalescer(client, 0).update(channel, ts ?? '', { text: 'after limit' });
    expect(slack.thread(channel, threadTs).find((message) => message.ts === ts)?.text).toBe(
      'after limit',
    );
  });
});
