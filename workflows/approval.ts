import { condition, uuid4 } from '@temporalio/workflow';
import { quick } from './activities-proxy';
import type { Decision } from './inbox';
import type { RepositoryRun } from './repository-run';

/** Outcome of an approval request. */
export type ApprovalOutcome =
  | { kind: 'approved'; decision: Decision }
  | { kind: 'changes_requested'; decision: Decision }
  | { kind: 'timed_out' };

/**
 * Posts an approval request with Approve, Request changes and Cancel buttons in the thread and
 * waits for the first valid press, or for the configured time. Cancel cancels the whole task
 * from the bot, so it never reaches this wait as a decision.
 */
export async function awaitApproval(run: RepositoryRun, attempt: number): Promise<ApprovalOutcome> {
  const { input } = run;
  const requestId = uuid4();
  run.inbox.openRequest = requestId;
  run.inbox.decision = undefined;
  await run.report({ phase: 'waiting for approval', attempt });
  const request = await quick.requestApproval({
    ...input.thread,
    key: `${input.repository}:approval-${attempt}`,
    workflowId: run.workflowId,
    taskWorkflowId: input.parentWorkflowId,
    requestId,
    text: `*${input.repository}*: the change on \`${run.workspace.branch}\` is ready. Open the pull request?`,
  });

  const decided = await condition(
    () => run.inbox.decision !== undefined,
    `${input.approvalTimeoutMinutes} minutes`,
  );
  run.inbox.openRequest = undefined;
  const decision = pendingDecision(run);
  if (!decided || decision === undefined) {
    await quick.closeApproval({
      channel: input.thread.channel,
      ts: request.ts,
      text: `No decision within ${input.approvalTimeoutMinutes === 1 ? '1 minute' : `${input.approvalTimeoutMinutes} minutes`}; the request expired.`,
    });
    return { kind: 'timed_out' };
  }
  if (decision.action === 'approve') return { kind: 'approved', decision };
  return { kind: 'changes_requested', decision };
}

/** Reads the decision that a handler stored while the workflow waited. */
function pendingDecision(run: RepositoryRun): Decision | undefined {
  return run.inbox.decision;
}
