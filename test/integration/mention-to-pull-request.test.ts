import { execFileSync } from 'node:child_process';
import type { LocalWorld } from '../../src/local/world';
import { localChannel } from '../../src/local/world';
import { sampleMention, sampleRepository, sampleScenario } from '../../src/local/sample';
import { taskIdsFor } from '../../src/temporal/task-starter';
import { containersOfTask, startTestWorld } from '../support/world';

jest.setTimeout(300_000);

describe('@mention to pull request', () => {
  let world: LocalWorld;

  beforeAll(async () => {
    world = await startTestWorld({ repositories: [sampleRepository], scenario: sampleScenario });
  });

  afterAll(async () => {
    await world?.stop();
  });

  test('redelivered mention ends in one pull request', async () => {
    const envelope = await world.mention(sampleMention);
    await world.deliver(envelope, 1);
    const mentionTs = String(envelope.event.ts);
    const ids = taskIdsFor({
      teamId: envelope.team_id,
      channel: localChannel.id,
      messageTs: mentionTs,
    });

    const results = await world.taskResult(ids.workflowId);
    expect(results).toHaveLength(1);
    expect(results[0]?.outcome).toBe('pull_request');
    expect(results[0]?.attempts).toBe(2);

    // One workflow, despite the redelivery.
    const runs = [];
    for await (const run of world.temporal.client.workflow.list({
      query: "WorkflowType = 'codingTask'",
    })) {
      runs.push(run);
    }
    expect(runs.map((run) => run.workflowId)).toEqual([ids.workflowId]);

    // One pull request whose branch holds the agent's fixed change.
    const branch = `deckhand/${ids.taskId}-backend`;
    expect(world.github.pullRequests).toHaveLength(1);
    expect(world.github.pullRequests[0]?.headRef).toBe(branch);
    const shout = execFileSync('git', ['show', `${branch}:src/shout.js`], {
      cwd: world.github.clonePath('acme/backend'),
      encoding: 'utf8',
    });
    expect(shout).toContain('toUpperCase()}!');
    expect(world.github.contractViolations).toEqual([]);

    // The second agent run was shown the failing test output.
    expect(world.model.conversations.length).toBeGreaterThanOrEqual(2);
    const retryPrompt = world.model.conversations[1]?.prompt ?? '';
    expect(retryPrompt).toContain('failed with exit code 1');
    expect(retryPrompt).toMatch(/HI!|AssertionError|shout/);

    // The thread shows both attempts, the failure in between, and the pull request.
    const thread = world.slack.thread(localChannel.id, mentionTs).map((message) => message.text);
    expect(thread.some((text) => /tests failed on attempt 1 of 3/.test(text))).toBe(true);
    expect(thread.some((text) => /agent attempt 2 changed/.test(text))).toBe(true);
    expect(thread.some((text) => /tests passed on attempt 2/.test(text))).toBe(true);
    expect(thread.some((text) => /pull request opened: http/.test(text))).toBe(true);
    expect(thread.some((text) => /^Task finished\./.test(text))).toBe(true);
    const statusPosts = world.slack
      .calls('chat.postMessage')
      .filter((call) => call.args.text?.toString().includes('Agent: claude-code'));
    expect(statusPosts).toHaveLength(1);
    expect(world.slack.calls('chat.update').length).toBeGreaterThan(0);
    // The agent's tool calls show up as progress lines in the status message.
    const statusTexts = world.slack.calls('chat.update').map((call) => String(call.args.text));
    expect(
      statusTexts.some((text) => /writing src\/shout\.js|editing src\/shout\.js/.test(text)),
    ).toBe(true);
    expect(world.slack.calls('reactions.add')[0]?.args.name).toBe('eyes');

    // No container is left behind.
    expect(await containersOfTask(ids.taskId)).toEqual([]);
  });
});
