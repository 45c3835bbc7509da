import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../logger';
import { sampleMention, sampleRepository, sampleScenario } from '../local/sample';
import { repoRoot } from '../local/temporal-cli';
import { LocalWorld, localChannel } from '../local/world';
import { taskIdsFor } from '../temporal/task-starter';
import { ThreadPrinter } from './thread-printer';

/**
 * Runs one @mention all the way to a pull request on embedded defaults: the Temporal dev server
 * with a SQLite file, the local Docker Engine, and local stand-ins for Slack, GitHub and the
 * model. Prints the Slack thread as it happens.
 */
async function main(): Promise<void> {
  const dataDir = join(repoRoot, '.deckhand/demo');
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const logger = createLogger({ level: 'warn', fd: 2 });
  const out = process.stdout;

  out.write('Starting the local world (Temporal dev server, stand-ins, worker, Bolt app)…\n');
  const world = await LocalWorld.start({
    repositories: [sampleRepository],
    scenario: sampleScenario,
    logger,
    dataDir,
    temporalDbFile: join(dataDir, 'temporal.db'),
  });
  try {
    out.write(`\n[alice] ${sampleMention.replace(/\n/g, '\n    ')}\n\n`);
    const envelope = await world.mention(sampleMention);
    const ts = String(envelope.event.ts);
    const printer = new ThreadPrinter(world.slack, out);
    printer.follow(localChannel.id, ts);

    const ids = taskIdsFor({ teamId: envelope.team_id, channel: localChannel.id, messageTs: ts });
    const results = await world.taskResult(ids.workflowId);
    printer.stop(localChannel.id, ts);

    for (const pr of world.github.pullRequests) {
      out.write(
        `Pull request #${pr.number} on ${pr.owner}/${pr.repo}: ${pr.headRef} -> ${pr.baseRef}\n`,
      );
    }
    out.write(
      `Workflow ${ids.workflowId}: ${results.map((r) => `${r.repository} ${r.outcome}`).join(', ')}\n`,
    );
    out.write(`Logs and transcripts: ${join(dataDir, 'artifacts')}\n`);
  } finally {
    await world.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`The demo failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
