import { z } from 'zod';

/** Coding-agent CLIs that Deckhand can run inside a sandbox; the first is the default. */
export const agentNames = ['claude-code', 'codex', 'gemini', 'cursor'] as const;
export const AgentName = z.enum(agentNames);
export type AgentName = z.infer<typeof AgentName>;

/** A repository slug in GitHub's `owner/name` form. */
export const RepositorySlug = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'expected a repository as owner/name');

/** One titled part of a structured task, such as `Requirements:` with its bullet items. */
export const TaskSection = z.object({
  heading: z.string().min(1),
  /** Bullet items in order, without their bullet characters. */
  items: z.array(z.string()),
  /** Lines of the section that are not bullet items, joined with newlines. */
  text: z.string(),
});
export type TaskSection = z.infer<typeof TaskSection>;

/** How a task reached Deckhand. */
export const TaskSource = z.enum(['mention', 'modal', 'sentry_reaction', 'sentry_webhook']);
export type TaskSource = z.infer<typeof TaskSource>;

/** Where a task came from in Slack; every thread update goes back to this thread. */
export const SlackOrigin = z.object({
  source: TaskSource.default('mention'),
  teamId: z.string().min(1),
  channel: z.string().min(1),
  /** Timestamp of the message that asked for the task. */
  messageTs: z.string().min(1),
  /** Timestamp of the thread root that Deckhand replies in. */
  threadTs: z.string().min(1),
  userId: z.string().min(1),
});
export type SlackOrigin = z.infer<typeof SlackOrigin>;

/** A repository that the task changes, resolved through the catalog. */
export const TaskRepository = z.object({
  slug: RepositorySlug,
  /** Branch that the pull request targets; the catalog's base branch unless the task names one. */
  baseBranch: z.string().min(1),
  /** What this repository's part of the task is, such as `adds the verification endpoint`. */
  role: z.string().min(1).optional(),
  /** Test command for this task only; overrides the catalog's and the rule file's. */
  testCommand: z.string().min(1).optional(),
});
export type TaskRepository = z.infer<typeof TaskRepository>;

/**
 * A validated coding task. Every entry point (an @mention, a modal, a Sentry alert) produces
 * one, and the `codingTask` workflow consumes it unchanged.
 */
export const TaskSpec = z.object({
  /** One-line summary, used for the pull request title and the Slack status message. */
  title: z.string().min(1).max(200),
  /** The full instruction for the agent, with Slack markup turned into plain text. */
  instructions: z.string().min(1),
  sections: z.array(TaskSection),
  /** File paths that the task text names, in order of first appearance. */
  filePaths: z.array(z.string()),
  repositories: z.array(TaskRepository).min(1),
  agent: AgentName,
  /** Model alias or id handed to the agent CLI, such as `sonnet`; the CLI's default if unset. */
  model: z.string().min(1).optional(),
  /** Reasoning effort for CLIs that take one, such as `high` for Codex. */
  effort: z.string().min(1).optional(),
  /** Why this agent and model were chosen, when Deckhand chose them; shown in the thread. */
  modelChoiceReason: z.string().min(1).optional(),
  /**
   * Ordering that the task itself states, on top of the catalog's `dependsOn`: each `before`
   * repository must have a passing change before `after` starts, and merges first.
   */
  dependencies: z
    .array(
      z.object({ before: RepositorySlug, after: RepositorySlug, reason: z.string().optional() }),
    )
    .default([]),
  /** Linear issue identifier such as `ENG-123` that the task is linked to. */
  linearIssue: z
    .string()
    .regex(/^[A-Z][A-Z0-9]*-\d+$/)
    .optional(),
  /** Sentry issue that the task fixes, when it came from a Sentry alert. */
  sentryIssue: z
    .object({ id: z.string().min(1), shortId: z.string().optional(), url: z.string().min(1) })
    .optional(),
  /** When true, the workflow waits for an approval in the thread before opening pull requests. */
  requireApproval: z.boolean().default(false),
  origin: SlackOrigin,
});
export type TaskSpec = z.infer<typeof TaskSpec>;
