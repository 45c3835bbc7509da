import { execFileSync } from 'node:child_process';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { LocalRepository, LocalWorld } from '../../src/local/world';
import { localChannel } from '../../src/local/world';
import type { ScenarioRun } from '../../src/standins/model';
import { taskIdsFor } from '../../src/temporal/task-starter';
import type { mergeTask } from '../../workflows';
import { mergeInOrderActionId, mergeWorkflowIdOf } from '../../workflows/merge-button';
import { containersOfTask, startTestWorld } from '../support/world';

jest.setTimeout(600_000);

/** Builds a Node.js repository whose `npm test` runs `node --test` over `test/`. */
function nodeRepository(
  slug: string,
  files: Record<string, string>,
  extra: Partial<LocalRepository> & { packageFields?: Record<string, unknown> } = {},
): LocalRepository {
  const name = slug.split('/')[1] ?? slug;
  const { packageFields, ...rest } = extra;
  return {
    slug,
    aliases: [name],
    files: {
      'package.json': JSON.stringify(
        {
          name,
          version: '1.0.0',
          private: true,
          scripts: { test: 'node --test' },
          ...packageFields,
        },
        null,
        2,
      ),
      ...files,
    },
    ...rest,
  };
}

const passingTest = (file: string) =>
  `const test = require('node:test');\nrequire('../${file}');\ntest('loads', () => {});\n`;

const backendApi = "exports.getUser = () => ({ name: 'Ada' });\n";
const backendOpenApi = [
  'openapi: 3.0.0',
  'info: { title: backend, version: 1.0.0 }',
  'paths:',
  '  /user:',
  '    get:',
  '      responses:',
  "        '200':",
  '          content:',
  '            application/json:',
  '              schema: { type: object, properties: { name: { type: string } } }',
  '',
].join('\n');

const repositories: LocalRepository[] = [
  nodeRepository('acme/infra', {
    'gateway.json': '{ "routes": [] }\n',
    'test/gateway.test.js': passingTest('gateway.json'),
  }),
  nodeRepository(
    'acme/backend',
    {
      'openapi.yaml': backendOpenApi,
      'src/api.js': backendApi,
      'test/api.test.js': passingTest('src/api.js'),
    },
    { dependsOn: ['acme/infra'] },
  ),
  nodeRepository(
    'acme/frontend',
    {
      // The frontend names the backend's API description, so detection finds a reference to it.
      'src/client.js':
        '// Generated from ../backend/openapi.yaml\nexports.label = (user) => user.name;\n',
      'test/client.test.js': passingTest('src/client.js'),
    },
    { dependsOn: ['acme/backend'] },
  ),
  nodeRepository('acme/alpha', { 'a.txt': 'a\n' }, { dependsOn: ['acme/beta'] }),
  nodeRepository('acme/beta', { 'b.txt': 'b\n' }, { dependsOn: ['acme/alpha'] }),
  nodeRepository(
    'acme/web',
    { 'src/app.js': "require('@acme/client');\n" },
    { packageFields: { dependencies: { '@acme/client': '1.0.0' } } },
  ),
  nodeRepository(
    'acme/client',
    { 'index.js': 'exports.version = 1;\n' },
    {
      packageFields: { name: '@acme/client' },
    },
  ),
];

/** Builds a run for `repository`'s agent that reads each file, then overwrites it. */
function rewriteRun(repository: string, files: Record<string, string>): ScenarioRun {
  return {
    match: `repository ${repository},`,
    steps: Object.entries(files).flatMap(([path, content]) => [
      { tool: 'Read', input: { file_path: `/workspace/${path}` } },
      { tool: 'Write', input: { file_path: `/workspace/${path}`, content } },
    ]),
    finalText: `Updated ${Object.keys(files).join(', ')} in ${repository}.`,
  };
}

describe('multi-repository tasks', () => {
  let world: LocalWorld;

  beforeAll(async () => {
    world = await startTestWorld({ repositories, scenario: { runs: [] } });
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

  function thread(ts: string) {
    return world.slack.thread(localChannel.id, ts);
  }

  function pullRequestOf(repository: string, taskId: string) {
    const [owner, repo] = repository.split('/');
    return world.github.pullRequests.find(
      (pull) => pull.owner === owner && pull.repo === repo && pull.headRef.includes(taskId),
    );
  }

  async function mergeResult(workflowId: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        return await world.temporal.client.workflow
          .getHandle<typeof mergeTask>(workflowId)
          .result();
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError) || Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  test('three repositories merge in order', async () => {
    const newOpenApi = backendOpenApi.replace('properties: { name:', 'properties: { fullName:');
    world.model.setScenario({
      runs: [
        rewriteRun('acme/infra', { 'gateway.json': '{ "routes": ["/user"] }\n' }),
        rewriteRun('acme/backend', {
          'openapi.yaml': newOpenApi,
          'src/api.js': "exports.getUser = () => ({ fullName: 'Ada Lovelace' });\n",
        }),
        rewriteRun('acme/frontend', {
          'src/client.js':
            '// Generated from ../backend/openapi.yaml\nexports.label = (user) => user.fullName;\n',
        }),
      ],
    });
    const envelope = await world.mention(
      '<@U0DECKHAND> rename the user name field to fullName in infra, backend and frontend',
    );
    const ids = idsOf(envelope);
    const mentionTs = String(envelope.event.ts);
    const results = await world.taskResult(ids.workflowId);

    expect(results.map((r) => r.repository)).toEqual([
      'acme/infra',
      'acme/backend',
      'acme/frontend',
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['pull_request', 'pull_request', 'pull_request']);

    // The frontend agent saw the backend's new API description and adapted to it.
    const frontendRun = world.model.conversations.find((c) =>
      c.prompt.includes('repository acme/frontend,'),
    );
    expect(frontendRun?.prompt).toContain('acme/backend changed its interface');
    expect(frontendRun?.prompt).toContain('fullName: { type: string }');
    const frontendBranch = `deckhand/${ids.taskId}-frontend`;
    const client = execFileSync('git', ['show', `${frontendBranch}:src/client.js`], {
      cwd: world.github.clonePath('acme/frontend'),
      encoding: 'utf8',
    });
    expect(client).toContain('user.fullName');

    // Every description and the thread show the order infra, backend, frontend.
    const infra = pullRequestOf('acme/infra', ids.taskId);
    const backend = pullRequestOf('acme/backend', ids.taskId);
    const frontend = pullRequestOf('acme/frontend', ids.taskId);
    const names = [infra, backend, frontend].map((p) => `${p?.owner}/${p?.repo}#${p?.number}`);
    const numbered = names.map((name, index) => `${index + 1}. [${name}]`);
    for (const pull of [infra, backend, frontend]) {
      const body = pull?.body ?? '';
      expect(body).toContain('### Related pull requests');
      expect(body.indexOf(numbered[0] ?? '')).toBeGreaterThan(-1);
      expect(body.indexOf(numbered[1] ?? '')).toBeGreaterThan(body.indexOf(numbered[0] ?? ''));
      expect(body.indexOf(numbered[2] ?? '')).toBeGreaterThan(body.indexOf(numbered[1] ?? ''));
    }
    expect(backend?.body).toContain(`**Merge after [${names[0]}]`);
    expect(frontend?.body).toContain(`**Merge after [${names[1]}]`);
    expect(infra?.body).toContain('Nothing needs to merge before this pull request.');

    const orderMessage = thread(mentionTs).find((m) => m.text.startsWith('*Merge order*'));
    const lines = (orderMessage?.text ?? '').split('\n').slice(1, 4);
    expect(lines[0]).toMatch(/^1\. <.*\|acme\/infra#\d+> \(open\)$/);
    expect(lines[1]).toMatch(/^2\. <.*\|acme\/backend#\d+> \(open\)$/);
    expect(lines[2]).toMatch(/^3\. <.*\|acme\/frontend#\d+> \(open\)$/);

    // Pressing "Merge in order" merges them in that order on the GitHub stand-in.
    const pressed = structuredClone(orderMessage!);
    await world.press(orderMessage!.ts, mergeInOrderActionId);
    const merge = await mergeResult(mergeWorkflowIdOf(ids.workflowId));
    expect(merge.stopped).toBeUndefined();
    expect(merge.merged.map((m) => m.repository)).toEqual([
      'acme/infra',
      'acme/backend',
      'acme/frontend',
    ]);
    const mergeCalls = world.github.requests
      .filter((r) => r.method === 'PUT' && r.path.endsWith('/merge') && r.status === 200)
      .map((r) => r.path.split('/').slice(2, 4).join('/'));
    expect(mergeCalls).toEqual(['acme/infra', 'acme/backend', 'acme/frontend']);
    for (const pull of [infra, backend, frontend]) expect(pull?.merge).toBeDefined();
    const texts = thread(mentionTs).map((m) => m.text);
    expect(texts.some((t) => /All 3 pull requests merged in order/.test(t))).toBe(true);

    // A second press, from a copy of the message that still shows the button, starts nothing.
    const ephemerals = world.slack.calls('chat.postEphemeral').length;
    await world.pressMessage(pressed, mergeInOrderActionId);
    await world.slack.waitFor(
      () => world.slack.calls('chat.postEphemeral').length > ephemerals,
      10_000,
    );
    const reply = world.slack.calls('chat.postEphemeral').at(-1)?.args.text;
    expect(reply).toMatch(/already started/);
    expect(await containersOfTask(ids.taskId)).toEqual([]);
  });

  test('declared cycle names the repositories', async () => {
    const envelope = await world.mention('<@U0DECKHAND> add a note in alpha and beta');
    const results = await world.taskResult(idsOf(envelope).workflowId);
    expect(results).toEqual([]);
    const texts = thread(String(envelope.event.ts)).map((m) => m.text);
    const final = texts.find((t) => t.startsWith('Task not started.'));
    expect(final).toContain('cycle');
    expect(final).toContain('acme/alpha');
    expect(final).toContain('acme/beta');
  });

  test('detected dependency sets merge order', async () => {
    world.model.setScenario({
      runs: [
        rewriteRun('acme/web', { 'src/app.js': "require('@acme/client');\n// v2\n" }),
        rewriteRun('acme/client', { 'index.js': 'exports.version = 2;\n' }),
      ],
    });
    const envelope = await world.mention('<@U0DECKHAND> bump the version in web and client');
    const ids = idsOf(envelope);
    const results = await world.taskResult(ids.workflowId);
    // No dependency is declared, but acme/web depends on @acme/client, which acme/client changed.
    expect(results.map((r) => r.repository)).toEqual(['acme/client', 'acme/web']);
    const orderMessage = thread(String(envelope.event.ts)).find((m) =>
      m.text.startsWith('*Merge order*'),
    );
    const lines = (orderMessage?.text ?? '').split('\n');
    expect(lines[1]).toMatch(/^1\. .*acme\/client#\d+/);
    expect(lines[2]).toMatch(/^2\. .*acme\/web#\d+/);
    expect(orderMessage?.text).toContain('Detected: acme/web depends on @acme/client');
    const web = pullRequestOf('acme/web', ids.taskId);
    expect(web?.body).toMatch(/\*\*Merge after \[acme\/client#\d+\]/);
  });

  test('upstream failure skips dependants', async () => {
    world.model.setScenario({
      runs: [
        {
          match: 'repository acme/infra,',
          steps: [
            {
              error: {
                status: 400,
                type: 'invalid_request_error',
                message: 'The scripted model rejects this request',
              },
            },
          ],
        },
      ],
    });
    const conversations = world.model.conversations.length;
    const envelope = await world.mention(
      '<@U0DECKHAND> rename the user name field to fullName in infra, backend and frontend',
    );
    const ids = idsOf(envelope);
    const results = await world.taskResult(ids.workflowId);
    expect(results.map((r) => [r.repository, r.outcome])).toEqual([
      ['acme/infra', 'failed'],
      ['acme/backend', 'skipped'],
      ['acme/frontend', 'skipped'],
    ]);
    expect(results[2]?.reason).toBe('It depends on acme/infra, which failed.');
    const texts = thread(String(envelope.event.ts)).map((m) => m.text);
    expect(texts).toContain(
      '*acme/infra* failed, so these repositories did not start: *acme/backend*, *acme/frontend*.',
    );
    expect(texts.some((t) => /^Task finished with failures\./.test(t))).toBe(true);
    expect(texts.some((t) => t.startsWith('*Merge order*'))).toBe(false);
    const started = world.model.conversations.slice(conversations).map((c) => c.prompt);
    expect(started.some((p) => p.includes('repository acme/backend,'))).toBe(false);
    expect(started.some((p) => p.includes('repository acme/frontend,'))).toBe(false);
  });
});
