import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Catalog } from '../../src/catalog/catalog';
import { handleSentryWebhook, type SentryWebhookResult } from '../../src/sentry/webhook';
import {
  buildIssueWebhookPayload,
  sampleIssue,
  sendSentryWebhook,
} from '../../src/standins/sentry';

const secret = 'integration-client-secret';
const catalog = Catalog.parse({
  repositories: [
    { slug: 'acme/backend', cloneUrl: '/repos/backend.git', sentryProjects: ['backend'] },
  ],
});

/** A receiver that reads the raw body, as a real endpoint must, and records each decision. */
async function startReceiver(
  results: SentryWebhookResult[],
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const result = handleSentryWebhook({
        headers: request.headers,
        rawBody: Buffer.concat(chunks),
        clientSecret: secret,
        catalog,
        levels: ['error', 'fatal'],
      });
      results.push(result);
      response.writeHead(result.kind === 'rejected' ? result.status : 200);
      response.end(result.kind);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sentry` };
}

describe('Sentry webhook sender', () => {
  let server: Server;
  let url: string;
  const results: SentryWebhookResult[] = [];

  beforeAll(async () => {
    ({ server, url } = await startReceiver(results));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const payload = buildIssueWebhookPayload({
    action: 'created',
    issue: sampleIssue(),
    organization: 'acme',
  });

  it('delivers a signed issue webhook', async () => {
    const delivery = await sendSentryWebhook({
      url,
      clientSecret: secret,
      resource: 'issue',
      payload,
    });

    expect(delivery.status).toBe(200);
    expect(delivery.body).toBe('dispatch');
    expect(results.at(-1)?.kind).toBe('dispatch');
  });

  it('delivers without signature', async () => {
    const delivery = await sendSentryWebhook({
      url,
      clientSecret: secret,
      resource: 'issue',
      payload,
      signature: false,
    });

    expect(delivery.status).toBe(401);
  });

  it('delivers a wrong signature', async () => {
    const delivery = await sendSentryWebhook({
      url,
      clientSecret: secret,
      resource: 'issue',
      payload,
      signature: 'f'.repeat(64),
    });

    expect(delivery.status).toBe(401);
    expect(results.at(-1)).toMatchObject({ code: 'signature_invalid' });
  });

  it('refuses hosts off loopback', async () => {
    await expect(
      sendSentryWebhook({
        url: 'http://example.com/hook',
        clientSecret: secret,
        resource: 'issue',
        payload,
      }),
    ).rejects.toThrow('only loopback hosts');
  });
});
