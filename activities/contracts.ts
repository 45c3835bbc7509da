import { lstat, readFile, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import {
  classifyInterfaceFile,
  type InterfaceFile,
  type InterfaceReference,
  type PublishedPackage,
  type RepositoryContract,
  type RepositoryFacts,
} from '../src/merge-order';
import { listChangedFiles } from './agent/claude-code';
import { retryable } from './errors';
import { git } from './git';

/**
 * Size caps of a contract, in characters. A contract travels through workflow history, where the
 * Temporal server by default rejects payloads above 2 MB and warns above 512 KB. It also lands in
 * a downstream agent's prompt, so 32,000 characters in total keeps several contracts well under both.
 */
export const contractCaps = { perFile: 8_000, total: 32_000, diffStat: 4_000 } as const;

export interface ExtractContractInput {
  repository: string;
  /** Absolute path of the finished upstream workspace on the worker. */
  workspacePath: string;
  /** Commit the task branch started from. */
  baseSha: string;
}

/**
 * Reads what a downstream agent needs from a finished upstream workspace. That is the
 * `git diff --stat` summary, the changed interface files (OpenAPI documents, GraphQL schemas,
 * exported TypeScript types, migrations, schemas) capped per file and in total, and the package
 * facts that dependency detection reads. Uncommitted changes count too.
 */
export async function extractContract(input: ExtractContractInput): Promise<RepositoryContract> {
  const cwd = input.workspacePath;
  try {
    const changedFiles = await listChangedFiles(cwd, input.baseSha);
    const diffStat = cap(
      await git(['diff', '--stat=100', input.baseSha], { workspace: cwd }),
      contractCaps.diffStat,
    );
    const headSha = await git(['rev-parse', 'HEAD'], { workspace: cwd });
    const { files, omitted } = await readInterfaceFiles(cwd, changedFiles);
    const facts = await readRepositoryFacts({ repository: input.repository, workspacePath: cwd });
    return {
      repository: input.repository,
      baseSha: input.baseSha,
      headSha,
      diffStat: diffStat.text,
      interfaceFiles: files,
      omittedFiles: omitted,
      facts: { ...facts, changedFiles },
    };
  } catch (err) {
    if (err instanceof Error && err.name === 'ApplicationFailure') throw err;
    throw retryable(
      `Reading the contract of ${input.repository} failed: ${String(err)}`,
      err as Error,
    );
  }
}

async function readInterfaceFiles(cwd: string, changedFiles: string[]) {
  const files: InterfaceFile[] = [];
  const omitted: string[] = [];
  let budget = contractCaps.total;
  for (const path of changedFiles) {
    const kind = classifyInterfaceFile(path);
    if (!kind) continue;
    const read = await readWorkspaceFile(cwd, path);
    if (read === 'missing') {
      files.push({ path, kind, content: '', truncated: false, deleted: true });
      continue;
    }
    if (read === 'rejected') {
      omitted.push(path);
      continue;
    }
    const content = read.text;
    // An index.ts mostly re-exports; its export lines are the interface, the rest is noise.
    const relevant = /(^|\/)index\.ts$/.test(path) ? exportLines(content) : content;
    if (budget <= 0) {
      omitted.push(path);
      continue;
    }
    const capped = cap(relevant, Math.min(contractCaps.perFile, budget));
    budget -= capped.text.length;
    files.push({ path, kind, content: capped.text, truncated: capped.truncated, deleted: false });
  }
  return { files, omitted };
}

function exportLines(source: string): string {
  return source
    .split('\n')
    .filter((line) => /^export\b/.test(line))
    .join('\n');
}

function cap(text: string, limit: number): { text: string; truncated: boolean } {
  if (text.length <= limit) return { text, truncated: false };
  return { text: text.slice(0, limit), truncated: true };
}

/** Interface file names that a consumer's files may mention; matched by `git grep`. */
const referencePattern =
  '[A-Za-z0-9_./-]*(openapi|swagger)[A-Za-z0-9_.-]*\\.(ya?ml|json)|[A-Za-z0-9_./-]+\\.(graphql|gql)|[A-Za-z0-9_./-]*migrations/?';

/** Maximum references read per repository, so a large monorepo cannot flood the contract. */
const maxReferences = 50;

/**
 * Reads what a repository publishes and consumes, for dependency detection: package names from
 * every tracked package.json outside `node_modules`, their dependencies, and the interface files
 * its tracked files mention. `changedFiles` is left empty for the caller to fill.
 */
export async function readRepositoryFacts(input: {
  repository: string;
  workspacePath: string;
}): Promise<RepositoryFacts> {
  const cwd = input.workspacePath;
  const manifests = (
    await git(['ls-files', '--', 'package.json', '**/package.json'], { workspace: cwd })
  )
    .split('\n')
    .filter((path) => path !== '' && !path.includes('node_modules/'));
  const packages: PublishedPackage[] = [];
  const dependencies = new Set<string>();
  for (const manifest of manifests) {
    const parsed = await readManifest(cwd, manifest);
    if (!parsed) continue;
    const folder = manifest.replace(/\/?package\.json$/, '');
    if (typeof parsed.name === 'string') packages.push({ name: parsed.name, path: folder });
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies'] as const) {
      for (const name of Object.keys(parsed[field] ?? {})) dependencies.add(name);
    }
  }
  for (const own of packages) dependencies.delete(own.name);
  return {
    repository: input.repository,
    packages,
    dependencies: [...dependencies].sort(),
    references: await readReferences(cwd),
    changedFiles: [],
  };
}

interface Manifest {
  name?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

async function readManifest(workspace: string, path: string): Promise<Manifest | undefined> {
  const read = await readWorkspaceFile(workspace, path);
  if (typeof read === 'string') return undefined;
  try {
    return JSON.parse(read.text) as Manifest;
  } catch {
    // A malformed package.json names no package; the repository's own tests will report it.
    return undefined;
  }
}

async function readReferences(cwd: string): Promise<InterfaceReference[]> {
  let output: string;
  try {
    output = await git(
      [
        'grep',
        '-h',
        '-o',
        '-I',
        '-E',
        referencePattern,
        '--',
        '.',
        ':!*.lock',
        ':!package-lock.json',
      ],
      { workspace: cwd },
    );
  } catch {
    // git grep exits 1 when nothing matches.
    return [];
  }
  const paths = [...new Set(output.split('\n').filter((line) => line !== ''))];
  return paths.slice(0, maxReferences).map((path) => ({ path }));
}

/**
 * Reads a file of the work tree. Returns `missing` when it does not exist, and `rejected` when it
 * is not a regular file or resolves outside the work tree. The agent wrote the work tree, so a
 * symbolic link there could otherwise copy any worker file into history and a prompt.
 */
async function readWorkspaceFile(
  workspace: string,
  path: string,
): Promise<{ text: string } | 'missing' | 'rejected'> {
  const file = join(workspace, path);
  const stats = await lstat(file).catch(() => undefined);
  if (!stats) return 'missing';
  if (!stats.isFile()) return 'rejected';
  const [root, resolved] = await Promise.all([realpath(workspace), realpath(file)]);
  if (!resolved.startsWith(`${root}${sep}`)) return 'rejected';
  return { text: await readFile(resolved, 'utf8') };
}
