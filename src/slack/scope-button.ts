/**
 * `action_id` of the "Scope repositories" button in a task thread. Pressing it opens the scope
 * modal, filled from the thread's task, and the submitted task reports in the same thread. This
 * module imports nothing, so workflow code can build the button.
 */
export const scopeRepositoriesActionId = 'deckhand_scope_repositories';

/** Builds the "Scope repositories" button for an actions block of a task thread message. */
export function scopeRepositoriesButton(): {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string };
} {
  return {
    type: 'button',
    action_id: scopeRepositoriesActionId,
    text: { type: 'plain_text', text: 'Scope repositories' },
  };
}
