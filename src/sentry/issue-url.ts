/** An issue reference read from a Sentry web URL. */
export interface SentryIssueUrl {
  /** Numeric issue id, as a string. */
  issueId: string;
  /** Organization slug, when the URL names one in its host or path. */
  organization?: string;
  /** The URL with its query string and fragment removed. */
  url: string;
}

/**
 * Subdomains of sentry.io that are not organization slugs: `www`, and the `us` and `de` data
 * storage regions, which serve the API rather than organization pages.
 */
const reservedSaasSubdomains = new Set(['www', 'us', 'de']);

/**
 * Parses the URL of a Sentry issue page, or returns undefined when `text` is not one. Accepts the
 * forms that Sentry's Slack alerts and webhooks link to:
 *
 * - `https://acme.sentry.io/issues/123/` (organization subdomain on sentry.io)
 * - `https://sentry.io/organizations/acme/issues/123/`, also on any self-hosted host
 * - `https://sentry.example.com/acme/backend/issues/123/` (self-hosted before version 10)
 * - `https://sentry.example.com/issues/123/` (self-hosted without an organization in the path)
 *
 * Each form may continue with `/events/<id>/` and a query string such as `?referrer=slack`.
 */
export function parseSentryIssueUrl(text: string): SentryIssueUrl | undefined {
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const issuesAt = segments.indexOf('issues');
  const issueId = issuesAt < 0 ? undefined : segments[issuesAt + 1];
  if (issueId === undefined || !/^\d+$/.test(issueId)) return undefined;

  const url = `${parsed.origin}${parsed.pathname}`;
  const organization = organizationFromPath(segments, issuesAt) ?? organizationFromHost(parsed);
  return organization === undefined ? { issueId, url } : { issueId, organization, url };
}

function organizationFromPath(segments: string[], issuesAt: number): string | undefined {
  if (issuesAt === 2 && segments[0] === 'organizations') return decode(segments[1]);
  // Self-hosted Sentry before version 10 used /{organization}/{project}/issues/{id}/.
  if (issuesAt === 2 && segments[0] !== 'api') return decode(segments[0]);
  return undefined;
}

function organizationFromHost(parsed: URL): string | undefined {
  const host = parsed.hostname.toLowerCase();
  if (!host.endsWith('.sentry.io')) return undefined;
  const subdomain = host.slice(0, -'.sentry.io'.length);
  if (subdomain.includes('.') || reservedSaasSubdomains.has(subdomain)) return undefined;
  return subdomain;
}

function decode(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Returns the URLs inside Slack `mrkdwn` links (`<https://…|label>` or `<https://…>`), in order,
 * with Slack's `&amp;` entity decoded.
 */
export function slackLinkTargets(text: string): Array<{ url: string; label?: string }> {
  const links: Array<{ url: string; label?: string }> = [];
  for (const match of text.matchAll(/<(https?:\/\/[^|>\s]+)(?:\|([^>]*))?>/g)) {
    const url = (match[1] ?? '').replace(/&amp;/g, '&');
    links.push(match[2] === undefined ? { url } : { url, label: match[2] });
  }
  return links;
}
