import { parseThreadCommand } from '../../../src/slack/thread-commands';
import { catalog } from './fixtures';

function parse(text: string) {
  return parseThreadCommand({
    text,
    botUserId: 'U0BOT',
    catalog,
    userNames: new Map([['U123', 'alice']]),
  });
}

describe('parseThreadCommand', () => {
  test.each([
    ['status', 'status'],
    ['<@U0BOT> status?', 'status'],
    ['Cancel', 'cancel'],
    ['<@U0BOT|deckhand> retry!', 'retry'],
    ['list', 'list'],
    ['settings.', 'settings'],
  ])('command %s', (text, kind) => {
    expect(parse(text)).toEqual({ kind });
  });

  test.each([
    ['retry with a smaller batch', 'retry with a smaller batch'],
    ['<@U0BOT> also update the docs', 'also update the docs'],
    ['Note: keep the old API', 'Note: keep the old API'],
    ['<@U123> can you check this?', '@alice can you check this?'],
  ])('follow-up %s', (text, instruction) => {
    expect(parse(text)).toEqual({ kind: 'follow_up', instruction });
  });

  test.each([
    ['backend: also update the docs', 'acme/api'],
    ['@frontend add a loading state', 'acme/web'],
    ['<@U0BOT> ACME/WEB: bump the version', 'acme/web'],
    ['@backend: rename the flag', 'acme/api'],
    ['<!subteam^S1|@backend> rename the flag', 'acme/api'],
  ])('targeted %s', (text, slug) => {
    const command = parse(text);
    if (command.kind !== 'follow_up') {
      throw new Error(`expected a follow-up, got ${command.kind}`);
    }
    expect(command.target?.slug).toBe(slug);
    expect(command.instruction).not.toMatch(/^@|:/);
  });

  test.each([
    ['@mobile add a screen', 'mobile'],
    ['acme/mobile: add a screen', 'acme/mobile'],
  ])('unknown target %s', (text, name) => {
    expect(parse(text)).toEqual({ kind: 'unknown_target', name, instruction: 'add a screen' });
  });

  test.each(['', '<@U0BOT>', '  <@U0BOT>  ', 'backend:'])('empty %p', (text) => {
    expect(parse(text)).toEqual({ kind: 'empty' });
  });

  test('code and links become plain text', () => {
    expect(parse('<@U0BOT> see <https://example.com|the spec> and run `npm test`')).toEqual({
      kind: 'follow_up',
      instruction: 'see the spec and run `npm test`',
    });
  });
});
