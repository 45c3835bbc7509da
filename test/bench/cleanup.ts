import Docker from 'dockerode';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { sandboxLabels } from '../../activities/sandbox';

/**
 * Terminates workflows that no worker will run. Termination needs no worker, unlike
 * cancellation. Returns how many were still open. Ids that are not found are skipped.
 */
export async function terminateWorkflows(client: Client, workflowIds: string[]): Promise<number> {
  let terminated = 0;
  for (const workflowId of workflowIds) {
    try {
      await client.workflow.getHandle(workflowId).terminate('Deckhand benchmark cleanup');
      terminated += 1;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return terminated;
}

/**
 * Lists containers, running or not, whose workflow label names one of the given `codingTask`
 * workflows or a child of one. Sandboxes carry the id of the `repositoryTask` child, which is the
 * parent's id followed by `/` and the repository slug.
 */
export async function containersOfWorkflows(workflowIds: string[]): Promise<string[]> {
  const belongs = (label: string) =>
    workflowIds.some((id) => label === id || label.startsWith(`${id}/`));
  const containers = await new Docker().listContainers({
    all: true,
    filters: { label: [sandboxLabels.workflowId] },
  });
  return containers
    .filter((info) => belongs(info.Labels[sandboxLabels.workflowId] ?? ''))
    .map((info) => info.Names[0] ?? info.Id);
}
