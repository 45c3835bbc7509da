import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TaskSpec } from '../spec/task-spec';
import { decide, followUpReceived, type Decision, type FollowUp } from '../../workflows/inbox';
import { taskSpecQuery, taskStatusQuery } from '../../workflows/signals';
import { threadKey, threadValue } from './search-attributes';

/** A task as the Slack side sees it. */
export interface TaskRef {
  /** The newest run in the thread: the task itself, a follow-up run or a retry. */
  workflowId: string;
  running: boolean;
  /** The first run in the thread, whose spec follow-ups and retries start from. */
  rootWorkflowId: string;
}

/** Finds tasks by Slack thread and talks to their workflows. */
export class TaskDirectory {
  constructor(private readonly client: Client) {}

  /**
   * Returns the newest task started in a thread, or undefined. Temporal's visibility store may
   * lag a start by a moment, so a reply sent in the same second as the task may miss it.
   */
  async forThread(channel: string, threadTs: string): Promise<TaskRef | undefined> {
    const query = `${threadKey.name} = '${threadValue(channel, threadTs)}' AND WorkflowType = 'codingTask'`;
    type Run = { workflowId: string; running: boolean; started: number };
    let newest: Run | undefined;
    let oldest: Run | undefined;
    for await (const run of this.client.workflow.list({ query, pageSize: 50 })) {
      const entry = {
        workflowId: run.workflowId,
        running: run.status.name === 'RUNNING',
        started: run.startTime.getTime(),
      };
      if (!newest || entry.started > newest.started) newest = entry;
      if (!oldest || entry.started < oldest.started) oldest = entry;
    }
    if (!newest || !oldest) return undefined;
    return {
      workflowId: newest.workflowId,
      running: newest.running,
      rootWorkflowId: oldest.workflowId,
    };
  }

  /** Lists the running tasks of a channel, newest first. */
  async runningIn(channel: string): Promise<{ workflowId: string; startTime: Date }[]> {
    const query = `DeckhandChannel = '${channel}' AND WorkflowType = 'codingTask' AND ExecutionStatus = 'Running'`;
    const found: { workflowId: string; startTime: Date }[] = [];
    for await (const run of this.client.workflow.list({ query, pageSize: 100 })) {
      found.push({ workflowId: run.workflowId, startTime: run.startTime });
    }
    return found.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
  }

  async spec(workflowId: string): Promise<TaskSpec> {
    return this.client.workflow.getHandle(workflowId).query(taskSpecQuery);
  }

  async status(workflowId: string) {
    return this.client.workflow.getHandle(workflowId).query(taskStatusQuery);
  }

  async sendFollowUp(workflowId: string, followUp: FollowUp): Promise<void> {
    await this.client.workflow.getHandle(workflowId).signal(followUpReceived, followUp);
  }

  /**
   * Delivers a decision on an approval request. Returns `rejected` when the request was already
   * decided or closed, and `finished` when the repository task no longer runs.
   */
  async decide(
    workflowId: string,
    decision: Decision,
  ): Promise<'accepted' | 'rejected' | 'finished'> {
    try {
      await this.client.workflow.getHandle(workflowId).executeUpdate(decide, { args: [decision] });
      return 'accepted';
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return 'rejected';
      if (err instanceof WorkflowNotFoundError) return 'finished';
      throw err;
    }
  }

  /** Requests cancellation; returns false when the task no longer runs. */
  async cancel(workflowId: string): Promise<boolean> {
    try {
      const handle = this.client.workflow.getHandle(workflowId);
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING') return false;
      await handle.cancel();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }
}
