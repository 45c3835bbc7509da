import { LinearClient } from '@linear/sdk';
import { LinearStandIn } from '../../src/standins/linear';

const apiKey = 'lin_api_test';

describe('Linear stand-in', () => {
  let linear: LinearStandIn;
  let client: LinearClient;

  beforeEach(async () => {
    linear = new LinearStandIn({ apiKey });
    client = new LinearClient({ apiKey, apiUrl: await linear.start() });
  });

  afterEach(async () => {
    await linear.stop();
  });

  test('issue found by identifier', async () => {
    const seeded = linear.seedIssue({ teamKey: 'ENG', title: 'Add login' });
    const issue = await client.issue('ENG-1');
    expect(issue.id).toBe(seeded.id);
    expect(issue.identifier).toBe('ENG-1');
    expect(issue.title).toBe('Add login');
    expect(issue.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/acme\/issue\/ENG-1\/add-login$/);
    expect(issue.teamId).toBe(linear.state.teams[0]?.id);
    expect(linear.operations).toEqual([
      { operationName: 'issue', variables: { id: 'ENG-1' }, status: 200 },
    ]);
  });

  test('missing issue is invalid input', async () => {
    await expect(client.issue('ENG-99')).rejects.toMatchObject({
      type: 'InvalidInput',
      message: expect.stringContaining('Could not find referenced Issue.'),
    });
  });

  test('wrong key is an authentication error', async () => {
    const stranger = new LinearClient({ apiKey: 'lin_api_wrong', apiUrl: linear.apiUrl });
    await expect(stranger.issue('ENG-1')).rejects.toMatchObject({ type: 'AuthenticationError' });
    expect(linear.operations[0]?.status).toBe(400);
  });

  test('teams filter by key', async () => {
    const teams = await client.teams({ filter: { key: { eq: 'ENG' } } });
    expect(teams.nodes.map((team) => team.key)).toEqual(['ENG']);
    const none = await client.teams({ filter: { key: { eq: 'OPS' } } });
    expect(none.nodes).toEqual([]);
  });

  test('default workflow states in order', async () => {
    const team = linear.state.teams[0];
    const states = await client.workflowStates({
      filter: { team: { id: { eq: team?.id ?? '' } } },
    });
    expect(states.nodes.map((s) => [s.name, s.type, s.position])).toEqual([
      ['Backlog', 'backlog', 0],
      ['Todo', 'unstarted', 1],
      ['In Progress', 'started', 2],
      ['In Review', 'started', 3],
      ['Done', 'completed', 4],
      ['Canceled', 'canceled', 5],
    ]);
  });

  test('create, update, attach and comment', async () => {
    const team = linear.state.teams[0];
    const created = await client.createIssue({ teamId: team?.id ?? '', title: 'New' });
    expect(created.success).toBe(true);
    const issue = await created.issue;
    expect(issue?.identifier).toBe('ENG-1');
    const inProgress = linear.state.states.find((s) => s.name === 'In Progress');
    await client.updateIssue(issue?.id ?? '', { stateId: inProgress?.id });
    const link = await client.attachmentLinkURL(issue?.id ?? '', 'http://127.0.0.1/pull/1', {
      title: 'PR',
    });
    expect(link.success).toBe(true);
    await client.createComment({ issueId: issue?.id ?? '', body: 'Done' });

    const record = linear.state.findIssue('ENG-1');
    expect(record && linear.state.stateNames(record)).toEqual(['Backlog', 'In Progress']);
    expect(linear.state.attachments).toEqual([
      expect.objectContaining({ url: 'http://127.0.0.1/pull/1', title: 'PR' }),
    ]);
    expect(linear.state.comments).toEqual([expect.objectContaining({ body: 'Done' })]);
    expect(linear.operations.map((op) => op.operationName)).toEqual([
      'createIssue',
      'issue',
      'updateIssue',
      'attachmentLinkURL',
      'createComment',
    ]);
  });

  test('state of another team is rejected', async () => {
    linear.state.addTeam({ key: 'OPS' });
    const issue = linear.seedIssue({ teamKey: 'ENG', title: 'A' });
    const opsTeam = linear.state.findTeam('OPS');
    const opsState = linear.state.states.find((s) => s.teamId === opsTeam?.id);
    await expect(client.updateIssue(issue.id, { stateId: opsState?.id })).rejects.toMatchObject({
      type: 'InvalidInput',
    });
  });

  test('unknown operation is reported', async () => {
    await expect(client.viewer).rejects.toThrow(/does not serve operation "viewer"/);
  });
});
