import { baseName, classifyInterfaceFile, isPackageSource } from './interface-files';

/** A package that a repository publishes, such as `@acme/client` from `packages/client`. */
export interface PublishedPackage {
  name: string;
  /** Folder of its package.json relative to the repository root; `''` for the root. */
  path: string;
}

/** A file from another repository that this repository's code or configuration names. */
export interface InterfaceReference {
  /** Path as written, such as `../backend/openapi.yaml` or `schema.graphql`. */
  path: string;
  /** Repository the file lives in, when known; any repository of the task matches otherwise. */
  repository?: string;
}

/**
 * What detection needs to know about one repository of a task. `packages`, `dependencies` and
 * `references` describe the repository before the change; `changedFiles` is what the task
 * changed in it, relative to the repository root. The contracts activity fills it.
 */
export interface RepositoryFacts {
  repository: string;
  packages: PublishedPackage[];
  /** Package names from `dependencies`, `devDependencies` and `peerDependencies`. */
  dependencies: string[];
  references: InterfaceReference[];
  changedFiles: string[];
}

/** An inferred "`after` consumes what `before` changed" dependency. */
export interface DetectedDependency {
  before: string;
  after: string;
  reason: string;
}

/**
 * Infers dependencies between the task's repositories from their changes: a repository depends
 * on another when it depends on a package whose source the other changed, or when it references
 * an API description, schema or migration that the other changed. A repository never depends on
 * itself. Returns one dependency per pair, with the first reason found, in input order.
 */
export function detectDependencies(repositories: readonly RepositoryFacts[]): DetectedDependency[] {
  const detected: DetectedDependency[] = [];
  for (const upstream of repositories) {
    for (const downstream of repositories) {
      if (upstream.repository.toLowerCase() === downstream.repository.toLowerCase()) continue;
      const reason = packageReason(upstream, downstream) ?? referenceReason(upstream, downstream);
      if (reason)
        detected.push({ before: upstream.repository, after: downstream.repository, reason });
    }
  }
  return detected;
}

function packageReason(upstream: RepositoryFacts, downstream: RepositoryFacts) {
  const consumed = new Set(downstream.dependencies);
  for (const pkg of upstream.packages) {
    if (!consumed.has(pkg.name)) continue;
    const changed = upstream.changedFiles.find(
      (file) => isInside(file, pkg.path) && isPackageSource(file),
    );
    if (changed) {
      return `${downstream.repository} depends on ${pkg.name}, whose source ${upstream.repository} changed (${changed})`;
    }
  }
  return undefined;
}

function referenceReason(upstream: RepositoryFacts, downstream: RepositoryFacts) {
  const changedInterfaces = upstream.changedFiles.filter((file) => classifyInterfaceFile(file));
  for (const reference of downstream.references) {
    if (
      reference.repository !== undefined &&
      reference.repository.toLowerCase() !== upstream.repository.toLowerCase()
    ) {
      continue;
    }
    const changed = changedInterfaces.find((file) => matchesReference(file, reference.path));
    if (changed) {
      return `${downstream.repository} references ${reference.path}, which ${upstream.repository} changed (${changed})`;
    }
  }
  return undefined;
}

/**
 * Returns whether a changed file is what a reference names: the same path, the same file name
 * (references are usually relative paths into another checkout), or a file inside a referenced
 * folder such as `migrations`.
 */
function matchesReference(changedFile: string, referencePath: string): boolean {
  const reference = referencePath.replace(/^(\.\.?\/)+/, '').replace(/\/$/, '');
  if (reference === '') return false;
  if (changedFile === reference || changedFile.endsWith(`/${reference}`)) return true;
  if (baseName(changedFile) === baseName(reference) && classifyInterfaceFile(reference)) {
    return true;
  }
  const folder = baseName(reference);
  return changedFile.split('/').slice(0, -1).includes(folder) && /^migrat/i.test(folder);
}

function isInside(file: string, folder: string): boolean {
  return folder === '' || file.startsWith(`${folder.replace(/\/$/, '')}/`);
}
