import { posix } from 'node:path';
import { Context } from '@temporalio/activity';
import type Docker from 'dockerode';
import type { AgentName } from '../../src/spec/task-spec';
import { ArtifactStore, tail } from '../artifacts';
import { heartbeatIntervalMs } from '../commands';
import { git } from '../git';
import { execInSandbox, killSandboxProcesses } from '../sandbox';
import type { AgentResult, RunAgentInput } from '../types';
import { agentProgressed } from '../../workflows/signals';

/** Home folder of the agent user in the sandbox image, where every CLI keeps its settings. */
export const agentHome = '/home/agent';

/** Exit status of GNU `timeout` when the agent ran past its limit. */
const timeoutExitCode = 124;
/** Exit status of a process killed with SIGKILL, which `timeout --kill-after` sends last. */
const killedExitCode = 137;

/** Clients and limits that every runner shares. */
export interface AgentRunDeps {
  docker: Docker;
  artifacts: ArtifactStore;
  /** Wall-clock limit of one run, in seconds. */
  timeoutSeconds: number;
}

/** A settings file written into the sandbox, as the agent user, before the CLI starts. */
export interface SettingsFile {
  /** Absolute path inside the container, under {@link agentHome}. */
  path: string;
  content: string;
}

/** Incremental reader of a CLI's standard output. */
export interface AgentOutputParser {
  push(chunk: string): void;
  /** Reads whatever is left after the output ends, such as a last line without a newline. */
  end(): void;
  /** Short descriptions of the agent's tool calls, newest last, for heartbeats and status. */
  readonly actions: string[];
}

/** Facts about a finished run, for the runner to judge. */
export interface RunFacts {
  input: RunAgentInput;
  exitCode: number;
  stderr: string;
  /** Files that differ from the base commit, untracked ones included. */
  changedFiles: string[];
  transcriptPath: string;
}

/**
 * One coding-agent CLI: how to start it headless and how to read its output. The shared driver
 * {@link runAgentWith} closes stdin, enforces the time limit, heartbeats, stores the transcript
 * and judges a watchdog stop itself, so runners judge only runs that ended on their own.
 */
export interface AgentRunner<Parser extends AgentOutputParser = AgentOutputParser> {
  name: AgentName;
  /** Files that skip first-run, trust and login dialogs, written before every run. */
  settingsFiles(input: RunAgentInput): SettingsFile[];
  /** The CLI's argument vector, without the `timeout` wrapper. */
  command(input: RunAgentInput): Promise<string[]>;
  /** `NAME=value` entries for the exec; API keys travel only here, never in files or arguments. */
  environment(input: RunAgentInput): string[];
  createParser(): Parser;
  /**
   * Judges a run from the CLI's own result and error events and the changed files. A clean exit
   * code is never enough, because the CLIs can exit 0 after an API error.
   */
  judge(parser: Parser, facts: RunFacts): AgentResult;
}

/** Runners by agent name; a missing entry means the agent is not configured on this worker. */
export type AgentRegistry = Partial<Record<AgentName, AgentRunner>>;

/** Runs the agent that `input.agent` names, with the runner from `registry`. */
export async function runAgent(
  deps: AgentRunDeps & { registry: AgentRegistry },
  input: RunAgentInput,
): Promise<AgentResult> {
  const runner = deps.registry[input.agent];
  if (!runner) {
    const known = Object.keys(deps.registry).join(', ');
    throw new Error(`agent "${input.agent}" has no runner on this worker (configured: ${known})`);
  }
  return runAgentWith(deps, runner, input);
}

/**
 * Runs one CLI headless in the sandbox: writes its settings, starts it under `timeout` with stdin
 * closed, heartbeats the last action, kills the sandbox's processes when the activity is
 * cancelled, stores the transcript and judges the result.
 */
export async function runAgentWith<Parser extends AgentOutputParser>(
  deps: AgentRunDeps,
  runner: AgentRunner<Parser>,
  input: RunAgentInput,
): Promise<AgentResult> {
  const context = Context.current();
  const parser = runner.createParser();
  const transcript: string[] = [];
  const transcriptPath = deps.artifacts.pathFor(
    input.taskId,
    input.repository,
    `agent-${input.attempt}.jsonl`,
  );
  const progress = progressReporter(context, input.attempt);
  const heartbeat = setInterval(() => {
    const lastAction = parser.actions.at(-1);
    context.heartbeat({ attempt: input.attempt, lastAction });
  }, heartbeatIntervalMs);
  const onCancel = () => void killSandboxProcesses(deps.docker, input.containerId);
  context.cancellationSignal.addEventListener('abort', onCancel, { once: true });

  try {
    await writeSettingsFiles(deps.docker, input.containerId, runner.settingsFiles(input));
    const exec = await execInSandbox(deps.docker, {
      containerId: input.containerId,
      cmd: withWatchdog(deps.timeoutSeconds, await runner.command(input)),
      env: runner.environment(input),
      onOutput: (chunk, stream) => {
        transcript.push(chunk);
        if (stream === 'stdout') {
          parser.push(chunk);
          progress.report(parser.actions.at(-1));
        }
      },
      signal: context.cancellationSignal,
    });
    parser.end();
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
    await deps.artifacts.write(transcriptPath, transcript.join(''));
    const changedFiles = await listChangedFiles(input.workspacePath, input.baseSha);
    if (exec.exitCode === timeoutExitCode || exec.exitCode === killedExitCode) {
      return {
        outcome: 'error',
        reason: `the agent ran past its ${deps.timeoutSeconds} s limit and was stopped.`,
        summary: '',
        changedFiles,
        transcriptPath,
      };
    }
    const facts = {
      input,
      exitCode: exec.exitCode,
      stderr: exec.stderr,
      changedFiles,
      transcriptPath,
    };
    return runner.judge(parser, facts);
  } finally {
    clearInterval(heartbeat);
    progress.stop();
    context.cancellationSignal.removeEventListener('abort', onCancel);
  }
}

/** Wraps a command in GNU `timeout`, which sends SIGTERM at the limit and SIGKILL 10 s later. */
export function withWatchdog(timeoutSeconds: number, cmd: string[]): string[] {
  return ['timeout', '--kill-after=10s', `${timeoutSeconds}s`, ...cmd];
}

/**
 * Writes each file as the agent user. The content travels as an argument because the exec has
 * no stdin, which limits a file to the kernel's argument size (128 KiB per string on Linux).
 */
async function writeSettingsFiles(
  docker: Docker,
  containerId: string,
  files: SettingsFile[],
): Promise<void> {
  for (const file of files) {
    const script = 'mkdir -p -- "$1" && printf %s "$3" > "$2"';
    const cmd = ['sh', '-c', script, 'sh', posix.dirname(file.path), file.path, file.content];
    const result = await execInSandbox(docker, { containerId, cmd });
    if (result.exitCode !== 0) {
      throw new Error(
        `writing ${file.path} in the sandbox failed with exit code ${result.exitCode}: ${tail(result.stderr.trim(), 500)}`,
      );
    }
  }
}

/** Lists files that differ from the base commit, committed or not, untracked included. */
export async function listChangedFiles(workspacePath: string, baseSha: string): Promise<string[]> {
  // -z keeps names with spaces, quotes or newlines intact instead of git's quoted form.
  const tracked = await git(['diff', '--name-only', '-z', baseSha], { workspace: workspacePath });
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z'], {
    workspace: workspacePath,
  });
  const files = [...tracked.split('\0'), ...untracked.split('\0')].filter((file) => file !== '');
  return [...new Set(files)].sort();
}

/** Builds the `error` result of a judged run. */
export function errorResult(
  base: Omit<AgentResult, 'outcome' | 'reason'>,
  reason: string,
): AgentResult {
  return { ...base, outcome: 'error', reason };
}

/** Builds the `changed` or `unchanged` result of a run that the CLI reported as a success. */
export function successResult(base: Omit<AgentResult, 'outcome' | 'reason'>): AgentResult {
  return { ...base, outcome: base.changedFiles.length > 0 ? 'changed' : 'unchanged' };
}

/** Describes a run that ended without the CLI's result event, with the end of its stderr. */
export function noResultReason(facts: RunFacts): string {
  const detail = tail(facts.stderr.trim(), 500);
  return `the agent exited with code ${facts.exitCode} without a result${detail ? `: ${detail}` : '.'}`;
}

/** Minimum time between two progress signals of one run, in milliseconds. */
const progressIntervalMs = 2000;

/**
 * Tells the repository workflow about the agent's newest action for the status message, at most
 * once per {@link progressIntervalMs}, so a burst of tool calls costs one signal in history. A
 * failed signal only costs that line of progress.
 */
function progressReporter(context: Context, attempt: number) {
  const workflowId = context.info.workflowExecution?.workflowId;
  let sent: string | undefined;
  let pending: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const send = () => {
    timer = undefined;
    if (!pending || pending === sent || !workflowId) return;
    sent = pending;
    try {
      void context.client.workflow
        .getHandle(workflowId)
        .signal(agentProgressed, { attempt, action: sent })
        .catch(() => undefined);
    } catch {
      // No client in this activity context, as under MockActivityEnvironment.
    }
  };
  return {
    report(action?: string) {
      pending = action;
      timer ??= setTimeout(send, sent === undefined ? 0 : progressIntervalMs);
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
