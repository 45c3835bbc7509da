import type { RequestContext, Route } from './context';
import { documentationUrls, errorResponse, notFound, type HandlerResponse } from './errors';
import { readCommit, resolveBranch } from './git';
import { nodeId } from './payloads';
import { countOpenIssues } from './pull-facts';
import type { IssueCommentRecord } from './state';

/** Serves `repos.get` with the `full-repository` body. */
async function getRepository(context: RequestContext): Promise<HandlerResponse> {
  const { repo, services } = context;
  const openIssues = countOpenIssues(services.state.pullRequestsOf(repo.owner, repo.name));
  return { status: 200, body: services.payloads.repository(repo, openIssues) };
}

/** Serves `repos.getBranch` with the `branch-with-protection` body of an unprotected branch. */
async function getBranch(context: RequestContext): Promise<HandlerResponse> {
  const { repo, services } = context;
  const branch = context.params.branch ?? '';
  const sha = await resolveBranch(repo.gitDir, branch);
  if (!sha) return errorResponse(404, 'Branch not found', documentationUrls.getBranch);
  const api = `${context.url.origin}${context.url.pathname}`;
  const commit = services.payloads.commit(repo, await readCommit(repo.gitDir, sha));
  const html = commit.html_url.replace(/\/commit\/[0-9a-f]+$/, `/tree/${branch}`);
  return {
    status: 200,
    body: {
      name: branch,
      commit,
      _links: { self: api, html },
      protected: false,
      protection: {
        enabled: false,
        required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
      },
      protection_url: `${api}/protection`,
    },
  };
}

/**
 * Serves `issues.createComment` on a pull request.
 * NOTE: the stand-in has no issues, so a number that is not a pull request returns 404.
 */
async function createIssueComment(context: RequestContext): Promise<HandlerResponse> {
  const { repo, services } = context;
  const number = Number(context.params.issue_number);
  const pull = services.state.findPullRequest(repo.owner, repo.name, number);
  if (!pull) return notFound(documentationUrls.createComment);
  const comment: IssueCommentRecord = {
    id: services.state.allocateId(),
    owner: repo.owner,
    repo: repo.name,
    issueNumber: number,
    body: (context.body as { body: string }).body,
    userLogin: services.login,
    createdAt: services.now(),
  };
  services.state.comments.push(comment);
  pull.commentCount += 1;
  const api = `${context.url.origin}${context.url.pathname.replace(/\/issues\/.*$/, '')}`;
  const url = `${api}/issues/comments/${comment.id}`;
  const html = services.payloads.pullRequestHtmlUrl(repo, number);
  return {
    status: 201,
    headers: { location: url },
    body: {
      id: comment.id,
      node_id: nodeId('IC', comment.id),
      url,
      html_url: `${html}#issuecomment-${comment.id}`,
      body: comment.body,
      user: services.payloads.user(comment.userLogin),
      created_at: comment.createdAt,
      updated_at: comment.createdAt,
      issue_url: `${api}/issues/${number}`,
      author_association: 'CONTRIBUTOR',
      performed_via_github_app: null,
      reactions: emptyReactions(`${url}/reactions`),
    },
  };
}

function emptyReactions(url: string) {
  const counts = { '+1': 0, '-1': 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0 };
  return { url, total_count: 0, ...counts, rocket: 0 };
}

/** Routes of the repository, branch and issue comment endpoints. */
export const repositoryRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}',
    documentationUrl: documentationUrls.getRepository,
    handler: getRepository,
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/branches/{branch}',
    documentationUrl: documentationUrls.getBranch,
    handler: getBranch,
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    documentationUrl: documentationUrls.createComment,
    handler: createIssueComment,
  },
];
