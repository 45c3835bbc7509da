import { sumUsage, type Usage } from '../src/cost/budget';
import { quick } from './activities-proxy';
import type { AttemptsOutcome } from './attempts';
import { firstLine, pullRequestBody } from './messages';
import type { Progress, RepositoryRun } from './repository-run';
import type { RepositoryResult, RepositoryTaskInput } from './types';

export interface Reporter {
  report: (progress: Progress) => Promise<void>;
  post: (key: string, text: string) => Promise<unknown>;
}

/** Ends a repository task as failed, saying why in the thread and in the status message. */
export async function fail(
  input: RepositoryTaskInput,
  reporter: Reporter,
  details: { attempts: number; reason: string; costUsd?: number; usage?: Usage; branch?: string },
): Promise<RepositoryResult> {
  await reporter.report({ phase: 'failed', detail: firstLine(details.reason) });
  await reporter.post('failed', `*${input.repository}* failed. ${details.reason}`);
  return {
    repository: input.repository,
    outcome: 'failed',
    attempts: details.attempts,
    reason: details.reason,
    costUsd: details.costUsd,
    usage: details.usage,
    branch: details.branch,
  };
}

/** Pushes a change that did not pass, so that nothing the agent produced is lost. */
export async function keepBranch(run: RepositoryRun, outcome: AttemptsOutcome): Promise<boolean> {
  if (!outcome.changed) return false;
  const pushed = await quick.commitAndPush({
    repository: run.input.repository,
    workspacePath: run.workspace.path,
    branch: run.workspace.branch,
    baseSha: run.workspace.baseSha,
    message: commitMessage(run.input, outcome),
  });
  return pushed.pushed;
}

/** Commits, pushes and opens or updates the pull request of a passing change. */
export async function publish(
  run: RepositoryRun,
  outcome: AttemptsOutcome,
): Promise<RepositoryResult> {
  const { input, workspace } = run;
  const base = {
    repository: input.repository,
    attempts: outcome.attempts,
    costUsd: run.costUsd,
    usage: sumUsage(run.agentRuns),
  };
  const noChanges = async (): Promise<RepositoryResult> => {
    await run.report({ phase: 'no changes' });
    await run.post('no-changes', `*${input.repository}*: no changes, so no pull request.`);
    return { ...base, outcome: 'no_changes' };
  };
  if (!outcome.changed) return await noChanges();

  await run.report({ phase: 'pushing' });
  const pushed = await quick.commitAndPush({
    repository: input.repository,
    workspacePath: workspace.path,
    branch: workspace.branch,
    baseSha: workspace.baseSha,
    message: commitMessage(input, outcome),
  });
  if (!pushed.pushed) return await noChanges();

  await run.report({ phase: 'opening pull request' });
  const pullRequest = await quick.openPullRequest({
    repository: input.repository,
    branch: workspace.branch,
    baseBranch: input.baseBranch,
    title: input.spec.title,
    body: pullRequestBody({ spec: input.spec, workspace, outcome }),
  });
  await run.report({ phase: 'pull request open', pullRequestUrl: pullRequest.url });
  const sentryIssue = input.spec.sentryIssue;
  if (sentryIssue && !pullRequest.reused) {
    await quick.commentOnSentryIssue({
      issueId: sentryIssue.id,
      text: `Deckhand opened a pull request for this issue: ${pullRequest.url}`,
    });
  }
  const verb = pullRequest.reused ? 'updated' : 'opened';
  await run.post('pull-request', `*${input.repository}*: pull request ${verb}: ${pullRequest.url}`);
  return { ...base, outcome: 'pull_request', pullRequest, branch: workspace.branch };
}

function commitMessage(input: RepositoryTaskInput, outcome: AttemptsOutcome): string {
  const summary = outcome.lastAgent?.summary ? `\n\n${outcome.lastAgent.summary}` : '';
  const subject = input.followUp
    ? `Follow up: ${firstLine(input.followUp.text)}`
    : input.spec.title;
  return `${subject.slice(0, 72)}${summary}\n\nDeckhand task ${input.taskId}`;
}
