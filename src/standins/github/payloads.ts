import type { CommitDetails } from './git';
import type { PullRequestRecord } from './state';

/** Facts about one repository that the payload builders put into response bodies. */
export interface RepositoryInfo {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  /** Path of the bare repository, returned as `clone_url`. */
  gitDir: string;
}

/** Git-derived facts about a pull request, read from the bare repository per response. */
export interface PullRequestGitFacts {
  headSha: string;
  baseSha: string;
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
  mergeable: boolean;
}

/** Timestamp that every repository and user reports as its creation time. */
const epoch = '2024-01-01T00:00:00Z';

/**
 * Builds response bodies in the shapes of GitHub's OpenAPI description, with every URL under
 * the stand-in's API and web base URLs.
 */
export class PayloadBuilder {
  constructor(
    private readonly urls: { apiBaseUrl: string; webBaseUrl: string },
    private readonly userIds: (login: string) => number,
  ) {}

  /** Builds a `simple-user` for `login`, whose id stays the same within one stand-in. */
  user(login: string) {
    const api = `${this.urls.apiBaseUrl}/users/${login}`;
    return {
      login,
      id: this.userIds(login),
      node_id: nodeId('U', this.userIds(login)),
      avatar_url: `${this.urls.webBaseUrl}/avatars/${login}`,
      gravatar_id: '',
      url: api,
      html_url: `${this.urls.webBaseUrl}/${login}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: 'User',
      site_admin: false,
      user_view_type: 'public',
    };
  }

  /**
   * Builds a repository body with the required fields of both `repository` (inside pull
   * requests) and `full-repository` (from `repos.get`).
   */
  repository(repo: RepositoryInfo, openIssues: number) {
    const api = `${this.urls.apiBaseUrl}/repos/${repo.owner}/${repo.name}`;
    const html = `${this.urls.webBaseUrl}/${repo.owner}/${repo.name}`;
    return {
      id: repo.id,
      node_id: nodeId('R', repo.id),
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      owner: this.user(repo.owner),
      private: true,
      html_url: html,
      description: null,
      fork: false,
      url: api,
      ...repositoryLinkTemplates(api),
      git_url: `git://127.0.0.1/${repo.owner}/${repo.name}.git`,
      ssh_url: `git@127.0.0.1:${repo.owner}/${repo.name}.git`,
      clone_url: repo.gitDir,
      svn_url: html,
      mirror_url: null,
      homepage: null,
      language: null,
      forks: 0,
      forks_count: 0,
      stargazers_count: 0,
      watchers: 0,
      watchers_count: 0,
      size: 0,
      default_branch: repo.defaultBranch,
      open_issues: openIssues,
      open_issues_count: openIssues,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: false,
      has_wiki: false,
      has_pages: false,
      has_downloads: false,
      has_discussions: false,
      archived: false,
      disabled: false,
      visibility: 'private',
      license: null,
      pushed_at: epoch,
      created_at: epoch,
      updated_at: epoch,
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      allow_merge_commit: true,
      allow_squash_merge: true,
      allow_rebase_merge: true,
      allow_auto_merge: false,
      delete_branch_on_merge: false,
      subscribers_count: 0,
      network_count: 0,
    };
  }

  /**
   * Builds the `pull-request` body of `pulls.get`, `pulls.create` and `pulls.update`. With
   * `simple`, builds the `pull-request-simple` items of `pulls.list`, which GitHub sends without
   * `merged`, `mergeable`, counts and diff statistics.
   */
  pullRequest(options: {
    record: PullRequestRecord;
    repo: RepositoryInfo;
    openIssues: number;
    facts: PullRequestGitFacts;
    simple?: boolean;
  }) {
    const { record, repo, facts } = options;
    const api = `${this.urls.apiBaseUrl}/repos/${repo.owner}/${repo.name}`;
    const html = this.pullRequestHtmlUrl(repo, record.number);
    const repository = this.repository(repo, options.openIssues);
    const links = {
      self: `${api}/pulls/${record.number}`,
      html,
      issue: `${api}/issues/${record.number}`,
      comments: `${api}/issues/${record.number}/comments`,
      review_comments: `${api}/pulls/${record.number}/comments`,
      review_comment: `${api}/pulls/comments{/number}`,
      commits: `${api}/pulls/${record.number}/commits`,
      statuses: `${api}/statuses/${facts.headSha}`,
    };
    const simple = {
      url: links.self,
      id: record.id,
      node_id: nodeId('PR', record.id),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: links.issue,
      commits_url: links.commits,
      review_comments_url: links.review_comments,
      review_comment_url: links.review_comment,
      comments_url: links.comments,
      statuses_url: links.statuses,
      number: record.number,
      state: record.state,
      locked: false,
      title: record.title,
      user: this.user(record.userLogin),
      body: record.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
      closed_at: record.closedAt,
      merged_at: record.merge?.mergedAt ?? null,
      merge_commit_sha: record.merge?.commitSha ?? null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: {
        label: `${repo.owner}:${record.headRef}`,
        ref: record.headRef,
        sha: facts.headSha,
        user: this.user(repo.owner),
        repo: repository,
      },
      base: {
        label: `${repo.owner}:${record.baseRef}`,
        ref: record.baseRef,
        sha: facts.baseSha,
        user: this.user(repo.owner),
        repo: repository,
      },
      _links: Object.fromEntries(Object.entries(links).map(([key, href]) => [key, { href }])),
      author_association: 'CONTRIBUTOR',
      auto_merge: null,
      draft: record.draft,
    };
    if (options.simple) return simple;
    return {
      ...simple,
      merged: record.merge !== undefined,
      // GitHub computes these in the background and may return null at first, but the
      // stand-in computes them with git on every response.
      mergeable: facts.mergeable,
      rebaseable: facts.mergeable,
      mergeable_state: mergeableState(record, facts),
      merged_by: record.merge ? this.user(record.merge.mergedByLogin) : null,
      comments: record.commentCount,
      review_comments: 0,
      maintainer_can_modify: record.maintainerCanModify,
      commits: facts.commits,
      additions: facts.additions,
      deletions: facts.deletions,
      changed_files: facts.changedFiles,
    };
  }

  /** Returns the web page address of pull request `number`. */
  pullRequestHtmlUrl(repo: RepositoryInfo, number: number): string {
    return `${this.urls.webBaseUrl}/${repo.owner}/${repo.name}/pull/${number}`;
  }

  /** Builds the `commit` body that `GET /branches/{branch}` nests under `commit`. */
  commit(repo: RepositoryInfo, commit: CommitDetails) {
    const api = `${this.urls.apiBaseUrl}/repos/${repo.owner}/${repo.name}`;
    const html = `${this.urls.webBaseUrl}/${repo.owner}/${repo.name}`;
    return {
      sha: commit.sha,
      node_id: nodeId('C', commit.sha),
      url: `${api}/commits/${commit.sha}`,
      html_url: `${html}/commit/${commit.sha}`,
      comments_url: `${api}/commits/${commit.sha}/comments`,
      commit: {
        url: `${api}/git/commits/${commit.sha}`,
        author: commit.author,
        committer: commit.committer,
        message: commit.message,
        tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
        comment_count: 0,
        verification: {
          verified: false,
          reason: 'unsigned',
          signature: null,
          payload: null,
          verified_at: null,
        },
      },
      // GitHub links commits to accounts by email, but the stand-in has no accounts to link.
      author: null,
      committer: null,
      parents: commit.parents.map((sha) => ({
        sha,
        url: `${api}/commits/${sha}`,
        html_url: `${html}/commit/${sha}`,
      })),
    };
  }
}

function mergeableState(record: PullRequestRecord, facts: PullRequestGitFacts): string {
  if (record.state === 'closed') return 'unknown';
  if (!facts.mergeable) return 'dirty';
  if (record.failingCheck !== undefined) return 'blocked';
  return record.draft ? 'draft' : 'clean';
}

/** Returns a node id shaped like GitHub's base64 global ids, stable for `kind` and `id`. */
export function nodeId(kind: string, id: number | string): string {
  return `${kind}_${Buffer.from(`${kind}:${id}`).toString('base64url')}`;
}

function repositoryLinkTemplates(api: string) {
  return {
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
  };
}
