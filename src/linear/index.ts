export { parseIssueReference } from './reference';
export { pickReviewState, pickStartedState, type WorkflowStateSummary } from './states';
export {
  createLinearClient,
  LinearTracker,
  LinearTrackerError,
  type LinearErrorCode,
  type LinearIssue,
  type StateChange,
} from './tracker';
