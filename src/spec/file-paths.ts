/**
 * File extensions that make a bare word such as `package.json` a file name. Words with a
 * slash need only some extension, but a bare word needs a known one, so that `e.g.`, `v1.2`
 * and domain names such as `example.com` are not taken for files.
 */
const knownExtensions = new Set(
  (
    'c cc cfg cjs conf cpp cs css csv cts env gemspec go gradle graphql h hpp html ini java ' +
    'js json jsx kt kts lock log md mdx mjs mts php proto py rb rs sass scss sh sql svelte ' +
    'swift tf toml ts tsx txt vue xml yaml yml zsh'
  ).split(' '),
);

/** File names without an extension that projects commonly contain. */
const knownFileNames = new Set(
  'Brewfile Dockerfile Gemfile Jenkinsfile Justfile Makefile Procfile Rakefile Vagrantfile'.split(
    ' ',
  ),
);

/**
 * Library names written like files. NOTE: this list is short, so other `Name.js` library
 * names in prose are reported as file paths.
 */
const libraryNames = new Set(
  'angular.js backbone.js chart.js d3.js ember.js express.js next.js node.js nuxt.js react.js three.js vue.js'.split(
    ' ',
  ),
);

/**
 * Finds file paths in prose, in order of first appearance and without repeats. A path is a
 * word that:
 * - contains a slash and ends in a segment with an extension (`src/routes/users.ts`,
 *   `/api/users.json`), or starts with `./` or `../`;
 * - or is a bare file name with a known extension (`package.json`), a dotfile (`.env`) or a
 *   well-known name such as `Dockerfile`.
 * URLs, domain-led words (`github.com/o/r`), API routes without an extension (`/api/users`)
 * and the slugs in `excludedSlugs` are not paths. A trailing `:12` line number or `#L12`
 * anchor is dropped.
 */
export function extractFilePaths(text: string, excludedSlugs: ReadonlySet<string>): string[] {
  const paths: string[] = [];
  for (const match of text.matchAll(/[^\s`'"()[\]{}<>,;]+/g)) {
    const path = toFilePath(match[0], excludedSlugs);
    if (path !== undefined && !paths.includes(path)) {
      paths.push(path);
    }
  }
  return paths;
}

function toFilePath(word: string, excludedSlugs: ReadonlySet<string>): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(word) || /^(?:www\.|mailto:)/i.test(word)) {
    return undefined;
  }
  const path = word
    .replace(/[*_~]+$/, '')
    .replace(/^[*_~]+/, '')
    .replace(/#L\d+(?:-L?\d+)?$/, '')
    .replace(/(?::\d+)+$/, '')
    .replace(/[.:!?]+$/, '');
  if (path === '' || excludedSlugs.has(path.toLowerCase())) {
    return undefined;
  }
  const segments = path.split('/');
  const last = segments[segments.length - 1] ?? '';
  if (segments.length > 1) {
    return isSlashPath(path, segments) ? path : undefined;
  }
  return isBareFileName(last) ? path : undefined;
}

function isSlashPath(path: string, segments: readonly string[]): boolean {
  if (path.startsWith('./') || path.startsWith('../')) {
    return true;
  }
  const first = segments[0] ?? '';
  // `github.com/o/r` and `example.com/x.json` start with a domain, not a directory.
  if (/^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(first) && !first.startsWith('.')) {
    return false;
  }
  const last = segments[segments.length - 1] ?? '';
  return hasExtension(last) || isDotfile(last) || knownFileNames.has(last);
}

function isBareFileName(name: string): boolean {
  if (knownFileNames.has(name) || isDotfile(name)) {
    return true;
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (
    extension !== undefined &&
    knownExtensions.has(extension) &&
    /^[A-Za-z0-9_@-]/.test(name) &&
    !libraryNames.has(name.toLowerCase())
  );
}

function hasExtension(name: string): boolean {
  return /^[A-Za-z0-9_@.+-]*[A-Za-z0-9_@+-]\.[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$/.test(name);
}

function isDotfile(name: string): boolean {
  return /^\.[a-z][A-Za-z0-9_.-]*$/.test(name) && !/^\.{2,}/.test(name);
}
