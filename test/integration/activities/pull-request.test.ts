import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { openPullRequest } from '../../../activities/pull-request';
import { GitHubStandIn } from '../../../src/standins/github';

const token = 'ghp_pull_request_test';

describe('openPullRequest', () => {
  let github: GitHubStandIn;
  let octokit: Octokit;

  beforeAll(async () => {
    github = new GitHubStandIn({ root: await mkdtemp(join(tmpdir(), 'pr-test-')), token });
    await github.start();
    await github.seed('acme/api', { 'README.md': '# api\n' });
    octokit = new Octokit({ auth: token, baseUrl: github.baseUrl });
    const clone = await mkdtemp(join(tmpdir(), 'pr-clone-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: clone });
    git('clone', '--quiet', github.clonePath('acme/api'), '.');
    git('checkout', '--quiet', '-b', 'deckhand/t1-api');
    await writeFile(join(clone, 'change.txt'), 'change\n');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'change');
    git('push', '--quiet', 'origin', 'deckhand/t1-api');
  });

  afterAll(async () => {
    await github.stop();
  });

  const input = {
    repository: 'acme/api',
    branch: 'deckhand/t1-api',
    baseBranch: 'main',
    title: 'Change',
    body: 'First body',
  };

  test('second call reuses the open one', async () => {
    const first = await openPullRequest({ octokit }, input);
    const second = await openPullRequest({ octokit }, { ...input, body: 'Second body' });
    expect(first.reused).toBe(false);
    expect(second.reused).toBe(true);
    expect(second.number).toBe(first.number);
    expect(github.pullRequests).toHaveLength(1);
    expect(github.pullRequests[0]?.body).toBe('Second body');
    expect(github.contractViolations).toEqual([]);
  });

  test('branch without commits is not retried', async () => {
    const run = openPullRequest({ octokit }, { ...input, branch: 'main', baseBranch: 'main' });
    await expect(run).rejects.toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  });

  test('bad token is not retried', async () => {
    const stranger = new Octokit({ auth: 'wrong', baseUrl: github.baseUrl });
    const run = openPullRequest({ octokit: stranger }, input);
    await expect(run).rejects.toMatchObject({ type: 'Unauthorized', nonRetryable: true });
    await expect(run).rejects.toThrow(/GITHUB_TOKEN/);
  });
});
