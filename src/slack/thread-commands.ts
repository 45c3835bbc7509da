import type { Catalog, CatalogRepository } from '../catalog/catalog';
import { RepositoryIndex } from '../catalog/resolve';
import { collapseRemovals, markUpSlackText, restorePieces } from '../spec/slack-markup';

/** Words that make a whole reply a command instead of a follow-up instruction. */
export const threadCommandWords = ['status', 'cancel', 'retry', 'list', 'settings'] as const;
export type ThreadCommandWord = (typeof threadCommandWords)[number];

/** Command that a reply in a task thread, or a mention of Deckhand, requests. */
export type ThreadCommand =
  | { kind: ThreadCommandWord }
  | {
      kind: 'follow_up';
      /** The instruction as plain text, without the target prefix. */
      instruction: string;
      /** The repository the instruction is addressed to; every task repository when unset. */
      target?: CatalogRepository;
    }
  /** `@name` or `owner/name:` addressed a repository that the catalog does not contain. */
  | { kind: 'unknown_target'; name: string; instruction: string }
  /** Nothing but Deckhand's mention and whitespace. */
  | { kind: 'empty' };

/** Input to {@link parseThreadCommand}. */
export interface ParseThreadCommandOptions {
  /** Message `text` with Slack's markup, as in `message` and `app_mention` events. */
  text: string;
  /** Deckhand's own user id; its mentions are removed anywhere in the text. */
  botUserId: string;
  catalog: Catalog;
  /** Display names by user id, so other people's mentions read `@name`. */
  userNames?: ReadonlyMap<string, string>;
}

/**
 * Parses a thread reply or mention into a command. The rules, applied to the text after
 * Deckhand's mentions are removed and Slack markup is turned into plain text:
 *
 * 1. A reply that is exactly one command word (`status`, `cancel`, `retry`, `list`,
 *    `settings`), in any case and optionally followed by `?`, `!` or `.`, is that command.
 *    A command word followed by other words is a follow-up, so `retry with a smaller batch`
 *    is an instruction.
 * 2. Otherwise the reply is a follow-up instruction. It targets one repository when it starts
 *    with `@name` or `name:` and `name` is a catalog slug or alias (any case), as in
 *    `backend: also update the docs` or `@acme/api add a test`. The prefix is removed from the
 *    instruction.
 * 3. A leading `@name` or `owner/name:` that matches no catalog repository returns `unknown_target`, because the sender clearly addressed a repository. A
 *    leading `word:` that is no repository, as in `Note: keep the old API`, is ordinary prose,
 *    and so is a leading mention of a person.
 * 4. A repository prefix with no instruction after it is `empty`.
 */
export function parseThreadCommand(options: ParseThreadCommandOptions): ThreadCommand {
  const marked = markUpSlackText(options.text, options);
  const collapsed = collapseRemovals(marked.text).trim();
  const text = restorePieces(collapsed, marked.pieces).trim();
  if (text === '') {
    return { kind: 'empty' };
  }
  const word = /^([A-Za-z]+)[?!.]?$/.exec(text)?.[1]?.toLowerCase();
  const command = threadCommandWords.find((candidate) => candidate === word);
  if (command !== undefined) {
    return { kind: command };
  }
  // A leading Slack token (a person's mention, a link) may read `@name` but names no repository.
  const startsWithToken = collapsed.startsWith('\uE000');
  return parseFollowUp(text, new RepositoryIndex(options.catalog), !startsWithToken);
}

function parseFollowUp(
  text: string,
  index: RepositoryIndex,
  mayBeUnknownTarget: boolean,
): ThreadCommand {
  const prefix = /^(?:@([A-Za-z0-9_.\/-]+)[:,]?|([A-Za-z0-9_.\/-]+):)(?:\s+|$)/.exec(text);
  if (prefix === null) {
    return { kind: 'follow_up', instruction: text };
  }
  const name = (prefix[1] ?? prefix[2] ?? '').replace(/[.]+$/, '');
  const instruction = text.slice(prefix[0].length).trim();
  const repository = index.findBySlug(name) ?? index.findByAlias(name);
  if (repository !== undefined) {
    return instruction === ''
      ? { kind: 'empty' }
      : { kind: 'follow_up', instruction, target: repository };
  }
  const addressed = prefix[1] !== undefined || name.includes('/');
  return addressed && mayBeUnknownTarget
    ? { kind: 'unknown_target', name, instruction }
    : { kind: 'follow_up', instruction: text };
}
