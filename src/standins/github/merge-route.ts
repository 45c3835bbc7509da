import type { RequestContext, Route } from './context';
import { documentationUrls, errorResponse, notFound, type HandlerResponse } from './errors';
import { mergeBranches, type MergeMethod } from './merge-git';
import { readPullShas } from './pull-facts';
import type { PullRequestRecord } from './state';

interface MergePullBody {
  commit_title?: string;
  commit_message?: string;
  sha?: string;
  merge_method?: MergeMethod;
}

const docs = documentationUrls.mergePull;

/**
 * Serves `pulls.merge` (`PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge`): merges the head
 * into the base branch of the bare repository with git and closes the pull request. Errors use
 * GitHub's statuses: 405 when the pull request cannot merge (closed, draft, conflicting or with
 * a failing required check) and 409 when `sha` is not the head's current commit.
 */
async function mergePullRequest(context: RequestContext): Promise<HandlerResponse> {
  const { repo, services } = context;
  const number = Number(context.params.pull_number);
  const record = services.state.findPullRequest(repo.owner, repo.name, number);
  if (!record) return notFound(docs);
  const request = (context.body ?? {}) as MergePullBody;
  // One merge at a time per repository, so two merges cannot both move the base branch.
  return services.state.serialize(`${repo.owner}/${repo.name}:merge`, async () => {
    if (record.state !== 'open') return errorResponse(405, 'Pull Request is not mergeable', docs);
    if (record.draft) return errorResponse(405, 'Pull Request is still a draft', docs);
    if (record.failingCheck !== undefined) {
      return errorResponse(405, `Required status check "${record.failingCheck}" is failing.`, docs);
    }
    const shas = await readPullShas(repo, record);
    if (request.sha !== undefined && request.sha !== shas.head) {
      return errorResponse(409, 'Head branch was modified. Review and try the merge again.', docs);
    }
    const method = request.merge_method ?? 'merge';
    const result = await mergeBranches({
      gitDir: repo.gitDir,
      baseRef: record.baseRef,
      baseSha: shas.base,
      headSha: shas.head,
      method,
      message: commitMessage(context, record, request, method),
      identity: { name: services.login, email: `${services.login}@users.noreply.github.com` },
      date: services.now(),
    });
    if (result.outcome !== 'merged') {
      return errorResponse(405, 'Pull Request is not mergeable', docs);
    }
    const now = services.now();
    record.merge = { mergedAt: now, commitSha: result.sha, mergedByLogin: services.login };
    record.state = 'closed';
    record.closedAt = now;
    record.updatedAt = now;
    services.logger?.info(
      { repository: `${repo.owner}/${repo.name}`, number, sha: result.sha, method },
      'GitHub stand-in merged a pull request',
    );
    return {
      status: 200,
      body: { sha: result.sha, merged: true, message: 'Pull Request successfully merged' },
    };
  });
}

/** Builds GitHub's default commit message unless the request sets a title or message. */
function commitMessage(
  context: RequestContext,
  record: PullRequestRecord,
  request: MergePullBody,
  method: MergeMethod,
): string {
  const title =
    request.commit_title ??
    (method === 'squash'
      ? `${record.title} (#${record.number})`
      : `Merge pull request #${record.number} from ${context.repo.owner}/${record.headRef}`);
  const body = request.commit_message ?? (method === 'squash' ? '' : record.title);
  return body === '' ? title : `${title}\n\n${body}`;
}

/** Routes of the merge endpoint. */
export const mergeRoutes: Route[] = [
  {
    method: 'PUT',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
    documentationUrl: docs,
    handler: mergePullRequest,
  },
];
