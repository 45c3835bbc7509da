import type { Usage } from '../src/cost/budget';
import type { TaskSpec } from '../src/spec/task-spec';

/** Input of the `codingTask` workflow: one validated task across one or more repositories. */
export interface CodingTaskInput {
  /** Short id used in branch names and container labels, unique per task. */
  taskId: string;
  spec: TaskSpec;
  /** Agent runs per repository: the first plus retries after failing tests. */
  maxAttempts: number;
  /** Time an approval request waits for a decision, in minutes. */
  approvalTimeoutMinutes: number;
  /** Spending limit of the whole task, in US dollars; no limit when unset. */
  budgetUsd?: number;
  /** Set for a run that continues an earlier task's branches with a follow-up instruction. */
  followUp?: { text: string; userId: string; ts: string };
}

/** Slack thread that a repository task reports to. */
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
  approvalTimeoutMinutes: number;
  /** This repository's part of the task, from the task or the modal. */
  role?: string;
  /** Test command for this task only. */
  testCommand?: string;
  /** Changes of the upstream repositories, formatted for the agent. */
  upstreamContracts?: string;
  /** First instruction of a follow-up run, attributed to its author. */
  followUp?: { text: string; userId: string; ts: string };
  /** Money the task may still spend, in US dollars; no limit when unset. */
  budgetUsd?: number;
}

/** Phases of one repository task, in the order they normally happen. */
export type RepositoryPhase =
  | 'queued'
  | 'cloning'
  | 'starting sandbox'
  | 'setting up'
  | 'agent running'
  | 'testing'
  | 'waiting for approval'
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

/** Outcome of one repository task. */
export interface RepositoryResult {
  repository: string;
  outcome: 'pull_request' | 'no_changes' | 'failed' | 'cancelled' | 'skipped';
  attempts: number;
  pullRequest?: { number: number; url: string; reused: boolean };
  /** Branch that contains the change, when one was pushed. */
  branch?: string;
  /**
   * Contract of this repository's change for downstream agents, as JSON. Set when the change
   * passed.
   */
  contract?: string;
  /** Money the agent runs of this repository cost, in US dollars. */
  costUsd?: number;
  /** Cost and tokens of this repository's agent runs. */
  usage?: Usage;
  /** Reason for a person reading the thread. Set when `outcome` is `failed`. */
  reason?: string;
}
