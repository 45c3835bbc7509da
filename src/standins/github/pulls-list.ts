import type { RequestContext } from './context';
import type { HandlerResponse } from './errors';
import type { PullRequestRecord } from './state';
import { pullResponse } from './pull-facts';

/** GitHub's default and maximum `per_page` for `pulls.list`. */
const defaultPerPage = 30;
const maxPerPage = 100;

/**
 * Returns whether `record` passes the `head` filter. GitHub matches only the `owner:branch`
 * form and silently ignores a bare branch name, returning every pull request, so the stand-in
 * does the same to catch callers that omit the owner.
 */
function matchesHead(record: PullRequestRecord, head: string | null): boolean {
  if (head === null) return true;
  const colon = head.indexOf(':');
  if (colon === -1) return true;
  const owner = head.slice(0, colon);
  const branch = head.slice(colon + 1);
  return owner.toLowerCase() === record.owner.toLowerCase() && branch === record.headRef;
}

/**
 * Orders pull requests as GitHub does for `sort=created` (the default) and `sort=updated`.
 * NOTE: `popularity` and `long-running` fall back to creation order.
 */
function sortPullRequests(records: PullRequestRecord[], query: URLSearchParams) {
  const sort = query.get('sort') ?? 'created';
  const direction = query.get('direction') ?? (sort === 'created' ? 'desc' : 'asc');
  const key = (record: PullRequestRecord) =>
    sort === 'updated' ? `${record.updatedAt} ${pad(record.number)}` : pad(record.number);
  const sorted = [...records].sort((a, b) => key(a).localeCompare(key(b)));
  return direction === 'desc' ? sorted.reverse() : sorted;
}

function pad(number: number): string {
  return String(number).padStart(10, '0');
}

/** Builds an RFC 8288 `Link` header with `next` and `last`, which Octokit's paginate reads. */
function linkHeader(url: URL, page: number, lastPage: number): string | undefined {
  if (page >= lastPage) return undefined;
  const pageUrl = (target: number) => {
    const copy = new URL(url);
    copy.searchParams.set('page', String(target));
    return `<${copy.toString()}>`;
  };
  return `${pageUrl(page + 1)}; rel="next", ${pageUrl(lastPage)}; rel="last"`;
}

/** Serves `pulls.list` with the `state`, `head`, `base`, sort and page parameters. */
export async function listPullRequests(context: RequestContext): Promise<HandlerResponse> {
  const query = context.url.searchParams;
  const state = query.get('state') ?? 'open';
  const base = query.get('base');
  const head = query.get('head');
  const records = context.services.state
    .pullRequestsOf(context.repo.owner, context.repo.name)
    .filter((record) => state === 'all' || record.state === state)
    .filter((record) => base === null || record.baseRef === base)
    .filter((record) => matchesHead(record, head));

  const perPage = Math.min(Number(query.get('per_page')) || defaultPerPage, maxPerPage);
  const page = Math.max(Number(query.get('page')) || 1, 1);
  const lastPage = Math.max(Math.ceil(records.length / perPage), 1);
  const pageRecords = sortPullRequests(records, query).slice((page - 1) * perPage, page * perPage);
  const body = [];
  for (const record of pageRecords) {
    body.push((await pullResponse(context, record, 200, { simple: true })).body);
  }
  const link = linkHeader(context.url, page, lastPage);
  return { status: 200, body, headers: link ? { link } : {} };
}
