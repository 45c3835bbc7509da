import type { Catalog } from './catalog';
import type { CatalogIssue } from './errors';

/**
 * Aliases are matched as single words in Slack messages, so they may not contain spaces or a
 * slash (a slash would make them look like an `owner/name` slug).
 */
const aliasPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Finds conflicts that the schema cannot express: two repositories with the same slug, one
 * alias on two repositories, aliases that are not single words, and channel defaults that
 * name a repository missing from the catalog. Comparisons ignore case, as lookups do.
 */
export function findCatalogConflicts(catalog: Catalog): CatalogIssue[] {
  return [...findSlugAndAliasConflicts(catalog), ...findUnknownChannelRepositories(catalog)];
}

function findSlugAndAliasConflicts(catalog: Catalog): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const slugOwners = new Map<string, number>();
  const aliasOwners = new Map<string, number>();

  catalog.repositories.forEach((repository, index) => {
    const slug = repository.slug.toLowerCase();
    const firstIndex = slugOwners.get(slug);
    if (firstIndex === undefined) {
      slugOwners.set(slug, index);
    } else {
      issues.push({
        path: `repositories[${index}].slug`,
        message: `duplicate slug "${repository.slug}", already used by repositories[${firstIndex}]; expected each slug once`,
      });
    }

    repository.aliases.forEach((alias, aliasIndex) => {
      const path = `repositories[${index}].aliases[${aliasIndex}]`;
      if (!aliasPattern.test(alias)) {
        issues.push({
          path,
          message: `invalid alias "${alias}"; expected one word of letters, digits, ".", "_" or "-"`,
        });
        return;
      }
      const aliasOwner = aliasOwners.get(alias.toLowerCase());
      if (aliasOwner === undefined) {
        aliasOwners.set(alias.toLowerCase(), index);
      } else if (aliasOwner !== index) {
        const other = catalog.repositories[aliasOwner]?.slug ?? '';
        issues.push({
          path,
          message: `alias "${alias}" is already used by ${other} (repositories[${aliasOwner}]); expected each alias on one repository`,
        });
      }
    });
  });
  return issues;
}

function findUnknownChannelRepositories(catalog: Catalog): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const slugs = new Set(catalog.repositories.map((repository) => repository.slug.toLowerCase()));
  const known = catalog.repositories.map((repository) => repository.slug).join(', ');

  for (const [channel, defaults] of Object.entries(catalog.channels)) {
    defaults.repositories.forEach((slug, index) => {
      if (!slugs.has(slug.toLowerCase())) {
        issues.push({
          path: `channels.${channel}.repositories[${index}]`,
          message: `unknown repository "${slug}"; expected one of the catalog slugs: ${known}`,
        });
      }
    });
  }
  return issues;
}
