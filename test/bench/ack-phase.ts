import type { Catalog } from '../../src/catalog/catalog';
import type { LocalWorld } from '../../src/local/world';
import type { Logger } from '../../src/logger';
import { type DeckhandApp, type RunningApp, startBareApp, startDeckhandApp } from './apps';
import { runBurst } from './burst';
import { terminateWorkflows } from './cleanup';
import { seedMention } from './mentions';
import { waitUntil } from './wait';

/**
 * Task queue of the workflows that the acknowledgement burst starts. No worker polls it, so the
 * burst measures the bot process alone and runs no workflow code, no git and no containers.
 */
export const unpolledTaskQueue = 'deckhand-bench-unpolled';

export interface AckPhaseOptions {
  world: LocalWorld;
  catalog: Catalog;
  logger: Logger;
  warmupCount: number;
  burstSize: number;
  concurrency: number;
}

export interface AckPhaseResult {
  deckhandMs: number[];
  bareMs: number[];
  /** Workflows created on the unpolled queue and terminated afterwards. */
  terminated: number;
}

/**
 * Sends a warm-up burst to both apps, then a measured burst to the bare Bolt app and one to
 * Deckhand's app, and terminates the workflows that Deckhand's app started.
 */
export async function runAckPhase(options: AckPhaseOptions): Promise<AckPhaseResult> {
  const { world } = options;
  const bare = await startBareApp({ slack: world.config.slack, logger: options.logger });
  const deckhand = await startDeckhandApp({
    config: world.config,
    catalog: options.catalog,
    client: world.temporal.client,
    taskQueue: unpolledTaskQueue,
    logger: options.logger,
  });
  let measured: Omit<AckPhaseResult, 'terminated'>;
  let terminated: number;
  try {
    measured = await measureBursts({ ...options, bare, deckhand });
  } finally {
    await bare.stop();
    await deckhand.stop();
    terminated = await terminateWorkflows(world.temporal.client, deckhand.startedWorkflowIds);
  }
  return { ...measured, terminated };
}

/**
 * Runs the bursts. Each measured burst starts only after the previous app has finished the work
 * its events caused (the bare app's replies, Deckhand's workflow starts), so they do not overlap.
 */
async function measureBursts(
  options: AckPhaseOptions & { bare: RunningApp; deckhand: DeckhandApp },
): Promise<Omit<AckPhaseResult, 'terminated'>> {
  const { world, bare, deckhand } = options;
  const sent = { bare: 0, deckhand: 0 };
  const burst = (app: 'bare' | 'deckhand', count: number) => {
    sent[app] += count;
    return runBurst({
      url: options[app].eventsUrl,
      signingSecret: world.config.slack.signingSecret ?? '',
      envelopes: Array.from({ length: count }, () => seedMention(world.slack)),
      concurrency: options.concurrency,
      timeoutMs: 120_000,
    });
  };
  // Only the bare app posts messages in this phase, because no worker runs Deckhand's workflows.
  const bareSettled = () =>
    waitUntil(() => world.slack.calls('chat.postMessage').length >= sent.bare, {
      timeoutMs: 60_000,
      description: `the bare app's ${sent.bare} replies`,
    });
  const deckhandSettled = async () => {
    await waitUntil(
      () => deckhand.startedWorkflowIds.length + deckhand.failedStarts >= sent.deckhand,
      {
        timeoutMs: 60_000,
        description: `Deckhand to start ${sent.deckhand} workflows`,
      },
    );
    if (deckhand.failedStarts > 0) {
      throw new Error(
        `Deckhand's handler failed to start ${deckhand.failedStarts} workflows. The errors are logged on stderr.`,
      );
    }
  };

  await burst('bare', options.warmupCount);
  await burst('deckhand', options.warmupCount);
  await Promise.all([bareSettled(), deckhandSettled()]);
  const bareMs = await burst('bare', options.burstSize);
  await bareSettled();
  const deckhandMs = await burst('deckhand', options.burstSize);
  await deckhandSettled();
  return { deckhandMs, bareMs };
}
