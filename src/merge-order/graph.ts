/**
 * Dependency graph of the repositories in one task, and the run stages and merge order derived
 * from it. Pure TypeScript without Node imports, so that workflow code can call it.
 */

/** Where an edge of the graph came from, for messages and pull request descriptions. */
export type DependencySource = 'catalog' | 'task' | 'detected';

/** One ordering constraint: `before` passes, and merges, before `after`. */
export interface DependencyEdge {
  before: string;
  after: string;
  source: DependencySource;
  /** Why the constraint exists, such as `acme/web depends on @acme/client`. */
  reason?: string;
}

/** The repositories of a task, in the order the task named them, and the edges between them. */
export interface DependencyGraph {
  repositories: string[];
  edges: DependencyEdge[];
}

/** Options of {@link buildDependencyGraph}. */
export interface BuildGraphOptions {
  /** Repository slugs of the task, in the order the task named them. */
  repositories: string[];
  /** Catalog entries; only `dependsOn` slugs that are also in the task become edges. */
  catalog?: readonly { slug: string; dependsOn: readonly string[] }[];
  /** Dependencies that the task states, as in `TaskSpec.dependencies`. */
  taskDependencies?: readonly { before: string; after: string; reason?: string }[];
  /** Dependencies inferred from the changes, as {@link detectDependencies} returns them. */
  detected?: readonly { before: string; after: string; reason?: string }[];
}

/** Stable codes of {@link MergeOrderError}. */
export type MergeOrderErrorCode = 'dependency_cycle' | 'unknown_repository';

/** Raised when the dependencies cannot be ordered or name a repository outside the task. */
export class MergeOrderError extends Error {
  override readonly name = 'MergeOrderError';
  constructor(
    readonly code: MergeOrderErrorCode,
    message: string,
    /** The repositories involved; for a cycle, in cycle order with the first repeated last. */
    readonly repositories: string[],
  ) {
    super(message);
  }
}

/**
 * Builds the graph from the catalog's `dependsOn`, the task's stated dependencies and detected
 * ones. Slugs match case-insensitively and take the task's spelling. Catalog entries that name a
 * repository outside the task are dropped, because only the task's repositories run. A stated or
 * detected dependency on a repository outside the task raises a {@link MergeOrderError} with
 * code `unknown_repository`. Duplicate edges are kept once, with the first source.
 */
export function buildDependencyGraph(options: BuildGraphOptions): DependencyGraph {
  const spelling = new Map(options.repositories.map((slug) => [slug.toLowerCase(), slug]));
  const edges: DependencyEdge[] = [];
  const seen = new Set<string>();
  const add = (edge: DependencyEdge) => {
    const key = `${edge.before.toLowerCase()}\n${edge.after.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push(edge);
  };

  for (const entry of options.catalog ?? []) {
    const after = spelling.get(entry.slug.toLowerCase());
    if (!after) continue;
    for (const dependency of entry.dependsOn) {
      const before = spelling.get(dependency.toLowerCase());
      if (before)
        add({ before, after, source: 'catalog', reason: `catalog: ${after} dependsOn ${before}` });
    }
  }
  const stated: [DependencySource, BuildGraphOptions['taskDependencies']][] = [
    ['task', options.taskDependencies],
    ['detected', options.detected],
  ];
  for (const [source, list] of stated) {
    for (const dependency of list ?? []) {
      const before = requireKnown(spelling, dependency.before, source);
      const after = requireKnown(spelling, dependency.after, source);
      add({ before, after, source, ...(dependency.reason ? { reason: dependency.reason } : {}) });
    }
  }
  return { repositories: [...spelling.values()], edges };
}

function requireKnown(spelling: Map<string, string>, slug: string, source: DependencySource) {
  const known = spelling.get(slug.toLowerCase());
  if (known) return known;
  const origin = source === 'task' ? 'The task states' : 'A detected dependency names';
  throw new MergeOrderError(
    'unknown_repository',
    `${origin} a dependency on ${slug}, which is not one of the task's repositories ` +
      `(${[...spelling.values()].join(', ')}). Add ${slug} to the task or remove the dependency.`,
    [slug],
  );
}

/** Returns the repositories that `slug` directly depends on, in task order. */
export function directDependencies(graph: DependencyGraph, slug: string): string[] {
  const before = new Set(graph.edges.filter((e) => e.after === slug).map((e) => e.before));
  return graph.repositories.filter((repository) => before.has(repository));
}

/** Returns the repositories that directly depend on `slug`, in task order. */
export function directDependants(graph: DependencyGraph, slug: string): string[] {
  const after = new Set(graph.edges.filter((e) => e.before === slug).map((e) => e.after));
  return graph.repositories.filter((repository) => after.has(repository));
}

/**
 * Groups the repositories into run stages: every repository of a stage depends only on
 * repositories of earlier stages, so one stage runs in parallel. Each stage keeps task order.
 * Raises a {@link MergeOrderError} with code `dependency_cycle` when the graph has a cycle.
 */
export function planStages(graph: DependencyGraph): string[][] {
  const stages: string[][] = [];
  const placed = new Set<string>();
  while (placed.size < graph.repositories.length) {
    const ready = graph.repositories.filter(
      (slug) => !placed.has(slug) && directDependencies(graph, slug).every((d) => placed.has(d)),
    );
    if (ready.length === 0) throw cycleError(graph, placed);
    for (const slug of ready) placed.add(slug);
    stages.push(ready);
  }
  return stages;
}

/**
 * Returns a topological order for merging: each repository after everything it depends on.
 * Among repositories whose dependencies are all placed, the one the task named first comes
 * first, so the same graph always gives the same order.
 */
export function mergeOrder(graph: DependencyGraph): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < graph.repositories.length) {
    const next = graph.repositories.find(
      (slug) => !placed.has(slug) && directDependencies(graph, slug).every((d) => placed.has(d)),
    );
    if (next === undefined) throw cycleError(graph, placed);
    placed.add(next);
    order.push(next);
  }
  return order;
}

/**
 * Returns every repository that must be skipped because one of `failed` failed: all of their
 * transitive dependants, in task order, without the failed repositories themselves.
 */
export function skippedByFailures(graph: DependencyGraph, failed: readonly string[]): string[] {
  const failedSet = new Set(failed);
  const skipped = new Set<string>();
  const queue = [...failed];
  for (let slug = queue.shift(); slug !== undefined; slug = queue.shift()) {
    for (const dependant of directDependants(graph, slug)) {
      if (skipped.has(dependant) || failedSet.has(dependant)) continue;
      skipped.add(dependant);
      queue.push(dependant);
    }
  }
  return graph.repositories.filter((slug) => skipped.has(slug));
}

/** Finds one cycle among the repositories not yet placed and builds the error that names it. */
function cycleError(graph: DependencyGraph, placed: ReadonlySet<string>): MergeOrderError {
  const remaining = graph.repositories.filter((slug) => !placed.has(slug));
  const cycle = findCycle(graph, remaining);
  const path = cycle.join(' → ');
  return new MergeOrderError(
    'dependency_cycle',
    `The repositories depend on each other in a cycle: ${path}. ` +
      'Remove one of these dependencies from the catalog or the task.',
    cycle,
  );
}

/**
 * Walks dependencies from the first remaining repository until one repeats. Every remaining
 * repository has an unplaced dependency, so the walk always reaches a cycle.
 */
function findCycle(graph: DependencyGraph, remaining: string[]): string[] {
  const unplaced = new Set(remaining);
  const path: string[] = [];
  let current = remaining[0];
  while (current !== undefined && !path.includes(current)) {
    path.push(current);
    current = directDependencies(graph, current).find((slug) => unplaced.has(slug));
  }
  if (current === undefined) return path;
  // The walk follows dependencies backwards (after → before); reverse it so the message reads
  // in merge direction, each repository before the one that depends on it.
  const cycle = path.slice(path.indexOf(current)).reverse();
  // Start at the repository the task named first, so that the message does not depend on
  // where the walk entered the cycle.
  const first = remaining.find((slug) => cycle.includes(slug)) as string;
  const start = cycle.indexOf(first);
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  return [...rotated, first];
}
