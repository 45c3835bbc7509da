import type { CatalogRepository } from '../catalog/catalog';
import { parseGitHubRepositoryUrl } from '../catalog/github-url';
import type { RepositoryIndex } from '../catalog/resolve';
import { RepositorySlug } from './task-spec';
import { type MarkedText, pieceOf } from './slack-markup';

/** A place in the text that names a repository; `repository` is unset if the catalog lacks it. */
export interface RepositoryReference {
  /** The name as written: a slug, an alias or a URL. */
  name: string;
  repository: CatalogRepository | undefined;
  /** Offset in the marked text, used to keep the order of first mention. */
  position: number;
}

/**
 * Prepositions after which an alias names a repository: `in backend`, `into the web`. Other
 * prepositions such as `for` and `on` are left out because `tests for backend handlers` and
 * `a check on api calls` use the alias words as ordinary English.
 */
const triggerWords = new Set(['in', 'into', 'inside', 'within', 'across']);
const repositoryNouns = new Set(['repo', 'repos', 'repository', 'repositories']);
const listJoiners = new Set(['and', '&', '+']);

interface Word {
  core: string;
  lower: string;
  position: number;
  /** True if the written word ended with a comma, which continues a list of repositories. */
  endsWithComma: boolean;
}

/**
 * Finds the repositories that prose names, in order of position:
 * - a link whose URL is a GitHub repository or a page below one;
 * - an `owner/name` word that is a catalog slug, or whose owner owns a catalog repository
 *   (so a mistyped `acme/bakend` is reported), or that is followed by `repo`/`repository`;
 * - a catalog alias, but only in a repository position: after `in`, `into`, `inside`,
 *   `within` or `across` (optionally followed by `the`), or before `repo`/`repository`.
 *   Aliases joined by `,`, `and`, `&` or `+` share the position of the list, so
 *   `in backend and frontend` names both, while `add a backend check` names none.
 * Code, mentions and option words are not read, because the marked text contains them as
 * placeholders or removal marks.
 */
export function findRepositoryReferences(
  marked: MarkedText,
  index: RepositoryIndex,
): RepositoryReference[] {
  const references = findLinkReferences(marked, index);
  const words = splitWords(marked.text);
  for (const run of findCandidateRuns(words, index)) {
    const before = words[run.start - 1];
    const beforeThat = words[run.start - 2];
    const after = words[run.end + 1];
    const afterTrigger =
      (before !== undefined && triggerWords.has(before.lower)) ||
      (before?.lower === 'the' && beforeThat !== undefined && triggerWords.has(beforeThat.lower));
    const beforeNoun = after !== undefined && repositoryNouns.has(after.lower);

    for (const word of words.slice(run.start, run.end + 1)) {
      const reference = classifyWord(word, index, afterTrigger || beforeNoun, beforeNoun);
      if (reference !== undefined) {
        references.push(reference);
      }
    }
  }
  return references.sort((first, second) => first.position - second.position);
}

function findLinkReferences(marked: MarkedText, index: RepositoryIndex): RepositoryReference[] {
  const references: RepositoryReference[] = [];
  for (const match of marked.text.matchAll(/\uE000\d+\uE001/g)) {
    const piece = pieceOf(marked, match[0]);
    if (piece?.kind === 'link' && parseGitHubRepositoryUrl(piece.url) !== undefined) {
      references.push({
        name: piece.url,
        repository: index.findByUrl(piece.url),
        position: match.index,
      });
    }
  }
  return references;
}

function classifyWord(
  word: Word,
  index: RepositoryIndex,
  inRepositoryPosition: boolean,
  beforeNoun: boolean,
): RepositoryReference | undefined {
  if (isSlugWord(word.core)) {
    const repository = index.findBySlug(word.core);
    const owner = word.core.split('/')[0] ?? '';
    if (repository !== undefined || index.hasOwner(owner) || beforeNoun) {
      return { name: word.core, repository, position: word.position };
    }
    return undefined;
  }
  const repository = index.findByAlias(word.core);
  if (repository !== undefined && inRepositoryPosition) {
    return { name: word.core, repository, position: word.position };
  }
  return undefined;
}

/** Finds runs of alias or slug words joined by commas or `and`, as word index ranges. */
function findCandidateRuns(
  words: readonly Word[],
  index: RepositoryIndex,
): { start: number; end: number }[] {
  const isCandidate = (word: Word | undefined): boolean =>
    word !== undefined && (isSlugWord(word.core) || index.findByAlias(word.core) !== undefined);
  const runs: { start: number; end: number }[] = [];
  let position = 0;

  while (position < words.length) {
    if (!isCandidate(words[position])) {
      position += 1;
      continue;
    }
    const start = position;
    for (;;) {
      const current = words[position];
      const next = words[position + 1];
      if (current?.endsWithComma && isCandidate(next)) {
        position += 1;
      } else if (next && listJoiners.has(next.lower) && isCandidate(words[position + 2])) {
        position += 2;
      } else {
        break;
      }
    }
    runs.push({ start, end: position });
    position += 1;
  }
  return runs;
}

/** Splits prose into words, stripping quotes, brackets, emphasis and sentence punctuation. */
function splitWords(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(/[^\s\u0000]+/g)) {
    const leading = /^[("'*_[]*/.exec(match[0])?.[0].length ?? 0;
    const trailingMatch = /[)"'*_\].,;:!?]*$/.exec(match[0].slice(leading));
    const trailing = trailingMatch?.[0] ?? '';
    const core = match[0].slice(leading, match[0].length - trailing.length);
    if (core === '') {
      continue;
    }
    words.push({
      core,
      lower: core.toLowerCase(),
      position: match.index + leading,
      endsWithComma: trailing.includes(','),
    });
  }
  return words;
}

function isSlugWord(word: string): boolean {
  return !word.includes('\uE000') && RepositorySlug.safeParse(word).success;
}
