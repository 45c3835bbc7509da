import {
  CancellationScope,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { sumUsage } from '../src/cost/budget';
import { quick } from './activities-proxy';
import { runAttempts, runSetup } from './attempts';
import { Inbox } from './inbox';
import { describeWorkspace } from './messages';
import { branchName } from './naming';
import { fail, keepBranch, publish, type Reporter } from './publish';
import type { RepositoryRun } from './repository-run';
import { agentProgressed, repositoryProgressed, repositoryStatusQuery } from './signals';
import type { RepositoryProgress, RepositoryResult, RepositoryTaskInput } from './types';

/**
 * Runs one repository's share of a task: clone, sandbox, agent and tests with retries, an
 * optional approval, push and pull request. The sandbox is removed however the run ends,
 * cancellation included.
 */
export async function repositoryTask(input: RepositoryTaskInput): Promise<RepositoryResult> {
  const { workflowId } = workflowInfo();
  const inbox = new Inbox().listen(input.repository);
  let latest: RepositoryProgress = { repository: input.repository, phase: 'queued' };
  setHandler(repositoryStatusQuery, () => latest);
  setHandler(agentProgressed, async ({ attempt, action }) => {
    if (latest.phase !== 'agent running' || latest.attempt !== attempt) return;
    await reporter.report({ phase: 'agent running', attempt, detail: action });
  });
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  const reporter: Reporter = {
    report: async (progress) => {
      latest = { repository: input.repository, ...progress };
      await parent.signal(repositoryProgressed, latest);
    },
    post: (key, text) =>
      quick.postThreadMessage({ ...input.thread, key: `${input.repository}:${key}`, text }),
  };

  try {
    await reporter.report({ phase: 'cloning' });
    const workspace = await quick.provisionWorkspace({
      taskId: input.taskId,
      repository: input.repository,
      baseBranch: input.baseBranch,
      branch: branchName(input.taskId, input.repository),
      testCommand: input.testCommand,
    });

    await reporter.report({ phase: 'starting sandbox' });
    const sandbox = await quick.startSandbox({
      taskId: input.taskId,
      workflowId,
      repository: input.repository,
      workspacePath: workspace.path,
    });
    await reporter.post('workspace', describeWorkspace(input.repository, workspace));
    const run: RepositoryRun = {
      input,
      workflowId,
      workspace,
      containerId: sandbox.containerId,
      inbox,
      costUsd: 0,
      agentRuns: [],
      ...reporter,
    };

    const setupFailure = await runSetup(run);
    if (setupFailure) return await fail(input, reporter, { attempts: 0, reason: setupFailure });

    const outcome = await runAttempts(run);
    if (outcome.failure) {
      const kept = await keepBranch(run, outcome);
      const where = kept ? ` The agent's last change is on branch \`${workspace.branch}\`.` : '';
      return await fail(input, reporter, {
        attempts: outcome.attempts,
        reason: `${outcome.failure}${where}`,
        costUsd: run.costUsd,
        usage: sumUsage(run.agentRuns),
        branch: kept ? workspace.branch : undefined,
      });
    }
    const result = await publish(run, outcome);
    if (result.outcome !== 'pull_request') return result;
    const contract = await quick.describeChanges({
      workspacePath: workspace.path,
      baseSha: workspace.baseSha,
      repository: input.repository,
    });
    return { ...result, contract };
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => reporter.report({ phase: 'cancelled' }));
      throw err;
    }
    return await fail(input, reporter, { attempts: 0, reason: describeFailure(err) });
  } finally {
    await CancellationScope.nonCancellable(async () => {
      await quick.removeSandbox({ workflowId });
      await quick.removeWorkspace({ taskId: input.taskId, repository: input.repository });
    });
  }
}

/**
 * Returns the innermost message of a failure: an activity failure's own message only says that
 * an activity failed, while its cause says why.
 */
function describeFailure(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
