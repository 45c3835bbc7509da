import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { sampleEvent, sampleIssue } from '../../src/standins/sentry';
import { sampleRepository, sampleScenario } from '../../src/local/sample';
import type { LocalWorld } from '../../src/local/world';
import { localChannel, localUser } from '../../src/local/world';
import { approvalActionIds } from '../../src/slack/approval-actions';
import type { TaskSpec } from '../../src/spec/task-spec';
import { startCodingTask, taskIdsFor } from '../../src/temporal/task-starter';
import { blockKitAlert, legacyAttachmentAlert } from '../fixtures/sentry/slack-alerts';
import { buildMentionSpec } from '../support/task-spec';
import { containersOfTask, startTestWorld } from '../support/world';

jest.setTimeout(300_000);

const bob = 'U0BOB';
const shoutFix = sampleScenario.runs;

describe('steering in the thread', () => {
  let world: LocalWorld;

  beforeAll(async () => {
    world = await startTestWorld({
      repositories: [{ ...sampleRepository, sentryProjects: ['backend'] }],
      scenario: { runs: [] },
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  const texts = (ts: string) => world.slack.thread(localChannel.id, ts).map((m) => m.text);
  const branchFiles = (branch: string, path: string) =>
    execFileSync('git', ['show', `${branch}:${path}`], {
      cwd: world.github.clonePath('acme/backend'),
      encoding: 'utf8',
    });

  async function startTask(text: string, overrides: Partial<TaskSpec> = {}) {
    const root = world.slack.seedMessage({ channel: localChannel.id, user: localUser.id, text });
    const spec = buildMentionSpec(
      { instructions: text, rootTs: root.ts, userId: localUser.id },
      overrides,
    );
    const started = await startCodingTask({
      client: world.temporal.client,
      config: world.config,
      spec,
    });
    return { ...started, ts: root.ts, ids: taskIdsFor(spec.origin) };
  }

  test('approval pressed twice and after the end', async () => {
    world.model.setScenario({ runs: shoutFix });
    const task = await startTask('add a shout function', { requireApproval: true });
    const request = await world.slack.waitFor(
      () =>
        world.slack
          .thread(localChannel.id, task.ts)
          .find((m) => JSON.stringify(m.blocks ?? []).includes(approvalActionIds.approve)),
      120_000,
    );
    const stale = structuredClone(request);

    await world.press(request.ts, approvalActionIds.approve, bob);
    await world.slack.waitForCall('chat.postEphemeral', (args) => args.user === bob);
    await Promise.all([
      world.press(request.ts, approvalActionIds.approve),
      world.pressMessage(stale, approvalActionIds.approve),
    ]);
    const [result] = await world.taskResult(task.workflowId);
    expect(result?.outcome).toBe('pull_request');
    const decided = world.slack.thread(localChannel.id, task.ts).find((m) => m.ts === request.ts);
    expect(decided?.text).toMatch(/^Approved by <@U0ALICE>/);
    const ephemerals = () =>
      world.slack.calls('chat.postEphemeral').map((c) => String(c.args.text));
    expect(ephemerals().some((t) => /Only <@U0ALICE>/.test(t))).toBe(true);
    // The losing press hears that nothing happened: "already decided" when it reached the
    // workflow while it waited, "already finished" when the task had ended by then. Handlers run
    // after the acknowledgement, so the message may come a moment after the task ends.
    await world.slack.waitFor(
      () => ephemerals().some((t) => /already (decided|finished)/.test(t)),
      10_000,
    );

    const finishedBefore = ephemerals().filter((t) => /already finished/.test(t)).length;
    await world.pressMessage(stale, approvalActionIds.approve);
    await world.slack.waitFor(
      () => ephemerals().filter((t) => /already finished/.test(t)).length > finishedBefore,
      10_000,
    );
  });

  test('request changes reaches the agent', async () => {
    world.model.setScenario({
      runs: [
        ...shoutFix,
        {
          match: 'requested changes',
          steps: [
            { tool: 'Write', input: { file_path: '/workspace/CHANGELOG.md', content: 'shout\n' } },
          ],
        },
      ],
    });
    const task = await startTask('add a shout function', { requireApproval: true });
    const isRequest = (m: { blocks?: unknown[] }) =>
      JSON.stringify(m.blocks ?? []).includes(approvalActionIds.requestChanges);
    const first = await world.slack.waitFor(
      () => world.slack.thread(localChannel.id, task.ts).find(isRequest),
      120_000,
    );
    await world.press(first.ts, approvalActionIds.requestChanges);
    const opened = await world.slack.waitForCall('views.open', (args) =>
      String(args.view).includes('deckhand_feedback'),
    );
    const viewId = (opened.response.view as { id: string }).id;
    const empty = await world.submitView(viewId, {
      feedback: { text: { type: 'plain_text_input', value: '' } },
    });
    expect(empty.body).toContain('response_action');
    await world.submitView(viewId, {
      feedback: { text: { type: 'plain_text_input', value: 'Add a CHANGELOG entry too.' } },
    });

    const second = await world.slack.waitFor(
      () =>
        world.slack
          .thread(localChannel.id, task.ts)
          .filter(isRequest)
          .find((m) => m.ts !== first.ts),
      120_000,
    );
    expect(texts(task.ts).some((t) => /^Changes requested by <@U0ALICE>/.test(t))).toBe(true);
    const prompt = world.model.conversations.at(-1)?.prompt ?? '';
    expect(prompt).toContain('Add a CHANGELOG entry too.');
    await world.press(second.ts, approvalActionIds.approve);
    const [result] = await world.taskResult(task.workflowId);
    expect(result?.outcome).toBe('pull_request');
    expect(branchFiles(`deckhand/${task.ids.taskId}-backend`, 'CHANGELOG.md')).toBe('shout\n');
  });

  test('status and retry commands in the thread', async () => {
    world.model.setScenario({ runs: [{ steps: [], finalText: 'Nothing to change.' }] });
    const task = await startTask('check the greeting');
    await world.taskResult(task.workflowId);
    await world.reply(task.ts, 'status');
    await world.slack.waitFor(
      () => texts(task.ts).some((t) => /Task done\./.test(t) && /backend/.test(t)),
      10_000,
    );

    world.model.setScenario({ runs: [{ steps: [], finalText: 'Still nothing.' }] });
    await Promise.all([world.reply(task.ts, 'retry'), world.reply(task.ts, 'retry')]);
    const retryOf = createHash('sha256').update(task.workflowId).digest('hex').slice(0, 8);
    const [again] = await world.taskResult(`${task.workflowId}-retry-${retryOf}`);
    expect(again?.outcome).toBe('no_changes');
    expect(texts(task.ts).filter((t) => /^Retrying the task/.test(t))).toHaveLength(1);
  });

  test('follow-up adds a commit to the pull request', async () => {
    world.model.setScenario({ runs: shoutFix });
    const task = await startTask('add a shout function');
    await world.taskResult(task.workflowId);
    const pullRequests = world.github.pullRequests.length;
    const branch = `deckhand/${task.ids.taskId}-backend`;

    world.model.setScenario({
      runs: [
        {
          match: 'also add a whisper',
          steps: [
            {
              tool: 'Write',
              input: {
                file_path: '/workspace/src/whisper.js',
                content: 'exports.whisper = (t) => t.toLowerCase();\n',
              },
            },
          ],
        },
      ],
    });
    const replyTs = await world.reply(task.ts, 'also add a whisper function in src/whisper.js');
    const followUpId = `${task.workflowId}-followup-${replyTs}`;
    const [result] = await world.taskResult(followUpId);
    expect(result?.outcome).toBe('pull_request');
    expect(result?.pullRequest?.reused).toBe(true);
    expect(world.github.pullRequests).toHaveLength(pullRequests);
    expect(branchFiles(branch, 'src/whisper.js')).toContain('whisper');
    expect(branchFiles(branch, 'src/shout.js')).toContain('toUpperCase');
    const prompt = world.model.conversations.at(-1)?.prompt ?? '';
    expect(prompt).toContain('From <@U0ALICE>: also add a whisper function');
  });

  test('x reaction cancels and leaves no container', async () => {
    world.model.setScenario({
      runs: [
        { steps: [{ tool: 'Bash', input: { command: 'tail -f /dev/null', timeout: 600000 } }] },
      ],
    });
    const task = await startTask('run the slow migration');
    await world.slack.waitFor(
      () => world.model.conversations.some((c) => c.prompt.includes('run the slow migration')),
      60_000,
    );
    await world.react(task.ts, 'x');
    await expect(world.taskResult(task.workflowId)).rejects.toThrow();
    expect(await containersOfTask(task.ids.taskId)).toEqual([]);
    expect(texts(task.ts).some((t) => /^Task cancelled/.test(t))).toBe(true);
  });

  test.each([
    ['Block Kit', blockKitAlert, '4509123456'],
    ['attachment', legacyAttachmentAlert, '1170820242'],
  ])('%s Sentry alert reaction opens a pull request', async (_shape, alertOf, issueId) => {
    const issue = sampleIssue({ id: issueId, project: 'backend' });
    world.sentry.seedIssue({ organization: 'acme', issue, latestEvent: sampleEvent() });
    world.model.setScenario({
      runs: [
        {
          match: 'Sentry',
          steps: [
            {
              tool: 'Write',
              input: {
                file_path: '/workspace/src/guard.js',
                content: 'exports.id = (u) => u?.id;\n',
              },
            },
          ],
        },
      ],
    });
    const alert = world.slack.seedMessage(alertOf(localChannel.id));
    await world.react(alert.ts, 'robot_face');
    await world.react(alert.ts, 'robot_face', bob);
    const [result] = await world.taskResult(`deckhand-sentry-${issueId}`);
    expect(result?.outcome).toBe('pull_request');
    const pr = world.github.pullRequests.find((p) =>
      p.headRef.includes(result?.branch?.split('/')[1] ?? '?'),
    );
    expect(pr?.body).toContain(`Fixes Sentry issue`);
    expect(pr?.body).toContain(`/issues/${issueId}/`);
    expect(
      world.sentry.comments.some((c) => c.text.includes(result?.pullRequest?.url ?? '///')),
    ).toBe(true);
    expect(texts(alert.ts).some((t) => /pull request opened/.test(t))).toBe(true);
    const sentryRuns = [];
    for await (const run of world.temporal.client.workflow.list({
      query: `WorkflowId = 'deckhand-sentry-${issueId}'`,
    }))
      sentryRuns.push(run);
    expect(sentryRuns).toHaveLength(1);
  });

  test('alert copied by a person is no alert', async () => {
    const {
      botId: _botId,
      appId: _appId,
      username: _username,
      ...copied
    } = blockKitAlert(localChannel.id);
    const forged = world.slack.seedMessage({ ...copied, user: bob });
    const sentryRequests = world.sentry.requests.length;
    const hints = world.slack.calls('chat.postEphemeral').length;
    await world.react(forged.ts, 'robot_face');
    await world.slack.waitFor(() => world.slack.calls('chat.postEphemeral').length > hints, 10_000);
    expect(String(world.slack.calls('chat.postEphemeral').at(-1)?.args.text)).toContain(
      "Sentry's Slack integration",
    );
    expect(world.sentry.requests).toHaveLength(sentryRequests);
    expect(texts(forged.ts)).toHaveLength(1);
  });

  test('reaction on an ordinary message gets a hint', async () => {
    const message = world.slack.seedMessage({
      channel: localChannel.id,
      user: bob,
      text: 'lunch?',
    });
    await world.react(message.ts, 'robot_face');
    const hint = await world.slack.waitForCall('chat.postEphemeral', (args) =>
      String(args.text).includes("Sentry's Slack integration"),
    );
    expect(hint.args.user).toBe(localUser.id);
    expect(texts(message.ts)).toEqual(['lunch?']);
  });
});
