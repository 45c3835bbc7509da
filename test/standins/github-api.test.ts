import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { RequestError } from '@octokit/request-error';
import { GitHubStandIn, OpenApiContract } from '../../src/standins/github';

const token = 'test-token';
const slug = 'acme/widgets';
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test Agent',
  GIT_AUTHOR_EMAIL: 'agent@example.invalid',
  GIT_COMMITTER_NAME: 'Test Agent',
  GIT_COMMITTER_EMAIL: 'agent@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Silences Octokit, which logs every failed request, because these tests fail requests on purpose. */
const silentLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim();
}

/** Clones `slug`, commits one file on `branch`, pushes it and returns the new commit id. */
function pushBranch(standIn: GitHubStandIn, workDir: string, branch: string, file: string) {
  const checkout = path.join(workDir, `clone-${branch.replace(/\//g, '-')}`);
  git(workDir, 'clone', '--quiet', standIn.clonePath(slug), checkout);
  git(checkout, 'checkout', '--quiet', '-b', branch);
  writeFileSync(path.join(checkout, file), `change on ${branch}\n`);
  git(checkout, 'add', file);
  git(checkout, 'commit', '--quiet', '-m', `Change ${file}`);
  git(checkout, 'push', '--quiet', 'origin', branch);
  return git(checkout, 'rev-parse', 'HEAD');
}

async function expectRequestError(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RequestError);
    return error as RequestError;
  }
  throw new Error('Expected the request to fail');
}

describe('GitHub stand-in', () => {
  const contract = new OpenApiContract();
  let workDir: string;
  let standIn: GitHubStandIn;
  let octokit: Octokit;
  let seededSha: string;

  beforeEach(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'github-standin-'));
    standIn = new GitHubStandIn({ root: path.join(workDir, 'repos'), token, contract });
    const baseUrl = await standIn.start();
    octokit = new Octokit({ auth: token, baseUrl, log: silentLog });
    const seeded = await standIn.seed(slug, {
      'README.md': '# Widgets\n',
      'src/index.ts': 'export const answer = 42;\n',
    });
    seededSha = seeded.sha;
  });

  afterEach(async () => {
    await standIn.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  test('seed is deterministic', async () => {
    const again = await standIn.seed('acme/other', {
      'README.md': '# Widgets\n',
      'src/index.ts': 'export const answer = 42;\n',
    });
    expect(again.sha).toBe(seededSha);
    expect(git(workDir, '--git-dir', standIn.clonePath(slug), 'show', 'main:src/index.ts')).toBe(
      'export const answer = 42;',
    );
  });

  test('repos.get returns full-repository', async () => {
    const { data, status } = await octokit.repos.get({ owner: 'acme', repo: 'widgets' });
    expect(status).toBe(200);
    expect(data.full_name).toBe(slug);
    expect(data.default_branch).toBe('main');
    expect(data.clone_url).toBe(standIn.clonePath(slug));
    expect(contract.checkResponseBody('get', '/repos/{owner}/{repo}', 200, data).errors).toEqual(
      [],
    );
  });

  test('branch get reads the bare repository', async () => {
    const { data } = await octokit.repos.getBranch({
      owner: 'acme',
      repo: 'widgets',
      branch: 'main',
    });
    expect(data.commit.sha).toBe(seededSha);
    expect(data.commit.commit.author?.name).toBe('Deckhand Seed');
    const check = contract.checkResponseBody(
      'get',
      '/repos/{owner}/{repo}/branches/{branch}',
      200,
      data,
    );
    expect(check.errors).toEqual([]);

    const error = await expectRequestError(
      octokit.repos.getBranch({ owner: 'acme', repo: 'widgets', branch: 'missing' }),
    );
    expect(error.status).toBe(404);
    expect((error.response?.data as { message: string }).message).toBe('Branch not found');
  });

  test('pull request lifecycle over real git', async () => {
    const headSha = pushBranch(standIn, workDir, 'deckhand/fix', 'fix.txt');
    const branch = await octokit.repos.getBranch({
      owner: 'acme',
      repo: 'widgets',
      branch: 'deckhand/fix',
    });
    expect(branch.data.commit.sha).toBe(headSha);

    const created = await octokit.pulls.create({
      owner: 'acme',
      repo: 'widgets',
      head: 'deckhand/fix',
      base: 'main',
      title: 'Fix widgets',
      body: 'Opened by the agent',
    });
    expect(created.status).toBe(201);
    expect(created.data.number).toBe(1);
    expect(created.data.head).toMatchObject({ ref: 'deckhand/fix', sha: headSha });
    expect(created.data.head.label).toBe('acme:deckhand/fix');
    expect(created.data.base).toMatchObject({ ref: 'main', sha: seededSha });
    expect(created.data.html_url).toBe(`${standIn.baseUrl}/acme/widgets/pull/1`);
    expect(created.data).toMatchObject({ state: 'open', draft: false, merged: false });
    expect(created.data).toMatchObject({ mergeable: true, commits: 1, changed_files: 1 });
    const createCheck = contract.checkResponseBody(
      'post',
      '/repos/{owner}/{repo}/pulls',
      201,
      created.data,
    );
    expect(createCheck.errors).toEqual([]);

    const listed = await octokit.pulls.list({
      owner: 'acme',
      repo: 'widgets',
      head: 'acme:deckhand/fix',
      state: 'open',
    });
    expect(listed.data.map((pull) => pull.number)).toEqual([1]);
    const listCheck = contract.checkResponseBody(
      'get',
      '/repos/{owner}/{repo}/pulls',
      200,
      listed.data,
    );
    expect(listCheck.errors).toEqual([]);
    const otherHead = await octokit.pulls.list({ owner: 'acme', repo: 'widgets', head: 'acme:x' });
    expect(otherHead.data).toEqual([]);

    const updated = await octokit.pulls.update({
      owner: 'acme',
      repo: 'widgets',
      pull_number: 1,
      title: 'Fix widgets, take two',
      body: 'Updated body',
    });
    expect(updated.data.title).toBe('Fix widgets, take two');
    expect(updated.data.body).toBe('Updated body');
    const fetched = await octokit.pulls.get({ owner: 'acme', repo: 'widgets', pull_number: 1 });
    expect(fetched.data.title).toBe('Fix widgets, take two');

    const comment = await octokit.issues.createComment({
      owner: 'acme',
      repo: 'widgets',
      issue_number: 1,
      body: 'Tests passed',
    });
    expect(comment.status).toBe(201);
    expect(standIn.comments.map((c) => c.body)).toEqual(['Tests passed']);
    const commentCheck = contract.checkResponseBody(
      'post',
      '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      201,
      comment.data,
    );
    expect(commentCheck.errors).toEqual([]);
    expect(standIn.contractViolations).toEqual([]);
  });

  test('head sha follows later pushes', async () => {
    pushBranch(standIn, workDir, 'feature', 'a.txt');
    await octokit.pulls.create({
      owner: 'acme',
      repo: 'widgets',
      head: 'feature',
      base: 'main',
      title: 'A',
    });
    const checkout = path.join(workDir, 'clone-feature');
    writeFileSync(path.join(checkout, 'b.txt'), 'second\n');
    git(checkout, 'add', 'b.txt');
    git(checkout, 'commit', '--quiet', '-m', 'Second');
    git(checkout, 'push', '--quiet', 'origin', 'feature');
    const newSha = git(checkout, 'rev-parse', 'HEAD');

    const { data } = await octokit.pulls.get({ owner: 'acme', repo: 'widgets', pull_number: 1 });
    expect(data.head.sha).toBe(newSha);
    expect(data.commits).toBe(2);
  });

  test('pulls.create 422 bodies match GitHub', async () => {
    const unknownHead = await expectRequestError(
      octokit.pulls.create({
        owner: 'acme',
        repo: 'widgets',
        head: 'nope',
        base: 'main',
        title: 'T',
      }),
    );
    expect(unknownHead.status).toBe(422);
    expect(unknownHead.response?.data).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
      documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
      status: '422',
    });

    git(workDir, '--git-dir', standIn.clonePath(slug), 'branch', 'empty', 'main');
    const noCommits = await expectRequestError(
      octokit.pulls.create({
        owner: 'acme',
        repo: 'widgets',
        head: 'empty',
        base: 'main',
        title: 'T',
      }),
    );
    expect(noCommits.status).toBe(422);
    expect((noCommits.response?.data as { errors: unknown[] }).errors).toEqual([
      { resource: 'PullRequest', code: 'custom', message: 'No commits between main and empty' },
    ]);

    pushBranch(standIn, workDir, 'dup', 'dup.txt');
    await octokit.pulls.create({
      owner: 'acme',
      repo: 'widgets',
      head: 'acme:dup',
      base: 'main',
      title: 'T',
    });
    const duplicate = await expectRequestError(
      octokit.pulls.create({
        owner: 'acme',
        repo: 'widgets',
        head: 'dup',
        base: 'main',
        title: 'T',
      }),
    );
    expect(duplicate.status).toBe(422);
    expect((duplicate.response?.data as { errors: unknown[] }).errors).toEqual([
      {
        resource: 'PullRequest',
        code: 'custom',
        message: 'A pull request already exists for acme:dup.',
      },
    ]);
    expect(standIn.pullRequests).toHaveLength(1);
    expect(standIn.contractViolations).toEqual([]);
  });

  test('schema violation is recorded', async () => {
    const error = await expectRequestError(
      octokit.request('POST /repos/{owner}/{repo}/pulls', {
        owner: 'acme',
        repo: 'widgets',
        base: 'main',
        title: 42 as unknown as string,
      } as never),
    );
    expect(error.status).toBe(422);
    const message = (error.response?.data as { message: string }).message;
    expect(message).toContain('"head" wasn\'t supplied.');
    expect(message).toContain("For 'properties/title', 42 is not a string.");
    expect(standIn.contractViolations).toHaveLength(1);
    expect(standIn.contractViolations[0]?.operationId).toBe('pulls/create');
    expect(standIn.requests.at(-1)).toMatchObject({ method: 'POST', status: 422 });
  });

  test('unknown repository returns 404', async () => {
    const error = await expectRequestError(octokit.repos.get({ owner: 'acme', repo: 'missing' }));
    expect(error.status).toBe(404);
    expect(error.response?.data).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository',
      status: '404',
    });
  });

  test('missing or wrong token returns 401', async () => {
    for (const client of [
      new Octokit({ baseUrl: standIn.baseUrl, log: silentLog }),
      new Octokit({ auth: 'wrong', baseUrl: standIn.baseUrl, log: silentLog }),
    ]) {
      const error = await expectRequestError(client.repos.get({ owner: 'acme', repo: 'widgets' }));
      expect(error.status).toBe(401);
      expect((error.response?.data as { message: string }).message).toBe('Bad credentials');
    }
  });

  test('requests are recorded', async () => {
    await octokit.repos.get({ owner: 'acme', repo: 'widgets' });
    expect(standIn.requests).toEqual([
      {
        method: 'GET',
        path: '/repos/acme/widgets',
        body: undefined,
        status: 200,
        operationId: 'repos/get',
      },
    ]);
  });
});
