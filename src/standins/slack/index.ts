/**
 * Slack stand-in for tests: a Web API server speaking Slack's wire formats on loopback, a
 * Socket Mode endpoint, and signed senders and payload builders for the Events API and
 * interactivity.
 */
export { SlackApiError } from './api-error';
export { blockLimits, maxMessageTextLength } from './block-limits';
export type { RecordedCall } from './call-log';
export {
  buildAppMentionEvent,
  buildEventEnvelope,
  buildReactionAddedEvent,
  buildThreadMessageEvent,
  newEventId,
} from './event-payloads';
export type {
  AppMentionOptions,
  EventCallbackEnvelope,
  EventEnvelopeOptions,
  ReactionAddedOptions,
  ThreadMessageOptions,
} from './event-payloads';
export { alertFromAnotherApp } from './fixtures';
export { buildBlockActionsPayload, buildViewSubmissionPayload } from './interaction-payloads';
export type {
  BlockActionsOptions,
  InteractingUser,
  ViewSubmissionOptions,
} from './interaction-payloads';
export { richTextBlockFor } from './rich-text';
export { sendEventCallback, sendInteractionPayload } from './signed-sender';
export { appTokenMethods } from './socket-mode-methods';
export type {
  SocketModeAckFrame,
  SocketModeDisconnect,
  SocketModeDisconnectReason,
  SocketModeEnvelope,
  SocketModeEnvelopeType,
  SocketModeHello,
} from './socket-mode-messages';
export type {
  SocketModeAck,
  SocketModeDelivery,
  SocketModeDeliveryResult,
} from './socket-mode-deliveries';
export { SocketModeServer } from './socket-mode-server';
export type { SocketModeDeliveryOptions } from './socket-mode-server';
export type { SignedDelivery, SigningOptions, SlackRetryReason } from './signed-sender';
export { signSlackRequest } from './signing';
export type { SlackSignatureHeaders } from './signing';
export type * from './types';
export { SlackStandIn } from './web-api-server';
export type { RateLimitPlan, SlackStandInOptions } from './web-api-server';
export { SlackWorkspace, defaultIdentity } from './workspace';
export type { ChannelSeed, MessageSeed, UserSeed } from './workspace';
