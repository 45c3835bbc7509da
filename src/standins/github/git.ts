import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** Result of one git invocation. Git reports "not found" and "conflict" through the exit code. */
interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Owner and repository names that GitHub accepts, which also keeps slugs inside the root. */
const slugPartPattern = /^[A-Za-z0-9_.-]+$/;

/**
 * Runs git and resolves with its exit code and output instead of rejecting on a non-zero exit.
 * Rejects only when git cannot be started.
 */
function runGit(
  args: string[],
  options: { cwd?: string; input?: string } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd: options.cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    // Git may exit before it reads stdin, for example on an unknown ref. Its exit code reports
    // that failure, so the EPIPE that writing stdin then raises is ignored.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input);
  });
}

/** Runs git and rejects with git's stderr when it exits non-zero. */
async function runGitChecked(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = await runGit(args, options);
  if (result.exitCode !== 0) {
    throw new Error(`git ${args[0]} failed with exit code ${result.exitCode}: ${result.stderr}`);
  }
  return result.stdout;
}

/** Splits `owner/name` and checks both parts, or returns undefined for an invalid slug. */
export function parseSlug(slug: string): { owner: string; name: string } | undefined {
  const [owner, name, ...rest] = slug.split('/');
  if (owner === undefined || name === undefined || rest.length > 0) return undefined;
  for (const part of [owner, name]) {
    if (!slugPartPattern.test(part) || part === '.' || part === '..') return undefined;
  }
  return { owner, name };
}

/**
 * Returns the path of the bare repository for `owner/name` under `root`, which `git clone` and
 * `git push` accept as a remote URL. Throws on a slug that is not `owner/name`.
 */
export function clonePath(root: string, slug: string): string {
  const parsed = parseSlug(slug);
  if (!parsed) throw new Error(`Invalid repository slug "${slug}": expected owner/name`);
  return path.join(path.resolve(root), parsed.owner, `${parsed.name}.git`);
}

/** One file of a seeded repository, where a plain string is a non-executable file. */
export type SeedFile = string | { content: string; executable?: boolean };

/** Options for {@link seedRepository}. */
export interface SeedRepositoryOptions {
  /** Folder that contains `<owner>/<name>.git`. */
  root: string;
  /** `owner/name`. */
  slug: string;
  /** File contents keyed by path relative to the repository root, with `/` separators. */
  files: Record<string, SeedFile>;
  defaultBranch?: string;
  message?: string;
}

/** Author and committer of seeded commits, whose fixed date makes the commit id deterministic. */
const seedSignature = 'Deckhand Seed <seed@deckhand.invalid> 1704067200 +0000';

/**
 * Creates a bare repository whose default branch contains one commit with `files`, and returns its
 * path and commit id. The same options always produce the same commit id. Fails if the
 * repository already exists or `files` is empty.
 */
export async function seedRepository(
  options: SeedRepositoryOptions,
): Promise<{ path: string; sha: string }> {
  const gitDir = clonePath(options.root, options.slug);
  const branch = options.defaultBranch ?? 'main';
  if (Object.keys(options.files).length === 0) {
    throw new Error(`Cannot seed ${options.slug}: files is empty, and git needs one file`);
  }
  const exists = await access(gitDir).then(
    () => true,
    () => false,
  );
  // `git init` would reinitialize an existing repository and the seed would move its branch.
  if (exists) throw new Error(`Cannot seed ${options.slug}: ${gitDir} already exists`);
  await mkdir(path.dirname(gitDir), { recursive: true });
  const init = await runGit(['init', '--quiet', '--bare', `--initial-branch=${branch}`, gitDir]);
  if (init.exitCode !== 0) throw new Error(`git init ${gitDir} failed: ${init.stderr}`);

  const entries = await Promise.all(
    Object.entries(options.files).map(async ([filePath, file]) => {
      const content = typeof file === 'string' ? file : file.content;
      const executable = typeof file !== 'string' && file.executable === true;
      const sha = await runGitChecked(['hash-object', '-w', '--stdin'], {
        cwd: gitDir,
        input: content,
      });
      return { segments: filePath.split('/'), mode: executable ? '100755' : '100644', sha };
    }),
  );
  const tree = await writeTree(gitDir, entries);
  // The commit object is written by hand so that no environment variable is needed to fix the
  // author, committer and dates.
  const commitText = `tree ${tree}\nauthor ${seedSignature}\ncommitter ${seedSignature}\n\n${
    options.message ?? 'Initial commit'
  }\n`;
  const sha = (
    await runGitChecked(['hash-object', '-t', 'commit', '-w', '--stdin'], {
      cwd: gitDir,
      input: commitText,
    })
  ).trim();
  await runGitChecked(['update-ref', `refs/heads/${branch}`, sha], { cwd: gitDir });
  return { path: gitDir, sha };
}

interface TreeEntry {
  segments: string[];
  mode: string;
  sha: string;
}

/** Writes nested tree objects for `entries` with `git mktree` and returns the root tree id. */
async function writeTree(gitDir: string, entries: TreeEntry[]): Promise<string> {
  const files: string[] = [];
  const folders = new Map<string, TreeEntry[]>();
  for (const entry of entries) {
    const [first, ...rest] = entry.segments;
    if (first === undefined || first === '') throw new Error('Seed file path has an empty segment');
    if (rest.length === 0) {
      files.push(`${entry.mode} blob ${entry.sha.trim()}\t${first}`);
    } else {
      const children = folders.get(first) ?? [];
      children.push({ ...entry, segments: rest });
      folders.set(first, children);
    }
  }
  for (const [folder, children] of folders) {
    files.push(`040000 tree ${await writeTree(gitDir, children)}\t${folder}`);
  }
  const stdout = await runGitChecked(['mktree'], { cwd: gitDir, input: `${files.join('\n')}\n` });
  return stdout.trim();
}

/** Returns the commit id at the tip of `branch`, or undefined when the branch does not exist. */
export async function resolveBranch(gitDir: string, branch: string): Promise<string | undefined> {
  const result = await runGit(
    ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`],
    { cwd: gitDir },
  );
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** Returns the branch that HEAD of the bare repository points to. */
export async function readDefaultBranch(gitDir: string): Promise<string> {
  const stdout = await runGitChecked(['symbolic-ref', '--short', 'HEAD'], { cwd: gitDir });
  return stdout.trim();
}

/** Author, committer, message and parents of one commit. */
export interface CommitDetails {
  sha: string;
  tree: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
}

/** Reads one commit's metadata, with dates as ISO 8601 UTC without milliseconds. */
export async function readCommit(gitDir: string, sha: string): Promise<CommitDetails> {
  const format = '%H%n%T%n%P%n%an%n%ae%n%at%n%cn%n%ce%n%ct%n%B';
  const stdout = await runGitChecked(['show', '-s', `--format=${format}`, sha], { cwd: gitDir });
  const [id, tree, parents, an, ae, at, cn, ce, ct, ...message] = stdout.split('\n');
  const isoDate = (seconds: string | undefined) =>
    new Date(Number(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    sha: id ?? sha,
    tree: tree ?? '',
    parents: parents ? parents.split(' ') : [],
    author: { name: an ?? '', email: ae ?? '', date: isoDate(at) },
    committer: { name: cn ?? '', email: ce ?? '', date: isoDate(ct) },
    message: message.join('\n').trimEnd(),
  };
}

/** Counts the commits reachable from `head` but not from `base`. */
export async function countCommitsAhead(gitDir: string, base: string, head: string) {
  const stdout = await runGitChecked(['rev-list', '--count', `${base}..${head}`], { cwd: gitDir });
  return Number(stdout.trim());
}

/** Sums the `git diff --numstat` lines between the merge base of `base` and `head`, and `head`. */
export async function diffStats(gitDir: string, base: string, head: string) {
  const stdout = await runGitChecked(['diff', '--numstat', `${base}...${head}`], { cwd: gitDir });
  const stats = { additions: 0, deletions: 0, changedFiles: 0 };
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const [added, deleted] = line.split('\t');
    // Binary files show `-` for both counts, as on GitHub they add no lines.
    stats.additions += Number(added) || 0;
    stats.deletions += Number(deleted) || 0;
    stats.changedFiles += 1;
  }
  return stats;
}

/**
 * Returns whether `head` merges into `base` without conflicts, using `git merge-tree`. Git 2.39
 * has no `--quiet` for it, so each call leaves the merged tree as a loose object in the repository.
 */
export async function mergesCleanly(gitDir: string, base: string, head: string) {
  const result = await runGit(['merge-tree', '--write-tree', '--name-only', base, head], {
    cwd: gitDir,
  });
  if (result.exitCode > 1) throw new Error(`git merge-tree failed: ${result.stderr}`);
  return result.exitCode === 0;
}
