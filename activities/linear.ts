import { LinearTrackerError, type LinearTracker } from '../src/linear';
import type { LinearIssue, StateChange } from '../src/linear';
import { failureTypes, nonRetryable, retryable } from './errors';

export interface LinearDeps {
  /** Undefined when `LINEAR_API_KEY` is unset; every activity then fails without retry. */
  tracker?: LinearTracker;
  /** Key of the team that new issues go to, from `LINEAR_TEAM_KEY`. */
  teamKey?: string;
}

export interface CreateLinearIssueInput {
  title: string;
  /** Markdown description. */
  description?: string;
}

export interface MoveLinearIssueInput {
  /** Issue UUID or identifier such as `ENG-123`. */
  issueId: string;
  /** `started` for work in progress, `review` once pull requests are open. */
  to: 'started' | 'review';
}

export interface MoveLinearIssueResult {
  identifier: string;
  /** Name of the state the issue is in now; unset when the team has no fitting state. */
  stateName?: string;
}

export interface AttachPullRequestsInput {
  issueId: string;
  pullRequests: { url: string; title: string }[];
}

export interface CommentOnLinearIssueInput {
  issueId: string;
  /** Markdown body. */
  body: string;
}

/** Finds the issue that a task names, by identifier (`ENG-123`) or Linear URL. */
export async function findLinearIssue(
  deps: LinearDeps,
  input: { reference: string },
): Promise<LinearIssue> {
  return run(() => requireTracker(deps).findIssue(input.reference));
}

/** Creates an issue for a task in the configured team. */
export async function createLinearIssue(
  deps: LinearDeps,
  input: CreateLinearIssueInput,
): Promise<LinearIssue> {
  const tracker = requireTracker(deps);
  if (!deps.teamKey) {
    throw nonRetryable(
      failureTypes.invalidInput,
      'Creating a Linear issue needs a team. Set LINEAR_TEAM_KEY to a team key such as ENG.',
    );
  }
  const teamKey = deps.teamKey;
  return run(() => tracker.createIssue({ teamKey, ...input }));
}

/** Moves an issue to its team's in-progress or review state. */
export async function moveLinearIssue(
  deps: LinearDeps,
  input: MoveLinearIssueInput,
): Promise<MoveLinearIssueResult> {
  const tracker = requireTracker(deps);
  const change: StateChange = await run(() =>
    input.to === 'started'
      ? tracker.moveToStarted(input.issueId)
      : tracker.moveToReview(input.issueId),
  );
  return { identifier: change.issue.identifier, stateName: change.state?.name };
}

/** Attaches each pull request to the issue; attaching one again updates it. */
export async function attachPullRequestsToLinearIssue(
  deps: LinearDeps,
  input: AttachPullRequestsInput,
): Promise<void> {
  const tracker = requireTracker(deps);
  for (const pullRequest of input.pullRequests) {
    await run(() => tracker.attachPullRequest(input.issueId, pullRequest));
  }
}

/** Posts a comment such as the task's final summary on the issue. */
export async function commentOnLinearIssue(
  deps: LinearDeps,
  input: CommentOnLinearIssueInput,
): Promise<{ commentId?: string }> {
  return run(() => requireTracker(deps).comment(input.issueId, input.body));
}

function requireTracker(deps: LinearDeps): LinearTracker {
  if (deps.tracker) return deps.tracker;
  throw nonRetryable(
    failureTypes.unauthorized,
    'Linear is not configured. Set LINEAR_API_KEY to use Linear issues.',
  );
}

/** Runs a tracker call and turns a {@link LinearTrackerError} into a typed activity failure. */
async function run<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof LinearTrackerError)) throw err;
    if (err.retryable) throw retryable(err.message, err);
    const type =
      err.code === 'unauthorized'
        ? failureTypes.unauthorized
        : err.code === 'not_found' || err.code === 'team_not_found'
          ? failureTypes.notFound
          : failureTypes.invalidInput;
    throw nonRetryable(type, err.message, err);
  }
}
