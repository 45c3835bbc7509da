import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
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
import { AccessPolicy, userGroupMembersFromClient } from '../slack/access';
import { defaultLinearApiKey, type LinearStandIn } from '../standins/linear';
import { GitHubStandIn, type SeedFile } from '../standins/github';
import { startModelServer, type ModelServer, type Scenario } from '../standins/model';
import {
  buildBlockActionsPayload,
  buildReactionAddedEvent,
  buildThreadMessageEvent,
  sendInteractionPayload,
  buildAppMentionEvent,
  buildEventEnvelope,
  sendEventCallback,
  SlackStandIn,
  type EventCallbackEnvelope,
  type SlackMessage,
} from '../standins/slack';
import {
  buildGlobalShortcutPayload,
  buildBlockSuggestionPayload,
  buildViewBlockActionsPayload,
  type ViewStateInput,
} from '../standins/slack/modal-payloads';
import { buildViewSubmissionPayload } from '../standins/slack/interaction-payloads';
import type { SignedDelivery } from '../standins/slack/signed-sender';
import { buildSlashCommandFields, sendSlashCommand } from '../standins/slack/slash-commands';
import { searchAttributeKeys } from '../temporal/search-attributes';
import { startCodingTask } from '../temporal/task-starter';
import { TaskDirectory } from '../temporal/tasks';
import { SentryApiClient } from '../sentry';
import { SentryStandIn } from '../standins/sentry';
import type { RunStarter } from '../slack/thread-actions';
import { createWorker } from '../temporal/worker';
import { findTemporalCli, readToolsEnv } from './temporal-cli';

/** A repository that the local world seeds on the GitHub stand-in and lists in the catalog. */
export interface LocalRepository {
  slug: string;
  files: Record<string, SeedFile>;
  aliases?: string[];
  setupCommand?: string;
  testCommand?: string;
  /** Repositories whose changes must pass and merge first. */
  dependsOn?: string[];
  /** Sentry projects whose issues this repository fixes. */
  sentryProjects?: string[];
}

export interface LocalWorldOptions {
  repositories: LocalRepository[];
  /** Script that the scripted model plays to Claude Code. */
  scenario: Scenario;
  logger: Logger;
  /** Folder for the catalog, bare repositories, workspaces and artifacts. */
  dataDir: string;
  maxAttempts?: number;
  /** Limit of one agent run, in seconds; 300 when unset. */
  agentTimeoutSeconds?: number;
  /** SQLite file that keeps Temporal's state; in memory when unset. */
  temporalDbFile?: string;
  /** Further environment variables, such as `DECKHAND_APPROVERS`, applied last. */
  environment?: Record<string, string>;
  /** Path of the prebuilt workflow bundle; the worker's default when unset. */
  workflowBundlePath?: string;
  /**
   * A started Linear stand-in that the worker uses, with its default API key and first team.
   * The caller stops it. Without it `LINEAR_API_KEY` is unset, so Linear is off.
   */
  linear?: { standIn: LinearStandIn; teamKey?: string; createIssues?: boolean };
}

/** The channel and person that local mentions come from. */
export const localChannel = { id: 'C0DEMO', name: 'deckhand-demo' } as const;
export const localUser = { id: 'U0ALICE', name: 'alice' } as const;
/** A second person, for tests of who may approve, answer or dispatch. */
export const localSecondUser = { id: 'U0BOB', name: 'bob' } as const;

const signingSecret = 'local-signing-secret';
const githubToken = 'ghp_local_stand_in_token';
const sentryToken = 'sntrys_local_stand_in_token';
/** Client secret of the local Sentry integration, which signs its webhooks. */
export const localSentryWebhookSecret = 'local-sentry-client-secret';

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
    readonly sentry: SentryStandIn,
  ) {}

  static async start(options: LocalWorldOptions): Promise<LocalWorld> {
    const { logger } = options;
    const slack = await SlackStandIn.start({
      channels: [localChannel],
      users: [
        { id: localUser.id, name: localUser.name },
        { id: localSecondUser.id, name: localSecondUser.name },
      ],
    });
    const github = new GitHubStandIn({
      root: join(options.dataDir, 'git'),
      token: githubToken,
      logger,
    });
    await github.start();
    for (const repo of options.repositories) await github.seed(repo.slug, repo.files);
    const model = await startModelServer({ scenario: options.scenario, logger });
    const sentry = new SentryStandIn({ token: sentryToken, logger });
    await sentry.start();
    installRuntimeLogger(logger);
    const temporal = await startTemporal(options);

    const config = loadConfig(
      await worldEnvironment({ options, slack, github, model, temporal, sentry }),
      ['bot', 'worker'],
    );
    const catalog = await loadCatalog(config.catalogPath);
    const clients = createClients(config, logger);
    const worker = await createWorker({
      connection: temporal.nativeConnection,
      bundlePath: options.workflowBundlePath,
      deps: { config, catalog, logger, ...clients },
    });
    const running = worker.run();

    const startRun: RunStarter = (spec, run) =>
      startCodingTask({ client: temporal.client, config, spec, ...run });
    const app = createSlackApp({
      config: config.slack,
      logger,
      catalog,
      startTask: (spec) => startRun(spec),
      // The bot and the worker share this configuration, as both load one environment.
      agentSettings: config,
      features: {
        settings: config,
        tasks: new TaskDirectory(temporal.client),
        temporalClient: temporal.client,
        startRun,
        sentry: new SentryApiClient({ baseUrl: config.sentry.url, authToken: sentryToken, logger }),
      },
    });
    const server = (await app.start(0)) as Server;
    const { port } = server.address() as AddressInfo;
    const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
    return new LocalWorld(
      config,
      slack,
      github,
      model,
      temporal,
      worker,
      running,
      app,
      eventsUrl,
      sentry,
    );
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

  /** Posts a person's reply in a thread and delivers its `message` event. */
  async reply(threadTs: string, text: string, user: string = localUser.id): Promise<string> {
    const message = this.slack.seedMessage({ channel: localChannel.id, user, text, threadTs });
    const event = buildThreadMessageEvent({
      user,
      text,
      channel: localChannel.id,
      threadTs,
      parentUserId: localUser.id,
      ts: message.ts,
    });
    await this.deliver(buildEventEnvelope({ event }));
    return message.ts;
  }

  /** Delivers a `reaction_added` event for a reaction on a message of the local channel. */
  async react(ts: string, reaction: string, user: string = localUser.id): Promise<void> {
    const reacted = this.slack.thread(localChannel.id, ts)[0];
    const event = buildReactionAddedEvent({
      user,
      reaction,
      itemUser: reacted?.user ?? localUser.id,
      channel: localChannel.id,
      ts,
    });
    await this.deliver(buildEventEnvelope({ event }));
  }

  /**
   * Presses a button of a message in the local channel: finds the element by `action_id` in the
   * message's blocks and delivers the signed `block_actions` payload.
   */
  async press(messageTs: string, actionId: string, user: string = localUser.id): Promise<void> {
    await this.pressMessage(
      this.slack.workspace.findMessage(localChannel.id, messageTs),
      actionId,
      user,
    );
  }

  /** Presses a button of a message as it was when copied, as a stale Slack client would. */
  async pressMessage(
    message: SlackMessage,
    actionId: string,
    user: string = localUser.id,
    stateValues?: Record<string, Record<string, unknown>>,
  ): Promise<void> {
    const messageTs = message.ts;
    const blocks = (message.blocks ?? []) as {
      block_id?: string;
      elements?: { action_id?: string; value?: string }[];
    }[];
    const block = blocks.find((b) => b.elements?.some((e) => e.action_id === actionId));
    const element = block?.elements?.find((e) => e.action_id === actionId);
    if (!block || !element) throw new Error(`Message ${messageTs} has no button ${actionId}`);
    const payload = buildBlockActionsPayload({
      user: { id: user, username: user },
      channel: localChannel,
      message,
      actionId,
      blockId: block.block_id ?? '',
      value: element.value,
      triggerId: this.slack.issueTriggerId(),
      responseUrl: this.slack.responseUrl(),
      stateValues,
    });
    const delivery = await sendInteractionPayload({ url: this.eventsUrl, signingSecret, payload });
    if (delivery.status !== 200) {
      throw new Error(
        `The Bolt app responded to the action with HTTP ${delivery.status}: ${delivery.body}`,
      );
    }
  }

  /** Runs a global shortcut; returns its trigger id, which a test finds in `views.open`. */
  async runShortcut(callbackId: string, user: string = localUser.id): Promise<string> {
    const triggerId = this.slack.issueTriggerId();
    const payload = buildGlobalShortcutPayload({
      user: { id: user, username: user },
      callbackId,
      triggerId,
    });
    await this.sendInteraction(payload);
    return triggerId;
  }

  /** Runs a slash command in the local channel; returns its trigger id and the app's response. */
  async runSlashCommand(
    command: string,
    text: string,
    user: string = localUser.id,
  ): Promise<{ triggerId: string; delivery: SignedDelivery }> {
    const triggerId = this.slack.issueTriggerId();
    const fields = buildSlashCommandFields({
      command,
      text,
      user: { id: user, name: user },
      channel: localChannel,
      triggerId,
      responseUrl: this.slack.responseUrl(),
    });
    const delivery = await sendSlashCommand({ url: this.eventsUrl, signingSecret, fields });
    return { triggerId, delivery };
  }

  /**
   * Changes an input of the open modal `viewId` that has `dispatch_action`: delivers the
   * `block_actions` payload with the view's state set to `values`.
   */
  async changeViewInput(options: {
    viewId: string;
    values: ViewStateInput;
    blockId: string;
    actionId: string;
    user?: string;
  }): Promise<void> {
    const user = options.user ?? localUser.id;
    const payload = buildViewBlockActionsPayload({
      ...options,
      user: { id: user, username: user },
      view: this.openView(options.viewId),
      triggerId: this.slack.issueTriggerId(),
    });
    await this.sendInteraction(payload);
  }

  /** Types `value` into an external select of the open modal; the response lists the options. */
  async suggestOptions(options: {
    viewId: string;
    blockId: string;
    actionId: string;
    value: string;
    user?: string;
  }): Promise<SignedDelivery> {
    const user = options.user ?? localUser.id;
    const payload = buildBlockSuggestionPayload({
      ...options,
      user: { id: user, username: user },
      view: this.openView(options.viewId),
    });
    return this.sendInteraction(payload);
  }

  /** Submits the open modal `viewId`; the response body contains any `response_action`. */
  async submitView(
    viewId: string,
    values: ViewStateInput,
    user: string = localUser.id,
  ): Promise<SignedDelivery> {
    const payload = buildViewSubmissionPayload({
      user: { id: user, username: user },
      view: this.openView(viewId),
      values,
    });
    return this.sendInteraction(payload);
  }

  private openView(viewId: string) {
    const view = this.slack.views.get(viewId);
    if (view === undefined) throw new Error(`The Slack stand-in has no open view ${viewId}`);
    return view;
  }

  private async sendInteraction(payload: Record<string, unknown>): Promise<SignedDelivery> {
    const delivery = await sendInteractionPayload({ url: this.eventsUrl, signingSecret, payload });
    if (delivery.status !== 200) {
      throw new Error(
        `The Bolt app responded to the ${String(payload.type)} payload with HTTP ${delivery.status}: ${delivery.body}`,
      );
    }
    return delivery;
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
        `The Bolt app responded to the event with HTTP ${delivery.status}: ${delivery.body}`,
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
    // Tasks still running when the world stops never reach their cleanup, so their sandboxes
    // are removed here: every Deckhand container whose workspace lies in this world's folder.
    await removeSandboxesUnder(this.config.workspaceDir);
    await this.temporal.teardown();
    await this.model.close();
    await this.github.stop();
    await this.slack.stop();
    await this.sentry.stop();
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
  sentry: SentryStandIn;
  options: LocalWorldOptions;
  slack: SlackStandIn;
  github: GitHubStandIn;
  model: ModelServer;
  temporal: TestWorkflowEnvironment;
}

/** Writes the catalog and returns the environment a deployment would set, aimed at the stand-ins. */
async function worldEnvironment(parts: WorldParts): Promise<NodeJS.ProcessEnv> {
  const { options, slack, github, model, sentry } = parts;
  await mkdir(options.dataDir, { recursive: true });
  const catalogPath = join(options.dataDir, 'catalog.json');
  const catalog = {
    repositories: options.repositories.map((repo) => ({
      slug: repo.slug,
      cloneUrl: github.clonePath(repo.slug),
      aliases: repo.aliases ?? [],
      setupCommand: repo.setupCommand,
      testCommand: repo.testCommand,
      dependsOn: repo.dependsOn ?? [],
      sentryProjects: repo.sentryProjects ?? [],
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
    SENTRY_URL: sentry.baseUrl,
    SENTRY_AUTH_TOKEN: sentryToken,
    SENTRY_WEBHOOK_SECRET: localSentryWebhookSecret,
    DECKHAND_SENTRY_CHANNEL: localChannel.id,
    ...linearEnvironment(options.linear),
    ...options.environment,
  };
}

/** Returns the Linear settings that aim the worker at a local stand-in, or none. */
function linearEnvironment(linear: LocalWorldOptions['linear']): Record<string, string> {
  if (!linear) return {};
  return {
    LINEAR_API_KEY: defaultLinearApiKey,
    LINEAR_API_URL: linear.standIn.apiUrl,
    LINEAR_TEAM_KEY: linear.teamKey ?? 'ENG',
    DECKHAND_LINEAR_CREATE_ISSUES: String(linear.createIssues ?? false),
  };
}

async function removeSandboxesUnder(workspaceDir: string): Promise<void> {
  const docker = new Docker();
  const containers = await docker.listContainers({
    all: true,
    filters: { label: ['dev.deckhand.workflow-id'] },
  });
  const root = resolve(workspaceDir);
  for (const info of containers) {
    if (!info.Mounts.some((mount) => mount.Source.startsWith(`${root}/`))) continue;
    await docker
      .getContainer(info.Id)
      .remove({ force: true })
      .catch(() => undefined);
  }
}
