import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { localChannel } from '../../src/local/world';
import {
  type EventCallbackEnvelope,
  sendEventCallback,
  type SlackStandIn,
} from '../../src/standins/slack';
import { seedMention, workflowIdOf } from './mentions';

export interface FirstReplyOptions {
  slack: SlackStandIn;
  eventsUrl: string;
  signingSecret: string;
  /** Time to wait for the first reply before the sample fails, in milliseconds. */
  timeoutMs: number;
}

/** Timings of one mention, in milliseconds from the start of the request. */
export interface MentionTimings {
  /** Until the app's HTTP response (the acknowledgement) was read. */
  ackMs: number;
  /** Until the Slack stand-in stored the first reply in the mention's thread. */
  firstReplyMs: number;
}

/** Sends one new mention and returns its timings and the envelope sent. */
export async function measureFirstReply(
  options: FirstReplyOptions,
): Promise<MentionTimings & { envelope: EventCallbackEnvelope }> {
  const envelope = seedMention(options.slack);
  const ts = String(envelope.event.ts);
  let repliedAt: number | undefined;
  // The stand-in runs this predicate synchronously after each Web API call it handles, so the
  // clock reads the reply's arrival, not the next 25 ms poll.
  const replied = options.slack.waitFor(() => {
    if (repliedAt === undefined && options.slack.thread(localChannel.id, ts).length > 1) {
      repliedAt = performance.now();
    }
    return repliedAt !== undefined;
  }, options.timeoutMs);
  // Marks a timeout that fires while the request is still in flight as handled. The
  // `await replied` below still throws it.
  replied.catch(() => undefined);
  const started = performance.now();
  const delivery = await sendEventCallback({
    url: options.eventsUrl,
    signingSecret: options.signingSecret,
    envelope,
  });
  const ackMs = performance.now() - started;
  if (delivery.status !== 200) {
    throw new Error(
      `The app responded to event ${envelope.event_id} with HTTP ${delivery.status}, expected 200`,
    );
  }
  await replied;
  return { ackMs, firstReplyMs: (repliedAt as number) - started, envelope };
}

/**
 * Measures one Deckhand mention like `measureFirstReply`, then waits for its workflow to close,
 * so the next sample does not share the machine with this task's remaining work. Returns the
 * timings and the workflow id.
 */
export async function measureDeckhandFirstReply(
  options: FirstReplyOptions & { client: Client; closeTimeoutMs: number },
): Promise<MentionTimings & { workflowId: string }> {
  const { envelope, ...timings } = await measureFirstReply(options);
  const workflowId = workflowIdOf(envelope);
  await waitForClose(options.client, workflowId, options.closeTimeoutMs);
  return { ...timings, workflowId };
}

/** Waits for a workflow to close in any way; rejects after `timeoutMs` or if it is still open. */
async function waitForClose(client: Client, workflowId: string, timeoutMs: number): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Workflow ${workflowId} did not close within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    // A failed or cancelled run also counts as closed. describe() below separates a closed run
    // from an error of the result call itself.
    await Promise.race([handle.result().catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
  const { status } = await handle.describe();
  if (status.name === 'RUNNING') {
    throw new Error(`Workflow ${workflowId} is still running after its result call returned`);
  }
}
