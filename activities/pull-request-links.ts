import type { Octokit } from '@octokit/rest';
import type { Logger } from '../src/logger';
import { renderRelatedSection, replaceRelatedSection } from '../src/pull-requests/description';
import { failureTypes, nonRetryable, retryable } from './errors';

export interface PullRequestLinkDeps {
  octokit: Octokit;
  logger?: Logger;
}

/** One opened pull request of a task. */
export interface OpenedPullRequest {
  repository: string;
  number: number;
  url: string;
}

/** Input of {@link linkPullRequests}. */
export interface LinkPullRequestsInput {
  /** Title of the task, as in `TaskSpec.title`. */
  taskTitle: string;
  linearIssue?: { identifier: string; url?: string };
  /** Every opened pull request of the task. */
  pullRequests: OpenedPullRequest[];
  /** Repositories with a pull request, in merge order. */
  mergeOrder: string[];
  /** For each repository, the repositories whose pull requests must merge before its own. */
  mergeAfter: Record<string, string[]>;
}

/** A pull request with the state GitHub reported while its description was updated. */
export interface LinkedPullRequest extends OpenedPullRequest {
  /** `open`, `closed` or `merged`. */
  state: 'open' | 'closed' | 'merged';
}

interface GitHubError {
  status?: number;
  message?: string;
  response?: { data?: { message?: string } };
}

/**
 * Writes the "Related pull requests" section (task, sibling links, "Merge after …" and the
 * numbered merge order) into the description of every pull request of the task with
 * `pulls.update`. Text outside the section's markers stays as it is, so running it again only
 * replaces the section. Returns the pull requests in merge order with their states.
 */
export async function linkPullRequests(
  deps: PullRequestLinkDeps,
  input: LinkPullRequestsInput,
): Promise<LinkedPullRequest[]> {
  const byRepository = new Map(input.pullRequests.map((pull) => [pull.repository, pull]));
  const linked: LinkedPullRequest[] = [];
  for (const repository of input.mergeOrder) {
    const pull = byRepository.get(repository);
    if (!pull) continue;
    const section = renderRelatedSection({
      taskTitle: input.taskTitle,
      linearIssue: input.linearIssue,
      repository,
      pullRequests: input.pullRequests,
      mergeOrder: input.mergeOrder,
      mergeAfter: input.mergeAfter[repository] ?? [],
    });
    linked.push(await updateDescription(deps, pull, section));
  }
  return linked;
}

async function updateDescription(
  deps: PullRequestLinkDeps,
  pull: OpenedPullRequest,
  section: string,
): Promise<LinkedPullRequest> {
  const [owner = '', repo = ''] = pull.repository.split('/');
  const name = `${pull.repository}#${pull.number}`;
  try {
    const { data } = await deps.octokit.pulls.get({ owner, repo, pull_number: pull.number });
    const body = replaceRelatedSection(data.body, section);
    if (body !== data.body) {
      await deps.octokit.pulls.update({ owner, repo, pull_number: pull.number, body });
    }
    deps.logger?.info({ pullRequest: name }, 'Pull request description linked to its task');
    let state: LinkedPullRequest['state'] = 'open';
    if (data.merged) state = 'merged';
    else if (data.state === 'closed') state = 'closed';
    return { ...pull, state };
  } catch (err) {
    const failure = err as GitHubError;
    const message = `Updating the description of ${name} failed: ${
      failure.response?.data?.message ?? failure.message ?? String(err)
    }`;
    if (failure.status === 401 || failure.status === 403) {
      throw nonRetryable(
        failureTypes.unauthorized,
        `${message}. Check GITHUB_TOKEN and its permission to edit pull requests.`,
      );
    }
    if (failure.status === 404) throw nonRetryable(failureTypes.notFound, message);
    throw retryable(message);
  }
}
