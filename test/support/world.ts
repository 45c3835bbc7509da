import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { createLogger } from '../../src/logger';
import { LocalWorld, type LocalWorldOptions } from '../../src/local/world';

/** Starts a local world in a fresh temporary folder, logging only warnings and errors. */
export async function startTestWorld(
  options: Omit<LocalWorldOptions, 'logger' | 'dataDir'>,
): Promise<LocalWorld> {
  const dataDir = await mkdtemp(join(tmpdir(), 'deckhand-test-'));
  return LocalWorld.start({ ...options, dataDir, logger: createLogger({ level: 'warn' }) });
}

/** Lists containers, running or not, that carry the task's label. */
export async function containersOfTask(taskId: string): Promise<Docker.ContainerInfo[]> {
  return new Docker().listContainers({
    all: true,
    filters: { label: [`dev.deckhand.task-id=${taskId}`] },
  });
}
