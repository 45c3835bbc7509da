import { log } from '@temporalio/workflow';
import type { LinearIssue } from '../src/linear';
import type { TaskSpec } from '../src/spec/task-spec';
import { quick } from './activities-proxy';
import { escapeMrkdwn } from './messages';
import type { RepositoryResult, ThreadRef } from './types';

/**
 * Keeps a task's Linear issue in step with the task: started when work begins, in review once
 * the pull requests are open, each pull request attached, and the final summary as a comment.
 * A Linear failure never fails the task. It is logged and posted once per step in the thread.
 */
export class TaskLinear {
  private constructor(
    private readonly thread: ThreadRef,
    readonly issue: LinearIssue | undefined,
  ) {}

  /** Links or creates the task's issue and moves it to started; does nothing without Linear. */
  static async start(options: {
    spec: TaskSpec;
    workflowId: string;
    thread: ThreadRef;
  }): Promise<TaskLinear> {
    const { spec, thread } = options;
    const issue = await guard(thread, 'link', () =>
      quick.linearIssueForTask({
        reference: spec.linearIssue,
        title: spec.title,
        description: `${spec.instructions}\n\nRequested in Slack by user ${spec.origin.userId}.`,
        taskWorkflowId: options.workflowId,
      }),
    );
    const linear = new TaskLinear(thread, issue);
    if (!issue) return linear;
    await quick.postThreadMessage({
      ...thread,
      key: 'linear-issue',
      text: `Tracking this task in Linear issue <${issue.url}|${escapeMrkdwn(issue.identifier)}>.`,
    });
    await guard(thread, 'start', () => quick.moveLinearIssue({ issueId: issue.id, to: 'started' }));
    return linear;
  }

  /** Attaches the open pull requests and moves the issue to review. */
  async pullRequestsOpen(results: readonly RepositoryResult[], title: string): Promise<void> {
    const issue = this.issue;
    const pullRequests = results.flatMap((result) =>
      result.pullRequest
        ? [{ url: result.pullRequest.url, title: `${result.repository}: ${title}` }]
        : [],
    );
    if (!issue || pullRequests.length === 0) return;
    await guard(this.thread, 'attach', () =>
      quick.attachPullRequestsToLinearIssue({ issueId: issue.id, pullRequests }),
    );
    await guard(this.thread, 'review', () =>
      quick.moveLinearIssue({ issueId: issue.id, to: 'review' }),
    );
  }

  /** Comments the task's final summary on the issue. */
  async finished(verdict: string, results: readonly RepositoryResult[]): Promise<void> {
    const issue = this.issue;
    if (!issue) return;
    const body = [`**Deckhand: ${verdict}**`, '', ...results.map(summaryLine)].join('\n');
    await guard(this.thread, 'comment', () =>
      quick.commentOnLinearIssue({ issueId: issue.id, body }),
    );
  }
}

function summaryLine(result: RepositoryResult): string {
  const name = `\`${result.repository}\``;
  if (result.outcome === 'pull_request') return `- ${name}: ${result.pullRequest?.url}`;
  if (result.outcome === 'no_changes') return `- ${name}: no changes`;
  if (result.outcome === 'skipped') return `- ${name}: not started. ${result.reason ?? ''}`;
  if (result.outcome === 'cancelled') return `- ${name}: cancelled`;
  return `- ${name}: failed. ${(result.reason ?? '').split('\n', 1)[0]}`;
}

/** Runs one Linear step. On failure it logs, posts the reason in the thread and returns undefined. */
async function guard<T>(
  thread: ThreadRef,
  step: string,
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    const reason = innermostMessage(err);
    log.warn('Linear step failed', { step, reason });
    await quick.postThreadMessage({
      ...thread,
      key: `linear-failed-${step}`,
      text: `Linear was not updated (${step}): ${escapeMrkdwn(reason)}`,
    });
    return undefined;
  }
}

function innermostMessage(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
