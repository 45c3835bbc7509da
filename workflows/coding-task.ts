import {
  CancellationScope,
  condition,
  executeChild,
  isCancellation,
  ParentClosePolicy,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { quick } from './activities-proxy';
import { renderStatus, renderSummary } from './messages';
import { repositoryTask } from './repository-task';
import { repositoryProgressed } from './signals';
import type { CodingTaskInput, RepositoryProgress, RepositoryResult } from './types';

/**
 * Runs one task: posts the living status message in the Slack thread, runs one `repositoryTask`
 * child per repository, keeps the status message current from their progress signals, and posts
 * a final summary.
 */
export async function codingTask(input: CodingTaskInput): Promise<RepositoryResult[]> {
  const { workflowId } = workflowInfo();
  const { spec } = input;
  const thread = { channel: spec.origin.channel, threadTs: spec.origin.threadTs };
  const progress = new Map<string, RepositoryProgress>(
    spec.repositories.map((repo) => [repo.slug, { repository: repo.slug, phase: 'queued' }]),
  );
  let changed = false;
  setHandler(repositoryProgressed, (update) => {
    progress.set(update.repository, update);
    changed = true;
  });

  const render = (finished?: 'done' | 'failed' | 'cancelled') =>
    renderStatus({ spec, progress: [...progress.values()], finished });
  const status = await quick.postThreadMessage({ ...thread, key: 'status', ...render() });

  const childRuns = spec.repositories.map((repo) =>
    executeChild(repositoryTask, {
      workflowId: `${workflowId}/${repo.slug}`,
      parentClosePolicy: ParentClosePolicy.TERMINATE,
      args: [
        {
          taskId: input.taskId,
          parentWorkflowId: workflowId,
          spec,
          repository: repo.slug,
          baseBranch: repo.baseBranch,
          thread,
          maxAttempts: input.maxAttempts,
        },
      ],
    }),
  );
  let results: RepositoryResult[] | undefined;
  let failure: unknown;
  Promise.all(childRuns).then(
    (done) => {
      results = done;
    },
    (err: unknown) => {
      failure = err;
    },
  );

  try {
    while (results === undefined && failure === undefined) {
      await condition(() => changed || results !== undefined || failure !== undefined);
      if (changed) {
        changed = false;
        await quick.updateStatus({ ...thread, ts: status.ts, ...render() });
      }
    }
    if (failure !== undefined) throw failure;
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(async () => {
        // Children receive the cancellation too; wait until they have removed their sandboxes,
        // because closing this workflow would terminate them before their cleanup ran.
        await Promise.allSettled(childRuns);
        await quick.updateStatus({ ...thread, ts: status.ts, ...render('cancelled') });
        await quick.postThreadMessage({
          ...thread,
          key: 'final',
          text: 'Task cancelled. Its sandboxes were removed.',
        });
      });
    }
    throw err;
  }

  const finalResults = results ?? [];
  const allGood = finalResults.every((result) => result.outcome !== 'failed');
  await quick.updateStatus({ ...thread, ts: status.ts, ...render(allGood ? 'done' : 'failed') });
  const verdict = allGood ? 'Task finished.' : 'Task finished with failures.';
  await quick.postThreadMessage({
    ...thread,
    key: 'final',
    text: `${verdict}\n${renderSummary(finalResults)}`,
  });
  return finalResults;
}
