import { spawn, execFileSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startModelServer, type ModelServer, type Scenario } from '../../src/standins/model';

const claudeBinary = resolve(
  __dirname,
  '../../node_modules/@anthropic-ai/claude-code-linux-x64/claude',
);
/** Claude Code rejects --dangerously-skip-permissions as root, so root runs it as uid 65534. */
const agentUid = 65534;
const cliTimeoutMs = 25_000;

interface CliRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  events: Record<string, unknown>[];
  result: Record<string, unknown> | undefined;
  stderr: string;
}

interface Workspace {
  root: string;
  repo: string;
  home: string;
}

/** Creates a git repository and a HOME that the agent user owns. */
function createWorkspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'model-server-'));
  const repo = join(root, 'repo');
  const home = join(root, 'home');
  mkdirSync(repo);
  mkdirSync(home);
  execFileSync('git', ['init', '--quiet', repo]);
  writeFileSync(join(repo, 'README.md'), 'Hello old world\n');
  if (process.getuid?.() === 0) {
    chownRecursive(root, agentUid);
  }
  return { root, repo, home };
}

function chownRecursive(path: string, uid: number): void {
  chownSync(path, uid, uid);
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path)) {
      chownRecursive(join(path, entry), uid);
    }
  }
}

/** Runs the CLI headless against the model server, with a minimal environment. */
async function runClaude(options: {
  server: ModelServer;
  workspace: Workspace;
  prompt: string;
}): Promise<CliRun> {
  const cliArgs = [
    claudeBinary,
    ...['-p', options.prompt, '--output-format', 'stream-json', '--verbose'],
    ...['--dangerously-skip-permissions', '--model', 'sonnet'],
  ];
  const asAgent = ['--reuid', String(agentUid), '--regid', String(agentUid), '--clear-groups'];
  const command = process.getuid?.() === 0 ? ['setpriv', ...asAgent, ...cliArgs] : cliArgs;
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.workspace.repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      HOME: options.workspace.home,
      PATH: '/usr/local/bin:/usr/bin:/bin',
      ANTHROPIC_BASE_URL: options.server.url,
      ANTHROPIC_API_KEY: 'sk-ant-test-key',
      // Without this switch 2.1.336 resolves api.anthropic.com and calls GET /api/hello.
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const killTimer = setTimeout(() => child.kill('SIGKILL'), cliTimeoutMs);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (code, closeSignal) => done([code, closeSignal])),
  );
  clearTimeout(killTimer);
  const events = stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const result = events.find((event) => event.type === 'result');
  return { exitCode, signal, events, result, stderr };
}

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

describe('model server with the Claude Code CLI', () => {
  let workspace: Workspace;
  let server: ModelServer | undefined;

  beforeAll(() => {
    if (!existsSync(claudeBinary)) {
      throw new Error(`Claude Code binary not found at ${claudeBinary}; run npm ci`);
    }
  });

  beforeEach(() => {
    workspace = createWorkspace();
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(workspace.root, { recursive: true, force: true });
  });

  test('Write, Edit and Bash steps change the repository', async () => {
    const readme = join(workspace.repo, 'README.md');
    const created = join(workspace.repo, 'created.txt');
    const scenario: Scenario = {
      runs: [
        {
          match: 'greeting',
          steps: [
            { tool: 'Write', input: { file_path: created, content: 'written by Write\n' } },
            // Edit rejects a file that the session has not read, so the script reads it first.
            { tool: 'Read', input: { file_path: readme } },
            { tool: 'Edit', input: { file_path: readme, old_string: 'old', new_string: 'new' } },
            {
              text: 'Recording a marker.',
              tool: 'Bash',
              input: { command: 'echo ran > bash.txt' },
            },
            { text: 'Updated the greeting.' },
          ],
        },
      ],
    };
    server = await startModelServer({ scenario });

    const run = await runClaude({ server, workspace, prompt: 'Update the greeting' });

    expect(run.signal).toBeNull();
    expect(run.exitCode).toBe(0);
    expect(readText(created)).toBe('written by Write\n');
    expect(readText(readme)).toBe('Hello new world\n');
    expect(readText(join(workspace.repo, 'bash.txt'))).toBe('ran\n');
    expect(run.result).toMatchObject({
      type: 'result',
      subtype: 'success',
      is_error: false,
      result: 'Updated the greeting.',
      num_turns: 5,
    });
    expect(run.result?.total_cost_usd).toBeGreaterThan(0);
    expect(run.result?.usage).toMatchObject({
      input_tokens: expect.any(Number),
      output_tokens: expect.any(Number),
    });

    const scripted = server.requests.filter((request) => request.kind === 'script');
    expect(scripted.map((request) => request.stepIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(scripted.every((request) => request.hasTools && request.stream)).toBe(true);
    expect(scripted[0]?.prompt).toBe('Update the greeting');
    expect(scripted[2]?.toolResults[0]?.content).toContain('Hello old world');
    expect(scripted[4]?.toolResults[0]?.isError).toBe(false);
    expect(server.conversations).toEqual([
      expect.objectContaining({ prompt: 'Update the greeting', runIndex: 0 }),
    ]);
    const toolUseIds = scripted.flatMap((request) =>
      (request.response?.content ?? []).flatMap((block) =>
        block.type === 'tool_use' ? [block.id] : [],
      ),
    );
    expect(new Set(toolUseIds).size).toBe(4);
  });

  test('rate limit error ends the run with is_error', async () => {
    const scenario: Scenario = {
      runs: [
        {
          steps: [
            {
              error: {
                status: 429,
                type: 'rate_limit_error',
                message: 'Number of request tokens has exceeded your per-minute rate limit',
                // The CLI otherwise retries up to 10 times with backoff before it gives up.
                shouldRetry: false,
              },
            },
          ],
        },
      ],
    };
    server = await startModelServer({ scenario });

    const run = await runClaude({ server, workspace, prompt: 'Update the greeting' });

    // The CLI exits 1 but still reports subtype "success", so only is_error is reliable.
    expect(run.exitCode).toBe(1);
    expect(run.result).toMatchObject({
      type: 'result',
      subtype: 'success',
      is_error: true,
      terminal_reason: 'api_error',
      api_error_status: 429,
      api_error_type: 'rate_limit_error',
    });
    expect(String(run.result?.result)).toContain('429');
    expect(server.requests.map((request) => request.status)).toEqual([429]);
  });

  test('rate limit error once is retried', async () => {
    const scenario: Scenario = {
      runs: [
        {
          steps: [
            {
              error: {
                status: 429,
                type: 'rate_limit_error',
                message: 'Rate limited',
                times: 1,
                retryAfterSeconds: 0,
              },
            },
            { text: 'Finished after a retry.' },
          ],
        },
      ],
    };
    server = await startModelServer({ scenario });

    const run = await runClaude({ server, workspace, prompt: 'Update the greeting' });

    expect(run.exitCode).toBe(0);
    expect(run.result).toMatchObject({ is_error: false, result: 'Finished after a retry.' });
    expect(run.events.some((event) => event.subtype === 'api_retry')).toBe(true);
    expect(server.requests.map((request) => request.status)).toEqual([429, 200]);
  });

  test('text-only run leaves files unchanged', async () => {
    server = await startModelServer({
      scenario: { runs: [{ steps: [{ text: 'The greeting is already right.' }] }] },
    });

    const run = await runClaude({ server, workspace, prompt: 'Check the greeting' });

    expect(run.exitCode).toBe(0);
    expect(run.result).toMatchObject({
      is_error: false,
      result: 'The greeting is already right.',
      num_turns: 1,
    });
    expect(readText(join(workspace.repo, 'README.md'))).toBe('Hello old world\n');
    expect(readdirSync(workspace.repo).sort()).toEqual(['.git', 'README.md']);
  });
});

describe('model server over HTTP', () => {
  let server: ModelServer;

  interface ResponseBody {
    input_tokens?: number;
    error?: { type: string };
    content: { type: string; text?: string; name?: string; id?: string }[];
  }

  async function readBody(response: Response): Promise<ResponseBody> {
    return (await response.json()) as ResponseBody;
  }

  const tools = [{ name: 'Write', description: 'Writes a file', input_schema: { type: 'object' } }];

  async function postMessages(
    body: object,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(`${server.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  function parseEvents(text: string): { event: string; data: Record<string, unknown> }[] {
    return text
      .split('\n\n')
      .filter((chunk) => chunk.trim() !== '')
      .map((chunk) => {
        const [eventLine, dataLine] = chunk.split('\n');
        return {
          event: String(eventLine).replace('event: ', ''),
          data: JSON.parse(String(dataLine).replace('data: ', '')) as Record<string, unknown>,
        };
      });
  }

  afterEach(async () => {
    await server.close();
  });

  test('unknown path returns not_found_error', async () => {
    server = await startModelServer({ scenario: { runs: [] } });

    const response = await fetch(`${server.url}/v1/models`);

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error', message: expect.stringContaining('/v1/models') },
    });
  });

  test('count_tokens returns a positive count', async () => {
    server = await startModelServer({ scenario: { runs: [] } });

    const response = await fetch(`${server.url}/v1/messages/count_tokens`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hello there' }] }),
    });

    expect(response.status).toBe(200);
    expect((await readBody(response)).input_tokens).toBeGreaterThan(0);
  });

  test('invalid JSON returns invalid_request_error', async () => {
    server = await startModelServer({ scenario: { runs: [] } });

    const response = await fetch(`${server.url}/v1/messages`, { method: 'POST', body: '{' });

    expect(response.status).toBe(400);
    expect((await readBody(response)).error?.type).toBe('invalid_request_error');
  });

  test('stream sends documented event order', async () => {
    const input = { file_path: '/tmp/x.txt', content: 'a fairly long content string to split' };
    server = await startModelServer({
      scenario: { runs: [{ steps: [{ text: 'Writing.', tool: 'Write', input }] }] },
    });

    const response = await postMessages({
      model: 'claude-sonnet-5-5',
      stream: true,
      tools,
      messages: [{ role: 'user', content: 'write it' }],
    });
    const events = parseEvents(await response.text());

    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(events.every((event) => event.event === event.data.type)).toBe(true);
    const order = events.map((event) => event.event).filter((name, i, all) => name !== all[i - 1]);
    expect(order).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const json = events
      .filter((event) => (event.data.delta as { type?: string })?.type === 'input_json_delta')
      .map((event) => (event.data.delta as { partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual(input);
    const messageDelta = events.find((event) => event.event === 'message_delta')?.data;
    expect(messageDelta).toMatchObject({
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
    });
  });

  test('non-streaming request returns a whole message', async () => {
    server = await startModelServer({ scenario: { runs: [{ steps: [{ text: 'Hi back.' }] }] } });

    const response = await postMessages({
      model: 'claude-sonnet-5-5',
      tools,
      messages: [{ role: 'user', content: 'hi' }],
    });

    expect(await response.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'Hi back.' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
    });
  });

  test('side query does not consume the script', async () => {
    server = await startModelServer({ scenario: { runs: [{ steps: [{ text: 'Scripted.' }] }] } });

    const side = await postMessages({
      model: 'claude-haiku',
      max_tokens: 1,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const scripted = await postMessages({
      model: 'claude-sonnet-5-5',
      tools,
      messages: [{ role: 'user', content: 'real prompt' }],
    });

    expect((await readBody(side)).content[0]?.text).toBe('OK');
    expect((await readBody(scripted)).content[0]?.text).toBe('Scripted.');
    expect(server.requests.map((request) => request.kind)).toEqual(['side-query', 'script']);
    expect(server.requests[0]?.sideQuery).toBe('no tools');
  });

  test('runs are picked by match, then in order', async () => {
    server = await startModelServer({
      scenario: {
        runs: [
          { steps: [{ text: 'first unmatched' }] },
          { match: /deploy/i, steps: [{ text: 'deploy run' }] },
          { steps: [{ text: 'second unmatched' }] },
        ],
      },
    });
    const ask = async (prompt: string): Promise<string> => {
      const response = await postMessages({
        model: 'm',
        tools,
        messages: [{ role: 'user', content: `<system-reminder>ctx</system-reminder>${prompt}` }],
      });
      return String((await readBody(response)).content[0]?.text);
    };

    expect(await ask('fix the bug')).toBe('first unmatched');
    expect(await ask('Deploy it')).toBe('deploy run');
    expect(await ask('another task')).toBe('second unmatched');
    expect(await ask('one too many')).toBe('No scripted run is left for this prompt.');
    expect(server.conversations.map((record) => record.prompt)).toEqual([
      'fix the bug',
      'Deploy it',
      'another task',
      'one too many',
    ]);
    expect(server.requests.at(-1)?.kind).toBe('unscripted');
  });

  test('step follows the assistant turns in the request', async () => {
    server = await startModelServer({
      scenario: {
        runs: [{ steps: [{ tool: 'Bash', input: { command: 'true' } }], finalText: 'All set.' }],
      },
    });
    const first = { role: 'user', content: 'run it' };
    const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'true' } };
    const toolResult = { type: 'tool_result', tool_use_id: 'toolu_1', content: 'exit 0' };

    const resent = await postMessages({ model: 'm', tools, messages: [first] });
    const again = await postMessages({ model: 'm', tools, messages: [first] });
    const next = await postMessages({
      model: 'm',
      tools,
      messages: [
        first,
        { role: 'assistant', content: [toolUse] },
        { role: 'user', content: [toolResult] },
      ],
    });

    const firstBody = await readBody(resent);
    const againBody = await readBody(again);
    expect(firstBody.content[0]?.name).toBe('Bash');
    expect(againBody.content[0]?.name).toBe('Bash');
    expect(againBody.content[0]?.id).not.toBe(firstBody.content[0]?.id);
    expect((await readBody(next)).content[0]?.text).toBe('All set.');
    expect(server.requests.at(-1)?.toolResults).toEqual([
      { toolUseId: 'toolu_1', content: 'exit 0', isError: false },
    ]);
  });
});
