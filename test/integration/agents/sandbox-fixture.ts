import { chown, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { ArtifactStore } from '../../../activities/artifacts';
import { git, gitDirOf } from '../../../activities/git';
import {
  execInSandbox,
  removeSandbox,
  sandboxUser,
  startSandbox,
} from '../../../activities/sandbox';
import type { RunAgentInput } from '../../../activities/types';
import type { AgentName } from '../../../src/spec/task-spec';
import { createLogger } from '../../../src/logger';
import { readToolsEnv } from '../../../src/local/temporal-cli';

/** A repository whose `npm test` fails until `greet.js` returns `hello`. */
const repositoryFiles: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'greeter', scripts: { test: 'node test.js' } }),
  'greet.js': "module.exports = () => 'helo';\n",
  'test.js':
    "const assert = require('node:assert');\nassert.strictEqual(require('./greet')(), 'hello');\nconsole.log('ok');\n",
  'locked/notes.txt': 'read only\n',
};

export interface AgentSandbox {
  docker: Docker;
  artifacts: ArtifactStore;
  workspacePath: string;
  containerId: string;
  /** Builds the runAgent input of one attempt in this sandbox. */
  input(agent: AgentName, instructions: string, attempt?: number): RunAgentInput;
  /** Runs `npm test` in the sandbox and returns its exit code. */
  runTests(): Promise<number>;
  remove(): Promise<void>;
}

/**
 * Creates a workspace with a failing test, owned by the sandbox user except `locked/`, which
 * stays root's so that writes there are denied, and starts an agent-image sandbox on it.
 * The sandbox uses host networking because the stand-ins listen on the host's loopback.
 */
export async function startAgentSandbox(label: string): Promise<AgentSandbox> {
  const root = await mkdtemp(join(tmpdir(), `deckhand-${label}-`));
  const workspacePath = join(root, 'workspace');
  await mkdir(join(workspacePath, 'locked'), { recursive: true });
  for (const [path, content] of Object.entries(repositoryFiles)) {
    await writeFile(join(workspacePath, path), content);
  }
  // The repository lives beside the work tree, outside the sandbox, as provisionWorkspace keeps it.
  await git([
    'init',
    '-q',
    '-b',
    'main',
    '--separate-git-dir',
    gitDirOf(workspacePath),
    workspacePath,
  ]);
  await rm(join(workspacePath, '.git'));
  await git(['add', '.'], { workspace: workspacePath });
  await git(['commit', '-q', '-m', 'Add greeter'], { workspace: workspacePath });
  const baseSha = await git(['rev-parse', 'HEAD'], { workspace: workspacePath });
  await chownTree(workspacePath, ['locked']);

  const docker = new Docker();
  const workflowId = `agents-test-${label}-${Date.now()}`;
  const deps = {
    docker,
    logger: createLogger({ level: 'warn' }),
    config: {
      image: readToolsEnv().DECKHAND_AGENT_IMAGE ?? 'deckhand-agent:local',
      networkMode: 'host',
      cpus: 1,
      memoryMb: 1024,
      pidsLimit: 512,
      agentTimeoutSeconds: 60,
      testTimeoutSeconds: 60,
      maxAttempts: 1,
    },
  };
  const sandbox = await startSandbox(deps, {
    taskId: workflowId,
    workflowId,
    repository: 'acme/greeter',
    workspacePath,
  });
  return {
    docker,
    artifacts: new ArtifactStore(join(root, 'artifacts')),
    workspacePath,
    containerId: sandbox.containerId,
    input: (agent, instructions, attempt = 1) => ({
      containerId: sandbox.containerId,
      taskId: workflowId,
      repository: 'acme/greeter',
      workspacePath,
      baseSha,
      attempt,
      instructions,
      agent,
    }),
    runTests: async () => {
      const cmd = ['sh', '-c', 'npm test'];
      return (await execInSandbox(docker, { containerId: sandbox.containerId, cmd })).exitCode;
    },
    remove: async () => {
      await removeSandbox(deps, { workflowId });
    },
  };
}

/** Gives the tree to the sandbox user, except the top-level entries named in `keep`. */
async function chownTree(path: string, keep: string[]): Promise<void> {
  await chown(path, sandboxUser.uid, sandboxUser.gid);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (keep.includes(entry.name)) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, []);
    else await chown(child, sandboxUser.uid, sandboxUser.gid);
  }
}
