import {
  attachPullRequestsToLinearIssue,
  commentOnLinearIssue,
  createLinearIssue,
  findLinearIssue,
  moveLinearIssue,
  type LinearDeps,
} from '../../../activities/linear';
import { createLinearClient, LinearTracker } from '../../../src/linear';
import { LinearStandIn } from '../../../src/standins/linear';

const apiKey = 'lin_api_activity_test';

describe('Linear activities', () => {
  let linear: LinearStandIn;
  let deps: LinearDeps;

  beforeEach(async () => {
    linear = new LinearStandIn({
      apiKey,
      teams: [
        { key: 'ENG' },
        {
          key: 'OPS',
          states: [
            { name: 'Open', type: 'unstarted' },
            { name: 'Working', type: 'started' },
            { name: 'Closed', type: 'completed' },
          ],
        },
      ],
    });
    const apiUrl = await linear.start();
    deps = { tracker: new LinearTracker(createLinearClient({ apiKey, apiUrl })), teamKey: 'ENG' };
  });

  afterEach(async () => {
    await linear.stop();
  });

  test('finds an issue by URL', async () => {
    linear.seedIssue({ teamKey: 'ENG', title: 'Add login' });
    const issue = await findLinearIssue(deps, { reference: linear.issueUrl('ENG-1') });
    expect(issue).toMatchObject({ identifier: 'ENG-1', title: 'Add login' });
  });

  test('missing issue is not retried', async () => {
    const run = findLinearIssue(deps, { reference: 'ENG-404' });
    await expect(run).rejects.toMatchObject({ type: 'NotFound', nonRetryable: true });
  });

  test('invalid reference is not retried', async () => {
    const run = findLinearIssue(deps, { reference: 'not an issue' });
    await expect(run).rejects.toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(linear.operations).toEqual([]);
  });

  test('moves through started and review', async () => {
    linear.seedIssue({ teamKey: 'ENG', title: 'Add login' });
    const started = await moveLinearIssue(deps, { issueId: 'ENG-1', to: 'started' });
    const review = await moveLinearIssue(deps, { issueId: 'ENG-1', to: 'review' });
    expect(started).toEqual({ identifier: 'ENG-1', stateName: 'In Progress' });
    expect(review).toEqual({ identifier: 'ENG-1', stateName: 'In Review' });
    const record = linear.state.findIssue('ENG-1');
    expect(record && linear.state.stateNames(record)).toEqual([
      'Backlog',
      'In Progress',
      'In Review',
    ]);
  });

  test('repeated move sends no update', async () => {
    linear.seedIssue({ teamKey: 'ENG', title: 'Add login' });
    await moveLinearIssue(deps, { issueId: 'ENG-1', to: 'started' });
    await moveLinearIssue(deps, { issueId: 'ENG-1', to: 'started' });
    const updates = linear.operations.filter((op) => op.operationName === 'updateIssue');
    expect(updates).toHaveLength(1);
  });

  test('team without review state stays put', async () => {
    linear.seedIssue({ teamKey: 'OPS', title: 'Rotate keys' });
    await moveLinearIssue(deps, { issueId: 'OPS-1', to: 'started' });
    const review = await moveLinearIssue(deps, { issueId: 'OPS-1', to: 'review' });
    expect(review).toEqual({ identifier: 'OPS-1' });
    const record = linear.state.findIssue('OPS-1');
    expect(record && linear.state.stateNames(record)).toEqual(['Open', 'Working']);
  });

  test('creates in the configured team', async () => {
    const issue = await createLinearIssue(deps, { title: 'From Slack', description: 'Body' });
    expect(issue.identifier).toBe('ENG-1');
    expect(linear.state.findIssue('ENG-1')?.description).toBe('Body');
  });

  test('missing team key is not retried', async () => {
    const run = createLinearIssue({ ...deps, teamKey: undefined }, { title: 'T' });
    await expect(run).rejects.toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  });

  test('unknown team is not found', async () => {
    const run = createLinearIssue({ ...deps, teamKey: 'NOPE' }, { title: 'T' });
    await expect(run).rejects.toMatchObject({ type: 'NotFound', nonRetryable: true });
  });

  test('attaches each pull request once', async () => {
    const issue = linear.seedIssue({ teamKey: 'ENG', title: 'Add login' });
    const pullRequests = [
      { url: 'http://127.0.0.1:1/acme/infra/pull/12', title: 'acme/infra#12' },
      { url: 'http://127.0.0.1:1/acme/web/pull/3', title: 'acme/web#3' },
    ];
    await attachPullRequestsToLinearIssue(deps, { issueId: issue.id, pullRequests });
    await attachPullRequestsToLinearIssue(deps, { issueId: issue.id, pullRequests });
    expect(linear.state.attachments.map((a) => [a.url, a.title])).toEqual(
      pullRequests.map((p) => [p.url, p.title]),
    );
    const links = linear.operations.filter((op) => op.operationName === 'attachmentLinkURL');
    expect(links[0]?.variables).toEqual({
      issueId: issue.id,
      url: pullRequests[0]?.url,
      title: pullRequests[0]?.title,
    });
  });

  test('comments the summary', async () => {
    linear.seedIssue({ teamKey: 'ENG', title: 'Add login' });
    const result = await commentOnLinearIssue(deps, { issueId: 'ENG-1', body: '**Merged** 2 PRs' });
    expect(result.commentId).toBe(linear.state.comments[0]?.id);
    expect(linear.state.comments[0]?.body).toBe('**Merged** 2 PRs');
  });

  test('wrong key is not retried', async () => {
    const tracker = new LinearTracker(createLinearClient({ apiKey: 'bad', apiUrl: linear.apiUrl }));
    const run = findLinearIssue({ tracker }, { reference: 'ENG-1' });
    await expect(run).rejects.toMatchObject({ type: 'Unauthorized', nonRetryable: true });
  });

  test('unconfigured Linear is not retried', async () => {
    const run = commentOnLinearIssue({}, { issueId: 'ENG-1', body: 'x' });
    await expect(run).rejects.toMatchObject({ type: 'Unauthorized', nonRetryable: true });
  });
});
