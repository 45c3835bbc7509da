import type { Catalog, CatalogRepository } from './catalog';
import { parseGitHubRepositoryUrl } from './github-url';

/**
 * Lookup tables over a catalog's repositories. Slugs, aliases and owners match without regard
 * to case, because GitHub treats `Acme/API` and `acme/api` as the same repository.
 */
export class RepositoryIndex {
  private readonly bySlug = new Map<string, CatalogRepository>();
  private readonly byAlias = new Map<string, CatalogRepository>();
  private readonly owners = new Set<string>();

  constructor(readonly catalog: Catalog) {
    for (const repository of catalog.repositories) {
      const slug = repository.slug.toLowerCase();
      if (!this.bySlug.has(slug)) {
        this.bySlug.set(slug, repository);
      }
      this.owners.add(slug.split('/')[0] ?? slug);
      for (const alias of repository.aliases) {
        if (!this.byAlias.has(alias.toLowerCase())) {
          this.byAlias.set(alias.toLowerCase(), repository);
        }
      }
    }
  }

  findBySlug(slug: string): CatalogRepository | undefined {
    return this.bySlug.get(slug.toLowerCase());
  }

  findByAlias(alias: string): CatalogRepository | undefined {
    return this.byAlias.get(alias.toLowerCase());
  }

  /** Finds the repository that a GitHub URL points to, by its slug or by its `cloneUrl`. */
  findByUrl(url: string): CatalogRepository | undefined {
    const slug = parseGitHubRepositoryUrl(url);
    if (slug !== undefined) {
      const repository = this.findBySlug(slug);
      if (repository !== undefined) {
        return repository;
      }
    }
    return this.catalog.repositories.find((repository) => repository.cloneUrl === url.trim());
  }

  /** Finds a repository by slug, alias or URL, in that order. */
  find(reference: string): CatalogRepository | undefined {
    const trimmed = reference.trim();
    return this.findBySlug(trimmed) ?? this.findByAlias(trimmed) ?? this.findByUrl(trimmed);
  }

  /** Reports whether any catalog repository belongs to `owner`, such as `acme`. */
  hasOwner(owner: string): boolean {
    return this.owners.has(owner.toLowerCase());
  }

  /** Lists every repository as `` `slug` (alias, alias) `` for error messages. */
  describeRepositories(): string {
    return this.catalog.repositories
      .map((repository) => {
        const aliases = repository.aliases.length > 0 ? ` (${repository.aliases.join(', ')})` : '';
        return `\`${repository.slug}\`${aliases}`;
      })
      .join(', ');
  }
}

/** Finds a repository in `catalog` by slug, alias or GitHub URL; undefined if none matches. */
export function findRepository(catalog: Catalog, reference: string): CatalogRepository | undefined {
  return new RepositoryIndex(catalog).find(reference);
}
