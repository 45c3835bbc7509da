/**
 * Sentry as a task source: recognizing alerts that Sentry's Slack integration posts, reading
 * issues through the Sentry API, building the agent's task, and verifying integration webhooks.
 */
export {
  recognizeSentryAlert,
  type SentryAlert,
  type SentryAlertRecognition,
  type SlackMessageLike,
} from './alert';
export { SentryApiClient, type SentryApiClientOptions, type SentryIssueRef } from './api';
export { SentryApiError, type SentryApiErrorCode } from './errors';
export { parseSentryIssueUrl, type SentryIssueUrl } from './issue-url';
export { repositoriesForSentryProject, type SentryProjectMapping } from './project-mapping';
export {
  buildSentryTask,
  sentryTaskLimits,
  type BuildSentryTaskOptions,
  type SentryTask,
  type SentryTaskResult,
} from './task';
export type * from './types';
export {
  handleSentryWebhook,
  verifySentrySignature,
  type SentryIssueWebhookPayload,
  type SentryWebhookDispatch,
  type SentryWebhookIgnoreCode,
  type SentryWebhookOptions,
  type SentryWebhookResult,
} from './webhook';
