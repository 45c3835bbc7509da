import { Context } from '@temporalio/activity';
import type Docker from 'dockerode';
import { ArtifactStore, tail } from './artifacts';
import { execInSandbox, killSandboxProcesses } from './sandbox';
import type { CommandResult, RunCommandInput } from './types';

export interface CommandDeps {
  docker: Docker;
  artifacts: ArtifactStore;
  /** Wall-clock limit of one command, in seconds. */
  timeoutSeconds: number;
}

/** Exit status of GNU `timeout` when the command ran past its limit. */
const timeoutExitCode = 124;

/** Interval between heartbeats of long activities, in milliseconds. */
export const heartbeatIntervalMs = 5000;

/**
 * Runs a setup or test command in the sandbox under a time limit, heartbeating meanwhile, and
 * stores its whole output as a log file. Cancelling the activity kills the command.
 */
export async function runCommand(
  deps: CommandDeps,
  input: RunCommandInput,
): Promise<CommandResult> {
  const context = Context.current();
  const logPath = deps.artifacts.pathFor(input.taskId, input.repository, `${input.logName}.log`);
  const output: string[] = [];
  const heartbeat = setInterval(
    () => context.heartbeat({ logName: input.logName }),
    heartbeatIntervalMs,
  );
  const onCancel = () => void killSandboxProcesses(deps.docker, input.containerId);
  context.cancellationSignal.addEventListener('abort', onCancel, { once: true });

  try {
    const result = await execInSandbox(deps.docker, {
      containerId: input.containerId,
      cmd: ['timeout', '--kill-after=10s', `${deps.timeoutSeconds}s`, 'sh', '-c', input.command],
      env: ['CI=true', 'HOME=/home/agent'],
      onOutput: (chunk) => output.push(chunk),
      signal: context.cancellationSignal,
    });
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
    const text = output.join('');
    await deps.artifacts.write(logPath, text);
    const timedOut = result.exitCode === timeoutExitCode;
    return {
      exitCode: result.exitCode,
      passed: result.exitCode === 0,
      timedOut,
      logPath,
      tail: tail(text),
    };
  } finally {
    clearInterval(heartbeat);
    context.cancellationSignal.removeEventListener('abort', onCancel);
  }
}
