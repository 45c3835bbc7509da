import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { contractCaps, extractContract, readRepositoryFacts } from '../../../activities/contracts';
import { detectDependencies, formatContractsForPrompt } from '../../../src/merge-order';

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.invalid',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

async function writeFiles(root: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** Creates a repository with `files` committed and returns its path and commit. */
async function createRepository(root: string, files: Record<string, string>) {
  await mkdir(root, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, env: gitEnv, encoding: 'utf8' }).trim();
  // Workspaces keep their repository beside the work tree, as `gitDirOf` in activities/git.ts.
  git('init', '--quiet', '--initial-branch=main', `--separate-git-dir=${root}.git`);
  await writeFiles(root, files);
  git('add', '--all');
  git('commit', '--quiet', '-m', 'base');
  return { path: root, baseSha: git('rev-parse', 'HEAD'), git };
}

describe('extractContract', () => {
  let workDir: string;

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'contracts-test-'));
  });

  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  test('collects changed interface files', async () => {
    const backend = await createRepository(join(workDir, 'backend'), {
      'package.json': JSON.stringify({ name: '@acme/backend', dependencies: { express: '^5' } }),
      'openapi.yaml': 'openapi: 3.1.0\n',
      'src/server.ts': 'export {};\n',
      'src/index.ts': 'import x from "y";\nexport { x };\n',
    });
    await writeFiles(backend.path, {
      'openapi.yaml': 'openapi: 3.1.0\npaths:\n  /verify: {}\n',
      'src/server.ts': 'export const port = 1;\n',
      'src/index.ts': 'import x from "y";\nexport { x };\nexport type Id = string;\n',
      'migrations/002_verify.sql': 'ALTER TABLE users ADD verified boolean;\n',
    });

    const contract = await extractContract({
      repository: 'acme/backend',
      workspacePath: backend.path,
      baseSha: backend.baseSha,
    });

    expect(contract.interfaceFiles.map((f) => [f.path, f.kind])).toEqual([
      ['migrations/002_verify.sql', 'migration'],
      ['openapi.yaml', 'openapi'],
      ['src/index.ts', 'typescript'],
    ]);
    expect(contract.interfaceFiles[2]?.content).toBe('export { x };\nexport type Id = string;');
    expect(contract.diffStat).toContain('openapi.yaml');
    expect(contract.facts.packages).toEqual([{ name: '@acme/backend', path: '' }]);
    expect(contract.facts.dependencies).toEqual(['express']);
    expect(contract.facts.changedFiles).toContain('src/server.ts');
    const prompt = formatContractsForPrompt([contract], { repository: 'acme/web' });
    expect(prompt).toContain(
      'acme/backend changed its interface (database migration, OpenAPI description',
    );
    expect(prompt).toContain('Its new openapi.yaml is:\n```yaml\nopenapi: 3.1.0\npaths:');
  });

  test('caps file content', async () => {
    const repo = await createRepository(join(workDir, 'api'), { 'README.md': 'x\n' });
    const big = 'a'.repeat(contractCaps.perFile + 100);
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`schema${i}.graphql`] = big;
    await writeFiles(repo.path, files);

    const contract = await extractContract({
      repository: 'acme/api',
      workspacePath: repo.path,
      baseSha: repo.baseSha,
    });

    expect(contract.interfaceFiles[0]?.content).toHaveLength(contractCaps.perFile);
    expect(contract.interfaceFiles[0]?.truncated).toBe(true);
    const total = contract.interfaceFiles.reduce((sum, f) => sum + f.content.length, 0);
    expect(total).toBeLessThanOrEqual(contractCaps.total);
    expect(contract.omittedFiles).toEqual(['schema4.graphql', 'schema5.graphql']);
  });

  test('symbolic link content is not read', async () => {
    const repo = await createRepository(join(workDir, 'linked'), { 'README.md': 'x\n' });
    await symlink('/etc/passwd', join(repo.path, 'openapi.yaml'));

    const contract = await extractContract({
      repository: 'acme/linked',
      workspacePath: repo.path,
      baseSha: repo.baseSha,
    });

    expect(contract.interfaceFiles).toEqual([]);
    expect(contract.omittedFiles).toEqual(['openapi.yaml']);
  });

  test('facts feed detection', async () => {
    const sdk = await createRepository(join(workDir, 'sdk'), {
      'packages/client/package.json': JSON.stringify({ name: '@acme/client' }),
      'packages/client/src/api.ts': 'export {};\n',
    });
    await writeFiles(sdk.path, { 'packages/client/src/api.ts': 'export const v = 2;\n' });
    await createRepository(join(workDir, 'web'), {
      'package.json': JSON.stringify({ name: 'web', dependencies: { '@acme/client': '^1' } }),
      'codegen.yml': 'schema: ../api/schema.graphql\n',
    });

    const upstream = await extractContract({
      repository: 'acme/sdk',
      workspacePath: sdk.path,
      baseSha: sdk.baseSha,
    });
    const web = await readRepositoryFacts({
      repository: 'acme/web',
      workspacePath: join(workDir, 'web'),
    });

    expect(web.references).toEqual([{ path: '../api/schema.graphql' }]);
    expect(detectDependencies([upstream.facts, web])).toEqual([
      expect.objectContaining({ before: 'acme/sdk', after: 'acme/web' }),
    ]);
  });
});
