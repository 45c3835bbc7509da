/**
 * Polls `condition` every 50 ms until it returns true; rejects with `description` after
 * `timeoutMs`.
 */
export async function waitUntil(
  condition: () => boolean,
  options: { timeoutMs: number; description: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.description}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
