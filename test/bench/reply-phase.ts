import type { LocalWorld } from '../../src/local/world';
import type { Logger } from '../../src/logger';
import { startBareApp } from './apps';
import { measureDeckhandFirstReply, measureFirstReply, type MentionTimings } from './first-reply';

export interface ReplyPhaseOptions {
  world: LocalWorld;
  logger: Logger;
  warmupCount: number;
  sampleCount: number;
}

export interface ReplyPhaseResult {
  deckhand: MentionTimings[];
  bare: MentionTimings[];
  /** Every `codingTask` workflow this phase started, warm-up included. */
  workflowIds: string[];
}

/**
 * Measures mention-to-first-reply time one mention at a time, alternating between Deckhand (the
 * local world's Bolt app and worker) and the bare Bolt app, after a warm-up of each. Each
 * Deckhand sample waits for its workflow to close before the next sample starts.
 */
export async function runReplyPhase(options: ReplyPhaseOptions): Promise<ReplyPhaseResult> {
  const { world } = options;
  const bare = await startBareApp({ slack: world.config.slack, logger: options.logger });
  const common = {
    slack: world.slack,
    signingSecret: world.config.slack.signingSecret ?? '',
    timeoutMs: 30_000,
  };
  const deckhandOptions = {
    ...common,
    eventsUrl: world.eventsUrl,
    client: world.temporal.client,
    closeTimeoutMs: 60_000,
  };
  const result: ReplyPhaseResult = { deckhand: [], bare: [], workflowIds: [] };
  try {
    for (let i = 0; i < options.warmupCount + options.sampleCount; i++) {
      const deckhand = await measureDeckhandFirstReply(deckhandOptions);
      result.workflowIds.push(deckhand.workflowId);
      const baseline = await measureFirstReply({ ...common, eventsUrl: bare.eventsUrl });
      if (i < options.warmupCount) continue;
      result.deckhand.push({ ackMs: deckhand.ackMs, firstReplyMs: deckhand.firstReplyMs });
      result.bare.push({ ackMs: baseline.ackMs, firstReplyMs: baseline.firstReplyMs });
    }
  } finally {
    await bare.stop();
  }
  return result;
}
