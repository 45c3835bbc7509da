import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { BurstRequest, BurstResult } from './burst-sender';

/**
 * Sends the envelopes from a worker thread with at most `concurrency` in flight and returns each
 * request's response time. Rejects if any request fails or the burst outlasts `timeoutMs`.
 */
export async function runBurst(request: BurstRequest & { timeoutMs: number }): Promise<number[]> {
  const { timeoutMs, ...input } = request;
  // tsx's loader hooks (tsx 4.23) do not reach worker threads on Node 20, so the thread
  // registers tsx's CommonJS hook itself before it loads the TypeScript sender.
  const bootstrap = [
    `require(${JSON.stringify(require.resolve('tsx/cjs'))});`,
    `require(${JSON.stringify(join(__dirname, 'burst-sender.ts'))});`,
  ].join('\n');
  const worker = new Worker(bootstrap, { eval: true, workerData: input });
  try {
    const result = await new Promise<BurstResult>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The burst did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
      worker.once('message', (message: BurstResult) => {
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    if (result.failures.length > 0) {
      const first = result.failures[0];
      throw new Error(
        `${result.failures.length} of ${input.envelopes.length} events were not acknowledged. ` +
          `First: ${first?.eventId} got HTTP ${first?.status}: ${first?.body}`,
      );
    }
    return result.durationsMs;
  } finally {
    await worker.terminate();
  }
}
