/** Matches the mrkdwn forms Slack turns into rich text elements: `<@U…>`, `<#C…|name>`, `<url|label>`. */
const tokenPattern =
  /<@([UW][A-Z0-9]+)>|<#(C[A-Z0-9]+)(?:\|[^>]*)?>|<(https?:\/\/[^|>]+)(?:\|([^>]*))?>/g;

function textElement(text: string): Record<string, unknown> {
  return { type: 'text', text };
}

/**
 * Builds the `rich_text` block Slack attaches to a message a person typed, mirroring its
 * mrkdwn text: user mentions become `user` elements, channel mentions `channel` elements and
 * links `link` elements, as in recorded `message` and `app_mention` events.
 */
export function richTextBlockFor(text: string, blockId = 'dh1'): Record<string, unknown> {
  const elements: Array<Record<string, unknown>> = [];
  let last = 0;
  for (const match of text.matchAll(tokenPattern)) {
    if (match.index > last) {
      elements.push(textElement(text.slice(last, match.index)));
    }
    const [, userId, channelId, url, label] = match;
    if (userId !== undefined) {
      elements.push({ type: 'user', user_id: userId });
    } else if (channelId !== undefined) {
      elements.push({ type: 'channel', channel_id: channelId });
    } else {
      elements.push({ type: 'link', url, ...(label === undefined ? {} : { text: label }) });
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) {
    elements.push(textElement(text.slice(last)));
  }
  return {
    type: 'rich_text',
    block_id: blockId,
    elements: [{ type: 'rich_text_section', elements }],
  };
}
