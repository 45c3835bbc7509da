import type { RequestContext, Route } from './context';
import { documentationUrls, notFound, validationFailed, type HandlerResponse } from './errors';
import { countCommitsAhead, resolveBranch } from './git';
import { pullResponse } from './pull-facts';
import type { PullRequestRecord } from './state';
import { listPullRequests } from './pulls-list';

interface CreatePullBody {
  title?: string;
  head: string;
  base: string;
  body?: string;
  draft?: boolean;
  maintainer_can_modify?: boolean;
  issue?: number;
}

interface UpdatePullBody {
  title?: string;
  body?: string;
  state?: 'open' | 'closed';
  base?: string;
  maintainer_can_modify?: boolean;
}

/**
 * Splits `head` of `pulls.create`, which is `branch` or `owner:branch`, into the branch of this
 * repository, or returns undefined when it names another owner's fork.
 * NOTE: pull requests from forks are not supported, so another owner's head is rejected as
 * invalid.
 */
function parseCreateHead(head: string, owner: string): string | undefined {
  const colon = head.indexOf(':');
  if (colon === -1) return head;
  if (head.slice(0, colon).toLowerCase() !== owner.toLowerCase()) return undefined;
  return head.slice(colon + 1);
}

function findOpenDuplicate(context: RequestContext, headRef: string, baseRef: string) {
  return context.services.state
    .pullRequestsOf(context.repo.owner, context.repo.name)
    .find((pull) => pull.state === 'open' && pull.headRef === headRef && pull.baseRef === baseRef);
}

function alreadyExists(context: RequestContext, headRef: string, documentationUrl: string) {
  const message = `A pull request already exists for ${context.repo.owner}:${headRef}.`;
  return validationFailed([{ resource: 'PullRequest', code: 'custom', message }], documentationUrl);
}

/** Serves `pulls.create`, checking the head and base branches with git as GitHub does. */
async function createPullRequest(context: RequestContext): Promise<HandlerResponse> {
  const request = context.body as CreatePullBody;
  const docs = documentationUrls.createPull;
  const { repo, services } = context;
  if (request.issue !== undefined) {
    // NOTE: the stand-in has no issues, so converting an issue into a pull request always fails.
    return validationFailed([{ resource: 'PullRequest', field: 'issue', code: 'invalid' }], docs);
  }
  if (request.title === undefined) {
    return validationFailed(
      [{ resource: 'PullRequest', field: 'title', code: 'missing_field' }],
      docs,
    );
  }
  const headRef = parseCreateHead(request.head, repo.owner);
  if (headRef === undefined || !(await resolveBranch(repo.gitDir, headRef))) {
    return validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }], docs);
  }
  if (!(await resolveBranch(repo.gitDir, request.base))) {
    return validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }], docs);
  }
  const lockKey = `${repo.owner}/${repo.name}:${headRef}`;
  return services.state.serialize(lockKey, async () => {
    if (findOpenDuplicate(context, headRef, request.base)) {
      return alreadyExists(context, headRef, docs);
    }
    const ahead = await countCommitsAhead(
      repo.gitDir,
      `refs/heads/${request.base}`,
      `refs/heads/${headRef}`,
    );
    if (ahead === 0) {
      const message = `No commits between ${request.base} and ${headRef}`;
      return validationFailed([{ resource: 'PullRequest', code: 'custom', message }], docs);
    }
    const now = services.now();
    const record: PullRequestRecord = {
      id: services.state.allocateId(),
      number: services.state.allocateNumber(`${repo.owner}/${repo.name}`),
      owner: repo.owner,
      repo: repo.name,
      title: request.title ?? '',
      body: request.body ?? null,
      state: 'open',
      headRef,
      baseRef: request.base,
      draft: request.draft ?? false,
      maintainerCanModify: request.maintainer_can_modify ?? false,
      userLogin: services.login,
      commentCount: 0,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
    };
    services.state.pullRequests.push(record);
    services.logger?.info(
      { repository: `${repo.owner}/${repo.name}`, number: record.number, head: headRef },
      'GitHub stand-in opened a pull request',
    );
    const response = await pullResponse(context, record, 201);
    const location = `${context.url.origin}${context.url.pathname}/${record.number}`;
    return { ...response, headers: { location } };
  });
}

function pullNumber(context: RequestContext): number {
  return Number(context.params.pull_number);
}

async function getPullRequest(context: RequestContext): Promise<HandlerResponse> {
  const { repo, services } = context;
  const record = services.state.findPullRequest(repo.owner, repo.name, pullNumber(context));
  if (!record) return notFound(documentationUrls.getPull);
  return pullResponse(context, record, 200);
}

/** Serves `pulls.update`: title, body, state, base and `maintainer_can_modify`. */
async function updatePullRequest(context: RequestContext): Promise<HandlerResponse> {
  const { repo, services } = context;
  const docs = documentationUrls.updatePull;
  const record = services.state.findPullRequest(repo.owner, repo.name, pullNumber(context));
  if (!record) return notFound(docs);
  const request = (context.body ?? {}) as UpdatePullBody;
  if (request.base !== undefined && !(await resolveBranch(repo.gitDir, request.base))) {
    return validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }], docs);
  }
  const baseRef = request.base ?? record.baseRef;
  const reopening = request.state === 'open' && record.state === 'closed';
  const duplicate = findOpenDuplicate(context, record.headRef, baseRef);
  if ((reopening || baseRef !== record.baseRef) && duplicate && duplicate !== record) {
    return alreadyExists(context, record.headRef, docs);
  }
  if (request.title !== undefined) record.title = request.title;
  if (request.body !== undefined) record.body = request.body;
  if (request.maintainer_can_modify !== undefined) {
    record.maintainerCanModify = request.maintainer_can_modify;
  }
  record.baseRef = baseRef;
  const now = services.now();
  if (request.state !== undefined && request.state !== record.state) {
    record.state = request.state;
    record.closedAt = request.state === 'closed' ? now : null;
  }
  record.updatedAt = now;
  return pullResponse(context, record, 200);
}

/** Routes of the pull request endpoints. */
export const pullRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/pulls',
    documentationUrl: documentationUrls.listPulls,
    handler: listPullRequests,
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/pulls',
    documentationUrl: documentationUrls.createPull,
    handler: createPullRequest,
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}',
    documentationUrl: documentationUrls.getPull,
    handler: getPullRequest,
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}',
    documentationUrl: documentationUrls.updatePull,
    handler: updatePullRequest,
  },
];
