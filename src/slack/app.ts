import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config';
import { captureListenerError } from '../observability/sentry';
import type { Logger } from '../logger';
import type { SentryApiClient } from '../sentry';
import type { Client } from '@temporalio/client';
import type { TaskDirectory } from '../temporal/tasks';
import { AccessPolicy, userGroupMembersFromClient } from './access';
import { registerApprovalHandlers } from './approval-handler';
import { handleMentionCommand } from './channel-commands';
import { registerMergeHandlers } from './merge-handler';
import { slackLogger } from './logger';
import { createMentionHandler, type MentionHandlerDeps } from './mention-handler';
import { registerModalHandlers } from './modal-handler';
import { askForRepositories, registerPickerHandlers } from './picker-handler';
import { registerReactionHandler } from './reaction-handler';
import { sentryFixExists, sentryWebhookRoute } from './sentry-webhook-route';
import type { RunStarter } from './thread-actions';
import { registerThreadHandler } from './thread-handler';

/**
 * Everything beyond @mentions: thread replies, approvals, reactions, channel commands and the
 * Sentry webhook. Without it the app handles only new tasks from mentions.
 */
export interface SlackFeatures {
  settings: Config;
  tasks: TaskDirectory;
  temporalClient: Client;
  startRun: RunStarter;
  sentry?: SentryApiClient;
}

export interface SlackAppOptions extends Omit<MentionHandlerDeps, 'logger'> {
  config: Config['slack'];
  logger: Logger;
  features?: SlackFeatures;
}

/**
 * Creates the Bolt app with the HTTP receiver (Events API over signed requests) or Socket Mode,
 * as configured. The HTTP receiver acknowledges each event before its listener runs.
 */
export function createSlackApp(options: SlackAppOptions): App {
  const { config, features } = options;
  const logger = slackLogger(options.logger);
  const routes = features
    ? [
        sentryWebhookRoute({
          ...features,
          catalog: options.catalog,
          logger: options.logger,
          fixExists: (issueId, check) => sentryFixExists(features.temporalClient, issueId, check),
        }),
      ]
    : [];
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken ?? '',
          logger,
          installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } },
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret ?? '',
          logger,
          processBeforeResponse: false,
          customRoutes: routes,
        });
  const app = new App({
    token: config.botToken,
    receiver,
    logger,
    clientOptions: { slackApiUrl: config.apiUrl },
  });
  const access = features
    ? new AccessPolicy({
        access: features.settings.access,
        lookupUserGroupMembers: userGroupMembersFromClient(app.client),
        logger: options.logger,
      })
    : undefined;
  const shared =
    features && access
      ? {
          ...features,
          access,
          catalog: options.catalog,
          logger: options.logger,
          startTask: features.startRun,
          maySteer: async (userId: string) => (await access.mayDispatch(userId)).allowed,
        }
      : undefined;

  app.event(
    'app_mention',
    createMentionHandler({
      ...options,
      logger: options.logger,
      servesChannel: access ? (channel) => access.servesChannel(channel) : undefined,
      linearTeamKey: features?.settings.linear.teamKey,
      askForRepositories: shared
        ? (request) => askForRepositories(options.catalog, request)
        : options.askForRepositories,
      handleCommand: shared
        ? (mention) => handleMentionCommand(shared, mention)
        : options.handleCommand,
      checkDispatch: access
        ? async (userId) =>
            (await access.mayDispatch(userId)).allowed
              ? undefined
              : 'You may not dispatch Deckhand tasks. Ask an admin to add you to DECKHAND_DISPATCHERS.'
        : options.checkDispatch,
    }),
  );
  if (shared) {
    registerPickerHandlers(app, { ...options, logger: options.logger });
    registerMergeHandlers(app, {
      client: shared.temporalClient,
      taskQueue: shared.settings.temporal.taskQueue,
      tasks: shared.tasks,
      logger: options.logger,
      access: shared.access,
    });
    registerThreadHandler(app, shared);
    registerModalHandlers(app, {
      ...shared,
      dispatchers: shared.settings.access.dispatchers,
      agentSettings: options.agentSettings,
    });
    registerApprovalHandlers(app, {
      tasks: shared.tasks,
      logger: options.logger,
      mayApprove: async (userId, requesterId) =>
        (await shared.access.mayApprove({ userId, requesterId })).allowed,
    });
    registerReactionHandler(app, {
      tasks: shared.tasks,
      access: shared.access,
      logger: options.logger,
      sentryReactions: shared.settings.sentry.reactions,
      sentry: shared.sentry
        ? {
            catalog: options.catalog,
            sentry: shared.sentry,
            startTask: (spec) => shared.startRun(spec),
            logger: options.logger,
            fixExists: (issueId: string) => sentryFixExists(shared.temporalClient, issueId),
          }
        : undefined,
    });
  }
  app.error(async (error) => {
    options.logger.error({ err: error }, 'Slack listener failed');
    captureListenerError(error);
  });
  return app;
}
