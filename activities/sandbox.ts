import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { Logger } from '../src/logger';
import type { Config } from '../src/config';
import type { RemoveSandboxInput, Sandbox, StartSandboxInput } from './types';

/** The non-root user of the agent image; Claude Code refuses to skip permission prompts as root. */
export const sandboxUser = { name: 'agent', uid: 1000, gid: 1000 } as const;

/** Where the workspace is mounted inside every sandbox. */
export const sandboxWorkdir = '/workspace';

/** Labels that tie a container to its task, so cleanup can find every container of a task. */
export const sandboxLabels = {
  workflowId: 'dev.deckhand.workflow-id',
  taskId: 'dev.deckhand.task-id',
  repository: 'dev.deckhand.repository',
} as const;

export interface SandboxDeps {
  docker: Docker;
  config: Config['sandbox'];
  logger: Logger;
}

/** Returns the container name of a repository task; one name per workflow makes starts idempotent. */
export function containerName(workflowId: string): string {
  return `deckhand-${createHash('sha256').update(workflowId).digest('hex').slice(0, 20)}`;
}

/**
 * Starts the sandbox container of one repository task with the workspace mounted, or returns the
 * one a previous attempt of this activity already started.
 */
export async function startSandbox(deps: SandboxDeps, input: StartSandboxInput): Promise<Sandbox> {
  const name = containerName(input.workflowId);
  const existing = deps.docker.getContainer(name);
  const found = await existing.inspect().catch(() => undefined);
  if (found) {
    if (!found.State.Running) await existing.start();
    return { containerId: found.Id, name };
  }

  const { config } = deps;
  const container = await deps.docker.createContainer({
    name,
    Image: config.image,
    Cmd: ['sleep', 'infinity'],
    User: `${sandboxUser.uid}:${sandboxUser.gid}`,
    WorkingDir: sandboxWorkdir,
    Labels: {
      [sandboxLabels.workflowId]: input.workflowId,
      [sandboxLabels.taskId]: input.taskId,
      [sandboxLabels.repository]: input.repository,
    },
    HostConfig: {
      Binds: [`${input.workspacePath}:${sandboxWorkdir}`],
      NetworkMode: config.networkMode,
      NanoCpus: Math.round(config.cpus * 1e9),
      Memory: config.memoryMb * 1024 * 1024,
      PidsLimit: config.pidsLimit,
      // No init process: `kill -1` in killSandboxProcesses spares PID 1, which must be the
      // `sleep` that keeps the container alive.
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
    },
  });
  await container.start();
  deps.logger.info({ container: name, workflowId: input.workflowId }, 'sandbox started');
  return { containerId: container.id, name };
}

/** Removes every container labelled with the workflow id; removing none is not an error. */
export async function removeSandbox(deps: SandboxDeps, input: RemoveSandboxInput): Promise<number> {
  const containers = await deps.docker.listContainers({
    all: true,
    filters: { label: [`${sandboxLabels.workflowId}=${input.workflowId}`] },
  });
  for (const info of containers) {
    await deps.docker
      .getContainer(info.Id)
      .remove({ force: true })
      .catch((err: { statusCode?: number }) => {
        // 404: already gone; 409: removal already in progress.
        if (err.statusCode !== 404 && err.statusCode !== 409) throw err;
      });
    deps.logger.info({ container: info.Id, workflowId: input.workflowId }, 'sandbox removed');
  }
  return containers.length;
}

export interface ExecOptions {
  containerId: string;
  cmd: string[];
  env?: string[];
  /** Called with each chunk of standard output and standard error as it arrives. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command in the sandbox as the sandbox user with standard input closed, so no prompt
 * can wait for an answer.
 */
export async function execInSandbox(docker: Docker, options: ExecOptions): Promise<ExecResult> {
  const container = docker.getContainer(options.containerId);
  const exec = await container.exec({
    Cmd: options.cmd,
    Env: options.env,
    User: `${sandboxUser.uid}:${sandboxUser.gid}`,
    WorkingDir: sandboxWorkdir,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = collect('stdout', options.onOutput);
  const err = collect('stderr', options.onOutput);
  docker.modem.demuxStream(stream, out.sink, err.sink);
  const abort = () => stream.destroy();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    await new Promise<void>((resolvePromise, reject) => {
      stream.on('end', resolvePromise);
      stream.on('close', resolvePromise);
      stream.on('error', reject);
    });
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  return { exitCode: await exitCodeOf(exec), stdout: out.text(), stderr: err.text() };
}

/** Waits briefly for Docker to record the exit code, which can lag the end of the stream. */
async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  return -1;
}

/**
 * Kills every process of the sandbox user except PID 1 (the container's `sleep`), which stops a
 * runaway agent or test run without stopping the container.
 */
export async function killSandboxProcesses(docker: Docker, containerId: string): Promise<void> {
  await execInSandbox(docker, { containerId, cmd: ['kill', '-KILL', '-1'] }).catch(() => undefined);
}

function collect(name: 'stdout' | 'stderr', onOutput?: ExecOptions['onOutput']) {
  const sink = new PassThrough();
  const chunks: string[] = [];
  sink.setEncoding('utf8');
  sink.on('data', (chunk: string) => {
    chunks.push(chunk);
    onOutput?.(chunk, name);
  });
  return { sink, text: () => chunks.join('') };
}
