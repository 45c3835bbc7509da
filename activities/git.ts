import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Options for one git command run on the worker. */
export interface GitOptions {
  cwd?: string;
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
    // The workspace belongs to the sandbox's user, so git on the worker must trust it.
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'safe.directory',
    GIT_CONFIG_VALUE_0: '*',
  };
  if (options.token) {
    const basic = Buffer.from(`x-access-token:${options.token}`).toString('base64');
    env.GIT_CONFIG_COUNT = '2';
    env.GIT_CONFIG_KEY_1 = 'http.extraHeader';
    env.GIT_CONFIG_VALUE_1 = `Authorization: Basic ${basic}`;
  }
  try {
    const { stdout } = await execFileAsync('git', args, {
      cwd: options.cwd,
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
