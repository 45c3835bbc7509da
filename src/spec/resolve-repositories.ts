import type { Catalog, CatalogRepository } from '../catalog/catalog';
import { RepositoryIndex } from '../catalog/resolve';

/** Where a task's repository came from, in the order {@link resolveRepositories} tries them. */
export const repositorySources = [
  'message',
  'thread_task',
  'channel_topic',
  'channel_defaults',
  'only_repository',
] as const;
export type RepositorySource = (typeof repositorySources)[number];

/** A repository chosen for a task, with the source that named it. */
export interface ResolvedRepository {
  repository: CatalogRepository;
  source: RepositorySource;
}

export type RepositoryResolution =
  | { kind: 'resolved'; repositories: ResolvedRepository[] }
  /** The message named repositories that the catalog lacks; nothing else is tried. */
  | { kind: 'unknown'; names: string[] }
  /** No source named a repository; ask the requester with a picker. */
  | { kind: 'ask' };

/** Input to {@link resolveRepositories}. */
export interface ResolveRepositoriesOptions {
  catalog: Catalog;
  /** Channel the task was asked in; selects the catalog's channel defaults. */
  channel: string;
  /** Repository names the message itself contains: slugs, aliases or GitHub URLs. */
  named?: readonly string[];
  /** Slugs of the task already running in the thread, for replies in a task thread. */
  threadTaskSlugs?: readonly string[];
  /** The channel's topic text, from `conversations.info`. */
  channelTopic?: string;
}

/**
 * Chooses a task's repositories from the first source that names any, in this order:
 *
 * 1. repositories named in the message (an unknown name returns `unknown`);
 * 2. the repositories of the task running in the thread;
 * 3. `repo:owner/name` entries in the channel topic, such as `repo:acme/api repo:backend`;
 * 4. the channel's default repositories in the catalog;
 * 5. the catalog's only repository, when it has exactly one;
 * 6. otherwise `ask`, so the caller posts {@link buildRepositoryPicker}'s message.
 *
 * Names are matched by slug, alias or URL without regard to case, and repeats are dropped.
 * Topic and thread entries that the catalog lacks are skipped, because the catalog may have
 * changed since they were written.
 */
export function resolveRepositories(options: ResolveRepositoriesOptions): RepositoryResolution {
  const index = new RepositoryIndex(options.catalog);
  const named = options.named ?? [];
  if (named.length > 0) {
    const unknown = named.filter((name) => index.find(name) === undefined);
    if (unknown.length > 0) {
      return { kind: 'unknown', names: [...new Set(unknown)] };
    }
    return resolved(named, 'message', index);
  }
  const candidates: [RepositorySource, readonly string[]][] = [
    ['thread_task', options.threadTaskSlugs ?? []],
    ['channel_topic', topicRepositoryNames(options.channelTopic ?? '')],
    ['channel_defaults', options.catalog.channels[options.channel]?.repositories ?? []],
    ['only_repository', onlyRepository(options.catalog)],
  ];
  for (const [source, names] of candidates) {
    const result = resolved(names, source, index);
    if (result.repositories.length > 0) {
      return result;
    }
  }
  return { kind: 'ask' };
}

/**
 * Finds the `repo:` entries of a channel topic, in order. An entry is `repo:` followed by a
 * slug or alias, with optional spaces after the colon, anywhere in the topic.
 */
export function topicRepositoryNames(topic: string): string[] {
  const names: string[] = [];
  for (const match of topic.matchAll(
    /(?:^|[\s,;|(])repo:\s*([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)?)/gi,
  )) {
    const name = (match[1] ?? '').replace(/\.+$/, '');
    if (name !== '') {
      names.push(name);
    }
  }
  return names;
}

/**
 * Describes a resolution for `@deckhand settings`, one line per repository, such as
 * "`acme/api`: named in the channel topic".
 */
export function describeResolution(resolution: RepositoryResolution): string {
  if (resolution.kind === 'unknown') {
    return `Not in the catalog: ${resolution.names.map((name) => `\`${name}\``).join(', ')}.`;
  }
  if (resolution.kind === 'ask') {
    return 'No repository is set for this channel; Deckhand asks with a picker.';
  }
  return resolution.repositories
    .map((item) => `\`${item.repository.slug}\`: ${sourceDescriptions[item.source]}`)
    .join('\n');
}

const sourceDescriptions: Record<RepositorySource, string> = {
  message: 'named in the message',
  thread_task: "from this thread's task",
  channel_topic: 'named in the channel topic',
  channel_defaults: "the channel's default in the catalog",
  only_repository: 'the only repository in the catalog',
};

function resolved(
  names: readonly string[],
  source: RepositorySource,
  index: RepositoryIndex,
): { kind: 'resolved'; repositories: ResolvedRepository[] } {
  const repositories: ResolvedRepository[] = [];
  for (const name of names) {
    const repository = index.find(name);
    if (repository !== undefined && !repositories.some((item) => item.repository === repository)) {
      repositories.push({ repository, source });
    }
  }
  return { kind: 'resolved', repositories };
}

function onlyRepository(catalog: Catalog): string[] {
  const [only, ...others] = catalog.repositories;
  return only !== undefined && others.length === 0 ? [only.slug] : [];
}
