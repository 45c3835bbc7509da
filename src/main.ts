import { captureException } from '@sentry/node';
import { Client, Connection } from '@temporalio/client';
import { loadCatalog } from './catalog/load';
import { loadConfig } from './config';
import { loadModelRules } from './spec/model-rules-file';
import { createLogger } from './logger';
import { closeErrorReporting, initErrorReporting } from './observability/sentry';
import { SentryApiClient } from './sentry';
import { createSlackApp } from './slack/app';
import type { RunStarter } from './slack/thread-actions';
import { connectTemporal, exitOnStartupError } from './startup';
import { ensureSearchAttributes } from './temporal/search-attributes';
import { startCodingTask } from './temporal/task-starter';
import { TaskDirectory } from './temporal/tasks';

/** Starts the Slack bot: it parses requests and starts workflows; workers do the work. */
async function main(): Promise<void> {
  const config = loadConfig(process.env, ['bot']);
  const logger = createLogger({ level: config.logLevel, name: 'deckhand-bot' });
  // Off without SENTRY_DSN; with it, the SDK's default integrations also report uncaught errors.
  initErrorReporting({ dsn: config.sentry.dsn, role: 'bot', logger });
  const catalog = await loadCatalog(config.catalogPath);
  const modelRules = config.agents.modelRulesPath
    ? await loadModelRules(config.agents.modelRulesPath)
    : undefined;
  const connection = await connectTemporal(config.temporal.address, () =>
    Connection.connect({ address: config.temporal.address }),
  );
  const client = new Client({ connection, namespace: config.temporal.namespace });
  await ensureSearchAttributes(connection, config.temporal.namespace);
  const startRun: RunStarter = (spec, run) => startCodingTask({ client, config, spec, ...run });
  const sentry = config.sentry.authToken
    ? new SentryApiClient({
        baseUrl: config.sentry.url,
        authToken: config.sentry.authToken,
        logger,
      })
    : undefined;

  const app = createSlackApp({
    config: config.slack,
    logger,
    catalog,
    startTask: (spec) => startRun(spec),
    agentSettings: config,
    modelRules,
    features: {
      settings: config,
      tasks: new TaskDirectory(client),
      temporalClient: client,
      startRun,
      sentry,
    },
  });
  await app.start(config.slack.port);
  logger.info({ mode: config.slack.mode, port: config.slack.port }, 'Deckhand bot started');
}

main().catch(async (err: unknown) => {
  // Sends a start-up failure, such as an unreachable Temporal server, when reporting has started.
  captureException(err);
  await closeErrorReporting();
  exitOnStartupError(err);
});
