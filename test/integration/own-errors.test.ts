import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { sampleRepository } from '../../src/local/sample';
import { localChannel, localSentryWebhookSecret, localUser } from '../../src/local/world';
import type { LocalWorld } from '../../src/local/world';
import {
  closeErrorReporting,
  flushErrorReports,
  initErrorReporting,
} from '../../src/observability/sentry';
import { startCodingTask } from '../../src/temporal/task-starter';
import { buildMentionSpec } from '../support/task-spec';
import { startTestWorld } from '../support/world';

jest.setTimeout(300_000);

type SentryEventBody = { tags?: Record<string, string>; exception?: unknown };

/** Collects the raw (gunzipped) envelope bodies that the SDK posts to `/api/1/envelope/`. */
async function startEnvelopeReceiver(
  envelopes: string[],
): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const gzipped = request.headers['content-encoding'] === 'gzip';
      if (request.url?.startsWith('/api/1/envelope/')) {
        envelopes.push((gzipped ? gunzipSync(body) : body).toString('utf8'));
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Returns the event items of the envelopes: each item header line is followed by its body. */
function eventsIn(envelopes: string[]): SentryEventBody[] {
  const events: SentryEventBody[] = [];
  for (const envelope of envelopes) {
    const lines = envelope.split('\n');
    for (let index = 1; index < lines.length - 1; index += 2) {
      const header = JSON.parse(lines[index] ?? '{}') as { type?: string };
      if (header.type === 'event') events.push(JSON.parse(lines[index + 1] ?? '{}'));
    }
  }
  return events;
}

describe("Deckhand's own errors", () => {
  const envelopes: string[] = [];
  let receiver: Server;
  let world: LocalWorld;

  beforeAll(async () => {
    const { server, port } = await startEnvelopeReceiver(envelopes);
    receiver = server;
    world = await startTestWorld({
      repositories: [
        sampleRepository,
        { slug: 'acme/broken', files: { 'README.md': '# broken\n' } },
      ],
      scenario: { runs: [] },
      environment: { SENTRY_DSN: `http://publickey@127.0.0.1:${port}/1` },
    });
    // The catalog still lists acme/broken, but its clone URL no longer exists.
    await rm(world.github.clonePath('acme/broken'), { recursive: true, force: true });
  });

  afterAll(async () => {
    await closeErrorReporting();
    await world?.stop();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  });

  test('failed clone reaches Sentry tagged and scrubbed', async () => {
    const dsn = world.config.sentry.dsn ?? '';
    expect(new URL(dsn).hostname).toBe('127.0.0.1');
    expect(initErrorReporting({ dsn, environment: 'test', role: 'worker', integrations: [] })).toBe(
      true,
    );

    const root = world.slack.seedMessage({
      channel: localChannel.id,
      user: localUser.id,
      text: 'fix the readme in acme/broken',
    });
    const spec = buildMentionSpec(
      { instructions: 'fix the readme', rootTs: root.ts, userId: localUser.id },
      { repositories: [{ slug: 'acme/broken', baseBranch: 'main' }] },
    );
    const started = await startCodingTask({
      client: world.temporal.client,
      config: world.config,
      spec,
    });
    const [result] = await world.taskResult(started.workflowId);
    expect(result?.outcome).not.toBe('pull_request');
    expect(await flushErrorReports(5000)).toBe(true);

    const events = eventsIn(envelopes);
    const cloneFailure = events.find((event) => event.tags?.activity === 'provisionWorkspace');
    expect(cloneFailure).toBeDefined();
    expect(cloneFailure?.tags?.workflow_id).toBe(`${started.workflowId}/acme/broken`);
    expect(cloneFailure?.tags?.repository).toBe('acme/broken');
    expect(cloneFailure?.tags?.channel).toBe(localChannel.id);
    expect(JSON.stringify(cloneFailure?.exception)).toContain('Cloning acme/broken failed');

    const raw = envelopes.join('\n');
    const githubToken = world.config.github.token ?? '';
    const secrets = {
      slackBotToken: world.config.slack.botToken ?? '',
      slackSigningSecret: world.config.slack.signingSecret ?? '',
      githubToken,
      githubBasicAuth: Buffer.from(`x-access-token:${githubToken}`).toString('base64'),
      anthropicKey: world.config.anthropic.apiKey ?? '',
      sentryToken: world.config.sentry.authToken ?? '',
      sentryWebhookSecret: localSentryWebhookSecret,
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect({ name, empty: secret === '' }).toEqual({ name, empty: false });
      expect({ name, found: raw.includes(secret) }).toEqual({ name, found: false });
    }
  });
});
