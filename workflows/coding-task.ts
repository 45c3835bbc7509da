import {
  CancellationScope,
  condition,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { TaskPlan } from '../activities/types';
import { quick } from './activities-proxy';
import { forwardFollowUps } from './follow-ups';
import { escapeMrkdwn, renderStatus, renderSummary } from './messages';
import { repositoryProgressed, taskSpecQuery, taskStatusQuery } from './signals';
import { TaskLinear } from './task-linear';
import { finalMergeOrder } from './task-order';
import { skipDependantsOfFailures, startStage } from './task-stages';
import { wrapUpPullRequests } from './task-wrap-up';
import type { CodingTaskInput, RepositoryProgress, RepositoryResult, ThreadRef } from './types';

type Finished = 'done' | 'failed' | 'cancelled';

/**
 * Runs one task. It posts the living status message in the Slack thread, plans the order of its
 * repositories and runs one `repositoryTask` child per repository, stage by stage. Each
 * downstream agent receives its upstream repositories' contracts, and dependants of a failed
 * repository do not start. Progress signals from the children keep the status message current,
 * and a final summary ends the thread. With two or more pull requests it links them to each
 * other and posts the merge order. A Linear issue, when the task has one, follows the task.
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

  const linear = await TaskLinear.start({ spec, workflowId, thread });
  if (plan.outside.length > 0) {
    // The catalog orders these repositories after ones this task leaves out; say so, because
    // their pull requests may need the upstream change to merge first.
    const lines = plan.outside.map(
      ([repo, upstream]) => `• ${repo} depends on ${upstream}, which this task does not include.`,
    );
    await quick.postThreadMessage({
      ...thread,
      key: 'outside-dependencies',
      text: `Note:\n${lines.join('\n')}`,
    });
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
      await skipDependantsOfFailures({ plan, results, progress, thread });
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

  const order = finalMergeOrder({
    plan,
    repositories: spec.repositories.map((repo) => repo.slug),
    results: [...results.values()],
  });
  const ordered = order.mergeOrder.map((slug) => results.get(slug)).filter((r) => r !== undefined);
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
  await wrapUpPullRequests({
    spec,
    thread,
    workflowId,
    ordered,
    order,
    linearIssue: linear.issue,
    offerMerge: allGood,
  });
  await linear.pullRequestsOpen(ordered, spec.title);
  await linear.finished(verdict, ordered);
  return ordered;
}
