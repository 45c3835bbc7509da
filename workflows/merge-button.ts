/**
 * The "Merge in order" button that the task posts under its merge order, shared by the workflow
 * that posts it and the Slack handler that receives the press. Pure, without imports.
 */

/** `action_id` of the button. */
export const mergeInOrderActionId = 'deckhand_merge_in_order';

/** One pull request in the button's value, named by repository slug and number. */
export interface MergeButtonPullRequest {
  repository: string;
  number: number;
}

/** JSON in the button's `value`; Slack caps a button value at 2,000 characters. */
export interface MergeButtonValue {
  taskWorkflowId: string;
  /** Pull requests in merge order. */
  pullRequests: MergeButtonPullRequest[];
}

/** Returns the workflow id of the merge of a task; one per task, so a second press starts nothing. */
export function mergeWorkflowIdOf(taskWorkflowId: string): string {
  return `${taskWorkflowId}/merge`;
}
