import {
  collapseRemovals,
  decodeEntities,
  markUpSlackText,
  restorePieces,
} from '../../../src/spec/slack-markup';

const context = { botUserId: 'U0BOT', userNames: new Map([['U1', 'alice']]) };

function render(raw: string): string {
  const marked = markUpSlackText(raw, context);
  return restorePieces(collapseRemovals(marked.text), marked.pieces);
}

describe('slack markup', () => {
  test.each([
    ['<@U0BOT> hi', 'hi'],
    ['hi <@U0BOT|deckhand>, there', 'hi, there'],
    ['<@U1> <@U2|bob> <@U3>', '@alice @bob @U3'],
    ['<#C1|general> <#C2>', '#general #C2'],
    ['<!here> <!channel> <!everyone|everyone>', '@here @channel @everyone'],
    ['<!subteam^S1|@team> <!subteam^S2>', '@team @S2'],
    ['<!date^1392734382^{date_num}|2014-02-18>', '2014-02-18'],
    ['<mailto:a@b.co|a@b.co> <https://x.io|x &amp; y>', 'a@b.co x & y'],
    ['a\n<@U0BOT>\nb', 'a\nb'],
    ['`<@U0BOT> &lt;x&gt;` ```<https://x.io|x>```', '`@U0BOT <x>` ```x```'],
  ])('%s', (raw, expected) => {
    expect(render(raw)).toBe(expected);
  });

  test('decodeEntities single pass', () => {
    expect(decodeEntities('&amp;lt; &amp;amp; &lt;&gt;')).toBe('&lt; &amp; <>');
  });
});
