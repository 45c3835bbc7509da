import type { AgentResult, Workspace } from '../../../activities/types';
import type { TaskSpec } from '../../../src/spec/task-spec';
import {
  describeAgent,
  describeWorkspace,
  renderStatus,
  renderSummary,
} from '../../../workflows/messages';
import type { RepositoryResult } from '../../../workflows/types';

const spec: TaskSpec = {
  title: 'Rename the greet helper',
  instructions: 'Rename the greet helper',
  sections: [],
  filePaths: [],
  repositories: [{ slug: 'acme/backend', baseBranch: 'main' }],
  agent: 'claude-code',
  model: 'haiku',
  modelChoiceReason: 'Chose claude-code with haiku because the task is a mechanical batch edit.',
  dependencies: [],
  requireApproval: false,
  origin: {
    source: 'mention',
    teamId: 'T1',
    channel: 'C1',
    messageTs: '1.1',
    threadTs: '1.1',
    userId: 'U1',
  },
};

const changed: AgentResult = {
  outcome: 'changed',
  summary: 'Renamed it.',
  changedFiles: ['src/greet.js'],
  transcriptPath: '/tmp/agent-1.jsonl',
  costUsd: 0.2134,
  inputTokens: 63_000,
  outputTokens: 1_200,
};

describe('describeAgent', () => {
  test('shows cost and tokens of a run', () => {
    const text = describeAgent('acme/backend', 1, changed);
    expect(text).toContain('$0.21 · 63k in / 1.2k out');
  });

  test('marks a run without cost', () => {
    const text = describeAgent('acme/backend', 2, { ...changed, costUsd: undefined });
    expect(text).toContain('cost unknown · 63k in / 1.2k out');
  });

  test('shows usage of a failed run', () => {
    const text = describeAgent('acme/backend', 1, {
      ...changed,
      outcome: 'error',
      reason: 'the agent reported an error',
    });
    expect(text).toMatch(/failed: the agent reported an error \(\$0\.21 · 63k in \/ 1\.2k out\)$/);
  });
});

describe('renderSummary', () => {
  const results: RepositoryResult[] = [
    {
      repository: 'acme/api',
      outcome: 'pull_request',
      attempts: 1,
      pullRequest: { number: 4, url: 'http://127.0.0.1/pr/4', reused: false },
      costUsd: 0.5,
    },
    {
      repository: 'acme/web',
      outcome: 'failed',
      attempts: 2,
      reason: 'Budget reached',
      costUsd: 1.25,
    },
    { repository: 'acme/docs', outcome: 'skipped', attempts: 0, reason: 'It depends on acme/web.' },
  ];

  test('shows cost per repository', () => {
    const lines = renderSummary(results).split('\n');
    expect(lines[0]).toMatch(/acme\/api.*\(cost \$0\.50\)$/);
    expect(lines[1]).toMatch(/acme\/web.*\(cost \$1\.25\)$/);
  });

  test('leaves cost off skipped repositories', () => {
    const lines = renderSummary(results).split('\n');
    expect(lines[2]).not.toContain('cost');
  });

  test('ends with the task total', () => {
    const lines = renderSummary(results).split('\n');
    expect(lines.at(-1)).toBe('Total cost: $1.75');
  });

  test('shows tokens when runs were counted', () => {
    const usage = {
      costUsd: 0.5,
      inputTokens: 63_000,
      outputTokens: 1200,
      runs: 2,
      runsWithoutCost: 0,
    };
    const lines = renderSummary([{ ...results[0]!, usage }]).split('\n');
    expect(lines[0]).toMatch(/\(\$0\.50 · 63k in \/ 1\.2k out\)$/);
    expect(lines.at(-1)).toBe('Total: $0.50 · 63k in / 1.2k out');
  });

  test('shows costs below a cent', () => {
    const tiny = renderSummary([{ ...results[0]!, costUsd: 0.0003 }]);
    expect(tiny).toContain('(cost <$0.01)');
    expect(tiny).toContain('Total cost: <$0.01');
  });
});

describe('status message', () => {
  test('shows why the model was chosen', () => {
    const { text } = renderStatus({ spec, progress: [] });
    expect(text).toContain(`_${spec.modelChoiceReason}_`);
  });

  test('shows model and effort', () => {
    const { text } = renderStatus({
      spec: { ...spec, agent: 'codex', model: 'gpt-6.2-sol', effort: 'medium' },
      progress: [],
    });
    expect(text).toContain('Agent: codex (gpt-6.2-sol, medium effort)');
  });

  test('leaves the reason out for a named model', () => {
    const { text } = renderStatus({
      spec: { ...spec, modelChoiceReason: undefined },
      progress: [],
    });
    expect(text).not.toContain('Chose');
  });
});

describe('describeWorkspace', () => {
  const workspace: Workspace = {
    path: '/tmp/ws',
    branch: 'deckhand/t1-backend',
    baseSha: 'abc',
    ruleFile: { path: 'AGENTS.md' },
  };

  test('names the organisation rule file', () => {
    const text = describeWorkspace('acme/backend', { ...workspace, orgRuleFile: '/etc/org.md' });
    expect(text).toContain('rule file `AGENTS.md` plus the organisation rule file `/etc/org.md`');
  });

  test('omits an unset organisation rule file', () => {
    expect(describeWorkspace('acme/backend', workspace)).not.toContain('organisation');
  });
});
