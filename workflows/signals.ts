import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TaskSpec } from '../src/spec/task-spec';
import type { RepositoryProgress } from './types';

/** Sent by a repository task to its parent each time its phase changes. */
export const repositoryProgressed = defineSignal<[RepositoryProgress]>('repositoryProgressed');

/** Returns the latest progress of a repository task. */
export const repositoryStatusQuery = defineQuery<RepositoryProgress>('repositoryStatus');

/** Returns the task's spec, so a follow-up run can reuse it after the task ended. */
export const taskSpecQuery = defineQuery<TaskSpec>('taskSpec');

/** Returns every repository's latest progress and whether the task has ended. */
export const taskStatusQuery = defineQuery<{
  progress: RepositoryProgress[];
  finished?: 'done' | 'failed' | 'cancelled';
}>('taskStatus');

/** Sent by the agent activity to its repository task when the agent starts a new action. */
export const agentProgressed =
  defineSignal<[{ attempt: number; action: string }]>('agentProgressed');
