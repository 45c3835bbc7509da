import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { ActivityDeps } from '../../activities';
import { createActivities } from '../../activities';
import {
  channelFromSearchAttributes,
  errorReportingInterceptor,
} from '../observability/activity-interceptor';
import { workflowBundlePath } from './bundle';

export interface WorkerOptions {
  deps: ActivityDeps;
  connection: NativeConnection;
  /** Prebuilt workflow bundle; `npm run build:workflows` writes the default path. */
  bundlePath?: string;
}

/** Creates a worker that runs Deckhand's workflows and activities on the configured task queue. */
export async function createWorker(options: WorkerOptions): Promise<Worker> {
  const { config } = options.deps;
  return Worker.create({
    connection: options.connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...workflowSource(options.bundlePath ?? workflowBundlePath),
    activities: createActivities(options.deps),
    interceptors: {
      // Reports failed activities to Sentry; it does nothing until initErrorReporting runs.
      activity: [
        errorReportingInterceptor({
          lookupChannel: channelFromSearchAttributes(
            new Client({ connection: options.connection, namespace: config.temporal.namespace }),
          ),
          logger: options.deps.logger,
        }),
      ],
    },
  });
}

/**
 * Uses the prebuilt bundle when it exists, and otherwise lets the worker bundle the workflow
 * sources at start-up, which takes a few seconds longer.
 */
function workflowSource(bundlePath: string) {
  if (existsSync(bundlePath)) return { workflowBundle: { codePath: bundlePath } };
  return { workflowsPath: resolve(__dirname, '../../workflows/index.ts') };
}
