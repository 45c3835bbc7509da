import type { Catalog } from '../src/catalog/catalog';
import { failureTypes, nonRetryable } from './errors';
import type { PlanTaskInput, TaskPlan } from './types';

/**
 * Orders a task's repositories into stages: each stage runs in parallel, and a repository runs
 * only after every repository it depends on (catalog `dependsOn` and the task's own
 * dependencies) finished an earlier stage. A cycle fails without retry and names its members.
 */
export async function planTask(catalog: Catalog, input: PlanTaskInput): Promise<TaskPlan> {
  const names = input.repositories;
  const inTask = new Set(names);
  const dependsOn = new Map<string, Set<string>>(names.map((name) => [name, new Set<string>()]));
  for (const repo of catalog.repositories) {
    if (!inTask.has(repo.slug)) continue;
    for (const upstream of repo.dependsOn) {
      if (inTask.has(upstream)) dependsOn.get(repo.slug)?.add(upstream);
    }
  }
  for (const dependency of input.dependencies) {
    if (inTask.has(dependency.before) && inTask.has(dependency.after)) {
      dependsOn.get(dependency.after)?.add(dependency.before);
    }
  }
  const stages = topologicalStages(names, dependsOn);
  return {
    stages,
    mergeOrder: stages.flat(),
    dependsOn: Object.fromEntries([...dependsOn].map(([name, ups]) => [name, [...ups]])),
  };
}

function topologicalStages(names: string[], dependsOn: Map<string, Set<string>>): string[][] {
  const done = new Set<string>();
  const stages: string[][] = [];
  while (done.size < names.length) {
    const ready = names.filter(
      (name) => !done.has(name) && [...(dependsOn.get(name) ?? [])].every((up) => done.has(up)),
    );
    if (ready.length === 0) {
      const cycle = findCycle(
        names.filter((name) => !done.has(name)),
        dependsOn,
      );
      throw nonRetryable(
        failureTypes.invalidInput,
        `The repositories depend on each other in a cycle: ${cycle.join(' → ')}. ` +
          'Remove one of these dependencies from the catalog or the task.',
      );
    }
    ready.forEach((name) => done.add(name));
    stages.push(ready);
  }
  return stages;
}

/** Follows dependencies from a blocked repository until one repeats, and returns that loop. */
function findCycle(blocked: string[], dependsOn: Map<string, Set<string>>): string[] {
  const path: string[] = [];
  let current = blocked[0] ?? '';
  while (!path.includes(current)) {
    path.push(current);
    current = [...(dependsOn.get(current) ?? [])].find((up) => blocked.includes(up)) ?? current;
  }
  return [...path.slice(path.indexOf(current)), current].reverse();
}
