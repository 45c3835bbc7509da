import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractCommands, findRuleFile } from '../../../activities/rule-file';

describe('extractCommands', () => {
  test.each([
    ['- Test: `npm test`', { testCommand: 'npm test' }],
    ['**Tests:** `pnpm vitest run`', { testCommand: 'pnpm vitest run' }],
    [
      '* Install: `npm ci`\n* Run tests: `make check`',
      { setupCommand: 'npm ci', testCommand: 'make check' },
    ],
    ['Setup = `./bootstrap.sh`', { setupCommand: './bootstrap.sh' }],
    ['Always write tests: they matter.', {}],
    ['Test: npm test', {}],
  ])('reads %j', (content, expected) => {
    expect(extractCommands(content)).toEqual(expected);
  });

  test('keeps the first test command', () => {
    expect(extractCommands('Test: `a`\nTest: `b`').testCommand).toBe('a');
  });
});

describe('findRuleFile', () => {
  test('takes the first in precedence order', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rules-'));
    await writeFile(join(root, 'CLAUDE.md'), 'Test: `claude-test`');
    await writeFile(join(root, 'AGENTS.md'), 'Test: `agents-test`');
    await writeFile(join(root, '.cursorrules'), 'x');
    expect(await findRuleFile(root)).toEqual({ path: 'AGENTS.md', testCommand: 'agents-test' });
  });

  test('returns undefined without rule files', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rules-'));
    expect(await findRuleFile(root)).toBeUndefined();
  });
});
