import type { Workspace } from '../activities/types';
import type { AgentUsageReport } from '../src/cost/budget';
import type { Inbox } from './inbox';
import type { RepositoryProgress, RepositoryTaskInput } from './types';

export type Progress = Omit<RepositoryProgress, 'repository'>;

/** Everything the steps of one repository task share once its sandbox runs. */
export interface RepositoryRun {
  input: RepositoryTaskInput;
  workflowId: string;
  workspace: Workspace;
  containerId: string;
  inbox: Inbox;
  /** Sends a phase change to the parent, which renders the status message. */
  report: (progress: Progress) => Promise<void>;
  /** Posts a thread message once per key. */
  post: (key: string, text: string) => Promise<unknown>;
  /** Money spent by this repository's agent runs so far, in US dollars. */
  costUsd: number;
  /** Cost and tokens of each agent run so far, for the final summary. */
  agentRuns: AgentUsageReport[];
}
