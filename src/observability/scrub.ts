/** Replacement for every secret that {@link scrubSecrets} removes. */
export const redactedText = '[redacted]';

/**
 * Patterns of the credentials that Deckhand handles. They cover Slack tokens (`xoxb-`, `xoxp-`,
 * `xapp-` …) and GitHub tokens (`ghp_`, `gho_`, `ghs_`, `ghu_`, `ghr_`, `github_pat_`). They also
 * cover Anthropic and OpenAI keys (`sk-ant-…`, `sk-…`) and Sentry auth tokens (`sntrys_`, `sntryu_`).
 */
const secretPatterns: readonly RegExp[] = [
  /\bxox[abposre]-[A-Za-z0-9-]{6,}/g,
  /\bxapp-[A-Za-z0-9-]{6,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{16,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/g,
  /\bsntry[su]_[A-Za-z0-9_=+/-]{16,}/g,
];

/** `Bearer X`, `Basic X`, `token X`: the scheme stays, so a reader sees which header it was. */
const authorizationValue = /\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;

/** Object keys whose values are dropped whole, whatever they contain. */
const secretKeys =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|token|access[-_]?token|auth[-_]?token|refresh[-_]?token|secret|client[-_]?secret|signing[-_]?secret|password|passwd|dsn)$/i;

/** Removes every credential that the patterns above match from one string. */
export function scrubString(text: string): string {
  let scrubbed = text.replace(authorizationValue, `$1 ${redactedText}`);
  for (const pattern of secretPatterns) scrubbed = scrubbed.replace(pattern, redactedText);
  return scrubbed;
}

/**
 * Returns a copy of `value` with credentials removed from every string, at any depth, and with
 * the values of secret-named keys (`authorization`, `token`, `password` …) replaced whole.
 * Cycles and depth beyond `maxDepth` become `[redacted]`, so nothing unscrubbed slips through.
 */
export function scrubSecrets<T>(value: T, maxDepth = 20): T {
  return scrubValue(value, maxDepth, new WeakSet()) as T;
}

function scrubValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth <= 0 || seen.has(value)) return redactedText;
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth - 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    copy[key] =
      secretKeys.test(key) && entry !== null && entry !== undefined
        ? redactedText
        : scrubValue(entry, depth - 1, seen);
  }
  return copy;
}
