/** Linear issue identifiers: a team key, a dash and the issue number, such as `ENG-123`. */
const identifierPattern = /^[A-Za-z][A-Za-z0-9]*-\d+$/;

/**
 * Returns the issue identifier in `reference`, upper-cased, from an identifier such as `eng-123`
 * or an issue URL such as `https://linear.app/acme/issue/ENG-123/add-login`. Returns undefined
 * for anything else. Any host is accepted, so stand-ins and self-hosted proxies work.
 */
export function parseIssueReference(reference: string): string | undefined {
  const trimmed = reference.trim();
  if (identifierPattern.test(trimmed)) return trimmed.toUpperCase();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  const segments = url.pathname.split('/').filter(Boolean);
  const index = segments.indexOf('issue');
  const identifier = index === -1 ? undefined : segments[index + 1];
  return identifier && identifierPattern.test(identifier) ? identifier.toUpperCase() : undefined;
}
