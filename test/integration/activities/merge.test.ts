import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  mergePullRequests,
  type MergePullRequestsInput,
  type MergePullRequestsResult,
} from '../../../activities/merge';
import { GitHubStandIn, OpenApiContract } from '../../../src/standins/github';

const token = 'ghp_merge_test';
const silentLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test Agent',
  GIT_AUTHOR_EMAIL: 'agent@example.invalid',
  GIT_COMMITTER_NAME: 'Test Agent',
  GIT_COMMITTER_EMAIL: 'agent@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

describe('mergePullRequests', () => {
  const contract = new OpenApiContract();
  let workDir: string;
  let github: GitHubStandIn;
  let octokit: Octokit;

  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim();

  /** Pushes `branch` of `slug` with `files` changed and opens its pull request. */
  async function openChange(slug: string, branch: string, files: Record<string, string>) {
    const clone = join(workDir, `${slug.replace('/', '-')}-${branch.replace(/\//g, '-')}`);
    git(workDir, 'clone', '--quiet', github.clonePath(slug), clone);
    git(clone, 'checkout', '--quiet', '-b', branch);
    for (const [file, content] of Object.entries(files))
      await writeFile(join(clone, file), content);
    git(clone, 'add', '--all');
    git(clone, 'commit', '--quiet', '-m', `Change on ${branch}`);
    git(clone, 'push', '--quiet', 'origin', branch);
    const [owner = '', repo = ''] = slug.split('/');
    const { data } = await octokit.pulls.create({
      owner,
      repo,
      head: branch,
      base: 'main',
      title: branch,
    });
    return { repository: slug, number: data.number };
  }

  const run = (input: MergePullRequestsInput): Promise<MergePullRequestsResult> =>
    new MockActivityEnvironment().run(
      mergePullRequests,
      { octokit },
      { pollIntervalMs: 10, ...input },
    );

  const mainFile = (slug: string, file: string) =>
    git(workDir, '--git-dir', github.clonePath(slug), 'show', `main:${file}`);

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'merge-test-'));
    github = new GitHubStandIn({ root: join(workDir, 'repos'), token, contract });
    await github.start();
    octokit = new Octokit({ auth: token, baseUrl: github.baseUrl, log: silentLog });
    await github.seed('acme/infra', { 'main.tf': 'resource "a" {}\n' });
    await github.seed('acme/web', { 'app.ts': 'export const v = 1;\n' });
  });

  afterEach(async () => {
    await github.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  test('merges in the given order', async () => {
    const infra = await openChange('acme/infra', 'deckhand/t1-infra', {
      'main.tf': 'resource "b" {}\n',
    });
    const web = await openChange('acme/web', 'deckhand/t1-web', {
      'app.ts': 'export const v = 2;\n',
    });

    const result = await run({ pullRequests: [infra, web] });

    expect(result.stopped).toBeUndefined();
    expect(result.merged.map((m) => m.repository)).toEqual(['acme/infra', 'acme/web']);
    expect(result.merged.every((m) => !m.alreadyMerged)).toBe(true);
    const mergeCalls = github.requests.filter((r) => r.operationId === 'pulls/merge');
    expect(mergeCalls.map((r) => r.path)).toEqual([
      '/repos/acme/infra/pulls/1/merge',
      '/repos/acme/web/pulls/1/merge',
    ]);
    expect(mainFile('acme/infra', 'main.tf')).toBe('resource "b" {}');
    expect(mainFile('acme/web', 'app.ts')).toBe('export const v = 2;');
    expect(github.contractViolations).toEqual([]);
  });

  test('merged pull request reads as merged', async () => {
    const infra = await openChange('acme/infra', 'deckhand/t1-infra', { 'main.tf': 'x\n' });
    const result = await run({ pullRequests: [infra] });
    const { data } = await octokit.pulls.get({ owner: 'acme', repo: 'infra', pull_number: 1 });
    expect(data.merged).toBe(true);
    expect(data.state).toBe('closed');
    expect(data.merged_at).not.toBeNull();
    expect(data.merge_commit_sha).toBe(result.merged[0]?.sha);
    expect(data.merged_by?.login).toBe('deckhand-bot');
    const check = contract.checkResponseBody(
      'GET',
      '/repos/{owner}/{repo}/pulls/{pull_number}',
      200,
      data,
    );
    expect(check.errors).toEqual([]);
    const parents = git(
      workDir,
      '--git-dir',
      github.clonePath('acme/infra'),
      'rev-list',
      '--parents',
      '-n1',
      'main',
    );
    expect(parents.split(' ')).toHaveLength(3);
  });

  test('stops at a conflict', async () => {
    const first = await openChange('acme/infra', 'deckhand/a', { 'main.tf': 'first\n' });
    const second = await openChange('acme/infra', 'deckhand/b', { 'main.tf': 'second\n' });
    const web = await openChange('acme/web', 'deckhand/t1-web', {
      'app.ts': 'export const v = 3;\n',
    });

    const result = await run({ pullRequests: [first, second, web] });

    expect(result.merged.map((m) => m.number)).toEqual([1]);
    expect(result.stopped).toMatchObject({
      repository: 'acme/infra',
      number: 2,
      reason: 'conflict',
    });
    expect(result.stopped?.message).toContain('acme/infra#2 has conflicts with main');
    expect(result.notAttempted).toEqual([web]);
    expect(mainFile('acme/web', 'app.ts')).toBe('export const v = 1;');
  });

  test('stops at a failing required check', async () => {
    const infra = await openChange('acme/infra', 'deckhand/t1-infra', { 'main.tf': 'y\n' });
    github.setFailingCheck('acme/infra', infra.number, 'ci');

    const result = await run({ pullRequests: [infra], mergeableTimeoutMs: 50 });

    expect(result.stopped).toMatchObject({ reason: 'blocked' });
    expect(result.stopped?.message).toBe('Required status check "ci" is failing.');
    expect(result.merged).toEqual([]);
  });

  test('retry skips merged pull requests', async () => {
    const infra = await openChange('acme/infra', 'deckhand/t1-infra', { 'main.tf': 'z\n' });
    const first = await run({ pullRequests: [infra] });
    const second = await run({ pullRequests: [infra] });
    expect(second.merged).toEqual([{ ...infra, sha: first.merged[0]?.sha, alreadyMerged: true }]);
  });

  test('squash creates one parent', async () => {
    const infra = await openChange('acme/infra', 'deckhand/t1-infra', { 'main.tf': 'sq\n' });
    await run({ pullRequests: [infra], mergeMethod: 'squash' });
    const parents = git(
      workDir,
      '--git-dir',
      github.clonePath('acme/infra'),
      'rev-list',
      '--parents',
      '-n1',
      'main',
    );
    expect(parents.split(' ')).toHaveLength(2);
    expect(
      git(workDir, '--git-dir', github.clonePath('acme/infra'), 'log', '-1', '--format=%s', 'main'),
    ).toBe('deckhand/t1-infra (#1)');
  });

  test('rebase replays the commits', async () => {
    const infra = await openChange('acme/infra', 'deckhand/t1-infra', { 'main.tf': 'rb\n' });
    await run({ pullRequests: [infra], mergeMethod: 'rebase' });
    expect(mainFile('acme/infra', 'main.tf')).toBe('rb');
    expect(
      git(workDir, '--git-dir', github.clonePath('acme/infra'), 'log', '-1', '--format=%s', 'main'),
    ).toBe('Change on deckhand/t1-infra');
  });

  test('stand-in answers 409 for a stale sha', async () => {
    await openChange('acme/infra', 'deckhand/t1-infra', { 'main.tf': 's\n' });
    const merge = octokit.pulls.merge({
      owner: 'acme',
      repo: 'infra',
      pull_number: 1,
      sha: 'a'.repeat(40),
    });
    await expect(merge).rejects.toMatchObject({
      status: 409,
      response: { data: { message: 'Head branch was modified. Review and try the merge again.' } },
    });
  });

  test('stand-in answers 405 for a merged one', async () => {
    await openChange('acme/infra', 'deckhand/t1-infra', { 'main.tf': 'm\n' });
    const { data } = await octokit.pulls.merge({ owner: 'acme', repo: 'infra', pull_number: 1 });
    expect(data).toMatchObject({ merged: true, message: 'Pull Request successfully merged' });
    const check = contract.checkResponseBody(
      'PUT',
      '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
      200,
      data,
    );
    expect(check.errors).toEqual([]);
    const again = octokit.pulls.merge({ owner: 'acme', repo: 'infra', pull_number: 1 });
    await expect(again).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Pull Request is not mergeable' } },
    });
  });

  test('bad token is not retried', async () => {
    const stranger = new Octokit({ auth: 'wrong', baseUrl: github.baseUrl, log: silentLog });
    const result = new MockActivityEnvironment().run(
      mergePullRequests,
      { octokit: stranger },
      { pullRequests: [{ repository: 'acme/infra', number: 1 }] },
    );
    await expect(result).rejects.toMatchObject({ type: 'Unauthorized', nonRetryable: true });
  });
});
