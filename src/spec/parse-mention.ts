import type { Catalog } from '../catalog/catalog';
import { RepositoryIndex } from '../catalog/resolve';
import { extractFilePaths } from './file-paths';
import {
  extractOptions,
  type OptionProblem,
  type OptionWord,
  optionValue,
} from './mention-options';
import { mentionErrors } from './mention-errors';
import type { MentionParseError } from './parse-errors';
import { findRepositoryReferences, type RepositoryReference } from './repository-references';
import {
  collapseRemovals,
  markUpSlackText,
  type MarkedText,
  pieceOf,
  restorePieces,
} from './slack-markup';
import { extractSections, extractTitle } from './task-structure';
import { agentNames, type SlackOrigin, TaskSpec } from './task-spec';

/** Input to `parseMention`. */
export interface ParseMentionOptions {
  /** The `text` field of the Slack `app_mention` event, with Slack's markup and escaping. */
  text: string;
  /** Deckhand's own user id; only mentions of this id are removed from the text. */
  botUserId: string;
  catalog: Catalog;
  origin: SlackOrigin;
  /** Display names by Slack user id, used to show other people's mentions as `@name`. */
  userNames?: ReadonlyMap<string, string>;
  /**
   * Slugs to use when the message names no repository, ahead of the channel's configured
   * defaults: a `repo:owner/name` line of the channel topic, or an answer to the picker.
   */
  contextRepositories?: readonly string[];
}

export type ParseMentionResult =
  { ok: true; spec: TaskSpec } | { ok: false; error: MentionParseError };

/** Words that may stand next to repository names without being a task. */
const connectorWords = new Set(['in', 'into', 'inside', 'within', 'across', 'the', 'and', '&']);

/**
 * Parses the text of a Slack @mention of Deckhand into a TaskSpec. Problems in the text are
 * returned as `{ ok: false, error }` and checked in this order: option values
 * (`unknown_agent`, `invalid_option`), an empty task, repositories missing from the catalog,
 * and no repository at all.
 *
 * @throws ZodError only if `origin` is invalid, which is a caller error.
 */
export function parseMention(options: ParseMentionOptions): ParseMentionResult {
  const index = new RepositoryIndex(options.catalog);
  const errors = mentionErrors({
    index,
    botName: options.userNames?.get(options.botUserId) ?? 'deckhand',
  });
  const marked = markUpSlackText(options.text, options);
  const extracted = extractOptions(marked);

  const problem = extracted.problems[0];
  if (problem !== undefined) {
    return { ok: false, error: describeOptionProblem(problem, errors) };
  }

  const prose: MarkedText = { text: extracted.text, pieces: marked.pieces };
  const references = [
    ...findRepositoryReferences(prose, index),
    ...repoOptionReferences(extracted.words, index),
  ].sort((first, second) => first.position - second.position);

  const cleaned = collapseRemovals(extracted.text).trim();
  if (isEmptyTask(cleaned, marked, references)) {
    return { ok: false, error: errors.emptyTask() };
  }

  const unknown = references.filter((reference) => reference.repository === undefined);
  if (unknown.length > 0) {
    return {
      ok: false,
      error: errors.unknownRepositories([...new Set(unknown.map((item) => item.name))]),
    };
  }

  const slugs = chooseRepositories(references, options);
  if (slugs.length === 0) {
    return { ok: false, error: errors.noRepository() };
  }

  return {
    ok: true,
    spec: buildSpec({ cleaned, marked, words: extracted.words, slugs, index, options }),
  };
}

/** Assembles and validates the spec once every check on the text has passed. */
function buildSpec(context: {
  cleaned: string;
  marked: MarkedText;
  words: readonly OptionWord[];
  slugs: readonly string[];
  index: RepositoryIndex;
  options: ParseMentionOptions;
}): TaskSpec {
  const { cleaned, marked, words, index, options } = context;
  const branch = optionValue(words, 'branch');
  const channelDefaults = options.catalog.channels[options.origin.channel];
  const instructions = restorePieces(cleaned, marked.pieces);
  const catalogSlugs = options.catalog.repositories.map((repository) => repository.slug);

  return TaskSpec.parse({
    title: extractTitle(instructions),
    instructions,
    sections: extractSections(cleaned, (line) => restorePieces(line, marked.pieces)),
    filePaths: extractFilePaths(
      restoreForPathScan(cleaned, marked),
      new Set(catalogSlugs.map((slug) => slug.toLowerCase())),
    ),
    repositories: context.slugs.map((slug) => ({
      slug,
      baseBranch: branch ?? index.findBySlug(slug)?.baseBranch ?? 'main',
    })),
    agent: optionValue(words, 'agent') ?? channelDefaults?.agent ?? agentNames[0],
    model: optionValue(words, 'model') ?? channelDefaults?.model,
    effort: optionValue(words, 'effort'),
    origin: options.origin,
  });
}

function repoOptionReferences(
  words: readonly OptionWord[],
  index: RepositoryIndex,
): RepositoryReference[] {
  return words
    .filter((word) => word.key === 'repo')
    .map((word) => ({
      name: word.value,
      repository: index.find(word.value),
      position: word.position,
    }));
}

/**
 * Chooses the task's repositories: those the text names, in order of first mention and without
 * repeats; otherwise the channel's defaults; otherwise the catalog's only repository.
 */
function chooseRepositories(
  references: readonly RepositoryReference[],
  options: ParseMentionOptions,
): string[] {
  const named = references.flatMap((reference) =>
    reference.repository ? [reference.repository.slug] : [],
  );
  if (named.length > 0) {
    return [...new Set(named)];
  }
  const channelSlugs =
    options.contextRepositories && options.contextRepositories.length > 0
      ? options.contextRepositories
      : (options.catalog.channels[options.origin.channel]?.repositories ?? []);
  const known = channelSlugs.flatMap((slug) => {
    const repository = options.catalog.repositories.find(
      (candidate) => candidate.slug.toLowerCase() === slug.toLowerCase(),
    );
    return repository ? [repository.slug] : [];
  });
  if (known.length > 0) {
    return [...new Set(known)];
  }
  const [only, ...others] = options.catalog.repositories;
  return only !== undefined && others.length === 0 ? [only.slug] : [];
}

/**
 * Reports a task as empty when nothing but removal marks, repository names and the words that
 * join them (`in`, `the`, `and`) is left, so `@deckhand in backend` is rejected as empty too.
 */
function isEmptyTask(
  cleaned: string,
  marked: MarkedText,
  references: readonly RepositoryReference[],
): boolean {
  const names = new Set(references.map((reference) => reference.name.toLowerCase()));
  const words = cleaned
    .split(/\s+/)
    .map((word) => word.replace(/^[("'*_]+|[)"'*_.,;:!?]+$/g, ''))
    .filter((word) => word !== '');
  return words.every((word) => {
    const piece = pieceOf(marked, word);
    const name = piece?.kind === 'link' ? piece.url : word;
    return connectorWords.has(name.toLowerCase()) || names.has(name.toLowerCase());
  });
}

function restoreForPathScan(cleaned: string, marked: MarkedText): string {
  return cleaned.replace(/\uE000(\d+)\uE001/g, (_match, position: string) => {
    const piece = marked.pieces[Number(position)];
    if (piece === undefined || piece.kind === 'code-block') {
      return ' ';
    }
    return ` ${piece.kind === 'inline-code' ? piece.content : piece.text} `;
  });
}

function describeOptionProblem(
  problem: OptionProblem,
  errors: ReturnType<typeof mentionErrors>,
): MentionParseError {
  return problem.kind === 'unknown_agent'
    ? errors.unknownAgent(problem.value)
    : errors.invalidOption(problem);
}
