import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import type Docker from 'dockerode';
import { ArtifactStore, tail } from '../artifacts';
import { heartbeatIntervalMs } from '../commands';
import { git } from '../git';
import { execInSandbox, killSandboxProcesses } from '../sandbox';
import type { AgentResult, RunAgentInput } from '../types';
import { buildPrompt } from './prompt';
import { StreamJsonReader, type ClaudeResultEvent } from './stream-json';

export interface ClaudeCodeDeps {
  docker: Docker;
  artifacts: ArtifactStore;
  apiKey?: string;
  baseUrl?: string;
  /** Wall-clock limit of one run, in seconds. */
  timeoutSeconds: number;
}

/** Exit status of GNU `timeout` when the agent ran past its limit. */
const timeoutExitCode = 124;

/**
 * Runs Claude Code headless in the sandbox and judges the run from its JSON result and the git
 * difference it left, never from the exit code alone: the CLI can exit 0 after an API error.
 */
export async function runClaudeCode(
  deps: ClaudeCodeDeps,
  input: RunAgentInput,
): Promise<AgentResult> {
  const context = Context.current();
  const reader = new StreamJsonReader();
  const transcript: string[] = [];
  const transcriptPath = deps.artifacts.pathFor(
    input.taskId,
    input.repository,
    `agent-${input.attempt}.jsonl`,
  );
  const heartbeat = setInterval(
    () => context.heartbeat({ attempt: input.attempt, lastAction: reader.actions.at(-1) }),
    heartbeatIntervalMs,
  );
  const onCancel = () => void killSandboxProcesses(deps.docker, input.containerId);
  context.cancellationSignal.addEventListener('abort', onCancel, { once: true });

  try {
    const exec = await execInSandbox(deps.docker, {
      containerId: input.containerId,
      cmd: await claudeCommand(deps, input),
      env: claudeEnvironment(deps),
      onOutput: (chunk, stream) => {
        transcript.push(chunk);
        if (stream === 'stdout') reader.push(chunk);
      },
      signal: context.cancellationSignal,
    });
    reader.end();
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
    await deps.artifacts.write(transcriptPath, transcript.join(''));
    const changedFiles = await listChangedFiles(input.workspacePath, input.baseSha);
    return judge({
      result: reader.result,
      exitCode: exec.exitCode,
      changedFiles,
      transcriptPath,
      timeoutSeconds: deps.timeoutSeconds,
      stderr: exec.stderr,
    });
  } finally {
    clearInterval(heartbeat);
    context.cancellationSignal.removeEventListener('abort', onCancel);
  }
}

async function claudeCommand(deps: ClaudeCodeDeps, input: RunAgentInput): Promise<string[]> {
  const cmd = [
    'timeout',
    '--kill-after=10s',
    `${deps.timeoutSeconds}s`,
    'claude',
    '-p',
    buildPrompt(input),
  ];
  cmd.push('--output-format', 'stream-json', '--verbose', '--dangerously-skip-permissions');
  if (input.model) cmd.push('--model', input.model);
  // Claude Code reads CLAUDE.md by itself; any other rule file is handed over explicitly.
  if (input.ruleFile && input.ruleFile.path !== 'CLAUDE.md') {
    const rules = await readFile(join(input.workspacePath, input.ruleFile.path), 'utf8');
    cmd.push(
      '--append-system-prompt',
      `The repository's rules, from ${input.ruleFile.path}:\n\n${rules}`,
    );
  }
  return cmd;
}

function claudeEnvironment(deps: ClaudeCodeDeps): string[] {
  const env = [
    'HOME=/home/agent',
    'CI=true',
    'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1',
    'DISABLE_AUTOUPDATER=1',
    'DISABLE_TELEMETRY=1',
    'DISABLE_ERROR_REPORTING=1',
  ];
  if (deps.apiKey) env.push(`ANTHROPIC_API_KEY=${deps.apiKey}`);
  if (deps.baseUrl) env.push(`ANTHROPIC_BASE_URL=${deps.baseUrl}`);
  return env;
}

/** Lists files that differ from the base commit, committed or not, untracked included. */
export async function listChangedFiles(workspacePath: string, baseSha: string): Promise<string[]> {
  const tracked = await git(['diff', '--name-only', baseSha], { cwd: workspacePath });
  const untracked = await git(['ls-files', '--others', '--exclude-standard'], {
    cwd: workspacePath,
  });
  const files = [...tracked.split('\n'), ...untracked.split('\n')].filter((file) => file !== '');
  return [...new Set(files)].sort();
}

interface JudgeInput {
  result?: ClaudeResultEvent;
  exitCode: number;
  changedFiles: string[];
  transcriptPath: string;
  timeoutSeconds: number;
  stderr: string;
}

function judge(input: JudgeInput): AgentResult {
  const { result, changedFiles, transcriptPath } = input;
  const base = {
    changedFiles,
    transcriptPath,
    summary: tail(result?.result?.trim() ?? '', 1000),
    costUsd: result?.total_cost_usd,
    inputTokens: result?.usage?.input_tokens,
    outputTokens: result?.usage?.output_tokens,
  };
  const error = (reason: string): AgentResult => ({ ...base, outcome: 'error', reason });
  if (input.exitCode === timeoutExitCode || input.exitCode === 137) {
    return error(`the agent ran past its ${input.timeoutSeconds} s limit and was stopped.`);
  }
  if (!result) {
    const detail = tail(input.stderr.trim(), 500);
    return error(
      `the agent exited with code ${input.exitCode} without a result${detail ? `: ${detail}` : '.'}`,
    );
  }
  if (result.is_error || result.subtype !== 'success') {
    return error(
      `the agent reported an error (${result.subtype}): ${tail(result.result ?? '', 500)}`,
    );
  }
  const denied = result.permission_denials ?? [];
  if (denied.length > 0 && changedFiles.length === 0) {
    const tools = [...new Set(denied.map((d) => d.tool_name ?? 'a tool'))].join(', ');
    return error(`the agent was denied ${tools} and changed nothing.`);
  }
  return { ...base, outcome: changedFiles.length > 0 ? 'changed' : 'unchanged' };
}
