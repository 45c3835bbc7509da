import { CatalogError } from './catalog/errors';
import { ConfigError } from './config';
import { ModelRulesError } from './spec/model-rules-file';

/** Raised when a process cannot reach the Temporal server at start-up. */
export class TemporalUnreachableError extends Error {
  override readonly name = 'TemporalUnreachableError';
  readonly code = 'temporal_unreachable';
}

/**
 * Runs `connect` and turns its failure into a message that names the address and the variable
 * to check, because the SDK's own errors do neither.
 */
export async function connectTemporal<T>(address: string, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (err) {
    throw new TemporalUnreachableError(
      `Cannot reach the Temporal server at ${address} (${(err as Error).message.split('\n')[0]}). ` +
        'Start it, or set TEMPORAL_ADDRESS to its host:port.',
    );
  }
}

/**
 * Prints why start-up failed and exits. Mistakes in configuration, the catalog, the model rules
 * or the Temporal address print one message without a stack trace; anything else prints its stack.
 */
export function exitOnStartupError(err: unknown): never {
  const known =
    err instanceof ConfigError ||
    err instanceof CatalogError ||
    err instanceof ModelRulesError ||
    err instanceof TemporalUnreachableError;
  const text = known ? (err as Error).message : String((err as Error)?.stack ?? err);
  process.stderr.write(`${text}\n`);
  process.exit(1);
}
