import type { Config } from '../config';
import type { AgentName } from '../spec/task-spec';

/** The command-line program that runs each agent, and whether the agent image installs it. */
export interface AgentCli {
  /** Name used in messages, such as `Codex`. */
  displayName: string;
  /** Executable name inside the sandbox, such as `codex`. */
  command: string;
  /** True when `images/agent/Dockerfile` and `scripts/setup/agent-image.sh` install it. */
  installed: boolean;
}

/**
 * The agent CLIs and which of them the agent image contains. Both image recipes install
 * `claude`, `codex` and `gemini`. Cursor's CLI is in neither, so
 * {@link checkAgentAvailability} rejects Cursor until the image adds it. A unit test compares
 * this table with the two recipes.
 */
export const agentClis: Readonly<Record<AgentName, AgentCli>> = {
  'claude-code': { displayName: 'Claude Code', command: 'claude', installed: true },
  codex: { displayName: 'Codex', command: 'codex', installed: true },
  gemini: { displayName: 'Gemini CLI', command: 'gemini', installed: true },
  cursor: { displayName: 'Cursor', command: 'cursor-agent', installed: false },
};

/** Returns the executable names of the agent CLIs that the agent image contains. */
export function installedAgentCommands(): string[] {
  return Object.values(agentClis)
    .filter((cli) => cli.installed)
    .map((cli) => cli.command);
}

/** Stable codes for the reasons an agent cannot run. */
export type AgentUnavailableCode = 'agent_not_installed' | 'agent_not_configured';

export type AgentAvailability =
  { ok: true } | { ok: false; code: AgentUnavailableCode; message: string };

/** The settings that decide whether an agent can run; a loaded {@link Config} has them all. */
export type AgentSettings = Pick<Config, 'agents' | 'anthropic'>;

/** Environment variable of each agent's API key, and the function that reads the key from the config. */
const apiKeySettings: Readonly<
  Record<AgentName, { variable: string; read: (settings: AgentSettings) => string | undefined }>
> = {
  'claude-code': { variable: 'ANTHROPIC_API_KEY', read: (settings) => settings.anthropic.apiKey },
  codex: { variable: 'OPENAI_API_KEY', read: (settings) => settings.agents.openaiApiKey },
  gemini: { variable: 'GEMINI_API_KEY', read: (settings) => settings.agents.geminiApiKey },
  cursor: { variable: 'CURSOR_API_KEY', read: (settings) => settings.agents.cursorApiKey },
};

export interface CheckAgentOptions {
  agent: AgentName;
  settings: AgentSettings;
  /** The CLI table to check against; tests and a custom image may pass their own. */
  clis?: Readonly<Record<AgentName, AgentCli>>;
}

/**
 * Checks that `agent` can run: its CLI is in the agent image and its API key is set. The
 * failure message is a Slack-ready sentence that names the missing piece and the fix.
 *
 * NOTE: the keys must be checked in the workers' configuration, because the workers start the
 * agents. A bot process whose environment differs from the workers' must run this check in an
 * activity, or it reports the bot's settings instead.
 */
export function checkAgentAvailability(options: CheckAgentOptions): AgentAvailability {
  const cli = (options.clis ?? agentClis)[options.agent];
  if (!cli.installed) {
    return {
      ok: false,
      code: 'agent_not_installed',
      message: `${cli.displayName} is not available: the agent image does not install its CLI (\`${cli.command}\`). Choose another agent, for example \`agent:claude-code\`.`,
    };
  }
  const key = apiKeySettings[options.agent];
  if (!key.read(options.settings)) {
    return {
      ok: false,
      code: 'agent_not_configured',
      message: `${cli.displayName} is not configured: set ${key.variable} on the workers.`,
    };
  }
  return { ok: true };
}
