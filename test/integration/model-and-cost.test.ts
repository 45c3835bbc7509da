import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleRepository } from '../../src/local/sample';
import { type LocalRepository, type LocalWorld, localChannel } from '../../src/local/world';
import { taskIdsFor } from '../../src/temporal/task-starter';
import { containersOfTask, startTestWorld } from '../support/world';

jest.setTimeout(300_000);

/** A repository whose AGENTS.md has a hard constraint of its own. */
const rulesRepository: LocalRepository = {
  slug: 'acme/rules',
  aliases: ['rules'],
  files: {
    'AGENTS.md': '# acme/rules\n\nIMPORTANT: keep the changelog in CHANGES.md.\n',
    'README.md': '# rules\n',
  },
};

const orgRuleFile = [
  '# Acme engineering rules',
  '',
  'IMPORTANT: never commit secrets.',
  'Write commit messages in the imperative mood.',
  '',
].join('\n');

/**
 * HTTP proxy on 127.0.0.1 that records each `/v1/messages` body and forwards the request to the
 * model stand-in, because the stand-in's request log keeps no system prompt.
 */
interface RecordingProxy {
  url: string;
  bodies: Array<{ model?: string; system?: unknown }>;
  target?: string;
  close(): Promise<void>;
}

async function startRecordingProxy(): Promise<RecordingProxy> {
  const proxy: RecordingProxy = { url: '', bodies: [], close: async () => undefined };
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      if (incoming.url?.startsWith('/v1/messages') && body.length > 0) {
        proxy.bodies.push(JSON.parse(body.toString('utf8')) as RecordingProxy['bodies'][number]);
      }
      const headers = { ...incoming.headers };
      delete headers.host;
      const upstream = httpRequest(
        `${proxy.target}${incoming.url ?? '/'}`,
        { method: incoming.method, headers },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      upstream.on('error', (err) => outgoing.destroy(err));
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise((resolve) => server.close(() => resolve()));
  return proxy;
}

/** Joins a Messages API `system` field, a string or an array of text blocks, into text. */
function systemText(system: unknown): string {
  if (typeof system === 'string') return system;
  if (!Array.isArray(system)) return '';
  return system.map((block: { text?: string }) => block.text ?? '').join('\n');
}

describe('model choice, rule files and cost', () => {
  let world: LocalWorld;
  let proxy: RecordingProxy;
  let orgRulePath: string;

  beforeAll(async () => {
    proxy = await startRecordingProxy();
    const dir = await mkdtemp(join(tmpdir(), 'deckhand-org-rules-'));
    orgRulePath = join(dir, 'org-rules.md');
    await writeFile(orgRulePath, orgRuleFile);
    world = await startTestWorld({
      repositories: [sampleRepository, rulesRepository],
      scenario: { runs: [] },
      maxAttempts: 1,
      environment: {
        ANTHROPIC_BASE_URL: proxy.url,
        DECKHAND_ORG_RULE_FILE: orgRulePath,
        // Below what one Claude Code run against the scripted model costs, so each task stops after
        // its first run.
        DECKHAND_TASK_BUDGET_USD: '0.0001',
      },
    });
    proxy.target = world.model.url;
  });

  afterAll(async () => {
    await world?.stop();
    await proxy?.close();
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

  const writeNote = (path: string) => ({
    steps: [{ tool: 'Write', input: { file_path: `/workspace/${path}`, content: 'note\n' } }],
  });

  test('model choice reaches thread and agent', async () => {
    world.model.setScenario({ runs: [writeNote('src/hello.js')] });
    const before = world.model.requests.length;
    const envelope = await world.mention('<@U0DECKHAND> rename greet to hello in backend');
    await world.taskResult(idsOf(envelope).workflowId);

    const thread = threadTexts(String(envelope.event.ts));
    const reason = 'Chose claude-code with haiku because the task is a mechanical batch edit.';
    expect(thread.some((text) => text.includes(reason))).toBe(true);
    const scripted = world.model.requests.slice(before).filter((r) => r.kind === 'script');
    expect(scripted.length).toBeGreaterThan(0);
    for (const request of scripted) expect(request.model).toMatch(/haiku/);
  });

  test('unconfigured agent gets a reply', async () => {
    const envelope = await world.mention('<@U0DECKHAND> agent:codex add a note in backend');
    const ts = String(envelope.event.ts);
    await world.slack.waitFor(() => threadTexts(ts).length > 1, 10_000);
    expect(threadTexts(ts)[1]).toBe('Codex is not configured: set OPENAI_API_KEY on the workers.');
    const describe = world.temporal.client.workflow
      .getHandle(idsOf(envelope).workflowId)
      .describe();
    await expect(describe).rejects.toThrow(/not found/i);
  });

  test('budget stop opens no pull request', async () => {
    world.model.setScenario({ runs: [writeNote('note.txt')] });
    const pullRequests = world.github.pullRequests.length;
    const envelope = await world.mention('<@U0DECKHAND> model:sonnet add a note in backend');
    const [result] = await world.taskResult(idsOf(envelope).workflowId);

    expect(result?.outcome).toBe('failed');
    expect(result?.reason).toMatch(/^Budget reached: .* of the <\$0\.01 left in the task's budget/);
    expect(result?.costUsd).toBeGreaterThan(0.0001);
    expect(world.github.pullRequests).toHaveLength(pullRequests);
    const thread = threadTexts(String(envelope.event.ts));
    expect(thread.some((text) => /backend\* failed\. Budget reached/.test(text))).toBe(true);
    const final = thread.find((text) => text.startsWith('Task finished with failures.')) ?? '';
    expect(final).toMatch(/acme\/backend\*: failed\. Budget reached/);
    expect(await containersOfTask(idsOf(envelope).taskId)).toEqual([]);
  });

  test('cost shows per run and in summary', async () => {
    world.model.setScenario({ runs: [writeNote('cost.txt')] });
    const envelope = await world.mention('<@U0DECKHAND> model:sonnet add a cost note in backend');
    const [result] = await world.taskResult(idsOf(envelope).workflowId);
    const thread = threadTexts(String(envelope.event.ts));

    const agentMessage = thread.find((text) => text.includes('agent attempt 1')) ?? '';
    expect(agentMessage).toMatch(/\((<\$0\.01|\$\d+\.\d\d) · [\d.]+[kM]? in \/ [\d.]+[kM]? out\)/);
    const final = thread.find((text) => text.startsWith('Task finished')) ?? '';
    expect(final).toMatch(
      /acme\/backend\*: .*\((<\$0\.01|\$\d+\.\d\d) · [\d.]+[kM]? in \/ [\d.]+[kM]? out\)/,
    );
    expect(final).toMatch(/\nTotal: (<\$0\.01|\$\d+\.\d\d) · [\d.]+[kM]? in \/ [\d.]+[kM]? out$/);
    expect(result?.costUsd).toBeGreaterThan(0);
  });

  test('organisation constraint reaches agent first', async () => {
    world.model.setScenario({ runs: [writeNote('CHANGES.md')] });
    const before = proxy.bodies.length;
    const envelope = await world.mention('<@U0DECKHAND> model:sonnet add a changelog in rules');
    await world.taskResult(idsOf(envelope).workflowId);

    const thread = threadTexts(String(envelope.event.ts));
    const workspaceLine = thread.find((text) => text.includes('working on branch')) ?? '';
    expect(workspaceLine).toContain(`plus the organisation rule file \`${orgRulePath}\``);
    const systems = proxy.bodies.slice(before).map((body) => systemText(body.system));
    const system = systems.find((text) => text.includes('Hard constraints')) ?? '';
    const orgConstraint = system.indexOf('- never commit secrets. (from the organisation rule');
    const repoConstraint = system.indexOf(
      "- keep the changelog in CHANGES.md. (from the repository's",
    );
    const orgRules = system.indexOf('Rules from the organisation rule file');
    const repoRules = system.indexOf("Rules from the repository's AGENTS.md");
    expect(system.indexOf('Hard constraints')).toBeLessThan(orgConstraint);
    expect(orgConstraint).toBeGreaterThan(-1);
    expect(repoConstraint).toBeGreaterThan(orgConstraint);
    expect(orgRules).toBeGreaterThan(repoConstraint);
    expect(repoRules).toBeGreaterThan(orgRules);
  });
});
