import type { LocalWorld } from '../../src/local/world';
import { localChannel } from '../../src/local/world';
import { sampleRepository } from '../../src/local/sample';
import { taskIdsFor } from '../../src/temporal/task-starter';
import { containersOfTask, startTestWorld } from '../support/world';

jest.setTimeout(120_000);

describe('agent watchdog', () => {
  let world: LocalWorld;

  beforeAll(async () => {
    world = await startTestWorld({
      repositories: [sampleRepository],
      scenario: {
        runs: [
          { steps: [{ tool: 'Bash', input: { command: 'tail -f /dev/null', timeout: 600000 } }] },
        ],
      },
      agentTimeoutSeconds: 5,
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  test('hung agent is stopped', async () => {
    const envelope = await world.mention('<@U0DECKHAND> migrate the database in backend');
    const ts = String(envelope.event.ts);
    const ids = taskIdsFor({ teamId: envelope.team_id, channel: localChannel.id, messageTs: ts });
    const startedAt = Date.now();
    const [result] = await world.taskResult(ids.workflowId);
    expect(result?.outcome).toBe('failed');
    expect(result?.reason).toMatch(/ran past its 5 s limit/);
    // The watchdog, not the agent's own command that never ends, stopped the run.
    expect(Date.now() - startedAt).toBeLessThan(90_000);
    const thread = world.slack.thread(localChannel.id, ts).map((message) => message.text);
    expect(thread.some((text) => /agent attempt 1 failed: the agent ran past/.test(text))).toBe(
      true,
    );
    expect(await containersOfTask(ids.taskId)).toEqual([]);
  });
});
