/** `action_id`s of the buttons on an approval request. */
export const approvalActionIds = {
  approve: 'deckhand_approve',
  requestChanges: 'deckhand_request_changes',
  cancel: 'deckhand_cancel',
} as const;

/** JSON in each approval button's `value`: which workflow and which request it answers. */
export interface ApprovalButtonValue {
  /** The repository task that waits for the decision. */
  workflowId: string;
  /** The whole task, which Cancel cancels. */
  taskWorkflowId: string;
  requestId: string;
}
