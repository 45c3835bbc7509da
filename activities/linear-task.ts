import type { LinearIssue } from '../src/linear';
import type { Logger } from '../src/logger';
import { createLinearIssue, findLinearIssue, type LinearDeps } from './linear';

export interface LinearTaskDeps extends LinearDeps {
  /** `DECKHAND_LINEAR_CREATE_ISSUES`: create an issue for tasks that name none. */
  createIssues: boolean;
  logger: Logger;
}

/** Input of {@link linearIssueForTask}. */
export interface LinearIssueForTaskInput {
  /** The task's `linearIssue`, such as `ENG-123`; unset when the task names none. */
  reference?: string;
  /** Title and Markdown description of an issue created for the task. */
  title: string;
  description: string;
  /** Workflow id of the task, for the log line. */
  taskWorkflowId: string;
}

/**
 * Returns the Linear issue a task works on: the one it names, or a new one when
 * `createIssues` is set. Returns undefined, logging one line, when the task names an issue but
 * `LINEAR_API_KEY` is unset, and without a log line when there is nothing to link.
 */
export async function linearIssueForTask(
  deps: LinearTaskDeps,
  input: LinearIssueForTaskInput,
): Promise<LinearIssue | undefined> {
  if (!input.reference && !deps.createIssues) return undefined;
  if (!deps.tracker) {
    deps.logger.info(
      { taskWorkflowId: input.taskWorkflowId, linearIssue: input.reference },
      'Linear is not configured (LINEAR_API_KEY is unset), so the task is not tracked in Linear',
    );
    return undefined;
  }
  if (input.reference) return findLinearIssue(deps, { reference: input.reference });
  // NOTE: a retry after a create whose response was lost creates a second issue, because
  // Linear's createIssue takes no idempotency key.
  return createLinearIssue(deps, { title: input.title, description: input.description });
}
