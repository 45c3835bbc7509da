import type { Catalog } from '../src/catalog/catalog';
import {
  buildDependencyGraph,
  directDependencies,
  mergeOrder,
  MergeOrderError,
  planStages,
} from '../src/merge-order';
import { failureTypes, nonRetryable } from './errors';
import type { PlanTaskInput, TaskPlan } from './types';

/**
 * Orders a task's repositories from the catalog's `dependsOn` and the task's own dependencies:
 * run stages (each runs in parallel, after every repository it depends on passed in an earlier
 * stage) and the merge order. A cycle, or a task dependency on a repository outside the task,
 * fails without retry with a message that names the repositories involved.
 */
export async function planTask(catalog: Catalog, input: PlanTaskInput): Promise<TaskPlan> {
  try {
    const graph = buildDependencyGraph({
      repositories: input.repositories,
      catalog: catalog.repositories,
      taskDependencies: input.dependencies,
    });
    return {
      stages: planStages(graph),
      mergeOrder: mergeOrder(graph),
      dependsOn: Object.fromEntries(
        graph.repositories.map((slug) => [slug, directDependencies(graph, slug)]),
      ),
      edges: graph.edges,
      outside: outsideDependencies(catalog, input.repositories),
    };
  } catch (err) {
    if (err instanceof MergeOrderError) throw nonRetryable(failureTypes.invalidInput, err.message);
    throw err;
  }
}

/** Lists catalog dependencies of the task's repositories that point outside the task. */
function outsideDependencies(catalog: Catalog, repositories: string[]): [string, string][] {
  const inTask = new Set(repositories.map((slug) => slug.toLowerCase()));
  return catalog.repositories
    .filter((repo) => inTask.has(repo.slug.toLowerCase()))
    .flatMap((repo) =>
      repo.dependsOn
        .filter((upstream) => !inTask.has(upstream.toLowerCase()))
        .map((upstream): [string, string] => [repo.slug, upstream]),
    );
}
