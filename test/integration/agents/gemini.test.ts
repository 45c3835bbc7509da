import { git } from '../../../activities/git';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createGeminiRunner } from '../../../activities/agent/gemini';
import { runAgentWith } from '../../../activities/agent/runner';
import type { AgentResult } from '../../../activities/types';
import type { Scenario } from '../../../src/standins/model';
import { startGeminiServer, type GeminiServer } from '../../../src/standins/gemini';
import { startAgentSandbox, type AgentSandbox } from './sandbox-fixture';

jest.setTimeout(120_000);

describe('gemini runner in the agent image', () => {
  let server: GeminiServer;
  let sandbox: AgentSandbox;
  let attempt = 0;

  beforeAll(async () => {
    server = await startGeminiServer({ scenario: { runs: [] } });
    sandbox = await startAgentSandbox('gemini');
  });

  afterAll(async () => {
    await sandbox?.remove();
    await server?.close();
  });

  async function run(scenario: Scenario, timeoutSeconds = 60): Promise<AgentResult> {
    server.setScenario(scenario);
    attempt += 1;
    const runner = createGeminiRunner({ apiKey: 'local-stand-in-key', baseUrl: server.url });
    const deps = { docker: sandbox.docker, artifacts: sandbox.artifacts, timeoutSeconds };
    const input = sandbox.input('gemini', 'Make greet() return hello.', attempt);
    return new MockActivityEnvironment().run(() => runAgentWith(deps, runner, input));
  }

  test('scripted edit passes the tests', async () => {
    const content = "module.exports = () => 'hello';\n";
    const result = await run({
      runs: [
        {
          steps: [
            { tool: 'write_file', input: { file_path: '/workspace/greet.js', content } },
            { tool: 'run_shell_command', input: { command: 'npm test' } },
          ],
          finalText: 'greet() now returns hello.',
        },
      ],
    });
    expect(result.reason).toBeUndefined();
    expect(result.outcome).toBe('changed');
    expect(result.changedFiles).toEqual(['greet.js']);
    expect(result.summary).toContain('greet() now returns hello.');
    expect(result.inputTokens).toBeGreaterThan(0);
    expect(result.costUsd).toBeGreaterThan(0);
    expect(await sandbox.runTests()).toBe(0);
  });

  test('no diff is unchanged', async () => {
    // The previous test's change is still in the workspace; the worker restores the file first.
    await git(['checkout', '--', 'greet.js'], { workspace: sandbox.workspacePath });
    const result = await run({ runs: [{ steps: [] }] });
    expect(result.outcome).toBe('unchanged');
    expect(result.changedFiles).toEqual([]);
  });

  // NOTE: Gemini CLI 0.61.0 retries a plain 429 with backoff for longer than this limit, so
  // the watchdog ends the run. A 429 whose details mark a daily quota is not retried, but the
  // stand-in does not send such details yet.
  test('rate limit ends in an error', async () => {
    const error = { status: 429, type: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded' };
    const result = await run({ runs: [{ steps: [{ error }] }] }, 15);
    expect(result.outcome).toBe('error');
    expect(result.reason).toMatch(/ran past its 15 s limit/);
    expect(server.requests.some((request) => request.status === 429)).toBe(true);
  });

  test('denied write is an error', async () => {
    const input = { file_path: '/workspace/locked/notes.txt', content: 'changed\n' };
    const result = await run({ runs: [{ steps: [{ tool: 'write_file', input }] }] });
    expect(result.outcome).toBe('error');
    expect(result.reason).toMatch(/locked\/notes\.txt/);
  });

  test('hang is stopped by the watchdog', async () => {
    const startedAt = Date.now();
    const sleep = { tool: 'run_shell_command', input: { command: 'sleep 120' } };
    const result = await run({ runs: [{ steps: [sleep] }] }, 8);
    expect(result.outcome).toBe('error');
    expect(result.reason).toMatch(/ran past its 8 s limit/);
    expect(Date.now() - startedAt).toBeLessThan(40_000);
  });
});
