import {
  CancellationScope,
  condition,
  executeChild,
  isCancellation,
  ParentClosePolicy,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { TaskPlan } from '../activities/types';
import { quick } from './activities-proxy';
import { forwardFollowUps } from './follow-ups';
import { escapeMrkdwn, renderStatus, renderSummary } from './messages';
import { repositoryTask } from './repository-task';
import { repositoryProgressed, taskSpecQuery, taskStatusQuery } from './signals';
import type { CodingTaskInput, RepositoryProgress, RepositoryResult, ThreadRef } from './types';

type Finished = 'done' | 'failed' | 'cancelled';

/**
 * Runs one task: posts the living status message in the Slack thread, plans the order of its
 * repositories, runs one `repositoryTask` child per repository stage by stage (each downstream
 * agent receives what its upstream repositories changed), keeps the status message current
 * from the children's progress signals, and posts a final summary.
 */
export async function codingTask(input: CodingTaskInput): Promise<RepositoryResult[]> {
  const { workflowId } = workflowInfo();
  const { spec } = input;
  const thread: ThreadRef = { channel: spec.origin.channel, threadTs: spec.origin.threadTs };
  const progress = new Map<string, RepositoryProgress>(
    spec.repositories.map((repo) => [repo.slug, { repository: repo.slug, phase: 'queued' }]),
  );
  let finished: Finished | undefined;
  let changed = false;
  setHandler(repositoryProgressed, (update) => {
    progress.set(update.repository, update);
    changed = true;
  });
  setHandler(taskSpecQuery, () => spec);
  setHandler(taskStatusQuery, () => ({ progress: [...progress.values()], finished }));
  const running = new Set<string>();
  forwardFollowUps({ workflowId, running });

  const render = () => renderStatus({ spec, progress: [...progress.values()], finished });
  const status = await quick.postThreadMessage({ ...thread, key: 'status', ...render() });
  const refreshStatus = async () => {
    changed = false;
    await quick.updateStatus({ ...thread, ts: status.ts, ...render() });
  };

  let plan: TaskPlan;
  try {
    plan = await quick.planTask({
      repositories: spec.repositories.map((repo) => repo.slug),
      dependencies: spec.dependencies,
    });
  } catch (err) {
    finished = 'failed';
    await refreshStatus();
    const reason =
      err instanceof Error
        ? ((err.cause as Error | undefined)?.message ?? err.message)
        : String(err);
    await quick.postThreadMessage({
      ...thread,
      key: 'final',
      text: `Task not started. ${escapeMrkdwn(reason)}`,
    });
    return [];
  }

  const results = new Map<string, RepositoryResult>();
  try {
    for (const stage of plan.stages) {
      const runs = startStage({ input, plan, stage, results, running, workflowId, thread });
      let settled = false;
      const all = Promise.allSettled(runs).then(() => {
        settled = true;
      });
      try {
        while (!settled) {
          await condition(() => changed || settled);
          if (changed) await refreshStatus();
        }
      } catch (err) {
        if (isCancellation(err)) {
          // Children receive the cancellation too; wait until they have removed their
          // sandboxes, because closing this workflow would terminate them before their cleanup.
          await CancellationScope.nonCancellable(() => all);
        }
        throw err;
      }
    }
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(async () => {
        finished = 'cancelled';
        await refreshStatus();
        await quick.postThreadMessage({
          ...thread,
          key: 'final',
          text: 'Task cancelled. Its sandboxes were removed.',
        });
      });
    }
    throw err;
  }

  const ordered = plan.mergeOrder.map((slug) => results.get(slug)).filter((r) => r !== undefined);
  const allGood = ordered.every(
    (result) => result.outcome === 'pull_request' || result.outcome === 'no_changes',
  );
  finished = allGood ? 'done' : 'failed';
  await refreshStatus();
  const verdict = allGood ? 'Task finished.' : 'Task finished with failures.';
  await quick.postThreadMessage({
    ...thread,
    key: 'final',
    text: `${verdict}\n${renderSummary(ordered)}`,
  });
  return ordered;
}

interface StageOptions {
  input: CodingTaskInput;
  plan: TaskPlan;
  stage: string[];
  results: Map<string, RepositoryResult>;
  running: Set<string>;
  workflowId: string;
  thread: ThreadRef;
}

/** Starts the children of one stage; repositories whose upstream did not pass are skipped. */
function startStage(options: StageOptions): Promise<void>[] {
  const { input, plan, stage, results, running, workflowId, thread } = options;
  return stage.map(async (slug) => {
    const upstream = (plan.dependsOn[slug] ?? []).map((up) => results.get(up));
    const blocker = upstream.find(
      (r) => r && r.outcome !== 'pull_request' && r.outcome !== 'no_changes',
    );
    if (blocker) {
      const reason = `It depends on ${blocker.repository}, which ${blocker.outcome === 'skipped' ? 'did not start' : 'failed'}.`;
      results.set(slug, { repository: slug, outcome: 'skipped', attempts: 0, reason });
      await quick.postThreadMessage({
        ...thread,
        key: `${slug}:skipped`,
        text: `*${slug}* did not start. ${reason}`,
      });
      return;
    }
    const repo = input.spec.repositories.find((r) => r.slug === slug);
    const contracts = upstream.map((r) => r?.contract).filter((c): c is string => Boolean(c));
    const spent = [...results.values()].reduce((sum, r) => sum + (r.costUsd ?? 0), 0);
    running.add(slug);
    try {
      const result = await executeChild(repositoryTask, {
        workflowId: `${workflowId}/${slug}`,
        parentClosePolicy: ParentClosePolicy.TERMINATE,
        args: [
          {
            taskId: input.taskId,
            parentWorkflowId: workflowId,
            spec: input.spec,
            repository: slug,
            baseBranch: repo?.baseBranch ?? 'main',
            role: repo?.role,
            testCommand: repo?.testCommand,
            thread,
            maxAttempts: input.maxAttempts,
            approvalTimeoutMinutes: input.approvalTimeoutMinutes,
            upstreamContracts: contracts.length > 0 ? contracts.join('\n\n') : undefined,
            followUp: input.followUp,
            budgetUsd: input.budgetUsd === undefined ? undefined : input.budgetUsd - spent,
          },
        ],
      });
      results.set(slug, result);
    } finally {
      running.delete(slug);
    }
  });
}
