import { buildScopeModal } from '../../../src/slack/views/scope-modal';
import {
  modelBlockId,
  repositoryBlockId,
  requireApprovalOptionValue,
  scopeActionIds,
  scopeBlockIds,
} from '../../../src/slack/views/scope-modal-ids';
import type { ViewStateValues } from '../../../src/slack/views/view-state';
import {
  existingReportThread,
  parseScopeSubmission,
  toModalTaskSpec,
} from '../../../src/spec/modal-spec';
import { TaskSpec } from '../../../src/spec/task-spec';
import { catalog, state, submit } from '../slack/fixtures';

const origin = { teamId: 'T0001', channel: 'C0001', threadTs: '1718000000.000100' };

const ticket = [
  'Add cursor pagination to GET /api/users',
  '*Requirements:*',
  '• Accept `cursor` and `limit` in src/routes/users.ts',
  '```',
  'Not a heading:',
  '```',
].join('\n');

/** Builds the state of a complete, valid submission, which tests change entry by entry. */
function validValues(): Record<string, ViewStateValues[string]> {
  return {
    [scopeBlockIds.task]: { [scopeActionIds.task]: state.text(ticket) },
    [scopeBlockIds.repositories]: {
      [scopeActionIds.repositories]: state.multi(['acme/api', 'acme/web']),
    },
    [repositoryBlockId('role', 'acme/api')]: { [scopeActionIds.role]: state.text(' the API ') },
    [repositoryBlockId('baseBranch', 'acme/api')]: {
      [scopeActionIds.baseBranch]: state.text('main'),
    },
    [repositoryBlockId('testCommand', 'acme/api')]: {
      [scopeActionIds.testCommand]: state.text(null),
    },
    [repositoryBlockId('role', 'acme/web')]: { [scopeActionIds.role]: state.text(null) },
    [repositoryBlockId('baseBranch', 'acme/web')]: {
      [scopeActionIds.baseBranch]: state.text('develop'),
    },
    [repositoryBlockId('testCommand', 'acme/web')]: {
      [scopeActionIds.testCommand]: state.text('npm run test:unit'),
    },
    [scopeBlockIds.agent]: { [scopeActionIds.agent]: state.select('codex') },
    [modelBlockId('codex')]: { [scopeActionIds.model]: state.text('gpt-5') },
    [scopeBlockIds.requireApproval]: {
      [scopeActionIds.requireApproval]: state.checkboxes([requireApprovalOptionValue]),
    },
    [scopeBlockIds.reportChannel]: {
      [scopeActionIds.reportChannel]: state.conversation('C0001'),
    },
  };
}

function parse(values: ViewStateValues) {
  const view = submit(buildScopeModal({ catalog, origin }), values);
  return parseScopeSubmission({
    catalog,
    privateMetadata: view.private_metadata,
    values: view.state.values,
    userId: 'U0USER',
    teamId: 'T0001',
  });
}

function errorsOf(values: ViewStateValues): Record<string, string> {
  const result = parse(values);
  if (result.ok) {
    throw new Error('expected errors');
  }
  expect(result.response.response_action).toBe('errors');
  return result.response.errors;
}

describe('parseScopeSubmission', () => {
  test('valid submission becomes a task draft', () => {
    const result = parse(validValues());
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { task } = result.submission;
    expect(task.title).toBe('Add cursor pagination to GET /api/users');
    expect(task.instructions).toBe(ticket);
    expect(task.sections).toEqual([
      {
        heading: 'Requirements',
        items: ['Accept `cursor` and `limit` in src/routes/users.ts'],
        text: '```\nNot a heading:\n```',
      },
    ]);
    expect(task.filePaths).toEqual(['src/routes/users.ts']);
    expect(task.repositories).toEqual([
      { slug: 'acme/api', baseBranch: 'main', role: 'the API' },
      { slug: 'acme/web', baseBranch: 'develop', testCommand: 'npm run test:unit' },
    ]);
    expect(task.agent).toBe('codex');
    expect(task.model).toBe('gpt-5');
    expect(task.requireApproval).toBe(true);
    expect(result.submission.reportChannel).toBe('C0001');
  });

  test('task spec with modal origin', () => {
    const result = parse(validValues());
    if (!result.ok) throw new Error('expected a submission');
    const thread = existingReportThread(result.submission);
    expect(thread).toEqual({ threadTs: origin.threadTs, messageTs: origin.threadTs });
    const spec = toModalTaskSpec(result.submission, thread!);
    expect(TaskSpec.parse(spec)).toEqual(spec);
    expect(spec.origin).toEqual({
      source: 'modal',
      teamId: 'T0001',
      channel: 'C0001',
      messageTs: origin.threadTs,
      threadTs: origin.threadTs,
      userId: 'U0USER',
    });
  });

  test('other report channel needs a new thread', () => {
    const values = validValues();
    values[scopeBlockIds.reportChannel] = {
      [scopeActionIds.reportChannel]: state.conversation('C0OTHER'),
    };
    const result = parse(values);
    if (!result.ok) throw new Error('expected a submission');
    expect(existingReportThread(result.submission)).toBeUndefined();
  });

  test('empty task text', () => {
    const values = validValues();
    values[scopeBlockIds.task] = { [scopeActionIds.task]: state.text('  \n ') };
    expect(errorsOf(values)).toEqual({
      [scopeBlockIds.task]: 'Describe the task: what should change, and why.',
    });
  });

  test('no repository', () => {
    const values = validValues();
    values[scopeBlockIds.repositories] = { [scopeActionIds.repositories]: state.multi([]) };
    expect(errorsOf(values)).toEqual({
      [scopeBlockIds.repositories]: 'Choose at least one repository.',
    });
  });

  test('unknown repository', () => {
    const values = validValues();
    values[scopeBlockIds.repositories] = {
      [scopeActionIds.repositories]: state.multi(
        ['acme/api', 'acme/gone'],
        'multi_external_select',
      ),
    };
    const errors = errorsOf(values);
    expect(Object.keys(errors)).toEqual([scopeBlockIds.repositories]);
    expect(errors[scopeBlockIds.repositories]).toMatch(
      /^"acme\/gone" is not in Deckhand's catalog/,
    );
    expect(errors[scopeBlockIds.repositories]).toContain('acme/api (backend)');
  });

  test.each(['feature branch', '../main', 'main.lock', '-x', 'a..b', 'topic/.hidden'])(
    'invalid branch %s',
    (branch) => {
      const values = validValues();
      const blockId = repositoryBlockId('baseBranch', 'acme/web');
      values[blockId] = { [scopeActionIds.baseBranch]: state.text(branch) };
      const errors = errorsOf(values);
      expect(Object.keys(errors)).toEqual([blockId]);
      expect(errors[blockId]).toContain('is not a valid Git branch name');
    },
  );

  test('empty branch uses catalog', () => {
    const values = validValues();
    values[repositoryBlockId('baseBranch', 'acme/web')] = {
      [scopeActionIds.baseBranch]: state.text(null),
    };
    const result = parse(values);
    if (!result.ok) throw new Error('expected a submission');
    expect(result.submission.task.repositories[1]?.baseBranch).toBe('develop');
  });

  test('unknown agent', () => {
    const values = validValues();
    values[scopeBlockIds.agent] = { [scopeActionIds.agent]: state.select('copilot') };
    const errors = errorsOf(values);
    expect(errors[scopeBlockIds.agent]).toBe(
      '"copilot" is not a known agent. Choose one of: claude-code, codex, gemini, cursor.',
    );
  });

  test('invalid model', () => {
    const values = validValues();
    values[modelBlockId('codex')] = { [scopeActionIds.model]: state.text('gpt 5') };
    expect(Object.keys(errorsOf(values))).toEqual([modelBlockId('codex')]);
  });

  test('several errors, one per block', () => {
    const values = validValues();
    values[scopeBlockIds.task] = { [scopeActionIds.task]: state.text(null) };
    values[scopeBlockIds.repositories] = { [scopeActionIds.repositories]: state.multi([]) };
    values[scopeBlockIds.agent] = { [scopeActionIds.agent]: state.select(null) };
    const result = parse(values);
    if (result.ok) throw new Error('expected errors');
    expect(result.issues.map((issue) => issue.code)).toEqual([
      'empty_task',
      'no_repository',
      'unknown_agent',
    ]);
  });
});
