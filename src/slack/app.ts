import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { slackLogger } from './logger';
import { createMentionHandler, type MentionHandlerDeps } from './mention-handler';

export interface SlackAppOptions extends Omit<MentionHandlerDeps, 'logger'> {
  config: Config['slack'];
  logger: Logger;
}

/**
 * Creates the Bolt app with the HTTP receiver (Events API over signed requests) or Socket Mode,
 * as configured. The HTTP receiver acknowledges each event before its listener runs.
 */
export function createSlackApp(options: SlackAppOptions): App {
  const { config } = options;
  const logger = slackLogger(options.logger);
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken ?? '',
          logger,
          // The receiver's own WebClient calls apps.connections.open. Without these options it
          // calls https://slack.com/api/ and ignores SLACK_API_URL.
          installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } },
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret ?? '',
          logger,
          processBeforeResponse: false,
        });
  const app = new App({
    token: config.botToken,
    receiver,
    logger,
    clientOptions: { slackApiUrl: config.apiUrl },
  });
  app.event('app_mention', createMentionHandler({ ...options, logger: options.logger }));
  app.error(async (error) => {
    options.logger.error({ err: error }, 'Slack listener failed');
  });
  return app;
}
