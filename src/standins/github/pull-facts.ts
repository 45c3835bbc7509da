import type { RequestContext } from './context';
import { countCommitsAhead, diffStats, mergesCleanly, resolveBranch } from './git';
import type { PullRequestGitFacts, RepositoryInfo } from './payloads';
import type { PullRequestRecord } from './state';

/**
 * Last commit ids seen per pull request, returned once a branch is deleted, as GitHub keeps
 * showing the last head commit of a pull request whose branch is gone.
 */
const lastShas = new WeakMap<PullRequestRecord, { head: string; base: string }>();

/** Reads the current tips of the head and base branches from the bare repository. */
export async function readPullShas(repo: RepositoryInfo, record: PullRequestRecord) {
  const previous = lastShas.get(record);
  const head = (await resolveBranch(repo.gitDir, record.headRef)) ?? previous?.head;
  const base = (await resolveBranch(repo.gitDir, record.baseRef)) ?? previous?.base;
  if (!head || !base) {
    throw new Error(
      `Pull request ${repo.owner}/${repo.name}#${record.number} has no commit for ` +
        `${head ? record.baseRef : record.headRef}`,
    );
  }
  lastShas.set(record, { head, base });
  return { head, base };
}

/** Reads the commit ids, counts, diff statistics and mergeability of a pull request with git. */
export async function readPullFacts(
  repo: RepositoryInfo,
  record: PullRequestRecord,
): Promise<PullRequestGitFacts> {
  const shas = await readPullShas(repo, record);
  const [commits, stats, mergeable] = await Promise.all([
    countCommitsAhead(repo.gitDir, shas.base, shas.head),
    diffStats(repo.gitDir, shas.base, shas.head),
    mergesCleanly(repo.gitDir, shas.base, shas.head),
  ]);
  return { headSha: shas.head, baseSha: shas.base, commits, ...stats, mergeable };
}

/** Returns the facts that `pull-request-simple` needs, which are only the two commit ids. */
export async function readSimplePullFacts(
  repo: RepositoryInfo,
  record: PullRequestRecord,
): Promise<PullRequestGitFacts> {
  const shas = await readPullShas(repo, record);
  return {
    headSha: shas.head,
    baseSha: shas.base,
    commits: 0,
    additions: 0,
    deletions: 0,
    changedFiles: 0,
    mergeable: false,
  };
}

/** Counts the open pull requests of a repository, which GitHub includes in `open_issues`. */
export function countOpenIssues(records: PullRequestRecord[]): number {
  return records.filter((record) => record.state === 'open').length;
}

/** Builds the `pull-request` body for one record, or `pull-request-simple` with `simple`. */
export async function pullResponse(
  context: RequestContext,
  record: PullRequestRecord,
  status: number,
  options: { simple?: boolean } = {},
) {
  const { repo, services } = context;
  const facts = options.simple
    ? await readSimplePullFacts(repo, record)
    : await readPullFacts(repo, record);
  const openIssues = countOpenIssues(services.state.pullRequestsOf(repo.owner, repo.name));
  const body = services.payloads.pullRequest({ record, repo, openIssues, facts, ...options });
  return { status, body };
}
