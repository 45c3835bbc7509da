import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { Catalog } from './catalog';
import { findCatalogConflicts } from './consistency';
import { CatalogError, type CatalogIssue, formatIssuePath } from './errors';

/** Catalog file syntax; YAML also accepts JSON, so only `.json` files use the JSON parser. */
export type CatalogFormat = 'json' | 'yaml';

/**
 * Reads and validates the repository catalog at `path`. Files ending in `.json` are parsed as
 * JSON and every other file as YAML.
 *
 * @throws CatalogError `catalog_unreadable` if the file cannot be read, `catalog_syntax` if
 *   it is not valid JSON or YAML, `catalog_invalid` if it does not match the Catalog schema
 *   or contains duplicate slugs, shared aliases or unknown channel repositories.
 */
export async function loadCatalog(path: string): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CatalogError({
      code: 'catalog_unreadable',
      source: path,
      message: `Cannot read catalog ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
  const format: CatalogFormat = extname(path).toLowerCase() === '.json' ? 'json' : 'yaml';
  return parseCatalog({ text, source: path, format });
}

/**
 * Parses and validates catalog text. `source` labels the text in error messages, usually the
 * file path.
 *
 * @throws CatalogError with code `catalog_syntax` or `catalog_invalid`, as `loadCatalog` does.
 */
export function parseCatalog(options: {
  text: string;
  source: string;
  format: CatalogFormat;
}): Catalog {
  const data = parseSyntax(options);
  const result = Catalog.safeParse(data, { reportInput: true });
  const issues = result.success
    ? findCatalogConflicts(result.data)
    : result.error.issues.map(describeZodIssue);
  if (!result.success || issues.length > 0) {
    const lines = issues.map((issue) => `- ${issue.path}: ${issue.message}`);
    throw new CatalogError({
      code: 'catalog_invalid',
      source: options.source,
      message: `Invalid catalog ${options.source}:\n${lines.join('\n')}`,
      issues,
    });
  }
  return result.data;
}

function parseSyntax(options: { text: string; source: string; format: CatalogFormat }): unknown {
  if (options.format === 'json') {
    try {
      return JSON.parse(options.text) as unknown;
    } catch (error) {
      throw syntaxError(options.source, 'JSON', error);
    }
  }
  const document = YAML.parseDocument(options.text);
  const [firstError] = document.errors;
  if (firstError !== undefined) {
    throw syntaxError(options.source, 'YAML', firstError);
  }
  return document.toJS() as unknown;
}

function syntaxError(source: string, format: string, error: unknown): CatalogError {
  return new CatalogError({
    code: 'catalog_syntax',
    source,
    message: `Invalid ${format} in catalog ${source}: ${(error as Error).message}`,
    cause: error,
  });
}

function describeZodIssue(issue: z.core.$ZodIssue): CatalogIssue {
  const path = formatIssuePath(issue.path);
  // Zod's default messages state the expected and received types. A custom message, such as
  // the slug pattern's, does not, so the rejected value is appended.
  const received = 'input' in issue && issue.code !== 'invalid_type' ? issue.input : undefined;
  const suffix =
    received === undefined || typeof received === 'object'
      ? ''
      : `, received ${JSON.stringify(received)}`;
  return { path, message: `${issue.message}${suffix}` };
}
