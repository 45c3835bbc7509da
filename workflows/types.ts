import type { TaskSpec } from '../src/spec/task-spec';

/** Input of the `codingTask` workflow: one validated task across one or more repositories. */
export interface CodingTaskInput {
  /** Short id used in branch names and container labels, unique per task. */
  taskId: string;
  spec: TaskSpec;
  /** Agent runs per repository: the first plus retries after failing tests. */
  maxAttempts: number;
}

/** Where a repository task reports to in Slack. */
export interface ThreadRef {
  channel: string;
  threadTs: string;
}

/** Input of the `repositoryTask` child workflow. */
export interface RepositoryTaskInput {
  taskId: string;
  parentWorkflowId: string;
  spec: TaskSpec;
  repository: string;
  baseBranch: string;
  thread: ThreadRef;
  maxAttempts: number;
}

/** Phases of one repository task, in the order they normally happen. */
export type RepositoryPhase =
  | 'queued'
  | 'cloning'
  | 'starting sandbox'
  | 'setting up'
  | 'agent running'
  | 'testing'
  | 'pushing'
  | 'opening pull request'
  | 'pull request open'
  | 'no changes'
  | 'failed'
  | 'cancelled';

/** Progress of one repository, sent from a child workflow to its parent for the status message. */
export interface RepositoryProgress {
  repository: string;
  phase: RepositoryPhase;
  /** Attempt number of the agent, counting from 1. */
  attempt?: number;
  detail?: string;
  pullRequestUrl?: string;
}

/** How one repository task ended. */
export interface RepositoryResult {
  repository: string;
  outcome: 'pull_request' | 'no_changes' | 'failed' | 'cancelled';
  attempts: number;
  pullRequest?: { number: number; url: string; reused: boolean };
  /** What went wrong, for a person reading the thread; set when `outcome` is `failed`. */
  reason?: string;
}
