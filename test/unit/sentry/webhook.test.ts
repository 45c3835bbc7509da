import { Catalog } from '../../../src/catalog/catalog';
import { handleSentryWebhook, verifySentrySignature } from '../../../src/sentry/webhook';
import {
  buildIssueWebhookPayload,
  sampleIssue,
  signSentryWebhook,
} from '../../../src/standins/sentry';

const secret = 'integration-client-secret';
const catalog = Catalog.parse({
  repositories: [
    { slug: 'acme/backend', cloneUrl: '/repos/backend.git', sentryProjects: ['backend'] },
  ],
});
const levels = ['error', 'fatal'];

function deliver(
  payload: unknown,
  options: { resource?: string; signature?: string | null; body?: string } = {},
) {
  const rawBody = options.body ?? JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'Sentry-Hook-Resource': options.resource ?? 'issue',
  };
  if (options.signature !== null) {
    headers['Sentry-Hook-Signature'] = options.signature ?? signSentryWebhook(rawBody, secret);
  }
  return handleSentryWebhook({ headers, rawBody, clientSecret: secret, catalog, levels });
}

function issuePayload(
  action: 'created' | 'resolved' | 'assigned' | 'archived' | 'unresolved',
  overrides: Parameters<typeof sampleIssue>[0] = {},
) {
  return buildIssueWebhookPayload({ action, issue: sampleIssue(overrides), organization: 'acme' });
}

describe('verifySentrySignature', () => {
  it('accepts the HMAC of the body', () => {
    const rawBody = '{"action":"created"}';
    const signature = signSentryWebhook(rawBody, secret);

    expect(verifySentrySignature({ rawBody, clientSecret: secret, signature })).toBe(true);
    expect(
      verifySentrySignature({ rawBody: Buffer.from(rawBody), clientSecret: secret, signature }),
    ).toBe(true);
  });

  it('rejects a changed body', () => {
    const signature = signSentryWebhook('{"action":"created"}', secret);

    expect(
      verifySentrySignature({ rawBody: '{"action":"created" }', clientSecret: secret, signature }),
    ).toBe(false);
  });

  it('rejects malformed signatures', () => {
    for (const signature of ['', 'abc', 'z'.repeat(64), `${'0'.repeat(64)}00`]) {
      expect(verifySentrySignature({ rawBody: '{}', clientSecret: secret, signature })).toBe(false);
    }
  });
});

describe('handleSentryWebhook', () => {
  it('dispatches a created error issue', () => {
    const result = deliver(issuePayload('created'));

    expect(result.kind).toBe('dispatch');
    if (result.kind !== 'dispatch') return;
    expect(result.trigger).toBe('created');
    expect(result.issue.id).toBe('4509123456');
    expect(result.organization).toBe('acme');
    expect(result.url).toBe('https://sentry.example.com/organizations/acme/issues/4509123456/');
    expect(result.repositories.map((repository) => repository.slug)).toEqual(['acme/backend']);
  });

  it('dispatches a regressed issue', () => {
    const payload = issuePayload('unresolved', { overrides: { substatus: 'regressed' } });
    const result = deliver(payload);

    expect(result).toMatchObject({ kind: 'dispatch', trigger: 'regressed' });
  });

  it('rejects a missing signature', () => {
    const result = deliver(issuePayload('created'), { signature: null });

    expect(result).toEqual({
      kind: 'rejected',
      status: 401,
      code: 'signature_missing',
      reason: expect.any(String),
    });
  });

  it('rejects a bad signature', () => {
    const result = deliver(issuePayload('created'), { signature: signSentryWebhook('{}', secret) });

    expect(result).toMatchObject({ kind: 'rejected', status: 401, code: 'signature_invalid' });
  });

  it('rejects a signature with another secret', () => {
    const body = JSON.stringify(issuePayload('created'));
    const result = deliver(undefined, { body, signature: signSentryWebhook(body, 'other-secret') });

    expect(result).toMatchObject({ kind: 'rejected', code: 'signature_invalid' });
  });

  it('rejects a signed body that is not an issue', () => {
    const result = deliver(undefined, { body: '{"action":"created","data":{}}' });

    expect(result).toMatchObject({ kind: 'rejected', status: 400, code: 'payload_invalid' });
  });

  it('ignores other resources', () => {
    const result = deliver(issuePayload('created'), { resource: 'event_alert' });

    expect(result).toMatchObject({ kind: 'ignored', code: 'resource_not_issue' });
  });

  it.each(['resolved', 'assigned', 'archived'] as const)('ignores action %s', (action) => {
    expect(deliver(issuePayload(action))).toMatchObject({
      kind: 'ignored',
      code: 'action_not_dispatched',
    });
  });

  it('ignores an unresolved issue that did not regress', () => {
    const payload = issuePayload('unresolved', { overrides: { substatus: 'ongoing' } });
    const result = deliver(payload);

    expect(result).toMatchObject({ kind: 'ignored', code: 'action_not_dispatched' });
    expect(result).toMatchObject({ reason: expect.stringContaining('ongoing') });
  });

  it('ignores levels outside the setting', () => {
    const result = deliver(issuePayload('created', { level: 'warning' }));

    expect(result).toMatchObject({ kind: 'ignored', code: 'level_filtered' });
    expect(result).toMatchObject({ reason: expect.stringContaining('DECKHAND_SENTRY_LEVELS') });
  });

  it('dispatches fatal issues', () => {
    expect(deliver(issuePayload('created', { level: 'fatal' })).kind).toBe('dispatch');
  });

  it('ignores unmapped projects', () => {
    const result = deliver(issuePayload('created', { project: 'mobile' }));

    expect(result).toMatchObject({ kind: 'ignored', code: 'sentry_project_unmapped' });
    expect(result).toMatchObject({ reason: expect.stringContaining('sentryProjects') });
  });
});
