import { WorkflowNotFoundError } from '@temporalio/client';
import { sampleRepository } from '../../src/local/sample';
import type { LocalWorld } from '../../src/local/world';
import { localChannel, localSentryWebhookSecret } from '../../src/local/world';
import { sentryWebhookPath } from '../../src/slack/sentry-webhook-route';
import {
  buildIssueWebhookPayload,
  sampleEvent,
  sampleIssue,
  sendSentryWebhook,
} from '../../src/standins/sentry';
import type { Scenario } from '../../src/standins/model';
import { sentryTaskIds } from '../../src/temporal/task-starter';
import { containersOfTask, startTestWorld } from '../support/world';

jest.setTimeout(300_000);

/** The agent writes a guard, which keeps the sample repository's tests passing. */
const guardFix: Scenario = {
  runs: [
    {
      match: 'Sentry',
      steps: [
        {
          tool: 'Write',
          input: { file_path: '/workspace/src/guard.js', content: 'exports.id = (u) => u?.id;\n' },
        },
      ],
    },
  ],
};

/** The agent runs a command that never ends, so the fix stays running until it is cancelled. */
const endlessFix: Scenario = {
  runs: [
    {
      match: 'Sentry',
      steps: [{ tool: 'Bash', input: { command: 'tail -f /dev/null', timeout: 600000 } }],
    },
  ],
};

describe('Sentry issue webhook', () => {
  let world: LocalWorld;
  let webhookUrl: string;

  beforeAll(async () => {
    world = await startTestWorld({
      repositories: [{ ...sampleRepository, sentryProjects: ['backend'] }],
      scenario: { runs: [] },
    });
    webhookUrl = new URL(sentryWebhookPath, world.eventsUrl).toString();
  });

  afterAll(async () => {
    await world?.stop();
  });

  /** Seeds an issue of the `backend` project in the stand-in and returns it. */
  function seedIssue(id: string, level = 'error') {
    const issue = sampleIssue({ id, project: 'backend', shortId: `BACKEND-${id}`, level });
    world.sentry.seedIssue({ organization: 'acme', issue, latestEvent: sampleEvent() });
    return issue;
  }

  function deliver(issue: ReturnType<typeof sampleIssue>, signature?: string) {
    return sendSentryWebhook({
      url: webhookUrl,
      clientSecret: localSentryWebhookSecret,
      resource: 'issue',
      payload: buildIssueWebhookPayload({ action: 'created', issue, organization: 'acme' }),
      signature,
    });
  }

  /** Bot messages in the Sentry channel that announce the issue. */
  const announcements = (shortId: string) =>
    world.slack
      .calls('chat.postMessage')
      .filter((c) => c.args.channel === localChannel.id && !c.args.thread_ts)
      .filter((c) => String(c.args.text).includes(shortId));

  async function workflowExists(workflowId: string): Promise<boolean> {
    try {
      await world.temporal.client.workflow.getHandle(workflowId).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  async function runsOf(workflowId: string) {
    const runs = [];
    for await (const run of world.temporal.client.workflow.list({
      query: `WorkflowId = '${workflowId}'`,
    }))
      runs.push(run);
    return runs;
  }

  test('created error issue ends in a pull request', async () => {
    world.model.setScenario(guardFix);
    const issue = seedIssue('5001');

    const delivery = await deliver(issue);
    expect(delivery.status).toBe(200);

    const [result] = await world.taskResult(sentryTaskIds('5001').workflowId, 30_000);
    expect(result?.outcome).toBe('pull_request');
    const [announcement] = announcements('BACKEND-5001');
    expect(announcement).toBeDefined();
    const ts = String(announcement?.response.ts);
    const thread = world.slack.thread(localChannel.id, ts).map((m) => m.text);
    expect(thread[0]).toMatch(/^Sentry reports <https:\/\/sentry\.example\.com\/.*\|BACKEND-5001>/);
    expect(thread.some((t) => /pull request opened/.test(t))).toBe(true);

    const pullRequestUrl = result?.pullRequest?.url ?? '';
    expect(pullRequestUrl).not.toBe('');
    const pr = world.github.pullRequests.find((p) => pullRequestUrl.endsWith(`/${p.number}`));
    expect(pr?.body).toContain(
      'Fixes Sentry issue [BACKEND-5001](https://sentry.example.com/organizations/acme/issues/5001/)',
    );
    const comments = world.sentry.comments.filter((c) => c.issueId === '5001');
    expect(comments.some((c) => c.text.includes(pullRequestUrl))).toBe(true);
  });

  test('bad signature gets 401 and starts nothing', async () => {
    const issue = seedIssue('5002');
    const requestsBefore = world.sentry.requests.length;

    const delivery = await deliver(issue, 'f'.repeat(64));
    expect(delivery.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    expect(announcements('BACKEND-5002')).toEqual([]);
    expect(world.sentry.requests.slice(requestsBefore)).toEqual([]);
    expect(await workflowExists(sentryTaskIds('5002').workflowId)).toBe(false);
  });

  test('unconfigured level gets 200 and starts nothing', async () => {
    const issue = seedIssue('5003', 'warning');
    const requestsBefore = world.sentry.requests.length;

    const delivery = await deliver(issue);
    expect(delivery.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    expect(announcements('BACKEND-5003')).toEqual([]);
    expect(world.sentry.requests.slice(requestsBefore)).toEqual([]);
    expect(await workflowExists(sentryTaskIds('5003').workflowId)).toBe(false);
  });

  test('repeat delivery during a fix starts one workflow', async () => {
    world.model.setScenario(endlessFix);
    const issue = seedIssue('5004');
    const { workflowId, taskId } = sentryTaskIds('5004');

    expect((await deliver(issue)).status).toBe(200);
    await world.slack.waitFor(
      () => world.model.conversations.some((c) => c.prompt.includes('BACKEND-5004')),
      120_000,
    );
    expect((await deliver(issue)).status).toBe(200);
    // The repeat finds the running fix and posts nothing. The route answers before it checks,
    // so give that check a moment before asserting that nothing was posted.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(announcements('BACKEND-5004')).toHaveLength(1);

    expect(await runsOf(workflowId)).toHaveLength(1);

    await world.temporal.client.workflow.getHandle(workflowId).cancel();
    await expect(world.taskResult(workflowId)).rejects.toThrow();
    expect(await containersOfTask(taskId)).toEqual([]);
  });
});

describe('Sentry regressions', () => {
  let world: LocalWorld;
  let webhookUrl: string;

  beforeAll(async () => {
    world = await startTestWorld({
      repositories: [{ ...sampleRepository, sentryProjects: ['backend'] }],
      scenario: guardFix,
    });
    webhookUrl = new URL(sentryWebhookPath, world.eventsUrl).toString();
  });

  afterAll(async () => {
    await world?.stop();
  });

  test('regression after a finished fix starts another', async () => {
    const issue = sampleIssue({ id: '6001', project: 'backend', shortId: 'BACKEND-6001' });
    world.sentry.seedIssue({ organization: 'acme', issue, latestEvent: sampleEvent() });
    const send = (action: 'created' | 'unresolved', payloadIssue = issue) =>
      sendSentryWebhook({
        url: webhookUrl,
        clientSecret: localSentryWebhookSecret,
        resource: 'issue',
        payload: buildIssueWebhookPayload({ action, issue: payloadIssue, organization: 'acme' }),
      });
    const { workflowId } = sentryTaskIds('6001');

    await send('created');
    await world.taskResult(workflowId);
    world.model.setScenario(guardFix);
    await send('unresolved', { ...issue, substatus: 'regressed' } as typeof issue);
    // Wait for the second run to appear in visibility, bounded to a minute.
    const runs: string[] = [];
    const deadline = Date.now() + 60_000;
    while (runs.length < 2 && Date.now() < deadline) {
      runs.length = 0;
      for await (const run of world.temporal.client.workflow.list({
        query: `WorkflowId = '${workflowId}'`,
      })) {
        runs.push(run.runId);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(runs).toHaveLength(2);
    await world.taskResult(workflowId);
  });
});
