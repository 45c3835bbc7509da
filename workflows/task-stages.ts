import { executeChild, ParentClosePolicy } from '@temporalio/workflow';
import type { TaskPlan } from '../activities/types';
import { skippedByFailures } from '../src/merge-order';
import { quick } from './activities-proxy';
import { repositoryTask } from './repository-task';
import { upstreamPrompt } from './task-order';
import type { CodingTaskInput, RepositoryProgress, RepositoryResult, ThreadRef } from './types';

export interface StageOptions {
  input: CodingTaskInput;
  plan: TaskPlan;
  stage: string[];
  results: Map<string, RepositoryResult>;
  running: Set<string>;
  workflowId: string;
  thread: ThreadRef;
}

/**
 * Starts one `repositoryTask` child per repository of the stage that has no result yet (a
 * repository skipped because an upstream failed already has one). Each child's agent receives
 * the contracts of the repositories it depends on.
 */
export function startStage(options: StageOptions): Promise<void>[] {
  const { input, plan, stage, results, running, workflowId, thread } = options;
  return stage
    .filter((slug) => !results.has(slug))
    .map(async (slug) => {
      const repo = input.spec.repositories.find((r) => r.slug === slug);
      const upstream = (plan.dependsOn[slug] ?? []).map((up) => results.get(up));
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
              upstreamContracts: upstreamPrompt(slug, upstream),
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

/**
 * Marks every transitive dependant of a failed repository as skipped, so later stages do not
 * start it, and posts in the thread which repository failed and what did not start because of
 * it, once per failed repository.
 */
export async function skipDependantsOfFailures(options: {
  plan: TaskPlan;
  results: Map<string, RepositoryResult>;
  progress: Map<string, RepositoryProgress>;
  thread: ThreadRef;
}): Promise<void> {
  const { plan, results, progress, thread } = options;
  const graph = { repositories: Object.keys(plan.dependsOn), edges: plan.edges };
  const failed = [...results.values()]
    .filter((r) => r.outcome === 'failed' || r.outcome === 'cancelled')
    .map((r) => r.repository);
  for (const slug of failed) {
    const skipped = skippedByFailures(graph, [slug]).filter((s) => !results.has(s));
    if (skipped.length === 0) continue;
    const reason = `It depends on ${slug}, which failed.`;
    for (const dependant of skipped) {
      results.set(dependant, { repository: dependant, outcome: 'skipped', attempts: 0, reason });
      progress.set(dependant, {
        repository: dependant,
        phase: 'queued',
        detail: `not started, because ${slug} failed`,
      });
    }
    await quick.postThreadMessage({
      ...thread,
      key: `${slug}:dependants-skipped`,
      text:
        `*${slug}* failed, so ${skipped.length === 1 ? 'this repository' : 'these repositories'} ` +
        `did not start: ${skipped.map((s) => `*${s}*`).join(', ')}.`,
    });
  }
}
