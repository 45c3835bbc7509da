import { z } from 'zod';

/**
 * A number written in decimal. `z.coerce.number()` alone turns an empty value into 0 and
 * accepts `0x50` or `1e3`, which hide typos in an environment file.
 */
const decimal = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number')
  .transform(Number);
const positiveInt = decimal.pipe(z.number().int().positive());

/** An http or https URL; other schemes cannot reach an API. */
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http or https URL' });

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/**
 * Every setting Deckhand reads from the environment. Nothing else in the code base reads
 * `process.env`: processes call {@link loadConfig} once at start-up and pass the result down.
 */
const ConfigSchema = z.object({
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),

  /** Path of the YAML or JSON repository catalog. */
  DECKHAND_CATALOG: z.string().min(1),

  SLACK_MODE: z.enum(['http', 'socket']).default('http'),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  /** App-level token (`xapp-…`), needed only in Socket Mode. */
  SLACK_APP_TOKEN: optionalString,
  /** Web API base URL; change it for GovSlack or a local stand-in. */
  SLACK_API_URL: httpUrl.default('https://slack.com/api/'),
  /** TCP port of the HTTP receiver for Events API and interactivity requests. */
  PORT: decimal.pipe(z.number().int().min(1).max(65535)).default(3000),

  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('deckhand'),

  GITHUB_TOKEN: optionalString,
  /** REST API base URL; change it for GitHub Enterprise Server. */
  GITHUB_API_URL: httpUrl.default('https://api.github.com'),

  ANTHROPIC_API_KEY: optionalString,
  /** Messages API base URL handed to Claude Code; change it for a proxy or gateway. */
  ANTHROPIC_BASE_URL: httpUrl.optional(),

  /** Image every sandbox container starts from. */
  DECKHAND_AGENT_IMAGE: z.string().min(1).default('deckhand-agent:local'),
  /** Docker network mode of sandbox containers: `none`, `host` or a network name. */
  DECKHAND_SANDBOX_NETWORK: z.string().min(1).default('bridge'),
  /** CPU limit of one sandbox container, in cores. */
  DECKHAND_SANDBOX_CPUS: decimal.pipe(z.number().positive()).default(2),
  /** Memory limit of one sandbox container, in MiB. */
  DECKHAND_SANDBOX_MEMORY_MB: positiveInt.default(4096),
  /** Maximum number of processes in one sandbox container. */
  DECKHAND_SANDBOX_PIDS: positiveInt.default(512),
  /** Wall-clock limit of one agent run, in seconds; the watchdog kills the agent after it. */
  DECKHAND_AGENT_TIMEOUT_SECONDS: positiveInt.default(1800),
  /** Wall-clock limit of one test run, in seconds. */
  DECKHAND_TEST_TIMEOUT_SECONDS: positiveInt.default(900),
  /** Agent runs per repository: the first plus retries after failing tests. */
  DECKHAND_MAX_ATTEMPTS: positiveInt.default(3),
  /** Folder on the worker for clones, one sub-folder per task and repository. */
  DECKHAND_WORKSPACE_DIR: z.string().min(1).default('.deckhand/workspaces'),
  /** Folder on the worker for large outputs (test logs, agent transcripts). */
  DECKHAND_ARTIFACT_DIR: z.string().min(1).default('.deckhand/artifacts'),
  /** Minimum gap between two edits of one Slack status message, in milliseconds. */
  DECKHAND_STATUS_INTERVAL_MS: decimal.pipe(z.number().int().min(0)).default(1200),

  OPENAI_API_KEY: optionalString,
  /** Responses API base URL handed to Codex CLI, such as a proxy's. */
  OPENAI_BASE_URL: httpUrl.optional(),
  GEMINI_API_KEY: optionalString,
  /** Gemini API base URL handed to Gemini CLI. */
  GEMINI_BASE_URL: httpUrl.optional(),
  CURSOR_API_KEY: optionalString,
  /** Rule file on the worker that every agent reads before the repository's own. */
  DECKHAND_ORG_RULE_FILE: optionalString,
  /** YAML or JSON file that replaces the default table of model choice. */
  DECKHAND_MODEL_RULES: optionalString,
  /** Spending limit of one task across all repositories and attempts, in US dollars. */
  DECKHAND_TASK_BUDGET_USD: decimal.pipe(z.number().positive()).optional(),

  LINEAR_API_KEY: optionalString,
  /** Linear GraphQL endpoint. */
  LINEAR_API_URL: httpUrl.default('https://api.linear.app/graphql'),
  /** Linear team that issues are created in when a task names none. */
  LINEAR_TEAM_KEY: optionalString,
  /** Create a Linear issue for tasks that name none. */
  DECKHAND_LINEAR_CREATE_ISSUES: z.stringbool().default(false),

  /** Sentry web and API base URL, such as `https://sentry.io` or a self-hosted Sentry. */
  SENTRY_URL: httpUrl.default('https://sentry.io'),
  /** Sentry auth token (bearer) for reading issues and events and posting comments. */
  SENTRY_AUTH_TOKEN: optionalString,
  /** Client secret of the Sentry integration, which signs its webhooks. */
  SENTRY_WEBHOOK_SECRET: optionalString,
  /** Comma-separated reaction names that dispatch a fix from a Sentry alert. */
  DECKHAND_SENTRY_REACTIONS: z.string().default('robot_face,hammer_and_wrench'),
  /** Channel that tasks started from Sentry webhooks report in. */
  DECKHAND_SENTRY_CHANNEL: optionalString,
  /** Comma-separated Sentry levels that webhooks dispatch for, such as `error,fatal`. */
  DECKHAND_SENTRY_LEVELS: z.string().default('error,fatal'),

  /** Comma-separated channel ids Deckhand serves; every channel when unset. */
  DECKHAND_CHANNELS: optionalString,
  /** Comma-separated user or user group ids allowed to dispatch; everyone when unset. */
  DECKHAND_DISPATCHERS: optionalString,
  /** Comma-separated user or user group ids allowed to approve, besides the requester. */
  DECKHAND_APPROVERS: optionalString,
  /** Time an approval request waits before the task ends, in minutes. */
  DECKHAND_APPROVAL_TIMEOUT_MINUTES: positiveInt.default(24 * 60),

  /** DSN that Deckhand reports its own errors to; reporting is off when unset. */
  SENTRY_DSN: optionalString,
});

type RawConfig = z.infer<typeof ConfigSchema>;

/** Validated settings, grouped by the part of Deckhand that uses them. */
export interface Config {
  logLevel: RawConfig['LOG_LEVEL'];
  catalogPath: string;
  slack: {
    mode: 'http' | 'socket';
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    port: number;
  };
  temporal: { address: string; namespace: string; taskQueue: string };
  github: { token?: string; apiUrl: string };
  anthropic: { apiKey?: string; baseUrl?: string };
  sandbox: {
    image: string;
    networkMode: string;
    cpus: number;
    memoryMb: number;
    pidsLimit: number;
    agentTimeoutSeconds: number;
    testTimeoutSeconds: number;
    maxAttempts: number;
  };
  workspaceDir: string;
  artifactDir: string;
  statusIntervalMs: number;
  agents: {
    openaiApiKey?: string;
    openaiBaseUrl?: string;
    geminiApiKey?: string;
    geminiBaseUrl?: string;
    cursorApiKey?: string;
    orgRuleFile?: string;
    modelRulesPath?: string;
    taskBudgetUsd?: number;
  };
  linear: { apiKey?: string; apiUrl: string; teamKey?: string; createIssues: boolean };
  sentry: {
    url: string;
    authToken?: string;
    webhookSecret?: string;
    reactions: string[];
    channel?: string;
    levels: string[];
    dsn?: string;
  };
  access: {
    /** Channels served; undefined means every channel. */
    channels?: string[];
    dispatchers?: string[];
    approvers?: string[];
    approvalTimeoutMinutes: number;
  };
}

/** Raised when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'invalid_config';
}

/** Process that is starting, because each needs its own secrets. */
export type ConfigRole = 'bot' | 'worker';

const requiredByRole: Record<ConfigRole, (keyof RawConfig)[]> = {
  bot: ['SLACK_BOT_TOKEN'],
  worker: ['SLACK_BOT_TOKEN', 'GITHUB_TOKEN', 'ANTHROPIC_API_KEY'],
};

/**
 * Validates `env` and returns the configuration, or throws a {@link ConfigError} that names
 * every missing or invalid variable and says what it expects.
 */
export function loadConfig(env: NodeJS.ProcessEnv, roles: ConfigRole[]): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const value = env[name];
      const shown =
        value === undefined || isSecretName(name) ? '' : ` (got ${JSON.stringify(value)})`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const raw = parsed.data;
  const missing = new Set(roles.flatMap((role) => requiredByRole[role]).filter((key) => !raw[key]));
  if (roles.includes('bot') && raw.SLACK_MODE === 'http' && !raw.SLACK_SIGNING_SECRET) {
    missing.add('SLACK_SIGNING_SECRET');
  }
  if (roles.includes('bot') && raw.SLACK_MODE === 'socket' && !raw.SLACK_APP_TOKEN) {
    missing.add('SLACK_APP_TOKEN');
  }
  if (missing.size > 0) {
    throw new ConfigError(
      `Missing required environment variables: ${[...missing].join(', ')}. ` +
        'Set them in the environment of the process; deploy/deckhand.env.example lists every variable.',
    );
  }
  return toConfig(raw);
}

function toConfig(raw: RawConfig): Config {
  return {
    logLevel: raw.LOG_LEVEL,
    catalogPath: raw.DECKHAND_CATALOG,
    slack: {
      mode: raw.SLACK_MODE,
      botToken: raw.SLACK_BOT_TOKEN,
      signingSecret: raw.SLACK_SIGNING_SECRET,
      appToken: raw.SLACK_APP_TOKEN,
      apiUrl: raw.SLACK_API_URL,
      port: raw.PORT,
    },
    temporal: {
      address: raw.TEMPORAL_ADDRESS,
      namespace: raw.TEMPORAL_NAMESPACE,
      taskQueue: raw.TEMPORAL_TASK_QUEUE,
    },
    github: { token: raw.GITHUB_TOKEN, apiUrl: raw.GITHUB_API_URL },
    anthropic: { apiKey: raw.ANTHROPIC_API_KEY, baseUrl: raw.ANTHROPIC_BASE_URL },
    sandbox: {
      image: raw.DECKHAND_AGENT_IMAGE,
      networkMode: raw.DECKHAND_SANDBOX_NETWORK,
      cpus: raw.DECKHAND_SANDBOX_CPUS,
      memoryMb: raw.DECKHAND_SANDBOX_MEMORY_MB,
      pidsLimit: raw.DECKHAND_SANDBOX_PIDS,
      agentTimeoutSeconds: raw.DECKHAND_AGENT_TIMEOUT_SECONDS,
      testTimeoutSeconds: raw.DECKHAND_TEST_TIMEOUT_SECONDS,
      maxAttempts: raw.DECKHAND_MAX_ATTEMPTS,
    },
    workspaceDir: raw.DECKHAND_WORKSPACE_DIR,
    artifactDir: raw.DECKHAND_ARTIFACT_DIR,
    statusIntervalMs: raw.DECKHAND_STATUS_INTERVAL_MS,
    agents: {
      openaiApiKey: raw.OPENAI_API_KEY,
      openaiBaseUrl: raw.OPENAI_BASE_URL,
      geminiApiKey: raw.GEMINI_API_KEY,
      geminiBaseUrl: raw.GEMINI_BASE_URL,
      cursorApiKey: raw.CURSOR_API_KEY,
      orgRuleFile: raw.DECKHAND_ORG_RULE_FILE,
      modelRulesPath: raw.DECKHAND_MODEL_RULES,
      taskBudgetUsd: raw.DECKHAND_TASK_BUDGET_USD,
    },
    linear: {
      apiKey: raw.LINEAR_API_KEY,
      apiUrl: raw.LINEAR_API_URL,
      teamKey: raw.LINEAR_TEAM_KEY,
      createIssues: raw.DECKHAND_LINEAR_CREATE_ISSUES,
    },
    sentry: {
      url: raw.SENTRY_URL,
      authToken: raw.SENTRY_AUTH_TOKEN,
      webhookSecret: raw.SENTRY_WEBHOOK_SECRET,
      reactions: splitList(raw.DECKHAND_SENTRY_REACTIONS) ?? [],
      channel: raw.DECKHAND_SENTRY_CHANNEL,
      levels: splitList(raw.DECKHAND_SENTRY_LEVELS) ?? [],
      dsn: raw.SENTRY_DSN,
    },
    access: {
      channels: splitList(raw.DECKHAND_CHANNELS),
      dispatchers: splitList(raw.DECKHAND_DISPATCHERS),
      approvers: splitList(raw.DECKHAND_APPROVERS),
      approvalTimeoutMinutes: raw.DECKHAND_APPROVAL_TIMEOUT_MINUTES,
    },
  };
}

function isSecretName(name: string): boolean {
  return /TOKEN|SECRET|KEY|DSN/.test(name);
}

/** Splits a comma-separated list; undefined stays undefined so "unset" differs from "empty". */
function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
