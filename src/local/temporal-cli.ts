import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** Root of the Deckhand checkout, where `scripts/setup` puts its tools. */
export const repoRoot = resolve(__dirname, '../..');

/**
 * Finds a Temporal CLI binary: `TEMPORAL_CLI`, then the one `scripts/setup/temporal.sh` built
 * into `.tools/bin`, then `temporal` on PATH. Returns undefined when there is none, in which
 * case the Temporal SDK downloads its own dev server (this needs internet access).
 */
export function findTemporalCli(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = [
    env.TEMPORAL_CLI,
    readToolsEnv().TEMPORAL_CLI,
    join(repoRoot, '.tools/bin/temporal'),
    ...(env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'temporal')),
  ];
  return candidates.find((path) => path !== undefined && path !== '' && isExecutable(path));
}

/** Reads `KEY=value` lines of `.tools/env`, which `scripts/setup/all.sh` writes. */
export function readToolsEnv(): Record<string, string> {
  try {
    const lines = readFileSync(join(repoRoot, '.tools/env'), 'utf8').split('\n');
    return Object.fromEntries(
      lines
        .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => [match[1], match[2]]),
    );
  } catch {
    return {};
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
