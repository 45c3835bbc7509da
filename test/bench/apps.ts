import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Client } from '@temporalio/client';
import type { Catalog } from '../../src/catalog/catalog';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/logger';
import { createSlackApp } from '../../src/slack/app';
import { slackLogger } from '../../src/slack/logger';
import { startCodingTask } from '../../src/temporal/task-starter';

/** A Bolt app listening on 127.0.0.1 for signed Events API requests. */
export interface RunningApp {
  eventsUrl: string;
  stop(): Promise<void>;
}

async function listen(app: App): Promise<string> {
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}/slack/events`;
}

/**
 * Starts the baseline: a Bolt app with the same receiver settings as Deckhand's (HTTP receiver,
 * acknowledgement before the listener runs) whose `app_mention` listener only replies in the
 * thread through the same Slack stand-in.
 */
export async function startBareApp(options: {
  slack: Config['slack'];
  logger: Logger;
}): Promise<RunningApp> {
  const logger = slackLogger(options.logger);
  const app = new App({
    token: options.slack.botToken,
    receiver: new HTTPReceiver({
      signingSecret: options.slack.signingSecret ?? '',
      logger,
      processBeforeResponse: false,
    }),
    logger,
    clientOptions: { slackApiUrl: options.slack.apiUrl },
  });
  app.event('app_mention', async ({ event, say }) => {
    await say({ text: 'On it.', thread_ts: event.thread_ts ?? event.ts });
  });
  const eventsUrl = await listen(app);
  return {
    eventsUrl,
    stop: async () => {
      await app.stop();
    },
  };
}

/** Deckhand's Bolt app plus the ids of the workflows its handler has started so far. */
export interface DeckhandApp extends RunningApp {
  startedWorkflowIds: string[];
  /** Number of `startCodingTask` calls that threw. */
  failedStarts: number;
}

/**
 * Starts Deckhand's own Bolt app (`createSlackApp`, the real mention handler) with workflows
 * started on `taskQueue`. Pass a queue that no worker polls to measure the bot alone: each
 * workflow is created on the Temporal server and waits there, and nothing runs it.
 */
export async function startDeckhandApp(options: {
  config: Config;
  catalog: Catalog;
  client: Client;
  taskQueue: string;
  logger: Logger;
}): Promise<DeckhandApp> {
  const starts = { startedWorkflowIds: [] as string[], failedStarts: 0 };
  const app = createSlackApp({
    config: options.config.slack,
    logger: options.logger,
    catalog: options.catalog,
    startTask: async (spec) => {
      try {
        const started = await startCodingTask({
          client: options.client,
          config: {
            ...options.config,
            temporal: { ...options.config.temporal, taskQueue: options.taskQueue },
          },
          spec,
        });
        starts.startedWorkflowIds.push(started.workflowId);
        return started;
      } catch (err) {
        starts.failedStarts += 1;
        throw err;
      }
    },
  });
  const eventsUrl = await listen(app);
  return Object.assign(starts, {
    eventsUrl,
    stop: async () => {
      await app.stop();
    },
  });
}
