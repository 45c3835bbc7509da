import { Octokit } from '@octokit/rest';
import { WebClient } from '@slack/web-api';
import Docker from 'dockerode';
import type { Config } from './config';
import { createLinearClient, LinearTracker } from './linear';
import type { Logger } from './logger';
import { slackLogger } from './slack/logger';

/** The outside-service clients a worker needs, each pointed at its configured base URL. */
export interface Clients {
  slack: WebClient;
  octokit: Octokit;
  docker: Docker;
  /** Undefined when `LINEAR_API_KEY` is unset, which turns Linear tracking off. */
  linear?: LinearTracker;
}

export function createClients(config: Config, logger: Logger): Clients {
  const githubLog = logger.child({ component: 'github' });
  return {
    slack: new WebClient(config.slack.botToken, {
      slackApiUrl: config.slack.apiUrl,
      logger: slackLogger(logger),
    }),
    octokit: new Octokit({
      auth: config.github.token,
      baseUrl: config.github.apiUrl.replace(/\/$/, ''),
      userAgent: 'deckhand',
      log: {
        debug: (message: string) => githubLog.debug(message),
        info: (message: string) => githubLog.info(message),
        warn: (message: string) => githubLog.warn(message),
        error: (message: string) => githubLog.error(message),
      },
    }),
    // dockerode reads DOCKER_HOST itself and otherwise uses /var/run/docker.sock.
    docker: new Docker(),
    linear: config.linear.apiKey
      ? new LinearTracker(
          createLinearClient({ apiKey: config.linear.apiKey, apiUrl: config.linear.apiUrl }),
          logger.child({ component: 'linear' }),
        )
      : undefined,
  };
}
