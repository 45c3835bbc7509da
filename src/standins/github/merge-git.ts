import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** How `pulls.merge` combines the head into the base, as in its `merge_method` field. */
export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** Options of {@link mergeBranches}. */
export interface MergeBranchesOptions {
  gitDir: string;
  baseRef: string;
  /** Base commit read before merging; the base branch moves only if it still points here. */
  baseSha: string;
  headSha: string;
  method: MergeMethod;
  /** Full message of the merge or squash commit; rebase keeps each commit's message. */
  message: string;
  /** Author and committer of the new commits. */
  identity: { name: string; email: string };
  /** Commit date, ISO 8601. */
  date: string;
}

/** Outcome of {@link mergeBranches}; `conflict` leaves the base branch unchanged. */
export type MergeBranchesResult =
  { outcome: 'merged'; sha: string } | { outcome: 'conflict' } | { outcome: 'base_moved' };

/**
 * Merges `headSha` into `baseRef` of a bare repository the way GitHub's merge button does: a
 * merge commit with both parents, one squashed commit, or the head's commits replayed on the
 * base. Moves the base branch only with a compare-and-swap on `baseSha`.
 */
export async function mergeBranches(options: MergeBranchesOptions): Promise<MergeBranchesResult> {
  const env = identityEnv(options.identity, options.date);
  let sha: string | undefined;
  if (options.method === 'rebase') {
    sha = await rebaseCommits(options, env);
  } else {
    const tree = await run(['merge-tree', '--write-tree', options.baseSha, options.headSha], {
      cwd: options.gitDir,
    });
    if (tree.exitCode === 1) return { outcome: 'conflict' };
    if (tree.exitCode !== 0) throw new Error(`git merge-tree failed: ${tree.stderr}`);
    const treeId = tree.stdout.split('\n')[0]?.trim() ?? '';
    const parents =
      options.method === 'merge' ? [options.baseSha, options.headSha] : [options.baseSha];
    const commit = await checked(
      ['commit-tree', treeId, ...parents.flatMap((p) => ['-p', p]), '-m', options.message],
      { cwd: options.gitDir, env },
    );
    sha = commit.trim();
  }
  if (sha === undefined) return { outcome: 'conflict' };
  const update = await run(['update-ref', `refs/heads/${options.baseRef}`, sha, options.baseSha], {
    cwd: options.gitDir,
  });
  if (update.exitCode !== 0) return { outcome: 'base_moved' };
  return { outcome: 'merged', sha };
}

/**
 * Replays the head's commits on the base in a temporary worktree, because git 2.39's
 * `merge-tree` cannot take a merge base and so cannot cherry-pick in a bare repository.
 * Returns the new tip, or undefined on a conflict.
 */
async function rebaseCommits(options: MergeBranchesOptions, env: NodeJS.ProcessEnv) {
  const worktree = await mkdtemp(path.join(tmpdir(), 'github-standin-rebase-'));
  const cwd = options.gitDir;
  try {
    await checked(['worktree', 'add', '--quiet', '--detach', worktree, options.baseSha], { cwd });
    const range = `${options.baseSha}..${options.headSha}`;
    const pick = await run(['cherry-pick', '--allow-empty', range], { cwd: worktree, env });
    if (pick.exitCode !== 0) {
      await run(['cherry-pick', '--abort'], { cwd: worktree, env });
      return undefined;
    }
    return (await checked(['rev-parse', 'HEAD'], { cwd: worktree })).trim();
  } finally {
    await run(['worktree', 'remove', '--force', worktree], { cwd });
    await rm(worktree, { recursive: true, force: true });
  }
}

function identityEnv(identity: { name: string; email: string }, date: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: identity.name,
    GIT_AUTHOR_EMAIL: identity.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: identity.name,
    GIT_COMMITTER_EMAIL: identity.email,
    GIT_COMMITTER_DATE: date,
  };
}

interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs git and resolves with its exit code; rejects only when git cannot start. */
function run(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd: options.cwd, env: options.env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

async function checked(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const result = await run(args, options);
  if (result.exitCode !== 0) {
    throw new Error(`git ${args[0]} failed with exit code ${result.exitCode}: ${result.stderr}`);
  }
  return result.stdout;
}
