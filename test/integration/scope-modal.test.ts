import { execFileSync } from 'node:child_process';
import { sampleFrontendRepository, sampleRepository } from '../../src/local/sample';
import type { LocalWorld } from '../../src/local/world';
import { localChannel } from '../../src/local/world';
import { scopeShortcutCallbackId, scopeSlashCommand } from '../../src/slack/modal-handler';
import { scopeRepositoriesActionId, scopeRepositoriesButton } from '../../src/slack/scope-button';
import {
  modelBlockId,
  repositoryBlockId,
  scopeActionIds,
  scopeBlockIds,
  scopeModalCallbackId,
} from '../../src/slack/views/scope-modal-ids';
import type { ScenarioRun } from '../../src/standins/model';
import type { RecordedCall } from '../../src/standins/slack';
import type { ViewStateInput } from '../../src/standins/slack/modal-payloads';
import { taskIdsFor } from '../../src/temporal/task-starter';
import { startTestWorld } from '../support/world';

jest.setTimeout(300_000);

const backend = sampleRepository.slug;
const frontend = sampleFrontendRepository.slug;
const teamId = 'T0DECKHAND';

const testOf = (name: string, file: string, check: string) =>
  [
    "const test = require('node:test');",
    "const assert = require('node:assert');",
    `const { ${name} } = require('../src/${file}');`,
    '',
    `test('${name}', () => ${check});`,
    '',
  ].join('\n');

/** Builds a run for one repository's agent that writes a module and its passing test. */
function writeRun(repository: string, files: Record<string, string>): ScenarioRun {
  return {
    match: `repository ${repository},`,
    steps: Object.entries(files).map(([path, content]) => ({
      tool: 'Write',
      input: { file_path: `/workspace/${path}`, content },
    })),
    finalText: `Wrote ${Object.keys(files).join(', ')} in ${repository}.`,
  };
}

const scenario = {
  runs: [
    writeRun(backend, {
      'src/shout.js': 'exports.shout = (text) => `${text.toUpperCase()}!`;\n',
      'test/shout.test.js': testOf('shout', 'shout', "assert.strictEqual(shout('hi'), 'HI!')"),
    }),
    writeRun(frontend, {
      'src/shout-label.js': 'exports.shoutLabel = (user) => `${user.name.toUpperCase()}!`;\n',
      'test/shout-label.test.js': testOf(
        'shoutLabel',
        'shout-label',
        "assert.strictEqual(shoutLabel({ name: 'Ada' }), 'ADA!')",
      ),
    }),
  ],
};

const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });

/** Builds the scope modal's state: task text, picked repositories and the report channel. */
function scopeValues(options: { taskText: string; slugs: string[] }): ViewStateInput {
  const values: ViewStateInput = {
    [scopeBlockIds.task]: {
      [scopeActionIds.task]: { type: 'plain_text_input', value: options.taskText },
    },
    [scopeBlockIds.repositories]: {
      [scopeActionIds.repositories]: {
        type: 'multi_static_select',
        selected_options: options.slugs.map(option),
      },
    },
    [scopeBlockIds.agent]: {
      [scopeActionIds.agent]: { type: 'static_select', selected_option: option('claude-code') },
    },
    [modelBlockId('claude-code')]: {
      [scopeActionIds.model]: { type: 'plain_text_input', value: null },
    },
    [scopeBlockIds.requireApproval]: {
      [scopeActionIds.requireApproval]: { type: 'checkboxes', selected_options: [] },
    },
    [scopeBlockIds.reportChannel]: {
      [scopeActionIds.reportChannel]: {
        type: 'conversations_select',
        selected_conversation: localChannel.id,
      },
    },
  };
  for (const slug of options.slugs) {
    values[repositoryBlockId('baseBranch', slug)] = {
      [scopeActionIds.baseBranch]: { type: 'plain_text_input', value: 'main' },
    };
  }
  return values;
}

const viewOf = (call: RecordedCall) =>
  JSON.parse(String(call.args.view)) as { callback_id: string; blocks: { block_id?: string }[] };
const blockIdsOf = (call: RecordedCall) => viewOf(call).blocks.map((block) => block.block_id);
/** Returns the origin thread stored in a view's `private_metadata`. */
const threadOfView = (view: string) => {
  const metadata = (JSON.parse(view) as { private_metadata: string }).private_metadata;
  return (JSON.parse(metadata) as { origin: { threadTs?: string } }).origin.threadTs;
};

describe('scope modal', () => {
  let world: LocalWorld;

  beforeAll(async () => {
    world = await startTestWorld({
      repositories: [sampleRepository, sampleFrontendRepository],
      scenario,
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  /** Runs the shortcut and returns the view that `views.open` opened with its trigger id. */
  async function openFromShortcut(): Promise<{ call: RecordedCall; id: string; hash: string }> {
    const triggerId = await world.runShortcut(scopeShortcutCallbackId);
    const call = await world.slack.waitForCall(
      'views.open',
      (args) => args.trigger_id === triggerId,
    );
    const view = call.response.view as { id: string; hash: string };
    return { call, id: view.id, hash: view.hash };
  }

  test('shortcut opens it and picks update it', async () => {
    const opened = await openFromShortcut();
    expect(opened.call.ok).toBe(true);
    expect(viewOf(opened.call).callback_id).toBe(scopeModalCallbackId);
    expect(blockIdsOf(opened.call)).not.toContain(repositoryBlockId('baseBranch', backend));

    await world.changeViewInput({
      viewId: opened.id,
      values: scopeValues({ taskText: '', slugs: [backend, frontend] }),
      blockId: scopeBlockIds.repositories,
      actionId: scopeActionIds.repositories,
    });
    const update = await world.slack.waitForCall('views.update', (a) => a.view_id === opened.id);
    expect(update.ok).toBe(true);
    expect(update.args.hash).toBe(opened.hash);
    expect(blockIdsOf(update)).toContain(repositoryBlockId('baseBranch', backend));
    expect(blockIdsOf(update)).toContain(repositoryBlockId('baseBranch', frontend));
  });

  test('external select lists matching repositories', async () => {
    const opened = await openFromShortcut();
    const delivery = await world.suggestOptions({
      viewId: opened.id,
      blockId: scopeBlockIds.repositories,
      actionId: scopeActionIds.repositories,
      value: 'front',
    });
    const answer = JSON.parse(delivery.body) as { options?: { value: string }[] };
    expect(answer.options?.map((listed) => listed.value)).toEqual([frontend]);
  });

  test('invalid submission gets inline errors', async () => {
    const opened = await openFromShortcut();
    const postsBefore = world.slack.calls('chat.postMessage').length;

    const delivery = await world.submitView(opened.id, scopeValues({ taskText: ' ', slugs: [] }));
    const answer = JSON.parse(delivery.body) as {
      response_action?: string;
      errors?: Record<string, string>;
    };
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors ?? {}).sort()).toEqual(
      [scopeBlockIds.repositories, scopeBlockIds.task].sort(),
    );
    expect(world.slack.calls('chat.postMessage')).toHaveLength(postsBefore);
  });

  test('slash command opens it in the channel', async () => {
    const { triggerId, delivery } = await world.runSlashCommand(scopeSlashCommand, '');
    expect(delivery.status).toBe(200);
    const call = await world.slack.waitForCall(
      'views.open',
      (args) => args.trigger_id === triggerId,
    );
    expect(call.ok).toBe(true);
    expect(String(call.args.view)).toContain(`"initial_conversation":"${localChannel.id}"`);

    const other = await world.runSlashCommand(scopeSlashCommand, 'status');
    expect(other.delivery.body).toContain('takes no text');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const opens = world.slack
      .calls('views.open')
      .filter((c) => c.args.trigger_id === other.triggerId);
    expect(opens).toHaveLength(0);
  });

  test('two repositories end in two pull requests', async () => {
    const opened = await openFromShortcut();
    const values = scopeValues({
      taskText:
        'Add a shout helper\nRequirements:\n• backend: shout(text) in src/shout.js\n• frontend: shoutLabel(user) in src/shout-label.js',
      slugs: [backend, frontend],
    });
    await world.changeViewInput({
      viewId: opened.id,
      values,
      blockId: scopeBlockIds.repositories,
      actionId: scopeActionIds.repositories,
    });
    await world.slack.waitForCall('views.update', (args) => args.view_id === opened.id);

    const delivery = await world.submitView(opened.id, values);
    expect(delivery.body).toBe('');
    const root = await world.slack.waitForCall(
      'chat.postMessage',
      (args) =>
        args.channel === localChannel.id && String(args.text).includes('Add a shout helper'),
    );
    expect(root.args.thread_ts).toBeUndefined();
    const rootTs = String(root.response.ts);
    const ids = taskIdsFor({ teamId, channel: localChannel.id, messageTs: rootTs });

    const results = await world.taskResult(ids.workflowId);
    expect(results.map((result) => result.repository).sort()).toEqual([backend, frontend]);
    expect(results.map((result) => result.outcome)).toEqual(['pull_request', 'pull_request']);
    const pulls = world.github.pullRequests.map((pull) => `${pull.owner}/${pull.repo}`).sort();
    expect(pulls).toEqual([backend, frontend]);
    const shout = execFileSync('git', ['show', `deckhand/${ids.taskId}-backend:src/shout.js`], {
      cwd: world.github.clonePath(backend),
      encoding: 'utf8',
    });
    expect(shout).toContain('toUpperCase()}!');

    // The workflow reports in the thread of the root message, in the chosen channel.
    const replies = world.slack.thread(localChannel.id, rootTs).slice(1);
    expect(replies.length).toBeGreaterThan(0);

    await checkThreadButton(rootTs);
  });

  /** Presses the "Scope repositories" button in the task's thread and checks the filled modal. */
  async function checkThreadButton(rootTs: string): Promise<void> {
    const withButton = world.slack.seedMessage({
      channel: localChannel.id,
      botId: 'B0DECKHAND',
      text: 'Task finished.',
      threadTs: rootTs,
      blocks: [{ type: 'actions', block_id: 'scope', elements: [scopeRepositoriesButton()] }],
    });
    await world.press(withButton.ts, scopeRepositoriesActionId);
    const open = await world.slack.waitForCall(
      'views.open',
      (args) => threadOfView(String(args.view)) === rootTs,
    );
    expect(open.ok).toBe(true);
    const viewId = (open.response.view as { id: string }).id;

    const filled = await world.slack.waitForCall('views.update', (a) => a.view_id === viewId);
    expect(filled.ok).toBe(true);
    expect(blockIdsOf(filled)).toContain(repositoryBlockId('baseBranch', frontend));
    expect(String(filled.args.view)).toContain('Add a shout helper');
  }
});
