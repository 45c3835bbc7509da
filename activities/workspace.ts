import { access, chown, lchown, lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Catalog, CatalogRepository } from '../src/catalog/catalog';
import { failureTypes, nonRetryable, retryable } from './errors';
import { git, gitDirOf, GitError } from './git';
import { findRuleFile } from './rule-file';
import { sandboxUser } from './sandbox';
import type {
  RemoveWorkspaceInput,
  CommitAndPushInput,
  CommitAndPushResult,
  ProvisionWorkspaceInput,
  Workspace,
} from './types';

export interface WorkspaceDeps {
  catalog: Catalog;
  workspaceDir: string;
  githubToken?: string;
}

/**
 * Clones the repository on the worker, checks out the task branch (continuing it when it already
 * exists on the remote) and hands the clone to the sandbox user. A retry starts from a fresh
 * clone, so a half-finished earlier attempt cannot leak into this one.
 */
export async function provisionWorkspace(
  deps: WorkspaceDeps,
  input: ProvisionWorkspaceInput,
): Promise<Workspace> {
  const repo = findRepository(deps.catalog, input.repository);
  const path = workspacePathOf(deps, input);
  await rm(path, { recursive: true, force: true });
  await rm(gitDirOf(path), { recursive: true, force: true });
  await mkdir(path, { recursive: true });

  try {
    await git(
      ['clone', '--no-tags', '--quiet', '--separate-git-dir', gitDirOf(path), repo.cloneUrl, path],
      {
        token: deps.githubToken,
      },
    );
  } catch (err) {
    throw retryable(`Cloning ${input.repository} failed: ${(err as Error).message}`, err as Error);
  }
  // The `.git` file only points at the repository outside the sandbox; the agent gets a plain tree.
  await rm(join(path, '.git'), { force: true });
  const remoteBranches = await git(['branch', '-r', '--format=%(refname:short)'], {
    workspace: path,
  });
  const known = new Set(remoteBranches.split('\n'));
  const start = known.has(`origin/${input.branch}`) ? input.branch : input.baseBranch;
  if (!known.has(`origin/${start}`)) {
    throw nonRetryable(
      failureTypes.notFound,
      `Base branch \`${input.baseBranch}\` does not exist in ${input.repository}. ` +
        'Name an existing branch with `branch:NAME` or fix `baseBranch` in the catalog.',
    );
  }
  await git(['checkout', '--quiet', '-B', input.branch, `origin/${start}`], { workspace: path });
  const baseSha = await git(['rev-parse', 'HEAD'], { workspace: path });
  await chownTree(path, sandboxUser.uid, sandboxUser.gid);

  const commands = await resolveCommands(path, repo);
  if (input.testCommand) {
    return {
      path,
      branch: input.branch,
      baseSha,
      ...commands,
      testCommand: input.testCommand,
      testCommandSource: 'task',
    };
  }
  return { path, branch: input.branch, baseSha, ...commands };
}

async function resolveCommands(
  path: string,
  repo: CatalogRepository,
): Promise<Pick<Workspace, 'ruleFile' | 'setupCommand' | 'testCommand' | 'testCommandSource'>> {
  const ruleFile = await findRuleFile(path);
  const setupCommand = repo.setupCommand ?? ruleFile?.setupCommand;
  if (repo.testCommand) {
    return { ruleFile, setupCommand, testCommand: repo.testCommand, testCommandSource: 'catalog' };
  }
  if (ruleFile?.testCommand) {
    return {
      ruleFile,
      setupCommand,
      testCommand: ruleFile.testCommand,
      testCommandSource: 'rule file',
    };
  }
  const hasPackageJson = await access(join(path, 'package.json')).then(
    () => true,
    () => false,
  );
  if (hasPackageJson) {
    return { ruleFile, setupCommand, testCommand: 'npm test', testCommandSource: 'package.json' };
  }
  return { ruleFile, setupCommand };
}

/**
 * Commits whatever the agent left in the workspace and pushes the task branch. Pushing the same
 * commits again is a no-op, so a retried push is harmless.
 */
export async function commitAndPush(
  deps: WorkspaceDeps,
  input: CommitAndPushInput,
): Promise<CommitAndPushResult> {
  const workspace = input.workspacePath;
  const repo = findRepository(deps.catalog, input.repository);
  await rejectLargeFiles(workspace);
  await git(['add', '--all'], { workspace });
  const staged = await git(['status', '--porcelain'], { workspace });
  if (staged !== '') await git(['commit', '--quiet', '--message', input.message], { workspace });
  const headSha = await git(['rev-parse', 'HEAD'], { workspace });
  if (headSha === input.baseSha) return { pushed: false };

  try {
    // Push to the catalog's URL, never to a remote named in a repository that a run touched.
    await git(['push', '--quiet', repo.cloneUrl, `HEAD:refs/heads/${input.branch}`], {
      workspace,
      token: deps.githubToken,
    });
  } catch (err) {
    const message = err instanceof GitError ? err.message : String(err);
    throw retryable(`Pushing ${input.branch} failed: ${message}`, err as Error);
  }
  return { pushed: true, headSha };
}

/** Returns the catalog entry of a repository, or fails without retry when it is unknown. */
export function findRepository(catalog: Catalog, slug: string): CatalogRepository {
  const repo = catalog.repositories.find((r) => r.slug.toLowerCase() === slug.toLowerCase());
  if (!repo) {
    throw nonRetryable(failureTypes.notFound, `Repository ${slug} is not in the catalog.`);
  }
  return repo;
}

// NOTE: changing owners needs root, so the worker must run as root (as it does in the
// docker-compose deployment); a non-root worker fails here with EPERM.
async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await lchown(child, uid, gid);
  }
}

function workspacePathOf(
  deps: WorkspaceDeps,
  task: { taskId: string; repository: string },
): string {
  return resolve(deps.workspaceDir, safeName(task.taskId), safeName(task.repository));
}

function safeName(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Largest file Deckhand commits, in bytes; GitHub rejects pushes with files over 100 MiB. */
const maxFileBytes = 100 * 1024 * 1024;

async function rejectLargeFiles(root: string): Promise<void> {
  const large: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const child = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== '.git' && entry.name !== 'node_modules')
        await walk(child);
      else if (entry.isFile() && (await lstat(child)).size > maxFileBytes)
        large.push(child.slice(root.length + 1));
    }
  };
  await walk(root);
  if (large.length > 0) {
    throw nonRetryable(
      failureTypes.invalidInput,
      `The change has files over 100 MiB, which GitHub rejects: ${large.join(', ')}. Ask the agent to remove them or keep them out of the repository.`,
    );
  }
}

/** Removes a task's work tree and repository from the worker once its run ended. */
export async function removeWorkspace(
  deps: WorkspaceDeps,
  input: RemoveWorkspaceInput,
): Promise<void> {
  const path = workspacePathOf(deps, input);
  await rm(path, { recursive: true, force: true });
  await rm(gitDirOf(path), { recursive: true, force: true });
}
