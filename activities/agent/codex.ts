import { tail } from '../artifacts';
import { sandboxWorkdir } from '../sandbox';
import type { AgentResult, RunAgentInput } from '../types';
import { CodexEventReader } from './codex-events';
import { estimateCostUsd } from './prices';
import { buildPrompt } from './prompt';
import { ruleFileSection } from './rule-file';
import {
  agentHome,
  errorResult,
  noResultReason,
  successResult,
  type AgentRunner,
  type RunFacts,
} from './runner';

/** Credentials of the OpenAI API, or of a Responses API server at `baseUrl`. */
export interface CodexCredentials {
  apiKey?: string;
  /** Base URL ending in `/v1`; Codex appends `/responses`. OpenAI's when unset. */
  baseUrl?: string;
}

/** Model of Codex CLI 0.171.0 when none is configured, named here so its price is known. */
export const codexDefaultModel = 'gpt-5.5';
const openAiBaseUrl = 'https://api.openai.com/v1';
const apiKeyVariable = 'OPENAI_API_KEY';

/** Creates the runner of `codex exec --json` (Codex CLI 0.171.0). */
export function createCodexRunner(credentials: CodexCredentials): AgentRunner<CodexEventReader> {
  return {
    name: 'codex',
    settingsFiles: () => [
      { path: `${agentHome}/.codex/config.toml`, content: codexConfig(credentials) },
    ],
    command: codexCommand,
    environment: () => {
      const env = [`HOME=${agentHome}`, 'CI=true', 'NO_COLOR=1'];
      if (credentials.apiKey) env.push(`${apiKeyVariable}=${credentials.apiKey}`);
      return env;
    },
    createParser: () => new CodexEventReader(),
    judge: judgeCodexRun,
  };
}

/**
 * Builds `~/.codex/config.toml`. A custom provider, rather than the built-in `openai` one, is
 * what lets the base URL change, and `wire_api = "responses"` is the only value Codex 0.171.0
 * accepts. The trusted project and the `never` approval policy keep `exec` from asking anything.
 */
export function codexConfig(credentials: CodexCredentials): string {
  const baseUrl = credentials.baseUrl ?? openAiBaseUrl;
  return [
    'model_provider = "deckhand"',
    'approval_policy = "never"',
    'sandbox_mode = "danger-full-access"',
    'check_for_update_on_startup = false',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[model_providers.deckhand]',
    'name = "OpenAI through Deckhand"',
    `base_url = ${JSON.stringify(baseUrl)}`,
    `env_key = "${apiKeyVariable}"`,
    'wire_api = "responses"',
    '',
    `[projects.${JSON.stringify(sandboxWorkdir)}]`,
    'trust_level = "trusted"',
    '',
  ].join('\n');
}

async function codexCommand(input: RunAgentInput): Promise<string[]> {
  const rules = await ruleFileSection(input, ['AGENTS.md']);
  const prompt = rules ? `${buildPrompt(input)}\n\n${rules}` : buildPrompt(input);
  // The container is the sandbox. Codex's own Linux sandbox needs kernel features that a
  // container without capabilities lacks, so it is bypassed rather than left to fail.
  const cmd = ['codex', 'exec', '--json', '--dangerously-bypass-approvals-and-sandbox'];
  cmd.push('--skip-git-repo-check', '--cd', sandboxWorkdir);
  cmd.push('--model', input.model ?? codexDefaultModel);
  if (input.effort) cmd.push('-c', `model_reasoning_effort=${JSON.stringify(input.effort)}`);
  cmd.push('--', prompt);
  return cmd;
}

/** Judges a run from `turn.completed`/`turn.failed`, failed file changes and the git diff. */
export function judgeCodexRun(reader: CodexEventReader, facts: RunFacts): AgentResult {
  const model = facts.input.model ?? codexDefaultModel;
  const usage = reader.usages.reduce(
    (sum, turn) => ({
      inputTokens: sum.inputTokens + (turn.input_tokens ?? 0),
      cachedInputTokens: sum.cachedInputTokens + (turn.cached_input_tokens ?? 0),
      outputTokens: sum.outputTokens + (turn.output_tokens ?? 0),
    }),
    { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 },
  );
  const hasUsage = reader.usages.length > 0;
  const base = {
    changedFiles: facts.changedFiles,
    transcriptPath: facts.transcriptPath,
    summary: tail(reader.lastMessage?.trim() ?? '', 1000),
    inputTokens: hasUsage ? usage.inputTokens : undefined,
    outputTokens: hasUsage ? usage.outputTokens : undefined,
    costUsd: hasUsage ? estimateCostUsd(model, usage) : undefined,
  };
  if (reader.failure !== undefined && !reader.completed) {
    return errorResult(base, `the agent reported an error: ${tail(reader.failure, 500)}`);
  }
  if (!reader.completed) return errorResult(base, noResultReason(facts));
  if (reader.failedChanges.length > 0 && facts.changedFiles.length === 0) {
    const paths = [...new Set(reader.failedChanges)].join(', ');
    return errorResult(base, `the agent's writes to ${paths} failed and it changed nothing.`);
  }
  return successResult(base);
}
