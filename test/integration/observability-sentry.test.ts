import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as Sentry from '@sentry/node';
import {
  captureActivityFailure,
  closeErrorReporting,
  flushErrorReports,
  initErrorReporting,
  withTaskScope,
} from '../../src/observability/sentry';
import { scrubSecrets } from '../../src/observability/scrub';

/** Fake credentials in the formats Deckhand handles; none of them is a real token. */
const fakeTokens = {
  slack: 'xoxb-1234567890-0987654321-FAKEfakeFAKEfake',
  github: 'ghp_FAKEfakeFAKEfakeFAKEfake0123456789',
  anthropic: 'sk-ant-api03-FAKEfakeFAKEfake-0123456789',
  bearer: 'FAKEbearerCREDENTIAL0123456789',
};

/** Collects raw envelope bodies that the SDK posts to `/api/<project>/envelope/`. */
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

/** Returns the event items of all envelopes (lines whose item header has type `event`). */
function eventsIn(envelopes: string[]): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  for (const envelope of envelopes) {
    const lines = envelope.split('\n');
    for (let index = 1; index < lines.length - 1; index += 2) {
      const header = JSON.parse(lines[index] ?? '{}') as { type?: string };
      if (header.type === 'event') events.push(JSON.parse(lines[index + 1] ?? '{}'));
    }
  }
  return events;
}

describe('Sentry error reporting', () => {
  const envelopes: string[] = [];
  let server: Server;
  let port: number;

  beforeAll(async () => {
    ({ server, port } = await startEnvelopeReceiver(envelopes));
  });

  afterAll(async () => {
    await closeErrorReporting();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('stays off without a DSN', () => {
    expect(initErrorReporting({ dsn: undefined })).toBe(false);
    expect(captureActivityFailure(new Error('ignored'), { workflowId: 'wf-0' })).toBeUndefined();
  });

  it('sends tagged events without tokens', async () => {
    const dsn = `http://publickey@127.0.0.1:${port}/1`;
    expect(new URL(dsn).hostname).toBe('127.0.0.1');
    expect(initErrorReporting({ dsn, environment: 'test', role: 'worker', integrations: [] })).toBe(
      true,
    );

    const failure = new Error(
      `Slack rejected ${fakeTokens.slack} and GitHub rejected ${fakeTokens.github}`,
    );
    const eventId = captureActivityFailure(failure, {
      workflowId: 'task-C0ALERTS-1736848851.000100',
      repository: 'acme/backend',
      channel: 'C0ALERTS',
      activity: 'runAgent',
    });
    withTaskScope({ workflowId: 'task-2', repository: 'acme/web', channel: 'C0WEB' }, () => {
      Sentry.addBreadcrumb({ message: `called model with ${fakeTokens.anthropic}` });
      Sentry.setExtra('request', {
        headers: { authorization: `Bearer ${fakeTokens.bearer}` },
        note: `Authorization: Bearer ${fakeTokens.bearer}`,
      });
      Sentry.captureException(new Error('model request failed'));
    });
    expect(await flushErrorReports(5000)).toBe(true);

    expect(eventId).toMatch(/^[0-9a-f]{32}$/);
    const raw = envelopes.join('\n');
    for (const [kind, token] of Object.entries(fakeTokens)) {
      expect({ kind, found: raw.includes(token) }).toEqual({ kind, found: false });
    }
    const events = eventsIn(envelopes);
    expect(events).toHaveLength(2);
    const first = events.find((event) => event.event_id === eventId);
    expect(first?.tags).toEqual({
      'deckhand.role': 'worker',
      workflow_id: 'task-C0ALERTS-1736848851.000100',
      repository: 'acme/backend',
      channel: 'C0ALERTS',
      activity: 'runAgent',
    });
    expect(JSON.stringify(first)).toContain('Slack rejected [redacted]');
    const second = events.find((event) => event.event_id !== eventId);
    expect(second?.tags).toMatchObject({
      workflow_id: 'task-2',
      repository: 'acme/web',
      channel: 'C0WEB',
    });
    expect(JSON.stringify(second)).toContain('called model with [redacted]');
    expect(JSON.stringify(second)).toContain('Bearer [redacted]');
  });
});

describe('scrubSecrets', () => {
  it('scrubs nested strings and secret keys', () => {
    const scrubbed = scrubSecrets({
      message: `token ${fakeTokens.github}`,
      list: [fakeTokens.slack, { deep: fakeTokens.anthropic }],
      headers: { Authorization: 'anything', cookie: 'session=1' },
      count: 3,
    });

    expect(scrubbed).toEqual({
      message: 'token [redacted]',
      list: ['[redacted]', { deep: '[redacted]' }],
      headers: { Authorization: '[redacted]', cookie: '[redacted]' },
      count: 3,
    });
  });

  it('survives cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;

    expect(scrubSecrets(cyclic)).toEqual({ name: 'loop', self: '[redacted]' });
  });
});
