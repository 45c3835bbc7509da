/** Kinds of files that other repositories consume: API descriptions, types and schemas. */
export type InterfaceFileKind = 'openapi' | 'graphql' | 'typescript' | 'migration' | 'schema';

const rules: { kind: InterfaceFileKind; pattern: RegExp }[] = [
  { kind: 'openapi', pattern: /(^|\/)(openapi|swagger)[^/]*\.(ya?ml|json)$/i },
  { kind: 'graphql', pattern: /\.(graphql|graphqls|gql)$/i },
  { kind: 'migration', pattern: /(^|\/)(migrations?|migrate)\/[^/]+/i },
  { kind: 'schema', pattern: /(^|\/)schema\.(prisma|sql|json)$|\.proto$|\.avsc$/i },
  { kind: 'typescript', pattern: /\.d\.ts$|(^|\/)(types|index)\.ts$/ },
];

/**
 * Returns what kind of interface file `path` is, or undefined for ordinary source. Test files
 * never count, even when they are named `types.ts` or `index.ts`.
 */
export function classifyInterfaceFile(path: string): InterfaceFileKind | undefined {
  if (isTestPath(path)) return undefined;
  return rules.find((rule) => rule.pattern.test(path))?.kind;
}

/** Returns whether `path` is a test, fixture or snapshot rather than shipped code. */
export function isTestPath(path: string): boolean {
  return (
    /(^|\/)(test|tests|__tests__|__snapshots__|fixtures|e2e)\//.test(path) ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(path)
  );
}

/** Returns whether a change to `path` can alter what a package exports. */
export function isPackageSource(path: string): boolean {
  if (isTestPath(path)) return false;
  return !/(^|\/)(README|CHANGELOG|LICENSE)[^/]*$|\.md$|(^|\/)\.github\//i.test(path);
}

/** Returns the last segment of a `/`-separated path. */
export function baseName(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 1] ?? path;
}
