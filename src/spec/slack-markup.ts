/**
 * Converts the `text` of a Slack message into prose with placeholders. Code, mentions and
 * links become placeholders so that later steps (options, repository words, sections) never
 * parse inside them, and Deckhand's own mention becomes a removal mark.
 */

/** Marks a removed word; `collapseRemovals` deletes it with the spacing around it. */
export const removalMark = '\u0000';

const placeholderStart = '\uE000';
const placeholderEnd = '\uE001';
const placeholderPattern = /\uE000(\d+)\uE001/g;

/** A part of the message that later steps must not parse, stored out of line. */
export type MarkupPiece =
  | { kind: 'code-block'; text: string }
  | { kind: 'inline-code'; text: string; content: string }
  | { kind: 'mention'; text: string }
  | { kind: 'link'; text: string; url: string };

/** Prose with `\uE000<index>\uE001` placeholders, each standing for `pieces[index]`. */
export interface MarkedText {
  text: string;
  pieces: MarkupPiece[];
}

export interface MarkupContext {
  botUserId: string;
  userNames?: ReadonlyMap<string, string>;
}

/** Returns the placeholder that stands for `pieces[index]`. */
export function placeholder(index: number): string {
  return `${placeholderStart}${index}${placeholderEnd}`;
}

/** Returns the piece if `word` is exactly one placeholder. */
export function pieceOf(marked: MarkedText, word: string): MarkupPiece | undefined {
  const match = /^\uE000(\d+)\uE001$/.exec(word);
  return match ? marked.pieces[Number(match[1])] : undefined;
}

const entityCharacters: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&' };

/**
 * Replaces the entities that Slack writes for `<`, `>` and `&` in one pass, so `&amp;lt;`
 * becomes `&lt;`.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (entity, name: string) => {
    return entityCharacters[name] ?? entity;
  });
}

/**
 * Splits `raw` into code and prose, and replaces each `<...>` token in prose with a
 * placeholder (or a removal mark for Deckhand's own mention). Entities are decoded once,
 * after the tokens are taken out. Code keeps its backticks and is changed only by entity
 * decoding and by showing its `<...>` tokens as readable text, because Slack applies the same
 * escaping inside code.
 */
export function markUpSlackText(raw: string, context: MarkupContext): MarkedText {
  // NUL and the placeholder characters are reserved for marks; Slack text never contains them.
  const input = raw.replace(/[\u0000\uE000\uE001]/g, '');
  const marked: MarkedText = { text: '', pieces: [] };
  const codePattern = /```([\s\S]*?)```|`([^`\n]+)`/g;
  let cursor = 0;

  for (const match of input.matchAll(codePattern)) {
    marked.text += markUpProse(input.slice(cursor, match.index), context, marked.pieces);
    const code = decodeEntities(renderTokensInCode(match[0], context));
    if (match[1] !== undefined) {
      marked.pieces.push({ kind: 'code-block', text: code });
    } else {
      marked.pieces.push({ kind: 'inline-code', text: code, content: code.slice(1, -1) });
    }
    marked.text += placeholder(marked.pieces.length - 1);
    cursor = match.index + match[0].length;
  }
  marked.text += markUpProse(input.slice(cursor), context, marked.pieces);
  return marked;
}

/** Replaces every placeholder with the text of its piece. */
export function restorePieces(text: string, pieces: readonly MarkupPiece[]): string {
  return text.replace(placeholderPattern, (_match, index: string) => {
    return pieces[Number(index)]?.text ?? '';
  });
}

/**
 * Deletes removal marks with the spacing around them. A mark between two words leaves one
 * space; a mark at a line's start or end, or before punctuation, leaves nothing. Lines that
 * contained only marks are dropped, so an option on its own line leaves no blank line.
 */
export function collapseRemovals(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes(removalMark)) {
      lines.push(line);
      continue;
    }
    const collapsed = line.replace(
      /[ \t]*\u0000(?:[ \t]*\u0000)*[ \t]*/g,
      (match: string, offset: number) => {
        const atStart = line.slice(0, offset).trim() === '';
        const next = line.charAt(offset + match.length);
        return atStart || next === '' || /[,.;:!?)]/.test(next) ? '' : ' ';
      },
    );
    if (collapsed.trim() !== '') {
      lines.push(collapsed);
    }
  }
  return lines.join('\n');
}

function markUpProse(prose: string, context: MarkupContext, pieces: MarkupPiece[]): string {
  const withPlaceholders = prose.replace(/<([^<>]*)>/g, (_token, inner: string) => {
    const rendered = renderToken(inner, context);
    if (rendered.isOwnMention) {
      return removalMark;
    }
    pieces.push(rendered.piece);
    return placeholder(pieces.length - 1);
  });
  return decodeEntities(withPlaceholders);
}

function renderTokensInCode(code: string, context: MarkupContext): string {
  return code.replace(
    /<([^<>]*)>/g,
    (_token, inner: string) => renderToken(inner, context).piece.text,
  );
}

/**
 * Renders one Slack token body (the text between `<` and `>`): `@U1|name` user mentions,
 * `#C1|name` channels, `!here` and `!subteam^S1|@team` special mentions, and links.
 */
function renderToken(
  inner: string,
  context: MarkupContext,
): { piece: MarkupPiece; isOwnMention: boolean } {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : decodeEntities(inner.slice(bar + 1));
  const mention = (text: string): { piece: MarkupPiece; isOwnMention: boolean } => ({
    piece: { kind: 'mention', text },
    isOwnMention: false,
  });

  if (target.startsWith('@')) {
    const userId = target.slice(1);
    const name = context.userNames?.get(userId) ?? label ?? userId;
    return {
      piece: { kind: 'mention', text: `@${name}` },
      isOwnMention: userId === context.botUserId,
    };
  }
  if (target.startsWith('#')) {
    return mention(`#${label ?? target.slice(1)}`);
  }
  const broadcast = /^!(here|channel|everyone)$/.exec(target);
  if (broadcast) {
    return mention(`@${broadcast[1]}`);
  }
  if (target.startsWith('!')) {
    return mention(label ?? `@${target.slice(1).split('^').pop() ?? ''}`);
  }
  const url = decodeEntities(target);
  return { piece: { kind: 'link', text: label ?? url, url }, isOwnMention: false };
}
