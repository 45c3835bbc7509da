import { join } from 'node:path';
import { tail } from '../artifacts';
import type { AgentResult, RunAgentInput } from '../types';
import { buildPrompt } from './prompt';
import { ruleFileSection } from './rule-file';
import {
  agentHome,
  errorResult,
  noResultReason,
  runAgentWith,
  successResult,
  type AgentRunDeps,
  type AgentRunner,
  type RunFacts,
} from './runner';
import { StreamJsonReader } from './stream-json';

export { listChangedFiles } from './runner';

/** Credentials of the Anthropic API, or of a compatible server at `baseUrl`. */
export interface ClaudeCodeCredentials {
  apiKey?: string;
  baseUrl?: string;
}

export type ClaudeCodeDeps = AgentRunDeps & ClaudeCodeCredentials;

/**
 * Runs Claude Code headless in the sandbox and judges the run from its JSON result and the git
 * difference it left, never from the exit code alone: the CLI can exit 0 after an API error.
 */
export async function runClaudeCode(
  deps: ClaudeCodeDeps,
  input: RunAgentInput,
): Promise<AgentResult> {
  return runAgentWith(deps, createClaudeCodeRunner(deps), input);
}

/** Creates the runner of Claude Code's `-p --output-format stream-json` mode. */
export function createClaudeCodeRunner(
  credentials: ClaudeCodeCredentials,
): AgentRunner<StreamJsonReader> {
  return {
    name: 'claude-code',
    // `--dangerously-skip-permissions` and the environment below skip every dialog of Claude
    // Code 2.1.336 in print mode, so no settings file is needed.
    settingsFiles: () => [],
    command: claudeCommand,
    environment: () => claudeEnvironment(credentials),
    createParser: () => new StreamJsonReader(),
    judge: judgeClaudeRun,
  };
}

async function claudeCommand(input: RunAgentInput): Promise<string[]> {
  const cmd = ['claude', '-p', buildPrompt(input)];
  cmd.push('--output-format', 'stream-json', '--verbose', '--dangerously-skip-permissions');
  if (input.model) cmd.push('--model', input.model);
  // `--effort` takes low, medium, high, xhigh or max in Claude Code 2.1.336; the mention
  // parser accepts only those for claude-code.
  if (input.effort) cmd.push('--effort', input.effort);
  // Claude Code reads CLAUDE.md by itself, so only its constraints are repeated here. The
  // organisation's rules and any other repository rule file are handed over whole.
  const rules = await ruleFileSection(input, ['CLAUDE.md']);
  if (rules) cmd.push('--append-system-prompt', rules);
  return cmd;
}

function claudeEnvironment(credentials: ClaudeCodeCredentials): string[] {
  const env = [
    `HOME=${agentHome}`,
    'CI=true',
    'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1',
    'DISABLE_AUTOUPDATER=1',
    'DISABLE_TELEMETRY=1',
    'DISABLE_ERROR_REPORTING=1',
  ];
  if (credentials.apiKey) env.push(`ANTHROPIC_API_KEY=${credentials.apiKey}`);
  if (credentials.baseUrl) env.push(`ANTHROPIC_BASE_URL=${credentials.baseUrl}`);
  return env;
}

function judgeClaudeRun(reader: StreamJsonReader, facts: RunFacts): AgentResult {
  const { result } = reader;
  const base = {
    changedFiles: facts.changedFiles,
    transcriptPath: facts.transcriptPath,
    summary: tail(result?.result?.trim() ?? '', 1000),
    costUsd: result?.total_cost_usd,
    inputTokens: result?.usage?.input_tokens,
    outputTokens: result?.usage?.output_tokens,
  };
  if (!result) return errorResult(base, noResultReason(facts));
  if (result.is_error || result.subtype !== 'success') {
    return errorResult(
      base,
      `the agent reported an error (${result.subtype}): ${tail(result.result ?? '', 500)}`,
    );
  }
  if (reader.deniedWrites.length > 0) {
    const files = [...new Set(reader.deniedWrites)].join(', ');
    return errorResult(
      base,
      `writing ${files} was denied (permission error), so the change is incomplete.`,
    );
  }
  const denied = result.permission_denials ?? [];
  if (denied.length > 0 && facts.changedFiles.length === 0) {
    const tools = [...new Set(denied.map((d) => d.tool_name ?? 'a tool'))].join(', ');
    return errorResult(base, `the agent was denied ${tools} and changed nothing.`);
  }
  return successResult(base);
}
