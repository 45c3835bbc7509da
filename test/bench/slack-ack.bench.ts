import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCatalog } from '../../src/catalog/load';
import { createLogger, type Logger } from '../../src/logger';
import { sampleRepository, sampleScenario } from '../../src/local/sample';
import { findTemporalCli } from '../../src/local/temporal-cli';
import { LocalWorld } from '../../src/local/world';
import { writeWorkflowBundle } from '../../src/temporal/bundle';
import { type AckPhaseResult, runAckPhase, unpolledTaskQueue } from './ack-phase';
import { containersOfWorkflows } from './cleanup';
import { missingBaseBranch } from './mentions';
import type { MentionTimings } from './first-reply';
import { type ReplyPhaseResult, runReplyPhase } from './reply-phase';
import { formatComparison } from './report';
import { summarize } from './stats';

/** Sample sizes and the number of burst requests in flight at once. */
const settings = {
  ackWarmup: 20,
  burstSize: 200,
  concurrency: 10,
  replyWarmup: 3,
  replySamples: 20,
};

const out = (line = '') => process.stdout.write(`${line}\n`);

function describeRun(): void {
  const cpu = cpus();
  out('Deckhand Slack latency benchmark');
  out(
    `Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ` +
      `${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.platform}`,
  );
  out('Setup: loopback only; Slack and GitHub stand-ins; Temporal dev server, in memory.');
  out(
    `Acknowledgement: ${settings.burstSize} signed app_mention events per app, ` +
      `${settings.concurrency} in flight, after ${settings.ackWarmup} warm-up events. ` +
      `Deckhand's app starts each workflow on task queue "${unpolledTaskQueue}", which no worker ` +
      'polls, so the bot runs alone; those workflows are terminated afterwards.',
  );
  out(
    `First reply: ${settings.replySamples} mentions per app, one at a time, alternating, after ` +
      `${settings.replyWarmup} warm-up mentions each. Deckhand's mentions name base branch ` +
      `"${missingBaseBranch}", which does not exist, so each run posts its status message, fails ` +
      'in provisionWorkspace before any container is created, and is waited for until it closes.',
  );
  out();
}

async function runPhases(world: LocalWorld, logger: Logger): Promise<void> {
  const catalog = await loadCatalog(world.config.catalogPath);
  const ack = await runAckPhase({
    world,
    catalog,
    logger,
    warmupCount: settings.ackWarmup,
    burstSize: settings.burstSize,
    concurrency: settings.concurrency,
  });
  out(`Acknowledgement bursts done; terminated ${ack.terminated} unrun workflows.`);
  const reply = await runReplyPhase({
    world,
    logger,
    warmupCount: settings.replyWarmup,
    sampleCount: settings.replySamples,
  });
  const leftover = await containersOfWorkflows(reply.workflowIds);
  out(
    `First-reply samples done; containers left by ${reply.workflowIds.length} Deckhand ` +
      `workflows: ${leftover.length === 0 ? 'none' : leftover.join(', ')}.`,
  );
  out();
  printTables(ack, reply);
}

function printTables(ack: AckPhaseResult, reply: ReplyPhaseResult): void {
  const title = (name: string) => `${name}, Deckhand vs bare Bolt app`;
  const ackMs = (samples: MentionTimings[]) => samples.map((sample) => sample.ackMs);
  const replyMs = (samples: MentionTimings[]) => samples.map((sample) => sample.firstReplyMs);
  const tables = [
    formatComparison({
      title: title(`Acknowledgement time, burst with ${settings.concurrency} in flight`),
      deckhand: summarize(ack.deckhandMs),
      bare: summarize(ack.bareMs),
    }),
    formatComparison({
      title: title('Acknowledgement time, one in flight (the first-reply samples)'),
      deckhand: summarize(ackMs(reply.deckhand)),
      bare: summarize(ackMs(reply.bare)),
    }),
    formatComparison({
      title: title('Mention-to-first-reply time (event sent to first thread reply stored)'),
      deckhand: summarize(replyMs(reply.deckhand)),
      bare: summarize(replyMs(reply.bare)),
    }),
  ];
  out(tables.join('\n\n'));
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  // Without a local CLI the Temporal SDK would download a dev server from the internet.
  if (findTemporalCli(process.env) === undefined) {
    throw new Error(
      'No Temporal CLI found: run scripts/setup/temporal.sh or set TEMPORAL_CLI to its path.',
    );
  }
  describeRun();
  const dataDir = await mkdtemp(join(tmpdir(), 'deckhand-bench-'));
  const logger = createLogger({ level: 'warn', fd: 2 });
  try {
    const workflowBundlePath = await writeWorkflowBundle(join(dataDir, 'workflow-bundle.js'));
    const world = await LocalWorld.start({
      repositories: [sampleRepository],
      scenario: sampleScenario,
      logger,
      dataDir,
      workflowBundlePath,
    });
    try {
      await runPhases(world, logger);
    } finally {
      await world.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  out();
  out(`Total run time: ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
}

main().catch((err: unknown) => {
  process.stderr.write(`The benchmark failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
