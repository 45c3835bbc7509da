/**
 * Choice of the workflow state that an issue moves to. Linear gives every team its own states,
 * so names differ between teams. Each state has a `type` (`triage`, `backlog`, `unstarted`,
 * `started`, `completed`, `canceled`) and a `position` that orders the team's board.
 */

/** The fields of a Linear workflow state that the choice reads. */
export interface WorkflowStateSummary {
  id: string;
  name: string;
  type: string;
  position: number;
}

/** Names that teams commonly give their review state, compared case-insensitively. */
const reviewNames = ['in review', 'review', 'code review', 'in code review'];

function startedStates(states: readonly WorkflowStateSummary[]): WorkflowStateSummary[] {
  return states.filter((state) => state.type === 'started').sort((a, b) => a.position - b.position);
}

/**
 * Picks the state for work in progress: the first `started` state by position that is not a
 * review state, such as `In Progress`. Returns undefined when the team has no `started` state.
 */
export function pickStartedState(
  states: readonly WorkflowStateSummary[],
): WorkflowStateSummary | undefined {
  const started = startedStates(states);
  return started.find((state) => !reviewNames.includes(state.name.toLowerCase())) ?? started[0];
}

/**
 * Picks the state for work waiting on review: a state named like `In Review`, else the last
 * `started` state by position when the team has more than one. Returns undefined when the team
 * has no distinct review state, so the issue stays where it is.
 */
export function pickReviewState(
  states: readonly WorkflowStateSummary[],
): WorkflowStateSummary | undefined {
  const byName = states.find((state) => reviewNames.includes(state.name.toLowerCase()));
  if (byName) return byName;
  const started = startedStates(states);
  return started.length > 1 ? started[started.length - 1] : undefined;
}
