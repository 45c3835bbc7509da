import { Catalog } from '../../../src/catalog/catalog';
import { parseMention } from '../../../src/spec/parse-mention';
import {
  botUserId,
  origin,
  singleRepositoryCatalog,
  twoRepositoryCatalog,
  userNames,
} from './fixtures';

function parse(text: string, catalog: Catalog = twoRepositoryCatalog) {
  return parseMention({ text, botUserId, catalog, origin, userNames });
}

function expectFailure(text: string, code: string) {
  const result = parse(text);
  if (result.ok) {
    throw new Error(`expected ${code}, got a spec titled "${result.spec.title}"`);
  }
  expect(result.error.code).toBe(code);
  expect(result.error.example).toBe(
    '@deckhand Fix the flaky login test in backend' + exampleSuffix(code, text),
  );
  return result.error;
}

/** Option failures show the example with a valid value for the option that failed. */
function exampleSuffix(code: string, text: string): string {
  if (code === 'unknown_agent') return ' agent:claude-code';
  if (code !== 'invalid_option') return '';
  return text.includes('branch:') ? ' branch:develop' : ' model:sonnet';
}

describe('parseMention failures', () => {
  test('empty after mention', () => {
    const error = expectFailure('<@U0BOT>  ', 'empty_task');
    expect(error.message).toContain('The task is missing');
  });

  test('empty after options', () => {
    expectFailure('<@U0BOT> model:sonnet branch:develop', 'empty_task');
  });

  test('only a repository named', () => {
    expectFailure('<@U0BOT> in backend and <https://github.com/acme/web|acme/web>', 'empty_task');
  });

  test('unknown slug with catalog owner', () => {
    const error = expectFailure('<@U0BOT> Fix the login test in acme/bakend', 'unknown_repository');
    expect(error.message).toBe(
      "The repository `acme/bakend` is not in Deckhand's catalog. Known repositories: `acme/api` (backend, api), `acme/web` (frontend). Name one of them by slug or alias, for example `@deckhand Fix the flaky login test in backend`.",
    );
  });

  test('unknown GitHub link', () => {
    const error = expectFailure(
      '<@U0BOT> Port the fix from <https://github.com/other/lib/pull/9|other/lib#9>',
      'unknown_repository',
    );
    expect(error.message).toContain('`https://github.com/other/lib/pull/9`');
  });

  test('unknown repo option', () => {
    const error = expectFailure('<@U0BOT> Fix it repo:nobody/nothing', 'unknown_repository');
    expect(error.message).toContain('`nobody/nothing`');
  });

  test('no repository named', () => {
    const error = expectFailure('<@U0BOT> Fix the login test', 'no_repository');
    expect(error.message).toContain('No repository was named');
    expect(error.message).toContain('`acme/api` (backend, api)');
  });

  test('unknown agent', () => {
    const error = expectFailure('<@U0BOT> Fix it in backend agent:devin', 'unknown_agent');
    expect(error.message).toBe(
      'The agent `devin` is not supported. Use one of: `agent:claude-code`, `agent:codex`, `agent:gemini`, `agent:cursor`, or leave the option out to use the default.',
    );
  });

  test('invalid branch option', () => {
    const error = expectFailure('<@U0BOT> Fix it in backend branch:feature..x', 'invalid_option');
    expect(error.message).toContain('`branch:` is not a valid Git branch name: `feature..x`');
  });

  test('empty branch from link', () => {
    // A Slack link token with no URL gives the option an empty value.
    const error = expectFailure('<@U0BOT> Fix it in backend branch:<|develop>', 'invalid_option');
    expect(error.message).toContain('`branch:` is not a valid Git branch name');
  });

  test('conflicting model options', () => {
    const error = expectFailure(
      '<@U0BOT> Fix it in backend model:sonnet model:opus',
      'invalid_option',
    );
    expect(error.message).toContain('is set more than once with different values (sonnet, opus)');
  });
});

describe('parseMention repository fallback', () => {
  test('single-repository catalog', () => {
    const result = parse('<@U0BOT> Fix the login test', singleRepositoryCatalog);
    expect(result).toEqual({
      ok: true,
      spec: {
        title: 'Fix the login test',
        instructions: 'Fix the login test',
        sections: [],
        filePaths: [],
        repositories: [{ slug: 'acme/solo', baseBranch: 'main' }],
        agent: 'claude-code',
        dependencies: [],
        requireApproval: false,
        origin,
      },
    });
  });

  test('single-repository catalog still rejects unknown', () => {
    const result = parse('<@U0BOT> Fix it in acme/other', singleRepositoryCatalog);
    expect(result.ok).toBe(false);
  });
});

describe('parseMention title', () => {
  test('long title cut on word boundary', () => {
    const words = Array.from({ length: 60 }, (_unused, index) => `word${index}`).join(' ');
    const result = parse(`<@U0BOT> ${words} in backend`);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.spec.title.length).toBeLessThanOrEqual(200);
    expect(words.startsWith(result.spec.title + ' ')).toBe(true);
    expect(result.spec.instructions).toBe(`${words} in backend`);
  });

  test('title skips blank lines and bold', () => {
    const result = parse('<@U0BOT>\n\n*Fix the login test* in backend\nmore');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.spec.title).toBe('*Fix the login test* in backend');
    expect(result.spec.instructions).toBe('*Fix the login test* in backend\nmore');
  });

  test('bold-only title line unwrapped', () => {
    const result = parse('<@U0BOT> *Fix the login test*\nin backend');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.spec.title).toBe('Fix the login test');
  });
});
