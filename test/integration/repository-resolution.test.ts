import type { LocalRepository, LocalWorld } from '../../src/local/world';
import { localChannel, localUser } from '../../src/local/world';
import { sampleRepository, sampleScenario } from '../../src/local/sample';
import { repositoryPickerActionIds } from '../../src/slack/views/repository-picker';
import { taskIdsFor } from '../../src/temporal/task-starter';
import { startTestWorld } from '../support/world';

jest.setTimeout(300_000);

const frontend: LocalRepository = {
  ...sampleRepository,
  slug: 'acme/frontend',
  aliases: ['frontend'],
};

describe('repository resolution', () => {
  let world: LocalWorld;

  beforeAll(async () => {
    world = await startTestWorld({
      repositories: [sampleRepository, frontend],
      scenario: { runs: [] },
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  const idsOf = (ts: string) =>
    taskIdsFor({ teamId: 'T0DECKHAND', channel: localChannel.id, messageTs: ts });

  test('picker answered by the requester starts one task', async () => {
    world.model.setScenario({ runs: sampleScenario.runs });
    const envelope = await world.mention('<@U0DECKHAND> add a `shout` function');
    const ts = String(envelope.event.ts);
    const picker = await world.slack.waitFor(
      () =>
        world.slack
          .thread(localChannel.id, ts)
          .find((m) => JSON.stringify(m.blocks ?? []).includes(repositoryPickerActionIds.start)),
      10_000,
    );
    const blocks = picker.blocks as { type: string; block_id?: string }[];
    const blockId = blocks.find((b) => b.type === 'actions')?.block_id ?? '';
    const optionValue =
      JSON.stringify(picker.blocks).match(/"value":"([^"]*backend[^"]*)"/)?.[1] ?? 'acme/backend';
    const picked = {
      [blockId]: {
        [repositoryPickerActionIds.select]: {
          type: 'multi_static_select',
          selected_options: [
            { text: { type: 'plain_text', text: 'acme/backend' }, value: optionValue },
          ],
        },
      },
    };

    await world.pressMessage(picker, repositoryPickerActionIds.start, 'U0BOB', picked);
    await world.slack.waitForCall('chat.postEphemeral', (args) => args.user === 'U0BOB');
    await world.pressMessage(picker, repositoryPickerActionIds.start, localUser.id, picked);
    await world.pressMessage(picker, repositoryPickerActionIds.start, localUser.id, picked);

    const [result] = await world.taskResult(idsOf(ts).workflowId);
    expect(result?.repository).toBe('acme/backend');
    expect(result?.outcome).toBe('pull_request');
    const runs = [];
    for await (const run of world.temporal.client.workflow.list({
      query: `WorkflowId = '${idsOf(ts).workflowId}'`,
    }))
      runs.push(run);
    expect(runs).toHaveLength(1);
  });

  test('channel topic names the repository', async () => {
    world.slack.workspace.getChannel(localChannel.id).topic.value =
      'Deploys daily\nrepo:acme/frontend';
    world.model.setScenario({
      runs: [
        {
          steps: [
            { tool: 'Write', input: { file_path: '/workspace/NOTES.md', content: 'notes\n' } },
          ],
        },
      ],
    });
    const envelope = await world.mention('<@U0DECKHAND> add release notes');
    const [result] = await world.taskResult(idsOf(String(envelope.event.ts)).workflowId);
    expect(result?.repository).toBe('acme/frontend');
    world.slack.workspace.getChannel(localChannel.id).topic.value = '';
  });
});
