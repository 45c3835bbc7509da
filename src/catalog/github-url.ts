import { RepositorySlug } from '../spec/task-spec';

/** First path segments on github.com that are site pages, not repository owners. */
const reservedOwners = new Set([
  'about',
  'apps',
  'collections',
  'enterprise',
  'explore',
  'features',
  'issues',
  'login',
  'marketplace',
  'notifications',
  'orgs',
  'pulls',
  'search',
  'settings',
  'sponsors',
  'topics',
  'trending',
]);

/** Matches the SSH form `git@github.com:owner/name.git`. */
const sshUrlPattern = /^git@github\.com:([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/i;

/**
 * Extracts the `owner/name` slug from a GitHub URL: a repository page, any page below it
 * (`/pull/3`, `/tree/main`, `/blob/...`), an HTTPS clone URL ending in `.git`, or the SSH form
 * `git@github.com:owner/name.git`. Returns undefined for other hosts and for site pages.
 */
export function parseGitHubRepositoryUrl(url: string): string | undefined {
  const ssh = sshUrlPattern.exec(url.trim());
  if (ssh) {
    return toSlug(ssh[1], ssh[2]);
  }

  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase();
  if (host !== 'github.com' && host !== 'www.github.com') {
    return undefined;
  }
  const [owner, name] = parsed.pathname.split('/').filter((segment) => segment !== '');
  if (owner === undefined || reservedOwners.has(owner.toLowerCase())) {
    return undefined;
  }
  return toSlug(owner, name?.replace(/\.git$/i, ''));
}

function toSlug(owner: string | undefined, name: string | undefined): string | undefined {
  if (owner === undefined || name === undefined) {
    return undefined;
  }
  const slug = `${owner}/${name}`;
  return RepositorySlug.safeParse(slug).success ? slug : undefined;
}
