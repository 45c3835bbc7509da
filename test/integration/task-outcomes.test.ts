import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { LocalWorld } from '../../src/local/world';
import { localChannel } from '../../src/local/world';
import { sampleRepository } from '../../src/local/sample';
import { taskIdsFor } from '../../src/temporal/task-starter';
import type { codingTask } from '../../workflows';
import { containersOfTask, startTestWorld } from '../support/world';

jest.setTimeout(300_000);

describe('task outcomes', () => {
  let world: LocalWorld;

  beforeAll(async () => {
    world = await startTestWorld({ repositories: [sampleRepository], scenario: { runs: [] } });
  });

  afterAll(async () => {
    await world?.stop();
  });

  function idsOf(envelope: { team_id: string; event: Record<string, unknown> }) {
    return taskIdsFor({
      teamId: envelope.team_id,
      channel: localChannel.id,
      messageTs: String(envelope.event.ts),
    });
  }

  function threadTexts(ts: string): string[] {
    return world.slack.thread(localChannel.id, ts).map((message) => message.text);
  }

  async function resultOf(workflowId: string) {
    return world.taskResult(workflowId);
  }

  test('unknown repository gets a reply and starts nothing', async () => {
    const envelope = await world.mention('<@U0DECKHAND> fix the login bug in acme/unknown-repo');
    const ts = String(envelope.event.ts);
    await world.slack.waitFor(() => threadTexts(ts).length > 1, 10_000);
    const reply = threadTexts(ts)[1] ?? '';
    expect(reply).toMatch(/acme\/unknown-repo/);
    expect(reply).toMatch(/acme\/backend/);
    expect(reply).toMatch(/for example/i);
    const describe = world.temporal.client.workflow
      .getHandle(idsOf(envelope).workflowId)
      .describe();
    await expect(describe).rejects.toThrow(/not found/i);
  });

  test('empty mention asks for a task', async () => {
    const envelope = await world.mention('<@U0DECKHAND>');
    const ts = String(envelope.event.ts);
    await world.slack.waitFor(() => threadTexts(ts).length > 1, 10_000);
    expect(threadTexts(ts)[1]).toMatch(/for example/i);
  });

  test('agent without changes opens no pull request', async () => {
    world.model.setScenario({ runs: [{ steps: [], finalText: 'Nothing needs to change.' }] });
    const pullRequests = world.github.pullRequests.length;
    const envelope = await world.mention('<@U0DECKHAND> check that greet handles names in backend');
    const [result] = await resultOf(idsOf(envelope).workflowId);
    expect(result?.outcome).toBe('no_changes');
    expect(world.github.pullRequests).toHaveLength(pullRequests);
    const thread = threadTexts(String(envelope.event.ts));
    expect(thread.some((text) => /finished without changing any file/.test(text))).toBe(true);
    expect(thread.some((text) => /no changes, so no pull request/.test(text))).toBe(true);
    expect(await containersOfTask(idsOf(envelope).taskId)).toEqual([]);
  });

  test('tests failing on every attempt keep the branch', async () => {
    const broken = "exports.greet = () => 'nope';\n";
    world.model.setScenario({
      runs: [1, 2, 3].map(() => ({
        steps: [
          { tool: 'Read', input: { file_path: '/workspace/src/greet.js' } },
          { tool: 'Write', input: { file_path: '/workspace/src/greet.js', content: broken } },
        ],
      })),
    });
    const envelope = await world.mention('<@U0DECKHAND> rewrite greet in backend');
    const [result] = await resultOf(idsOf(envelope).workflowId);
    expect(result?.outcome).toBe('failed');
    expect(result?.reason).toMatch(/Tests still fail after 3 attempts/);
    const thread = threadTexts(String(envelope.event.ts));
    expect(
      thread.some((text) => /tests failed on attempt 3 of 3.*No attempts left/s.test(text)),
    ).toBe(true);
    expect(thread.some((text) => /last change is on branch/.test(text))).toBe(true);
    const branch = `deckhand/${idsOf(envelope).taskId}-backend`;
    const kept = execFileSync('git', ['show', `${branch}:src/greet.js`], {
      cwd: world.github.clonePath('acme/backend'),
      encoding: 'utf8',
    });
    expect(kept).toBe(broken);
    expect(await containersOfTask(idsOf(envelope).taskId)).toEqual([]);
  });

  test('workspace git files never run on the worker', async () => {
    const marker = `/tmp/deckhand-hook-ran-${Date.now()}`;
    const hook = `#!/bin/sh\ntouch ${marker}\n`;
    const command = [
      'git init -q . && git config core.fsmonitor "touch ' + marker + '"',
      'git config remote.origin.pushurl http://127.0.0.1:9/stolen.git',
      `printf '${hook.replace(/\n/g, '\\n')}' > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit`,
      'cp .git/hooks/pre-commit .git/hooks/pre-push && echo note > note.txt',
    ].join(' && ');
    world.model.setScenario({ runs: [{ steps: [{ tool: 'Bash', input: { command } }] }] });
    const envelope = await world.mention('<@U0DECKHAND> add a note in backend');
    const [result] = await world.taskResult(idsOf(envelope).workflowId);
    expect(result?.outcome).toBe('pull_request');
    expect(existsSync(marker)).toBe(false);
    const branch = `deckhand/${idsOf(envelope).taskId}-backend`;
    const files = execFileSync('git', ['ls-tree', '-r', '--name-only', branch], {
      cwd: world.github.clonePath('acme/backend'),
      encoding: 'utf8',
    });
    expect(files).toContain('note.txt');
    expect(files).not.toContain('.git/');
  });

  test('denied write is a failure', async () => {
    world.model.setScenario({
      runs: [
        {
          steps: [
            { tool: 'Write', input: { file_path: '/etc/deckhand-denied.txt', content: 'x\n' } },
          ],
        },
      ],
    });
    const envelope = await world.mention('<@U0DECKHAND> write the system notes in backend');
    const [result] = await world.taskResult(idsOf(envelope).workflowId);
    expect(result?.outcome).toBe('failed');
    expect(result?.reason).toMatch(/writing \/etc\/deckhand-denied.txt was denied/);
    const thread = threadTexts(String(envelope.event.ts));
    expect(thread.some((text) => /agent attempt 1 failed: writing/.test(text))).toBe(true);
  });

  test('effort reaches Claude Code', async () => {
    world.model.setScenario({
      runs: [
        {
          steps: [
            { tool: 'Write', input: { file_path: '/workspace/EFFORT.md', content: 'high\n' } },
          ],
        },
      ],
    });
    const envelope = await world.mention(
      '<@U0DECKHAND> claude-code:sonnet:high note the effort in backend',
    );
    const [result] = await world.taskResult(idsOf(envelope).workflowId);
    expect(result?.outcome).toBe('pull_request');
    const transcript = world.slack.calls('chat.postMessage').map((call) => String(call.args.text));
    expect(transcript.some((text) => text.includes('claude-code (sonnet, high effort)'))).toBe(
      true,
    );
  });

  test('rate limit is a failure', async () => {
    world.model.setScenario({
      runs: [
        {
          steps: [
            {
              error: {
                status: 429,
                type: 'rate_limit_error',
                message: 'Number of request tokens has exceeded your per-minute rate limit',
                shouldRetry: false,
              },
            },
          ],
        },
      ],
    });
    const pullRequests = world.github.pullRequests.length;
    const envelope = await world.mention('<@U0DECKHAND> tidy up greet in backend');
    const [result] = await world.taskResult(idsOf(envelope).workflowId);
    expect(result?.outcome).toBe('failed');
    expect(result?.attempts).toBe(1);
    expect(result?.reason).toMatch(/429/);
    expect(world.github.pullRequests).toHaveLength(pullRequests);
    const thread = threadTexts(String(envelope.event.ts));
    expect(thread.some((text) => /agent attempt 1 failed: .*rate limit/.test(text))).toBe(true);
    expect(await containersOfTask(idsOf(envelope).taskId)).toEqual([]);
  });

  test('cancel removes the container', async () => {
    world.model.setScenario({
      runs: [
        { steps: [{ tool: 'Bash', input: { command: 'tail -f /dev/null', timeout: 600000 } }] },
      ],
    });
    const envelope = await world.mention('<@U0DECKHAND> run the slow migration in backend');
    const ids = idsOf(envelope);
    await world.slack.waitFor(() => world.model.requests.some((r) => r.hasTools), 60_000);
    await waitUntil(async () => (await containersOfTask(ids.taskId)).length === 1, 30_000);

    const handle = world.temporal.client.workflow.getHandle<typeof codingTask>(ids.workflowId);
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    expect(await containersOfTask(ids.taskId)).toEqual([]);
    const thread = threadTexts(String(envelope.event.ts));
    expect(thread.some((text) => /^Task cancelled/.test(text))).toBe(true);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
