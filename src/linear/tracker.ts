import { LinearClient, LinearError, LinearErrorType } from '@linear/sdk';
import type { Logger } from '../logger';
import { parseIssueReference } from './reference';
import { pickReviewState, pickStartedState, type WorkflowStateSummary } from './states';

/** Stable codes of {@link LinearTrackerError}. */
export type LinearErrorCode =
  | 'invalid_reference'
  | 'not_found'
  | 'team_not_found'
  | 'unauthorized'
  | 'rate_limited'
  | 'invalid_input'
  | 'request_failed';

/** Raised by {@link LinearTracker}; `retryable` is true only for rate limits and server errors. */
export class LinearTrackerError extends Error {
  override readonly name = 'LinearTrackerError';
  constructor(
    readonly code: LinearErrorCode,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The facts about an issue that Deckhand shows and links to. */
export interface LinearIssue {
  id: string;
  identifier: string;
  title: string;
  url: string;
  teamId?: string;
  stateId?: string;
}

/** A state change; `state` is undefined when the team has no fitting state and nothing moved. */
export interface StateChange {
  issue: LinearIssue;
  state?: WorkflowStateSummary;
}

/** Creates the SDK client for Linear's GraphQL API, or a stand-in's at `apiUrl`. */
export function createLinearClient(options: { apiKey: string; apiUrl: string }): LinearClient {
  return new LinearClient({ apiKey: options.apiKey, apiUrl: options.apiUrl });
}

/**
 * Issue tracking in Linear for one task: finds or creates its issue, moves it through the
 * team's workflow, attaches pull requests and comments. Every SDK error becomes a
 * {@link LinearTrackerError}.
 */
export class LinearTracker {
  constructor(
    private readonly client: LinearClient,
    private readonly logger?: Logger,
  ) {}

  /** Finds an issue by identifier (`ENG-123`) or Linear URL. */
  async findIssue(reference: string): Promise<LinearIssue> {
    const identifier = parseIssueReference(reference);
    if (!identifier) {
      throw new LinearTrackerError(
        'invalid_reference',
        `"${reference}" is not a Linear issue identifier such as ENG-123 or an issue URL.`,
        false,
      );
    }
    const issue = await this.call(`Finding Linear issue ${identifier}`, () =>
      this.client.issue(identifier),
    );
    return toIssue(issue);
  }

  /** Creates an issue in the team with key `teamKey`, such as `ENG`. */
  async createIssue(options: { teamKey: string; title: string; description?: string }) {
    const teams = await this.call(`Finding Linear team ${options.teamKey}`, () =>
      this.client.teams({ filter: { key: { eq: options.teamKey } } }),
    );
    const team = teams.nodes[0];
    if (!team) {
      throw new LinearTrackerError(
        'team_not_found',
        `Linear team ${options.teamKey} does not exist or the API key cannot see it. Check LINEAR_TEAM_KEY.`,
        false,
      );
    }
    const payload = await this.call(`Creating a Linear issue in ${options.teamKey}`, () =>
      this.client.createIssue({
        teamId: team.id,
        title: options.title,
        description: options.description,
      }),
    );
    const created = await this.call('Reading the created Linear issue', async () => payload.issue);
    if (!created) throw new LinearTrackerError('request_failed', 'Linear created no issue.', true);
    this.logger?.info({ issue: created.identifier }, 'Linear issue created');
    return toIssue(created);
  }

  /** Moves the issue to its team's in-progress state, such as `In Progress`. */
  moveToStarted(issueId: string): Promise<StateChange> {
    return this.moveTo(issueId, 'started', pickStartedState);
  }

  /** Moves the issue to its team's review state, such as `In Review`. */
  moveToReview(issueId: string): Promise<StateChange> {
    return this.moveTo(issueId, 'review', pickReviewState);
  }

  /**
   * Attaches a pull request link with `attachmentLinkURL`, which Linear turns into a rich GitHub
   * attachment when the workspace has the GitHub integration. Linear keeps one attachment per
   * issue and URL, so attaching again updates the title.
   */
  async attachPullRequest(issueId: string, pullRequest: { url: string; title: string }) {
    const payload = await this.call(`Attaching ${pullRequest.url} to Linear issue ${issueId}`, () =>
      this.client.attachmentLinkURL(issueId, pullRequest.url, { title: pullRequest.title }),
    );
    return { attachmentId: payload.attachmentId };
  }

  /** Adds a Markdown comment to the issue. */
  async comment(issueId: string, body: string) {
    const payload = await this.call(`Commenting on Linear issue ${issueId}`, () =>
      this.client.createComment({ issueId, body }),
    );
    return { commentId: payload.commentId };
  }

  private async moveTo(
    issueId: string,
    purpose: string,
    pick: (states: readonly WorkflowStateSummary[]) => WorkflowStateSummary | undefined,
  ): Promise<StateChange> {
    const issue = await this.findIssue(issueId).catch((err: unknown) => {
      // An internal UUID is not an identifier, so read it directly instead.
      if (err instanceof LinearTrackerError && err.code === 'invalid_reference') {
        return this.call(`Finding Linear issue ${issueId}`, () => this.client.issue(issueId)).then(
          toIssue,
        );
      }
      throw err;
    });
    const states = await this.call(`Reading workflow states of ${issue.identifier}`, () =>
      this.client.workflowStates({
        filter: { team: { id: { eq: issue.teamId ?? '' } } },
        first: 100,
      }),
    );
    const state = pick(
      states.nodes.map(({ id, name, type, position }) => ({ id, name, type, position })),
    );
    if (!state) {
      this.logger?.warn(
        { issue: issue.identifier, purpose },
        'Linear team has no fitting workflow state',
      );
      return { issue };
    }
    if (issue.stateId !== state.id) {
      await this.call(`Moving ${issue.identifier} to ${state.name}`, () =>
        this.client.updateIssue(issue.id, { stateId: state.id }),
      );
    }
    return { issue: { ...issue, stateId: state.id }, state };
  }

  /** Runs one SDK call and turns its errors into {@link LinearTrackerError}. */
  private async call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw toTrackerError(action, err);
    }
  }
}

function toIssue(issue: {
  id: string;
  identifier: string;
  title: string;
  url: string;
  teamId?: string;
  stateId?: string;
}): LinearIssue {
  const { id, identifier, title, url, teamId, stateId } = issue;
  return { id, identifier, title, url, teamId, stateId };
}

function toTrackerError(action: string, err: unknown): LinearTrackerError {
  if (!(err instanceof LinearError)) {
    return new LinearTrackerError('request_failed', `${action} failed: ${String(err)}`, true, {
      cause: err,
    });
  }
  const message = `${action} failed: ${err.message}`;
  switch (err.type) {
    case LinearErrorType.AuthenticationError:
    case LinearErrorType.Forbidden:
      return new LinearTrackerError('unauthorized', `${message}. Check LINEAR_API_KEY.`, false, {
        cause: err,
      });
    case LinearErrorType.Ratelimited:
      return new LinearTrackerError('rate_limited', message, true, { cause: err });
    case LinearErrorType.InvalidInput:
    case LinearErrorType.UserError: {
      // NOTE: Linear reports a missing entity only as an `invalid input` error whose message
      // reads "Entity not found" or "Could not find referenced …", so the message decides here.
      const notFound =
        err.errors?.some((e) => /not found|could not find/i.test(e.message)) ?? false;
      return new LinearTrackerError(notFound ? 'not_found' : 'invalid_input', message, false, {
        cause: err,
      });
    }
    default:
      return new LinearTrackerError('request_failed', message, true, { cause: err });
  }
}
