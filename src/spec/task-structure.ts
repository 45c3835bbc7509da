import type { TaskSection } from './task-spec';

/** Maximum title length, matching the TaskSpec schema and GitHub's readable PR title length. */
export const maxTitleLength = 200;

/** Bullet characters that Slack and pasted tickets use, and numbered items like `1.` or `2)`. */
const bulletPattern = /^\s*(?:[•◦▪▫‣⁃●○■□\-*+–—]|\d{1,3}[.)])\s+(.*)$/;

/** Longest heading accepted; longer lines ending in a colon are sentences, not headings. */
const maxHeadingLength = 80;

/**
 * Returns the first non-empty line, trimmed, without emphasis around the whole line or a
 * leading bullet, and cut at `maxTitleLength` characters on a word boundary. Code fences are
 * removed, and a line holding only a fence is skipped.
 */
export function extractTitle(instructions: string): string {
  for (const line of instructions.split('\n')) {
    const bulletMatch = bulletPattern.exec(line);
    const withoutFences = (bulletMatch?.[1] ?? line).replace(/```/g, ' ').replace(/\s+/g, ' ');
    const text = unwrapEmphasis(withoutFences.trim());
    if (text !== '') {
      return cutOnWordBoundary(text, maxTitleLength);
    }
  }
  return '';
}

/**
 * Splits ticket-style text into sections. A heading is a line of at most 80 characters that
 * ends in a colon, possibly in bold (`*Requirements:*` or `*Requirements*:`), and is not a
 * bullet item. The lines up to the next heading belong to the section: bullet lines become
 * `items` without their bullet, and other non-empty lines are joined into `text`. Lines before
 * the first heading belong to no section.
 *
 * `restore` turns placeholders in a line back into code, so that callers can detect headings
 * and bullets on text where code blocks are still single placeholders.
 */
export function extractSections(text: string, restore: (line: string) => string): TaskSection[] {
  const sections: TaskSection[] = [];
  let current: { heading: string; items: string[]; textLines: string[] } | undefined;

  for (const line of text.split('\n')) {
    const heading = parseHeading(line);
    if (heading !== undefined) {
      if (current) sections.push(finishSection(current));
      current = { heading, items: [], textLines: [] };
      continue;
    }
    if (current === undefined || line.trim() === '') {
      continue;
    }
    const bulletMatch = bulletPattern.exec(line);
    if (bulletMatch) {
      current.items.push(restore((bulletMatch[1] ?? '').trim()));
    } else {
      current.textLines.push(restore(line.trim()));
    }
  }
  if (current) sections.push(finishSection(current));
  return sections;
}

function finishSection(section: {
  heading: string;
  items: string[];
  textLines: string[];
}): TaskSection {
  return { heading: section.heading, items: section.items, text: section.textLines.join('\n') };
}

function parseHeading(line: string): string | undefined {
  const trimmed = line.trim();
  if (bulletPattern.test(line) || trimmed.length > maxHeadingLength + 4) {
    return undefined;
  }
  // Accept `Heading:`, `*Heading:*`, `*Heading*:` and Markdown's `**Heading:**`.
  const match = /^([*_]{0,2})([^*_:\s][^:]*?)\1?:\1?$/.exec(trimmed) ?? undefined;
  const heading = match?.[2]?.replace(/[*_]+$/, '').trim();
  if (heading === undefined || heading === '' || heading.length > maxHeadingLength) {
    return undefined;
  }
  return /[\uE000\u0000]/.test(heading) ? undefined : heading;
}

function unwrapEmphasis(text: string): string {
  const match = /^([*_~]{1,2})(.+)\1$/.exec(text);
  return match?.[2]?.trim() ?? text;
}

function cutOnWordBoundary(text: string, maxLength: number): string {
  if (text.length <= maxLength) {
    return text;
  }
  const cut = text.slice(0, maxLength + 1);
  const boundary = cut.search(/\s\S*$/);
  // A single word longer than the limit has no boundary, so it is cut mid-word.
  return (boundary > 0 ? cut.slice(0, boundary) : text.slice(0, maxLength)).trimEnd();
}
