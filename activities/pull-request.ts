import type { Octokit } from '@octokit/rest';
import { failureTypes, nonRetryable, retryable } from './errors';
import type { OpenPullRequestInput, PullRequestRef } from './types';

export interface PullRequestDeps {
  octokit: Octokit;
}

interface GitHubError {
  status?: number;
  message?: string;
  response?: { data?: { errors?: { message?: string }[] } };
}

/**
 * Opens the pull request of a task branch, or updates the open one that already exists for the
 * branch, so that retries and follow-up runs never open a second pull request.
 */
export async function openPullRequest(
  deps: PullRequestDeps,
  input: OpenPullRequestInput,
): Promise<PullRequestRef> {
  const [owner = '', repo = ''] = input.repository.split('/');
  const existing = await findOpen(deps, { owner, repo, branch: input.branch });
  if (existing) return await update(deps, { owner, repo, number: existing.number, input });

  try {
    const created = await deps.octokit.pulls.create({
      owner,
      repo,
      head: input.branch,
      base: input.baseBranch,
      title: input.title,
      body: input.body,
    });
    return { number: created.data.number, url: created.data.html_url, reused: false };
  } catch (err) {
    const failure = err as GitHubError;
    // GitHub marks a duplicate pull request only in the 422 body's messages; a concurrent run
    // may have opened it between the list and the create above.
    if (
      failure.status === 422 &&
      validationMessages(failure).some((m) => m.includes('already exists'))
    ) {
      const raced = await findOpen(deps, { owner, repo, branch: input.branch });
      if (raced) return await update(deps, { owner, repo, number: raced.number, input });
    }
    throw toFailure(`Opening a pull request for ${input.repository} failed`, failure);
  }
}

async function findOpen(
  deps: PullRequestDeps,
  ref: { owner: string; repo: string; branch: string },
): Promise<{ number: number } | undefined> {
  try {
    const { data } = await deps.octokit.pulls.list({
      owner: ref.owner,
      repo: ref.repo,
      head: `${ref.owner}:${ref.branch}`,
      state: 'open',
      per_page: 1,
    });
    return data[0];
  } catch (err) {
    throw toFailure(`Listing pull requests of ${ref.owner}/${ref.repo} failed`, err as GitHubError);
  }
}

async function update(
  deps: PullRequestDeps,
  ref: { owner: string; repo: string; number: number; input: OpenPullRequestInput },
): Promise<PullRequestRef> {
  const { data } = await deps.octokit.pulls.update({
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.number,
    title: ref.input.title,
    body: ref.input.body,
  });
  return { number: data.number, url: data.html_url, reused: true };
}

function validationMessages(err: GitHubError): string[] {
  return (err.response?.data?.errors ?? []).map((e) => e.message ?? '');
}

function toFailure(context: string, err: GitHubError) {
  const details = [err.message, ...validationMessages(err)].filter(Boolean).join('; ');
  const message = `${context}: ${details}`;
  if (err.status === 401 || err.status === 403) {
    return nonRetryable(
      failureTypes.unauthorized,
      `${message}. Check GITHUB_TOKEN and its access to the repository.`,
    );
  }
  if (err.status === 404) return nonRetryable(failureTypes.notFound, message);
  if (err.status === 422) return nonRetryable(failureTypes.invalidInput, message);
  return retryable(message);
}
