/**
 * Contracts and merge order of a multi-repository task, computed in the task workflow from the
 * plan and the children's results. Pure, so that workflow code can call it.
 */
import type { TaskPlan } from '../activities/types';
import {
  detectDependencies,
  directDependencies,
  formatContractsForPrompt,
  mergeOrder,
  MergeOrderError,
  type DependencyEdge,
  type DependencyGraph,
  type RepositoryContract,
} from '../src/merge-order';
import type { RepositoryResult } from './types';

/** Decodes the contract that `describeChanges` returned for a passing repository. */
export function decodeContract(
  result: RepositoryResult | undefined,
): RepositoryContract | undefined {
  if (!result?.contract) return undefined;
  try {
    return JSON.parse(result.contract) as RepositoryContract;
  } catch {
    // A result written before contracts were JSON carries plain text; it has no facts to read.
    return undefined;
  }
}

/** Formats the upstream repositories' contracts as prompt text for `repository`'s agent. */
export function upstreamPrompt(
  repository: string,
  upstream: readonly (RepositoryResult | undefined)[],
): string | undefined {
  const contracts = upstream.map(decodeContract).filter((contract) => contract !== undefined);
  const text = formatContractsForPrompt(contracts, { repository });
  return text === '' ? undefined : text;
}

/** The order in which a task's pull requests merge, and what it was derived from. */
export interface FinalOrder {
  /** Every repository of the task in merge order. */
  mergeOrder: string[];
  graph: DependencyGraph;
  /** Dependencies found in the changes that neither the catalog nor the task declared. */
  detected: DependencyEdge[];
  /** Reason that detected dependencies were left out, set when they contradict the declared ones. */
  conflict?: string;
}

/**
 * Computes the merge order once every repository ran. It adds dependencies detected from the
 * finished changes to the declared ones: a repository that consumes a package or an API
 * description that another repository of the task changed merges after it. Detection runs only
 * here, after all repositories ran, because a repository's facts come from its finished
 * contract; the run stages use the declared dependencies alone. When the detected dependencies
 * would form a cycle with the declared ones, the declared order is kept and `conflict` explains.
 */
export function finalMergeOrder(options: {
  plan: TaskPlan;
  /** The task's repositories in the order the task named them, which breaks ties. */
  repositories: readonly string[];
  results: readonly RepositoryResult[];
}): FinalOrder {
  const { plan, results } = options;
  const repositories = [...options.repositories];
  const declared: DependencyGraph = { repositories: [...repositories], edges: plan.edges };
  const facts = results
    .map(decodeContract)
    .filter((contract) => contract !== undefined)
    .map((contract) => contract.facts);
  const known = new Set(plan.edges.map((edge) => `${edge.before}\n${edge.after}`));
  const detected: DependencyEdge[] = detectDependencies(facts)
    .filter((edge) => !known.has(`${edge.before}\n${edge.after}`))
    .filter((edge) => repositories.includes(edge.before) && repositories.includes(edge.after))
    .map((edge) => ({ ...edge, source: 'detected' as const }));
  if (detected.length === 0) return { mergeOrder: plan.mergeOrder, graph: declared, detected };

  const graph: DependencyGraph = { repositories, edges: [...plan.edges, ...detected] };
  try {
    return { mergeOrder: mergeOrder(graph), graph, detected };
  } catch (err) {
    if (!(err instanceof MergeOrderError)) throw err;
    const cycle = err.repositories.join(' → ');
    const conflict =
      `Dependencies detected in the changes form a cycle with the declared ones (${cycle}), ` +
      'so Deckhand kept the declared merge order.';
    return { mergeOrder: plan.mergeOrder, graph: declared, detected: [], conflict };
  }
}

/**
 * Returns, for each repository with a pull request, the nearest repositories with a pull
 * request that it must merge after. A dependency without a pull request (no changes) is looked
 * through to its own dependencies, so the order is kept across it.
 */
export function mergeAfterOf(
  graph: DependencyGraph,
  withPullRequest: ReadonlySet<string>,
): Record<string, string[]> {
  const nearest = (slug: string, seen: Set<string>): string[] =>
    directDependencies(graph, slug).flatMap((dependency) => {
      if (seen.has(dependency)) return [];
      seen.add(dependency);
      return withPullRequest.has(dependency) ? [dependency] : nearest(dependency, seen);
    });
  const entries = [...withPullRequest].map((slug) => [slug, nearest(slug, new Set())] as const);
  return Object.fromEntries(entries);
}
