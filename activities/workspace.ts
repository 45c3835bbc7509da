import { access, chown, lchown, mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Catalog, CatalogRepository } from '../src/catalog/catalog';
import { failureTypes, nonRetryable, retryable } from './errors';
import { git, GitError } from './git';
import { findRuleFile } from './rule-file';
import { sandboxUser } from './sandbox';
import type {
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
  const path = resolve(deps.workspaceDir, safeName(input.taskId), safeName(input.repository));
  await rm(path, { recursive: true, force: true });
  await mkdir(path, { recursive: true });

  try {
    await git(['clone', '--no-tags', '--quiet', repo.cloneUrl, path], { token: deps.githubToken });
  } catch (err) {
    throw retryable(`Cloning ${input.repository} failed: ${(err as Error).message}`, err as Error);
  }
  const remoteBranches = await git(['branch', '-r', '--format=%(refname:short)'], { cwd: path });
  const known = new Set(remoteBranches.split('\n'));
  const start = known.has(`origin/${input.branch}`) ? input.branch : input.baseBranch;
  if (!known.has(`origin/${start}`)) {
    throw nonRetryable(
      failureTypes.notFound,
      `Base branch \`${input.baseBranch}\` does not exist in ${input.repository}. ` +
        'Name an existing branch with `branch:NAME` or fix `baseBranch` in the catalog.',
    );
  }
  await git(['checkout', '--quiet', '-B', input.branch, `origin/${start}`], { cwd: path });
  const baseSha = await git(['rev-parse', 'HEAD'], { cwd: path });
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
  const cwd = input.workspacePath;
  await git(['add', '--all'], { cwd });
  const staged = await git(['status', '--porcelain'], { cwd });
  if (staged !== '') await git(['commit', '--quiet', '--message', input.message], { cwd });
  const headSha = await git(['rev-parse', 'HEAD'], { cwd });
  if (headSha === input.baseSha) return { pushed: false };

  try {
    await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${input.branch}`], {
      cwd,
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

function safeName(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '_');
}
