/** A pull request as the stand-in stores it; git-derived fields are read per response. */
export interface PullRequestRecord {
  id: number;
  /** Issue number, shared with issues in GitHub's numbering, unique per repository. */
  number: number;
  owner: string;
  repo: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  headRef: string;
  baseRef: string;
  draft: boolean;
  maintainerCanModify: boolean;
  userLogin: string;
  commentCount: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Set once the pull request is merged through `pulls.merge`; absent on open ones. */
  merge?: PullRequestMerge;
  /**
   * Name of a required status check that fails on the head commit, set by tests through
   * `GitHubStandIn.setFailingCheck`; it makes `mergeable_state` `blocked` and merging fail.
   */
  failingCheck?: string;
}

/** How and when a pull request was merged. */
export interface PullRequestMerge {
  mergedAt: string;
  /** Commit that the merge created on the base branch. */
  commitSha: string;
  mergedByLogin: string;
}

/** A comment created through `POST /repos/{owner}/{repo}/issues/{issue_number}/comments`. */
export interface IssueCommentRecord {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  userLogin: string;
  createdAt: string;
}

/**
 * In-memory records of pull requests and comments, plus the counters that give repositories,
 * users, pull requests and comments their ids. Repositories themselves live on disk.
 */
export class StandInState {
  readonly pullRequests: PullRequestRecord[] = [];
  readonly comments: IssueCommentRecord[] = [];
  private nextId = 1;
  private readonly repositoryIds = new Map<string, number>();
  private readonly userIds = new Map<string, number>();
  private readonly nextNumbers = new Map<string, number>();
  private readonly locks = new Map<string, Promise<unknown>>();

  /** Returns a new id, unique across every kind of object in this stand-in. */
  allocateId(): number {
    return this.nextId++;
  }

  /** Returns the id of `owner/name`, assigned on first use. */
  repositoryId(slug: string): number {
    return this.stableId(this.repositoryIds, slug.toLowerCase());
  }

  /** Returns the id of the account `login`, assigned on first use. */
  userId(login: string): number {
    return this.stableId(this.userIds, login.toLowerCase());
  }

  /** Returns the next issue number of `owner/name`, starting at 1. */
  allocateNumber(slug: string): number {
    const key = slug.toLowerCase();
    const number = this.nextNumbers.get(key) ?? 1;
    this.nextNumbers.set(key, number + 1);
    return number;
  }

  /** Returns the pull requests of one repository in creation order. */
  pullRequestsOf(owner: string, repo: string): PullRequestRecord[] {
    return this.pullRequests.filter((pull) => sameRepository(pull, owner, repo));
  }

  findPullRequest(owner: string, repo: string, number: number): PullRequestRecord | undefined {
    return this.pullRequestsOf(owner, repo).find((pull) => pull.number === number);
  }

  /**
   * Runs `task` after every earlier task for the same `key` has settled, so that two concurrent
   * `pulls.create` calls for one head branch cannot both pass the duplicate check.
   */
  async serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    this.locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }

  private stableId(ids: Map<string, number>, key: string): number {
    let id = ids.get(key);
    if (id === undefined) {
      id = this.allocateId();
      ids.set(key, id);
    }
    return id;
  }
}

function sameRepository(pull: PullRequestRecord, owner: string, repo: string): boolean {
  return (
    pull.owner.toLowerCase() === owner.toLowerCase() &&
    pull.repo.toLowerCase() === repo.toLowerCase()
  );
}
