import { createHash } from 'node:crypto';
import type { PlainTextOption } from '@slack/types';
import type { Catalog, CatalogRepository } from '../../catalog/catalog';
import { plainText, slackLimits } from './text';

/**
 * Catalogs with at most this many repositories get a `multi_static_select`, whose `options`
 * Slack caps at 100. Larger catalogs get a `multi_external_select` that Deckhand fills from
 * {@link repositoryOptions} as the user types.
 */
export const maxStaticRepositoryOptions = slackLimits.selectOptions;

/**
 * Returns the option `value` for a slug: the slug itself when it fits the 75-character option
 * value limit, else `sha256:` and a 40-digit hash prefix that {@link findRepositoryByOptionValue}
 * resolves through the catalog.
 */
export function repositoryOptionValue(slug: string): string {
  if (slug.length <= slackLimits.optionValue) {
    return slug;
  }
  return `sha256:${createHash('sha256').update(slug.toLowerCase()).digest('hex').slice(0, 40)}`;
}

/** Finds the catalog repository whose option value is `value`; undefined if none is. */
export function findRepositoryByOptionValue(
  catalog: Catalog,
  value: string,
): CatalogRepository | undefined {
  const lower = value.toLowerCase();
  return catalog.repositories.find(
    (repository) => repositoryOptionValue(repository.slug).toLowerCase() === lower,
  );
}

/** Builds the select option of one repository; its aliases are the option's description. */
export function repositoryOption(repository: CatalogRepository): PlainTextOption {
  const option: PlainTextOption = {
    text: plainText(repository.slug, slackLimits.optionText),
    value: repositoryOptionValue(repository.slug),
  };
  if (repository.aliases.length > 0) {
    option.description = plainText(repository.aliases.join(', '), slackLimits.optionDescription);
  }
  return option;
}

/**
 * Returns the options for a `block_suggestion` request of the repository `multi_external_select`: the catalog
 * repositories whose slug or an alias contains `query` (case-insensitive), at most 100. Exact
 * matches come first, then prefix matches of the slug, its name part or an alias, then the
 * rest, each group in catalog order. An empty query returns the first 100 repositories.
 */
export function repositoryOptions(options: { catalog: Catalog; query: string }): {
  options: PlainTextOption[];
} {
  const query = options.query.trim().toLowerCase();
  const ranked = options.catalog.repositories
    .map((repository, position) => ({ repository, position, rank: matchRank(repository, query) }))
    .filter((entry) => entry.rank !== undefined)
    .sort(
      (first, second) => (first.rank ?? 0) - (second.rank ?? 0) || first.position - second.position,
    )
    .slice(0, slackLimits.selectOptions);
  return { options: ranked.map((entry) => repositoryOption(entry.repository)) };
}

/** Ranks how well a repository matches: 0 exact, 1 prefix, 2 substring, undefined no match. */
function matchRank(repository: CatalogRepository, query: string): number | undefined {
  const slug = repository.slug.toLowerCase();
  const names = [
    slug,
    slug.split('/')[1] ?? slug,
    ...repository.aliases.map((a) => a.toLowerCase()),
  ];
  if (query === '' || names.includes(query)) {
    return 0;
  }
  if (names.some((name) => name.startsWith(query))) {
    return 1;
  }
  return names.some((name) => name.includes(query)) ? 2 : undefined;
}
