import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Options for one git command run on the worker. */
export interface GitOptions {
  cwd?: string;
  /**
   * Work tree of a task workspace. Its repository lives beside it, outside what the sandbox
   * mounts (see {@link gitDirOf}), and git runs with that `GIT_DIR` and `GIT_WORK_TREE` only, so
   * nothing the agent writes in the work tree (a `.git` folder or file, hooks, config) is read.
   */
  workspace?: string;
  /**
   * Token sent as an HTTP `Authorization` header. It travels in the child's environment
   * (`GIT_CONFIG_*`), never in arguments, remote URLs or `.git/config`, so neither the process
   * list nor the workspace that the agent sees contains it.
   */
  token?: string;
}

/** Raised when git exits non-zero; `stderr` is kept for the thread, with the token removed. */
export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** Runs git with a fixed identity and returns its trimmed standard output. */
export async function git(args: string[], options: GitOptions = {}): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Deckhand',
    GIT_AUTHOR_EMAIL: 'deckhand@users.noreply.github.com',
    GIT_COMMITTER_NAME: 'Deckhand',
    GIT_COMMITTER_EMAIL: 'deckhand@users.noreply.github.com',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const config: [string, string][] = [
    // The work tree belongs to the sandbox's user, so git on the worker must trust it.
    ['safe.directory', '*'],
    // Defence in depth: no hook or file-system monitor ever runs on the worker.
    ['core.hooksPath', '/dev/null'],
    ['core.fsmonitor', 'false'],
  ];
  if (options.token) {
    const basic = Buffer.from(`x-access-token:${options.token}`).toString('base64');
    config.push(['http.extraHeader', `Authorization: Basic ${basic}`]);
  }
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  if (options.workspace) {
    env.GIT_DIR = gitDirOf(options.workspace);
    env.GIT_WORK_TREE = options.workspace;
  }
  try {
    const { stdout } = await execFileAsync('git', args, {
      cwd: options.cwd ?? options.workspace,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (err) {
    const stderr = redact(String((err as { stderr?: string }).stderr ?? ''), options.token);
    throw new GitError(`git ${args[0]} failed: ${stderr.trim() || String(err)}`, stderr);
  }
}

function redact(text: string, token?: string): string {
  return token ? text.split(token).join('[redacted]') : text;
}

/** Returns the repository of a workspace: a sibling of the work tree, never mounted in a sandbox. */
export function gitDirOf(workspace: string): string {
  return `${workspace.replace(/\/+$/, '')}.git`;
}
