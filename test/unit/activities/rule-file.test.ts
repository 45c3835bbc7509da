import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  extractCommands,
  extractConstraints,
  findRuleFile,
  RuleFileError,
  ruleFileNames,
} from '../../../activities/rule-file';

async function repository(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'rules-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), content);
  }
  return root;
}

describe('extractCommands', () => {
  test.each([
    ['- Test: `npm test`', { testCommand: 'npm test' }],
    ['**Tests:** `pnpm vitest run`', { testCommand: 'pnpm vitest run' }],
    [
      '* Install: `npm ci`\n* Run tests: `make check`',
      { setupCommand: 'npm ci', testCommand: 'make check' },
    ],
    ['Setup = `./bootstrap.sh`', { setupCommand: './bootstrap.sh' }],
    ['- Migrate: `npm run db:migrate`', { migrationCommand: 'npm run db:migrate' }],
    [
      '**Database migrations:** `alembic upgrade head`',
      { migrationCommand: 'alembic upgrade head' },
    ],
    ['Run migrations = `rails db:migrate`', { migrationCommand: 'rails db:migrate' }],
    ['Always write tests: they matter.', {}],
    ['Test: npm test', {}],
    ['Migrations: run them before the tests.', {}],
  ])('reads %j', (content, expected) => {
    expect(extractCommands(content)).toEqual(expected);
  });

  test('keeps the first test command', () => {
    expect(extractCommands('Test: `a`\nTest: `b`').testCommand).toBe('a');
  });

  test('keeps the first migration command', () => {
    expect(extractCommands('Migrate: `a`\nMigration: `b`').migrationCommand).toBe('a');
  });
});

describe('extractConstraints', () => {
  test.each([
    ['IMPORTANT: Never edit files under generated/.', 'Never edit files under generated/.'],
    ['**IMPORTANT:** Do not change the public API.', 'Do not change the public API.'],
    ['**Important**: Keep Node 20 support.', 'Keep Node 20 support.'],
    ['- important: run `make lint` before finishing', 'run `make lint` before finishing'],
    ['* WARNING - the payments module has no tests', 'the payments module has no tests'],
    ['Warning: secrets live in .env, never print it', 'secrets live in .env, never print it'],
    ['_Warning_ migrations are irreversible', 'migrations are irreversible'],
    ['IMPORTANT never push to main', 'never push to main'],
    ['> **Warning:** Do not bump React.', 'Do not bump React.'],
    ['WARNINGS: none of the scripts are idempotent', 'none of the scripts are idempotent'],
  ])('reads %j', (line, expected) => {
    expect(extractConstraints(line)).toEqual([expected]);
  });

  test.each([
    'Important files live in src/.',
    'It is important to keep tests fast.',
    'Warning-free builds are expected.',
    'Use the warning() helper for deprecations.',
    'Importantly, the API is versioned.',
  ])('ignores %j', (line) => {
    expect(extractConstraints(line)).toEqual([]);
  });

  test('GitHub alert block', () => {
    const content = '> [!IMPORTANT]\n> Run the tests in Docker.\n> Never use sudo.\n\nOther text.';
    expect(extractConstraints(content)).toEqual(['Run the tests in Docker.', 'Never use sudo.']);
  });

  test('marker alone on its line', () => {
    const content = '**IMPORTANT:**\nDo not edit CHANGELOG.md by hand.\n\nPlain advice.';
    expect(extractConstraints(content)).toEqual(['Do not edit CHANGELOG.md by hand.']);
  });

  test('section under Important heading', () => {
    const content = [
      '# Guide',
      'Use tabs.',
      '## Important',
      '- Never commit secrets.',
      '',
      '- Keep the API backwards compatible.',
      '## Style',
      '- Prefer small functions.',
    ].join('\n');
    expect(extractConstraints(content)).toEqual([
      'Never commit secrets.',
      'Keep the API backwards compatible.',
    ]);
  });

  test('skips code fences', () => {
    const content = '```\nWARNING: deprecated call\n```\nIMPORTANT: real one';
    expect(extractConstraints(content)).toEqual(['real one']);
  });

  test('keeps file order without repeats', () => {
    const content = 'IMPORTANT: b\nWARNING: a\nIMPORTANT: b';
    expect(extractConstraints(content)).toEqual(['b', 'a']);
  });
});

describe('findRuleFile', () => {
  test('takes the first in precedence order', async () => {
    const root = await repository({
      'CLAUDE.md': 'Test: `claude-test`',
      'AGENTS.md': 'Test: `agents-test`\nIMPORTANT: stay in src/',
      '.cursorrules': 'x',
    });
    expect(await findRuleFile(root)).toEqual({
      path: 'AGENTS.md',
      testCommand: 'agents-test',
      constraints: ['stay in src/'],
    });
  });

  // Each neighbour pair: with both present the earlier name wins, alone the later one is found.
  const pairs = ruleFileNames.slice(1).map((later, index) => [ruleFileNames[index]!, later]);
  test.each(pairs)('%s before %s', async (earlier, later) => {
    const both = await repository({ [earlier]: 'Test: `earlier`', [later]: 'Test: `later`' });
    const found = await findRuleFile(both);
    expect(found?.path).toBe(earlier);
    expect(found?.testCommand).toBe('earlier');

    const alone = await repository({ [later]: 'Test: `later`' });
    expect((await findRuleFile(alone))?.path).toBe(later);
  });

  test('nine names in order', () => {
    expect(ruleFileNames).toEqual([
      'tembo.md',
      'AGENTS.md',
      'CLAUDE.md',
      '.cursorrules',
      '.windsurfrules',
      '.clinerules',
      '.rules',
      'AGENT.md',
      '.github/copilot-instructions.md',
    ]);
  });

  test('skips a directory named like a rule file', async () => {
    const root = await repository({ '.clinerules/readme.md': 'x', 'AGENT.md': 'Test: `t`' });
    expect((await findRuleFile(root))?.path).toBe('AGENT.md');
  });

  test('returns undefined without rule files', async () => {
    const root = await repository({});
    expect(await findRuleFile(root)).toBeUndefined();
  });

  test('no constraints is an empty list', async () => {
    const root = await repository({ 'AGENTS.md': 'Be nice.' });
    expect(await findRuleFile(root)).toEqual({ path: 'AGENTS.md', constraints: [] });
  });

  test('link inside repository is read', async () => {
    const root = await repository({ 'docs/rules.md': 'Test: `linked`' });
    await symlink(join(root, 'docs/rules.md'), join(root, 'AGENTS.md'));
    expect((await findRuleFile(root))?.testCommand).toBe('linked');
  });

  test('link outside repository rejected', async () => {
    const outside = await repository({ 'secret.txt': 'TOKEN=abc' });
    const root = await repository({});
    await symlink(join(outside, 'secret.txt'), join(root, 'AGENTS.md'));
    await expect(findRuleFile(root)).rejects.toThrow(RuleFileError);
    await expect(findRuleFile(root)).rejects.toMatchObject({ code: 'invalid_rule_file' });
  });

  test('dangling link skipped', async () => {
    const root = await repository({ 'CLAUDE.md': 'Test: `c`' });
    await symlink(join(root, 'missing.md'), join(root, 'AGENTS.md'));
    expect((await findRuleFile(root))?.path).toBe('CLAUDE.md');
  });
});
