/**
 * Sentry stand-in for tests: a REST API server on loopback that serves seeded issues and events
 * and stores comments, sample bodies in Sentry's API shapes, and a signed webhook sender.
 */
export {
  SentryStandIn,
  defaultSentryStandInToken,
  type SentryCommentRecord,
  type SentryRecordedRequest,
  type SentryStandInOptions,
} from './server';
export { sampleEvent, sampleIssue, type SampleIssueOptions } from './samples';
export {
  buildIssueWebhookPayload,
  sendSentryWebhook,
  signSentryWebhook,
  type SentryWebhookDelivery,
  type SentryWebhookSendOptions,
} from './webhook-sender';
