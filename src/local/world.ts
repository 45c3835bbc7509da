import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { codingTask } from '../../workflows';
import type { RepositoryResult } from '../../workflows/types';
import { Runtime, type Worker } from '@temporalio/worker';
import { temporalLogger } from '../temporal/logger';
import type { App } from '@slack/bolt';
import { loadCatalog } from '../catalog/load';
import { createClients } from '../clients';
import { type Config, loadConfig } from '../config';
import type { Logger } from '../logger';
import { createSlackApp } from '../slack/app';
import { GitHubStandIn, type SeedFile } from '../standins/github';
import { startModelServer, type ModelServer, type Scenario } from '../standins/model';
import {
  buildAppMentionEvent,
  buildEventEnvelope,
  sendEventCallback,
  SlackStandIn,
  type EventCallbackEnvelope,
} from '../standins/slack';
import { searchAttributeKeys } from '../temporal/search-attributes';
import { startCodingTask } from '../temporal/task-starter';
import { createWorker } from '../temporal/worker';
import { findTemporalCli, readToolsEnv } from './temporal-cli';

/** A repository that the local world seeds on the GitHub stand-in and lists in the catalog. */
export interface LocalRepository {
  slug: string;
  files: Record<string, SeedFile>;
  aliases?: string[];
  setupCommand?: string;
  testCommand?: string;
}

export interface LocalWorldOptions {
  repositories: LocalRepository[];
  /** What the scripted model answers Claude Code. */
  scenario: Scenario;
  logger: Logger;
  /** Folder for the catalog, bare repositories, workspaces and artifacts. */
  dataDir: string;
  maxAttempts?: number;
  /** Limit of one agent run, in seconds; 300 when unset. */
  agentTimeoutSeconds?: number;
  /** SQLite file that keeps Temporal's state; in memory when unset. */
  temporalDbFile?: string;
  /** Path of the prebuilt workflow bundle; the worker's default when unset. */
  workflowBundlePath?: string;
}

/** The channel and person that local mentions come from. */
export const localChannel = { id: 'C0DEMO', name: 'deckhand-demo' } as const;
export const localUser = { id: 'U0ALICE', name: 'alice' } as const;

const signingSecret = 'local-signing-secret';
const githubToken = 'ghp_local_stand_in_token';

/**
 * Deckhand wired to local stand-ins: the Temporal dev server, Slack, GitHub and model stand-ins,
 * a worker with the real activities (real git, real Docker, the real agent CLI), and the Bolt app
 * listening for signed events on 127.0.0.1.
 */
export class LocalWorld {
  private constructor(
    readonly config: Config,
    readonly slack: SlackStandIn,
    readonly github: GitHubStandIn,
    readonly model: ModelServer,
    readonly temporal: TestWorkflowEnvironment,
    private readonly worker: Worker,
    private readonly running: Promise<void>,
    private readonly app: App,
    readonly eventsUrl: string,
  ) {}

  static async start(options: LocalWorldOptions): Promise<LocalWorld> {
    const { logger } = options;
    const slack = await SlackStandIn.start({
      channels: [localChannel],
      users: [{ id: localUser.id, name: localUser.name }],
    });
    const github = new GitHubStandIn({
      root: join(options.dataDir, 'git'),
      token: githubToken,
      logger,
    });
    await github.start();
    for (const repo of options.repositories) await github.seed(repo.slug, repo.files);
    const model = await startModelServer({ scenario: options.scenario, logger });
    installRuntimeLogger(logger);
    const temporal = await startTemporal(options);

    const config = loadConfig(await worldEnvironment({ options, slack, github, model, temporal }), [
      'bot',
      'worker',
    ]);
    const catalog = await loadCatalog(config.catalogPath);
    const clients = createClients(config, logger);
    const worker = await createWorker({
      connection: temporal.nativeConnection,
      bundlePath: options.workflowBundlePath,
      deps: { config, catalog, logger, ...clients },
    });
    const running = worker.run();

    const app = createSlackApp({
      config: config.slack,
      logger,
      catalog,
      startTask: (spec) =>
        startCodingTask({
          client: temporal.client,
          config,
          spec,
        }),
    });
    const server = (await app.start(0)) as Server;
    const { port } = server.address() as AddressInfo;
    const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
    return new LocalWorld(config, slack, github, model, temporal, worker, running, app, eventsUrl);
  }

  /**
   * Posts `text` as the local user's message in the local channel, then delivers the signed
   * `app_mention` event for it. Returns the envelope, so a test can redeliver it.
   */
  async mention(text: string): Promise<EventCallbackEnvelope<Record<string, unknown>>> {
    const message = this.slack.seedMessage({ channel: localChannel.id, user: localUser.id, text });
    const event = buildAppMentionEvent({
      user: localUser.id,
      text,
      channel: localChannel.id,
      ts: message.ts,
    });
    const envelope = buildEventEnvelope({ event });
    await this.deliver(envelope);
    return envelope;
  }

  /** Delivers an event envelope, as a redelivery when `retryNum` is set. */
  async deliver(
    envelope: EventCallbackEnvelope<Record<string, unknown>>,
    retryNum?: number,
  ): Promise<void> {
    const delivery = await sendEventCallback({
      url: this.eventsUrl,
      signingSecret,
      envelope,
      retry: retryNum === undefined ? undefined : { num: retryNum, reason: 'http_timeout' },
    });
    if (delivery.status !== 200) {
      throw new Error(
        `The Bolt app answered the event with HTTP ${delivery.status}: ${delivery.body}`,
      );
    }
  }

  /**
   * Waits for the task workflow to end and returns its results. The bot starts the workflow
   * just after it acknowledges the event, so the workflow may not exist yet when this is called.
   */
  async taskResult(workflowId: string, startTimeoutMs = 10_000): Promise<RepositoryResult[]> {
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      try {
        return await this.temporal.client.workflow
          .getHandle<typeof codingTask>(workflowId)
          .result();
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError) || Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async stop(): Promise<void> {
    await this.app.stop().catch(() => undefined);
    this.worker.shutdown();
    await this.running.catch(() => undefined);
    await this.temporal.teardown();
    await this.model.close();
    await this.github.stop();
    await this.slack.stop();
  }
}

/** Sends the Temporal runtime's log lines to `logger`; the runtime takes one per process. */
function installRuntimeLogger(logger: Logger): void {
  try {
    Runtime.install({ logger: temporalLogger(logger) });
  } catch {
    // Already installed by an earlier world in this process; its logger stays.
  }
}

async function startTemporal(options: LocalWorldOptions): Promise<TestWorkflowEnvironment> {
  const cli = findTemporalCli(process.env);
  return TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      dbFilename: options.temporalDbFile,
      searchAttributes: searchAttributeKeys,
      ...(cli ? { executable: { type: 'existing-path' as const, path: cli } } : {}),
    },
  });
}

interface WorldParts {
  options: LocalWorldOptions;
  slack: SlackStandIn;
  github: GitHubStandIn;
  model: ModelServer;
  temporal: TestWorkflowEnvironment;
}

/** Writes the catalog and returns the environment a deployment would set, aimed at the stand-ins. */
async function worldEnvironment(parts: WorldParts): Promise<NodeJS.ProcessEnv> {
  const { options, slack, github, model } = parts;
  await mkdir(options.dataDir, { recursive: true });
  const catalogPath = join(options.dataDir, 'catalog.json');
  const catalog = {
    repositories: options.repositories.map((repo) => ({
      slug: repo.slug,
      cloneUrl: github.clonePath(repo.slug),
      aliases: repo.aliases ?? [],
      setupCommand: repo.setupCommand,
      testCommand: repo.testCommand,
    })),
  };
  await writeFile(catalogPath, JSON.stringify(catalog, null, 2));
  return {
    LOG_LEVEL: 'info',
    DECKHAND_CATALOG: catalogPath,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    TEMPORAL_ADDRESS: parts.temporal.address,
    GITHUB_TOKEN: githubToken,
    GITHUB_API_URL: github.baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-local-scripted-model',
    ANTHROPIC_BASE_URL: model.url,
    DECKHAND_AGENT_IMAGE: readToolsEnv().DECKHAND_AGENT_IMAGE ?? 'deckhand-agent:local',
    // The scripted model listens on the host's loopback, which only host networking reaches.
    DECKHAND_SANDBOX_NETWORK: 'host',
    DECKHAND_SANDBOX_CPUS: '1',
    DECKHAND_SANDBOX_MEMORY_MB: '1024',
    DECKHAND_AGENT_TIMEOUT_SECONDS: String(options.agentTimeoutSeconds ?? 300),
    DECKHAND_TEST_TIMEOUT_SECONDS: '120',
    DECKHAND_MAX_ATTEMPTS: String(options.maxAttempts ?? 3),
    DECKHAND_WORKSPACE_DIR: join(options.dataDir, 'workspaces'),
    DECKHAND_ARTIFACT_DIR: join(options.dataDir, 'artifacts'),
    DECKHAND_STATUS_INTERVAL_MS: '300',
  };
}
