import type { Catalog, CatalogRepository } from '../catalog/catalog';

/** The result of {@link repositoriesForSentryProject}. */
export type SentryProjectMapping =
  | { kind: 'mapped'; repositories: CatalogRepository[] }
  | { kind: 'unmapped_project'; code: 'sentry_project_unmapped'; project: string; message: string };

/**
 * Finds the catalog repositories whose `sentryProjects` list `project` (compared without case,
 * as Sentry project slugs are lowercase). A project that no repository lists returns
 * `unmapped_project`, whose message names the catalog setting to add.
 */
export function repositoriesForSentryProject(
  catalog: Catalog,
  project: string,
): SentryProjectMapping {
  const target = project.toLowerCase();
  const repositories = catalog.repositories.filter((repository) =>
    repository.sentryProjects.some((slug) => slug.toLowerCase() === target),
  );
  if (repositories.length > 0) return { kind: 'mapped', repositories };
  return {
    kind: 'unmapped_project',
    code: 'sentry_project_unmapped',
    project,
    message:
      `No repository in the catalog handles the Sentry project "${project}". ` +
      `Add "${project}" to the sentryProjects list of the repository that fixes its errors.`,
  };
}
