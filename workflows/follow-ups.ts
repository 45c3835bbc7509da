import { getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import { followUpReceived } from './inbox';

/**
 * Passes each follow-up that reaches the task on to the running repository tasks it is aimed at.
 * A follow-up that arrives when no repository runs is dropped here; the bot starts a follow-up
 * run for a thread whose task has ended.
 */
export function forwardFollowUps(options: { workflowId: string; running: Set<string> }): void {
  setHandler(followUpReceived, async (followUp) => {
    for (const slug of options.running) {
      if (followUp.repository && followUp.repository !== slug) continue;
      await getExternalWorkflowHandle(`${options.workflowId}/${slug}`)
        .signal(followUpReceived, followUp)
        .catch(() => undefined);
    }
  });
}
