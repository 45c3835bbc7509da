export {
  defaultLinearApiKey,
  LinearStandIn,
  type LinearStandInOptions,
  type RecordedOperation,
} from './server';
export {
  defaultWorkflowStates,
  type AttachmentRecord,
  type CommentRecord,
  type IssueRecord,
  type TeamSeed,
  type WorkflowStateType,
} from './state';
