import { SentryApiClient } from '../../src/sentry/api';
import { SentryApiError } from '../../src/sentry/errors';
import { SentryStandIn, sampleEvent, sampleIssue } from '../../src/standins/sentry';

const token = 'sntrys_test_token_value_123456';

async function expectApiError(promise: Promise<unknown>): Promise<SentryApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SentryApiError);
    return error as SentryApiError;
  }
  throw new Error('Expected the request to fail');
}

describe('Sentry stand-in and API client', () => {
  let standIn: SentryStandIn;
  let client: SentryApiClient;

  beforeEach(async () => {
    standIn = new SentryStandIn({ token, now: () => new Date('2025-01-14T11:00:00Z') });
    const baseUrl = await standIn.start();
    client = new SentryApiClient({ baseUrl, authToken: token });
    standIn.seedIssue({ organization: 'acme', issue: sampleIssue(), latestEvent: sampleEvent() });
  });

  afterEach(async () => {
    await standIn.stop();
  });

  it('fetches an issue by organization', async () => {
    const issue = await client.getIssue({ organization: 'acme', issueId: '4509123456' });

    expect(issue.shortId).toBe('BACKEND-1A');
    expect(issue.project.slug).toBe('backend');
    expect(standIn.requests[0]?.path).toBe('/api/0/organizations/acme/issues/4509123456/');
  });

  it('fetches an issue without organization', async () => {
    const issue = await client.getIssue({ issueId: '4509123456' });

    expect(issue.id).toBe('4509123456');
    expect(standIn.requests[0]?.path).toBe('/api/0/issues/4509123456/');
  });

  it('fetches the latest event', async () => {
    const event = await client.getLatestEvent({ organization: 'acme', issueId: '4509123456' });

    expect(event.id).toBe('9fac2ceed9344f2bbfdd1fdacb0ed9b1');
    expect(event.entries[0]?.type).toBe('exception');
    expect(standIn.requests[0]?.path).toBe(
      '/api/0/organizations/acme/issues/4509123456/events/latest/',
    );
  });

  it('posts a comment with the pull request link', async () => {
    const text = 'Deckhand opened https://github.com/acme/backend/pull/7 to fix this issue.';
    const note = await client.createComment({ organization: 'acme', issueId: '4509123456' }, text);

    expect(note.type).toBe('note');
    expect(note.data.text).toBe(text);
    expect(standIn.comments).toHaveLength(1);
    expect(standIn.comments[0]?.organization).toBe('acme');
    expect(standIn.comments[0]?.text).toBe(text);
    expect(standIn.requests[0]?.method).toBe('POST');
    expect(standIn.requests[0]?.path).toBe('/api/0/organizations/acme/issues/4509123456/comments/');
    expect(standIn.requests[0]?.body).toEqual({ text });
  });

  it('raises 401 for a wrong token', async () => {
    const wrong = new SentryApiClient({
      baseUrl: standIn.baseUrl,
      authToken: 'sntrys_wrong_token_abcdef',
    });
    const error = await expectApiError(
      wrong.getIssue({ organization: 'acme', issueId: '4509123456' }),
    );

    expect(error.code).toBe('sentry_unauthorized');
    expect(error.status).toBe(401);
    expect(error.message).toContain('Invalid token');
    expect(error.message).toContain('SENTRY_AUTH_TOKEN');
    expect(error.message).not.toContain('sntrys_wrong_token_abcdef');
    expect(JSON.stringify(error)).not.toContain('sntrys_wrong_token_abcdef');
    expect(standIn.requests[0]?.authorized).toBe(false);
  });

  it('raises 404 for an unknown issue', async () => {
    const error = await expectApiError(client.getIssue({ organization: 'acme', issueId: '1' }));

    expect(error.code).toBe('sentry_not_found');
    expect(error.status).toBe(404);
    expect(error.path).toBe('/api/0/organizations/acme/issues/1/');
    expect(error.message).not.toContain(token);
  });

  it('raises 404 for another organization', async () => {
    const error = await expectApiError(
      client.getLatestEvent({ organization: 'other', issueId: '4509123456' }),
    );

    expect(error.code).toBe('sentry_not_found');
  });

  it('raises 404 when no event is seeded', async () => {
    standIn.seedIssue({ organization: 'acme', issue: sampleIssue({ id: '55' }) });
    const error = await expectApiError(
      client.getLatestEvent({ organization: 'acme', issueId: '55' }),
    );

    expect(error.status).toBe(404);
  });

  it('raises a network error without the token', async () => {
    const port = new URL(standIn.baseUrl).port;
    await standIn.stop();
    const offline = new SentryApiClient({ baseUrl: `http://127.0.0.1:${port}`, authToken: token });
    const error = await expectApiError(offline.getIssue({ organization: 'acme', issueId: '1' }));

    expect(error.code).toBe('sentry_request_failed');
    expect(error.status).toBe(0);
    expect(error.message).not.toContain(token);
  });

  it('rejects an issue id that is not numeric', async () => {
    await expect(client.getIssue({ organization: 'acme', issueId: '../users' })).rejects.toThrow(
      TypeError,
    );
    expect(standIn.requests).toHaveLength(0);
  });

  it('rejects a comment without text', async () => {
    const response = await fetch(`${standIn.baseUrl}/api/0/issues/4509123456/comments/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(standIn.comments).toHaveLength(0);
  });
});
