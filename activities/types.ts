import type { DependencyEdge } from '../src/merge-order';
import type { AgentName } from '../src/spec/task-spec';

/**
 * Inputs and outputs of Deckhand's activities. Workflows see only these types, through
 * `proxyActivities`; every value crosses workflow history, so large outputs travel as file
 * references plus a short tail and no value here ever carries a secret.
 */

/** A thread message that is posted at most once per `key`, even when the activity is retried. */
export interface PostThreadMessageInput {
  channel: string;
  threadTs: string;
  /** Stable key, unique within the thread, that makes the post idempotent. */
  key: string;
  text: string;
  blocks?: unknown[];
}

export interface PostThreadMessageResult {
  ts: string;
}

/** A new text for a living status message; edits of one message are coalesced. */
export interface UpdateStatusInput {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
}

export interface ProvisionWorkspaceInput {
  taskId: string;
  repository: string;
  baseBranch: string;
  /** Branch that Deckhand creates for the change, `deckhand/<task-id>-<repo>`. */
  branch: string;
  /** Test command given for this task only; it overrides the catalog and the rule file. */
  testCommand?: string;
}

export interface RuleFile {
  /** Path relative to the repository root, such as `AGENTS.md`. */
  path: string;
  /** Install or setup command read from the rule file, if it names one. */
  setupCommand?: string;
  /** Test command read from the rule file, if it names one. */
  testCommand?: string;
}

export interface Workspace {
  /** Absolute path of the clone on the worker host. */
  path: string;
  branch: string;
  /** Commit that the branch started from. */
  baseSha: string;
  ruleFile?: RuleFile;
  /** Setup command: the catalog's, else the rule file's. */
  setupCommand?: string;
  /** Test command: the catalog's, else the rule file's, else `npm test` for a package.json. */
  testCommand?: string;
  /** Source of the test command, for the thread. */
  testCommandSource?: 'task' | 'catalog' | 'rule file' | 'package.json';
  /** Path on the worker of the organisation rule file that every agent also receives. */
  orgRuleFile?: string;
}

export interface StartSandboxInput {
  taskId: string;
  /** Workflow id of the repository task; the container is labelled with it and named after it. */
  workflowId: string;
  repository: string;
  workspacePath: string;
}

export interface Sandbox {
  containerId: string;
  name: string;
}

/** A shell command run in the sandbox as the agent user, in the workspace. */
export interface RunCommandInput {
  containerId: string;
  taskId: string;
  repository: string;
  command: string;
  /** Label for the stored log file, such as `tests-2` or `setup`. */
  logName: string;
}

export interface CommandResult {
  exitCode: number;
  passed: boolean;
  timedOut: boolean;
  /** Path of the full output on the worker. */
  logPath: string;
  /** Last lines of the output, at most a few kilobytes. */
  tail: string;
}

export interface RunAgentInput {
  containerId: string;
  taskId: string;
  repository: string;
  workspacePath: string;
  baseSha: string;
  attempt: number;
  /** The task's instructions. */
  instructions: string;
  /** Failing test output and follow-ups from earlier attempts, shown to the agent first. */
  feedback?: string;
  ruleFile?: RuleFile;
  /**
   * Path on the worker of the organisation rule file. The worker sets it from its own
   * configuration before the runner starts, so a value from the workflow is replaced.
   */
  orgRuleFile?: string;
  /** CLI that runs. Every runner takes the same input and returns an {@link AgentResult}. */
  agent: AgentName;
  model?: string;
  /** Reasoning effort for CLIs that take one. */
  effort?: string;
}

export interface AgentResult {
  /**
   * `changed` when the CLI reported success and the workspace differs from the base commit,
   * `unchanged` when it reported success without a difference, `error` when the CLI reported an
   * error, produced no result, or ran past its time limit, whatever its exit code.
   */
  outcome: 'changed' | 'unchanged' | 'error';
  /** Reason the run failed, in words a person understands. Set when `outcome` is `error`. */
  reason?: string;
  /** Final message of the agent, shortened. */
  summary: string;
  changedFiles: string[];
  transcriptPath: string;
  costUsd?: number;
  inputTokens?: number;
  outputTokens?: number;
}

export interface CommitAndPushInput {
  repository: string;
  workspacePath: string;
  branch: string;
  baseSha: string;
  message: string;
}

export interface CommitAndPushResult {
  /** False when there was nothing to commit and the branch has no commits past the base. */
  pushed: boolean;
  headSha?: string;
}

export interface OpenPullRequestInput {
  repository: string;
  branch: string;
  baseBranch: string;
  title: string;
  body: string;
}

export interface PullRequestRef {
  number: number;
  url: string;
  /** True when an open pull request for the branch already existed and was updated. */
  reused: boolean;
}

export interface PlanTaskInput {
  /** The task's repositories, in the order the task named them. */
  repositories: string[];
  dependencies: { before: string; after: string; reason?: string }[];
}

/** Order of a multi-repository task. */
export interface TaskPlan {
  /** Groups of repositories that run in parallel, in order. */
  stages: string[][];
  /** Order in which the pull requests must merge. */
  mergeOrder: string[];
  /** Repositories each repository waits for, within the task. */
  dependsOn: Record<string, string[]>;
  /** The declared dependencies (catalog and task) that the stages and merge order come from. */
  edges: DependencyEdge[];
  /** Catalog dependencies on repositories that the task does not include, as `[repo, upstream]`. */
  outside: [string, string][];
}

export interface DescribeChangesInput {
  workspacePath: string;
  baseSha: string;
  repository: string;
}

/** An approval request in a task thread, posted once per key. */
export interface RequestApprovalInput {
  channel: string;
  threadTs: string;
  key: string;
  text: string;
  /** The repository task that waits for the decision. */
  workflowId: string;
  /** The whole task, which the Cancel button cancels. */
  taskWorkflowId: string;
  requestId: string;
}

export interface CloseApprovalInput {
  channel: string;
  ts: string;
  text: string;
}

export interface CommentOnSentryIssueInput {
  issueId: string;
  text: string;
}

export interface RemoveWorkspaceInput {
  taskId: string;
  repository: string;
}

export interface RemoveSandboxInput {
  workflowId: string;
}
