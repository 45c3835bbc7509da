import {
  chooseModel,
  defaultModelRules,
  type ModelChoiceTask,
  type ModelRules,
} from '../../../src/spec/model-choice';
import { agentEfforts } from '../../../src/agents/effort';
import { extractTitle } from '../../../src/spec/task-structure';

function task(text: string, repositories = 1, filePaths: string[] = []): ModelChoiceTask {
  return {
    title: extractTitle(text),
    instructions: text,
    repositories: Array.from({ length: repositories }, (_unused, index) => `acme/r${index}`),
    filePaths,
  };
}

const longStackTrace = Array.from(
  { length: 40 },
  (_unused, index) => `    at handler${index} (src/server/routes.ts:${index + 10}:5)`,
).join('\n');

/** Task text, repository count, named file paths, expected tier and kind. */
const cases: Array<[string, number, string[], string, string]> = [
  ['Fix the typo in the signup page heading ("Sing up")', 1, [], 'fast', 'a typo fix'],
  ['Bump lodash to 4.17.21 in api, web and worker', 3, [], 'fast', 'a version bump'],
  [
    'Rename getUser to fetchUser everywhere it is called',
    2,
    ['src/users.ts', 'src/api.ts', 'src/cli.ts'],
    'fast',
    'a mechanical batch edit',
  ],
  [
    'Add the Apache license header to every file under src/',
    1,
    [],
    'fast',
    'a mechanical batch edit',
  ],
  ['Fix the flaky login test in backend', 1, [], 'fast', 'a small fix'],
  [
    `Fix the crash when the upload is empty. Stack trace:\n${longStackTrace}`,
    1,
    [],
    'balanced',
    'a bug fix',
  ],
  ['Migrate the billing service from Express to Fastify', 3, [], 'deep', 'a migration'],
  ['Port the auth module to TypeScript strict mode', 1, [], 'deep', 'a migration'],
  [
    'Refactor the order pipeline into separate validation and pricing stages',
    1,
    [],
    'deep',
    'a refactor',
  ],
  [
    'Redesign the job queue so that workers pull tasks instead of the scheduler pushing them',
    2,
    [],
    'deep',
    'architecture work',
  ],
  ['Add a /healthz endpoint that returns the build sha and uptime', 1, [], 'balanced', 'a feature'],
  [
    'Add rate limiting to the login endpoint.\nKeep the handler as it is and do not refactor it.',
    1,
    [],
    'balanced',
    'a feature',
  ],
  ['Implement SSO login with Okta in api, web and admin', 3, [], 'deep', 'a large task'],
  [
    'Update the retry logic as described',
    1,
    Array.from({ length: 12 }, (_unused, index) => `src/jobs/job${index}.ts`),
    'deep',
    'a large task',
  ],
  ['Make the settings page look like the new mockup', 1, [], 'balanced', 'a general change'],
  ['Add a migration to add an index on users.email', 1, [], 'balanced', 'a feature'],
];

describe('chooseModel default rules', () => {
  // Each case is named by its first line, because some texts span many lines.
  const named = cases.map((testCase) => [extractTitle(testCase[0]), ...testCase] as const);
  test.each(named)('%s', (_title, text, repositories, filePaths, tier, kind) => {
    const choice = chooseModel({ task: task(text, repositories, filePaths) });
    expect(choice.kind).toBe(kind);
    expect(choice.tier).toBe(tier);
    expect(choice.agent).toBe('claude-code');
    expect(choice.model).toBe({ deep: 'opus', balanced: 'sonnet', fast: 'haiku' }[tier]);
  });
});

describe('chooseModel reason', () => {
  test('migration across repositories', () => {
    const choice = chooseModel({
      task: task('Migrate the billing service from Express to Fastify', 3),
    });
    expect(choice.reason).toBe(
      'Chose claude-code with opus because the task is a migration across 3 repositories.',
    );
  });

  test('codex with effort and files', () => {
    const choice = chooseModel({
      task: task('Fix the off-by-one in pagination', 1, ['src/page.ts', 'src/page.test.ts']),
      agent: 'codex',
    });
    expect(choice).toEqual({
      agent: 'codex',
      model: 'gpt-6-luna',
      effort: 'low',
      tier: 'fast',
      kind: 'a small fix',
      reason:
        'Chose codex with gpt-6-luna at low effort because the task is a small fix naming 2 files.',
    });
  });

  test('agent without models', () => {
    const choice = chooseModel({ task: task('Add dark mode'), agent: 'cursor' });
    expect(choice.model).toBeUndefined();
    expect(choice.effort).toBeUndefined();
    expect(choice.reason).toBe(
      'Chose cursor with its default model because the task is a feature.',
    );
  });
});

describe('chooseModel custom table', () => {
  const rules: ModelRules = {
    defaultAgent: 'codex',
    rules: [{ kind: 'a schema change', keywords: ['schema'], tier: 'deep' }],
    fallback: { kind: 'other work', tier: 'fast' },
    models: { codex: defaultModelRules.models.codex! },
  };

  test('custom rule matches', () => {
    const choice = chooseModel({ task: task('Change the schema of orders'), rules });
    expect(choice.agent).toBe('codex');
    expect(choice.model).toBe('gpt-6.2-astra');
    expect(choice.kind).toBe('a schema change');
  });

  test('custom fallback', () => {
    const choice = chooseModel({ task: task('Refactor everything'), rules });
    expect(choice.kind).toBe('other work');
    expect(choice.tier).toBe('fast');
  });

  test('keywords match whole words', () => {
    const choice = chooseModel({ task: task('Update the schemas folder'), rules });
    expect(choice.kind).toBe('other work');
  });
});

describe('defaultModelRules', () => {
  test('every table effort is valid', () => {
    for (const [agent, tiers] of Object.entries(defaultModelRules.models)) {
      for (const tierModel of Object.values(tiers ?? {})) {
        if (tierModel.effort === undefined) continue;
        expect(agentEfforts[agent as keyof typeof agentEfforts]).toContain(tierModel.effort);
      }
    }
  });
});
