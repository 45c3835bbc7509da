import type { LocalWorld } from '../../src/local/world';
import { localChannel } from '../../src/local/world';
import { LinearStandIn } from '../../src/standins/linear';
import { taskIdsFor } from '../../src/temporal/task-starter';
import { startTestWorld } from '../support/world';

jest.setTimeout(300_000);

function nodeRepository(slug: string) {
  const name = slug.split('/')[1] ?? slug;
  return {
    slug,
    aliases: [name],
    files: {
      'package.json': JSON.stringify({ name, version: '1.0.0', scripts: { test: 'node --test' } }),
      'notes.txt': 'first\n',
    },
  };
}

describe('Linear tracking', () => {
  let linear: LinearStandIn;
  let world: LocalWorld;

  beforeAll(async () => {
    linear = new LinearStandIn();
    await linear.start();
    world = await startTestWorld({
      repositories: [nodeRepository('acme/api'), nodeRepository('acme/site')],
      scenario: { runs: [] },
      linear: { standIn: linear, createIssues: true },
    });
  });

  afterAll(async () => {
    await world?.stop();
    await linear?.stop();
  });

  test('issue follows the task', async () => {
    world.model.setScenario({
      runs: ['acme/api', 'acme/site'].map((repository) => ({
        match: `repository ${repository},`,
        steps: [
          { tool: 'Read', input: { file_path: '/workspace/notes.txt' } },
          { tool: 'Write', input: { file_path: '/workspace/notes.txt', content: 'second\n' } },
        ],
      })),
    });
    const envelope = await world.mention('<@U0DECKHAND> update the notes in api and site');
    const ids = taskIdsFor({
      teamId: envelope.team_id,
      channel: localChannel.id,
      messageTs: String(envelope.event.ts),
    });
    const results = await world.taskResult(ids.workflowId);
    expect(results.map((r) => r.outcome)).toEqual(['pull_request', 'pull_request']);

    // A new issue was created, moved to In Progress, then to In Review.
    expect(linear.state.issues).toHaveLength(1);
    const issue = linear.state.issues[0];
    expect(issue?.title).toBe('update the notes in api and site');
    const stateNames = (issue?.stateHistory ?? []).map(
      (id) => linear.state.states.find((state) => state.id === id)?.name,
    );
    expect(stateNames).toEqual(['Backlog', 'In Progress', 'In Review']);

    // Each pull request is attached, and the summary is a comment.
    const urls = results.map((r) => r.pullRequest?.url);
    const attached = linear.state.attachments.filter((a) => a.issueId === issue?.id);
    expect(attached.map((a) => a.url).sort()).toEqual([...urls].sort());
    const comments = linear.state.comments.filter((c) => c.issueId === issue?.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('Task finished.');
    for (const url of urls) expect(comments[0]?.body).toContain(url);

    // The thread and the pull request descriptions name the issue.
    const texts = world.slack.thread(localChannel.id, String(envelope.event.ts)).map((m) => m.text);
    expect(texts.some((t) => t.includes(`|${issue?.identifier}>`))).toBe(true);
    for (const pull of world.github.pullRequests) {
      expect(pull.body).toContain(`[${issue?.identifier}](`);
    }
  });
});
