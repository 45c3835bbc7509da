import { captureException } from '@sentry/node';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { loadCatalog } from './catalog/load';
import { createClients } from './clients';
import { loadConfig } from './config';
import { connectTemporal, exitOnStartupError } from './startup';
import { createLogger } from './logger';
import { closeErrorReporting, initErrorReporting } from './observability/sentry';
import { temporalLogger } from './temporal/logger';
import { createWorker } from './temporal/worker';

/** Starts a worker: it runs workflows and the activities that clone, run agents and open PRs. */
async function main(): Promise<void> {
  const config = loadConfig(process.env, ['worker']);
  const logger = createLogger({ level: config.logLevel, name: 'deckhand-worker' });
  Runtime.install({ logger: temporalLogger(logger) });
  // Off without SENTRY_DSN; with it, failed activities and uncaught errors are reported.
  initErrorReporting({ dsn: config.sentry.dsn, role: 'worker', logger });
  const catalog = await loadCatalog(config.catalogPath);
  const connection = await connectTemporal(config.temporal.address, () =>
    NativeConnection.connect({ address: config.temporal.address }),
  );
  const worker = await createWorker({
    connection,
    deps: { config, catalog, logger, ...createClients(config, logger) },
  });
  logger.info({ taskQueue: config.temporal.taskQueue }, 'Deckhand worker started');
  await worker.run();
}

main().catch(async (err: unknown) => {
  // Sends a start-up failure, such as an unreachable Temporal server, when reporting has started.
  captureException(err);
  await closeErrorReporting();
  exitOnStartupError(err);
});
