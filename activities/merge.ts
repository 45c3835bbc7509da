import type { Octokit } from '@octokit/rest';
import { Context } from '@temporalio/activity';
import type { Logger } from '../src/logger';
import { failureTypes, nonRetryable, retryable } from './errors';

export interface MergeDeps {
  octokit: Octokit;
  logger?: Logger;
}

/** One pull request to merge, named by repository slug and number. */
export interface PullRequestToMerge {
  repository: string;
  number: number;
}

/** Input of {@link mergePullRequests}. */
export interface MergePullRequestsInput {
  /** Pull requests in merge order; each merges only after every earlier one has merged. */
  pullRequests: PullRequestToMerge[];
  /** GitHub's `merge_method`; `merge` by default. */
  mergeMethod?: 'merge' | 'squash' | 'rebase';
  /** Gap between two `pulls.get` polls, in milliseconds; 5,000 by default. */
  pollIntervalMs?: number;
  /**
   * Maximum wait for one pull request to become mergeable, in milliseconds; 10 minutes by
   * default, which covers GitHub computing mergeability and short CI runs.
   */
  mergeableTimeoutMs?: number;
  /** Maximum wait for GitHub to report a merged pull request as merged, in milliseconds. */
  mergedTimeoutMs?: number;
}

/** Reason that merging stopped at a pull request. */
export type MergeStopReason =
  /** The head conflicts with the base (`mergeable_state: dirty`). */
  | 'conflict'
  /** Required checks or reviews did not pass before the timeout (`mergeable_state: blocked`). */
  | 'blocked'
  | 'draft'
  /** The pull request was closed without being merged. */
  | 'closed'
  /** `pulls.merge` returned 405 or 422, or GitHub reported the pull request unmergeable. */
  | 'not_mergeable'
  /** The head branch moved between the check and the merge (409). */
  | 'head_changed'
  | 'not_found'
  /** GitHub did not finish computing mergeability, or did not report the merge, in time. */
  | 'timed_out';

export interface MergedPullRequest extends PullRequestToMerge {
  /** Commit that the merge created on the base branch. */
  sha: string;
  /** True when the pull request was already merged, for example by an earlier attempt. */
  alreadyMerged: boolean;
}

export interface MergePullRequestsResult {
  merged: MergedPullRequest[];
  /** The pull request that could not merge, and why; unset when all merged. */
  stopped?: PullRequestToMerge & { reason: MergeStopReason; message: string };
  /** Pull requests after the stopped one, which were not tried. */
  notAttempted: PullRequestToMerge[];
}

interface GitHubError {
  status?: number;
  message?: string;
  response?: { data?: { message?: string } };
}

type Step =
  | { kind: 'merged'; sha: string; alreadyMerged: boolean }
  | { kind: 'stopped'; reason: MergeStopReason; message: string };

/**
 * Merges pull requests one by one in the given order with `pulls.merge`. Before each merge it
 * polls `pulls.get`, heartbeating, until GitHub reports the pull request mergeable, and after
 * it until GitHub reports it merged. It stops at the first pull request that cannot merge and
 * returns which and why. A retry of the activity skips pull requests that are already merged.
 * Throws a non-retryable failure for a rejected token, a retryable one for server errors.
 */
export async function mergePullRequests(
  deps: MergeDeps,
  input: MergePullRequestsInput,
): Promise<MergePullRequestsResult> {
  const merged: MergedPullRequest[] = [];
  for (const [index, pull] of input.pullRequests.entries()) {
    const step = await mergeOne(deps, input, pull);
    if (step.kind === 'stopped') {
      deps.logger?.warn({ ...pull, reason: step.reason, message: step.message }, 'Merge stopped');
      const stopped = { ...pull, reason: step.reason, message: step.message };
      return { merged, stopped, notAttempted: input.pullRequests.slice(index + 1) };
    }
    deps.logger?.info({ ...pull, sha: step.sha }, 'Pull request merged');
    merged.push({ ...pull, sha: step.sha, alreadyMerged: step.alreadyMerged });
  }
  return { merged, notAttempted: [] };
}

async function mergeOne(
  deps: MergeDeps,
  input: MergePullRequestsInput,
  pull: PullRequestToMerge,
): Promise<Step> {
  const ready = await waitUntilMergeable(deps, input, pull);
  if (ready.kind !== 'ready') return ready;

  const [owner = '', repo = ''] = pull.repository.split('/');
  let sha: string;
  try {
    const { data } = await deps.octokit.pulls.merge({
      owner,
      repo,
      pull_number: pull.number,
      sha: ready.headSha,
      merge_method: input.mergeMethod ?? 'merge',
    });
    sha = data.sha;
  } catch (err) {
    const failure = err as GitHubError;
    const message = gitHubMessage(failure);
    if (failure.status === 405 || failure.status === 422) {
      return { kind: 'stopped', reason: ready.blocked ? 'blocked' : 'not_mergeable', message };
    }
    if (failure.status === 409) return { kind: 'stopped', reason: 'head_changed', message };
    throw toFailure(`Merging ${describe(pull)} failed`, failure);
  }
  return waitUntilMerged(deps, input, pull, sha);
}

type Readiness =
  | { kind: 'ready'; headSha: string; blocked: boolean }
  | Extract<Step, { kind: 'merged' } | { kind: 'stopped' }>;

/**
 * Polls `pulls.get` until the pull request can merge. A `blocked` pull request may be waiting
 * for checks, so it is polled until the timeout and then tried once, so that GitHub's 405
 * message names the missing check or review.
 */
async function waitUntilMergeable(
  deps: MergeDeps,
  input: MergePullRequestsInput,
  pull: PullRequestToMerge,
): Promise<Readiness> {
  const deadline = Date.now() + (input.mergeableTimeoutMs ?? 10 * 60_000);
  for (;;) {
    const data = await getPullRequest(deps, pull);
    if (data === undefined) {
      return { kind: 'stopped', reason: 'not_found', message: `${describe(pull)} not found.` };
    }
    if (data.merged)
      return { kind: 'merged', sha: data.merge_commit_sha ?? '', alreadyMerged: true };
    if (data.state === 'closed') {
      const message = `${describe(pull)} is closed without being merged.`;
      return { kind: 'stopped', reason: 'closed', message };
    }
    if (data.draft) {
      return { kind: 'stopped', reason: 'draft', message: `${describe(pull)} is a draft.` };
    }
    if (data.mergeable === false && data.mergeable_state === 'dirty') {
      const message = `${describe(pull)} has conflicts with ${data.base.ref}.`;
      return { kind: 'stopped', reason: 'conflict', message };
    }
    const known = data.mergeable !== null && data.mergeable_state !== 'unknown';
    const blocked = data.mergeable_state === 'blocked';
    if (known && !blocked) return { kind: 'ready', headSha: data.head.sha, blocked: false };
    if (Date.now() >= deadline) {
      if (blocked) return { kind: 'ready', headSha: data.head.sha, blocked: true };
      const message = `GitHub did not compute whether ${describe(pull)} can merge in time.`;
      return { kind: 'stopped', reason: 'timed_out', message };
    }
    await pause(input, { ...pull, phase: 'waiting for mergeable', state: data.mergeable_state });
  }
}

/** Polls `pulls.get` until GitHub reports the pull request merged, because merging is async. */
async function waitUntilMerged(
  deps: MergeDeps,
  input: MergePullRequestsInput,
  pull: PullRequestToMerge,
  sha: string,
): Promise<Step> {
  const deadline = Date.now() + (input.mergedTimeoutMs ?? 2 * 60_000);
  for (;;) {
    const data = await getPullRequest(deps, pull);
    if (data?.merged) return { kind: 'merged', sha, alreadyMerged: false };
    if (Date.now() >= deadline) {
      const message = `GitHub accepted the merge of ${describe(pull)} as ${sha} but did not report it merged in time.`;
      return { kind: 'stopped', reason: 'timed_out', message };
    }
    await pause(input, { ...pull, phase: 'waiting for merged' });
  }
}

async function getPullRequest(deps: MergeDeps, pull: PullRequestToMerge) {
  const [owner = '', repo = ''] = pull.repository.split('/');
  try {
    const { data } = await deps.octokit.pulls.get({ owner, repo, pull_number: pull.number });
    return data;
  } catch (err) {
    const failure = err as GitHubError;
    if (failure.status === 404) return undefined;
    throw toFailure(`Reading ${describe(pull)} failed`, failure);
  }
}

/** Heartbeats with the current step and sleeps; the sleep rejects when the activity is cancelled. */
async function pause(input: MergePullRequestsInput, details: Record<string, unknown>) {
  const context = Context.current();
  context.heartbeat(details);
  await context.sleep(input.pollIntervalMs ?? 5000);
}

function describe(pull: PullRequestToMerge): string {
  return `${pull.repository}#${pull.number}`;
}

function gitHubMessage(err: GitHubError): string {
  return err.response?.data?.message ?? err.message ?? 'GitHub gave no reason';
}

function toFailure(context: string, err: GitHubError) {
  const message = `${context}: ${gitHubMessage(err)}`;
  if (err.status === 401 || err.status === 403) {
    return nonRetryable(
      failureTypes.unauthorized,
      `${message}. Check GITHUB_TOKEN and its permission to merge pull requests.`,
    );
  }
  return retryable(message);
}
