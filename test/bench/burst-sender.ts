import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { sendEventCallback, type EventCallbackEnvelope } from '../../src/standins/slack';

/** Input of the sender thread, passed as `workerData`. */
export interface BurstRequest {
  url: string;
  signingSecret: string;
  envelopes: EventCallbackEnvelope[];
  /** Maximum number of requests in flight at once. */
  concurrency: number;
}

/** Output of the sender thread: one entry per envelope, in the order given. */
export interface BurstResult {
  /** Time from the start of signing to the end of the response body, in milliseconds. */
  durationsMs: number[];
  /** Requests that did not end in HTTP 200, with the status (0 for a network error) and body. */
  failures: Array<{ eventId: string; status: number; body: string }>;
}

async function sendAll(request: BurstRequest): Promise<BurstResult> {
  const durationsMs = new Array<number>(request.envelopes.length).fill(Number.NaN);
  const failures: BurstResult['failures'] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < request.envelopes.length) {
      const index = next++;
      const envelope = request.envelopes[index] as EventCallbackEnvelope;
      const started = performance.now();
      const delivery = await sendEventCallback({
        url: request.url,
        signingSecret: request.signingSecret,
        envelope,
      }).catch((err: unknown) => ({ status: 0, body: String(err) }));
      durationsMs[index] = performance.now() - started;
      if (delivery.status !== 200) {
        failures.push({ eventId: envelope.event_id, status: delivery.status, body: delivery.body });
      }
    }
  };
  const lanes = Math.min(request.concurrency, request.envelopes.length);
  await Promise.all(Array.from({ length: lanes }, lane));
  return { durationsMs, failures };
}

// Runs in a worker thread, so the app's work on the main thread's event loop does not block this
// clock or HTTP client. Both threads still share the machine's cores.
// A rejection is unhandled here, which makes the thread emit `error` to `runBurst`.
void sendAll(workerData as BurstRequest).then((result) => parentPort?.postMessage(result));
