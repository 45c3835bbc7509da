export {
  GitHubStandIn,
  defaultStandInToken,
  type ContractViolation,
  type GitHubStandInOptions,
  type RecordedRequest,
} from './server';
export { clonePath, seedRepository, type SeedFile, type SeedRepositoryOptions } from './git';
export { OpenApiContract, type OpenApiDescriptionName, type SchemaCheck } from './openapi-contract';
export type { IssueCommentRecord, PullRequestMerge, PullRequestRecord } from './state';
