import { defineSignal } from '@temporalio/workflow';
import type { RepositoryProgress } from './types';

/** Sent by a repository task to its parent each time its phase changes. */
export const repositoryProgressed = defineSignal<[RepositoryProgress]>('repositoryProgressed');
