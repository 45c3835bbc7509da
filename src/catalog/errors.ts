/** Stable codes for the ways a catalog file can fail to load. */
export type CatalogErrorCode = 'catalog_unreadable' | 'catalog_syntax' | 'catalog_invalid';

/** One invalid value in a catalog, located by a path such as `repositories[1].slug`. */
export interface CatalogIssue {
  path: string;
  message: string;
}

/**
 * Raised by `loadCatalog` and `parseCatalog`. The message names the file and, for
 * `catalog_invalid`, lists every invalid field with what was expected.
 */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  readonly code: CatalogErrorCode;
  /** The file path or other source label that the catalog was read from. */
  readonly source: string;
  readonly issues: readonly CatalogIssue[];

  constructor(options: {
    code: CatalogErrorCode;
    source: string;
    message: string;
    issues?: readonly CatalogIssue[];
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.code = options.code;
    this.source = options.source;
    this.issues = options.issues ?? [];
  }
}

/** Formats a path from zod or a hand-built check as `repositories[1].slug`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let formatted = '';
  for (const key of path) {
    if (typeof key === 'number') {
      formatted += `[${key}]`;
    } else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) {
      formatted += formatted === '' ? key : `.${key}`;
    } else {
      formatted += `[${JSON.stringify(String(key))}]`;
    }
  }
  return formatted === '' ? '(root)' : formatted;
}
