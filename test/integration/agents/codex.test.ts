import { git } from '../../../activities/git';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createCodexRunner } from '../../../activities/agent/codex';
import { runAgentWith } from '../../../activities/agent/runner';
import type { AgentResult } from '../../../activities/types';
import type { Scenario } from '../../../src/standins/model';
import { startOpenAiServer, type OpenAiServer } from '../../../src/standins/openai';
import { startAgentSandbox, type AgentSandbox } from './sandbox-fixture';

jest.setTimeout(120_000);

const fixPatch = [
  '*** Begin Patch',
  '*** Update File: greet.js',
  "-module.exports = () => 'helo';",
  "+module.exports = () => 'hello';",
  '*** End Patch',
  '',
].join('\n');

const lockedPatch = [
  '*** Begin Patch',
  '*** Update File: locked/notes.txt',
  '-read only',
  '+changed',
  '*** End Patch',
  '',
].join('\n');

describe('codex runner in the agent image', () => {
  let server: OpenAiServer;
  let sandbox: AgentSandbox;
  let attempt = 0;

  beforeAll(async () => {
    server = await startOpenAiServer({ scenario: { runs: [] } });
    sandbox = await startAgentSandbox('codex');
  });

  afterAll(async () => {
    await sandbox?.remove();
    await server?.close();
  });

  async function run(scenario: Scenario, timeoutSeconds = 60): Promise<AgentResult> {
    server.setScenario(scenario);
    attempt += 1;
    const runner = createCodexRunner({ apiKey: 'sk-local-stand-in', baseUrl: server.url });
    const deps = { docker: sandbox.docker, artifacts: sandbox.artifacts, timeoutSeconds };
    const input = sandbox.input('codex', 'Make greet() return hello.', attempt);
    return new MockActivityEnvironment().run(() => runAgentWith(deps, runner, input));
  }

  test('scripted patch passes the tests', async () => {
    const result = await run({
      runs: [
        {
          steps: [
            { tool: 'apply_patch', input: { input: fixPatch } },
            { tool: 'exec_command', input: { cmd: 'npm test' } },
          ],
          finalText: 'greet() now returns hello.',
        },
      ],
    });
    expect(result.reason).toBeUndefined();
    expect(result.outcome).toBe('changed');
    expect(result.changedFiles).toEqual(['greet.js']);
    expect(result.summary).toBe('greet() now returns hello.');
    expect(result.inputTokens).toBeGreaterThan(0);
    expect(result.costUsd).toBeGreaterThan(0);
    expect(await sandbox.runTests()).toBe(0);
    const testRun = server.requests.find((request) => request.toolResults.join('').includes('ok'));
    expect(testRun).toBeDefined();
  });

  test('no diff is unchanged', async () => {
    // The previous test's change is still in the workspace; the worker restores the file first.
    await git(['checkout', '--', 'greet.js'], { workspace: sandbox.workspacePath });
    const result = await run({ runs: [{ steps: [] }] });
    expect(result.outcome).toBe('unchanged');
    expect(result.changedFiles).toEqual([]);
  });

  test('rate limit is an error', async () => {
    const result = await run({
      runs: [
        {
          steps: [
            { error: { status: 429, type: 'rate_limit_exceeded', message: 'Rate limit reached' } },
          ],
        },
      ],
    });
    expect(result.outcome).toBe('error');
    expect(result.reason).toMatch(/429|rate limit/i);
  });

  test('denied write is an error', async () => {
    const result = await run({
      runs: [{ steps: [{ tool: 'apply_patch', input: { input: lockedPatch } }] }],
    });
    expect(result.outcome).toBe('error');
    expect(result.reason).toMatch(/locked\/notes\.txt/);
  });

  test('hang is stopped by the watchdog', async () => {
    const sleep = { tool: 'exec_command', input: { cmd: 'sleep 120', yield_time_ms: 30000 } };
    const startedAt = Date.now();
    const result = await run({ runs: [{ steps: [sleep, sleep, sleep, sleep] }] }, 6);
    expect(result.outcome).toBe('error');
    expect(result.reason).toMatch(/ran past its 6 s limit/);
    expect(Date.now() - startedAt).toBeLessThan(40_000);
  });
});
