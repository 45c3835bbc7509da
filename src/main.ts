import { Client, Connection } from '@temporalio/client';
import { loadCatalog } from './catalog/load';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { createSlackApp } from './slack/app';
import { ensureSearchAttributes } from './temporal/search-attributes';
import { startCodingTask } from './temporal/task-starter';

/** Starts the Slack bot: it parses requests and starts workflows; workers do the work. */
async function main(): Promise<void> {
  const config = loadConfig(process.env, ['bot']);
  const logger = createLogger({ level: config.logLevel, name: 'deckhand-bot' });
  const catalog = await loadCatalog(config.catalogPath);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  await ensureSearchAttributes(connection, config.temporal.namespace);
  const app = createSlackApp({
    config: config.slack,
    logger,
    catalog,
    startTask: (spec) =>
      startCodingTask({
        client,
        config,
        spec,
      }),
  });
  await app.start(config.slack.port);
  logger.info({ mode: config.slack.mode, port: config.slack.port }, 'Deckhand bot started');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : String((err as Error)?.stack ?? err)}\n`,
  );
  process.exit(1);
});
