import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** Names of the OpenAPI descriptions that `@octokit/openapi` ships, without the `.json` suffix. */
export type OpenApiDescriptionName =
  'api.github.com' | 'ghec' | 'ghes-3.17' | 'ghes-3.18' | 'ghes-3.19';

/** Outcome of checking one JSON value against a schema from the OpenAPI description. */
export interface SchemaCheck {
  valid: boolean;
  /** Ajv's errors, empty when `valid`. */
  errors: ErrorObject[];
  /** GitHub-style summary such as `Invalid request.\n\n"head" wasn't supplied.`. */
  message: string;
}

interface OpenApiOperation {
  operationId?: string;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, Record<string, unknown>>;
}

/** The id under which the description's components are registered in Ajv. */
const componentsId = 'https://deckhand.invalid/github-openapi';

/**
 * The request and response schemas of GitHub's REST API, read from the OpenAPI description in
 * `@octokit/openapi` and compiled with Ajv on first use.
 */
export class OpenApiContract {
  private readonly document: OpenApiDocument;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(descriptionName: OpenApiDescriptionName = 'api.github.com') {
    // Only the one description is read, because `require('@octokit/openapi')` parses all ten
    // files, over 400 MB.
    const file = require.resolve(`@octokit/openapi/generated/${descriptionName}.json`);
    this.document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
    // The description is OpenAPI 3.0, whose `nullable`, `example` and `x-github` keywords are
    // not JSON Schema, so strict mode is off. Ajv supports `nullable` itself.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
    this.ajv.addFormat('timestamp', true);
    this.ajv.addSchema({ $id: componentsId, components: toJsonSchema(this.document.components) });
  }

  /** Returns the `operationId`, such as `pulls/create`, or undefined for an unknown operation. */
  operationId(method: string, pathTemplate: string): string | undefined {
    return this.operation(method, pathTemplate)?.operationId;
  }

  /**
   * Checks a request body against the operation's `application/json` request-body schema. A
   * missing body passes only when the operation marks its body as optional.
   */
  checkRequestBody(method: string, pathTemplate: string, body: unknown): SchemaCheck {
    const requestBody = this.operation(method, pathTemplate)?.requestBody;
    const schema = requestBody?.content?.['application/json']?.schema;
    if (!schema) return { valid: true, errors: [], message: '' };
    if (body === undefined) {
      if (requestBody?.required !== true) return { valid: true, errors: [], message: '' };
      return {
        valid: false,
        errors: [],
        message: 'Invalid request.\n\nNo request body was sent, but the operation requires one.',
      };
    }
    const key = `request ${method.toLowerCase()} ${pathTemplate}`;
    return this.check(key, schema, body);
  }

  /**
   * Checks a response body against the schema that the description gives for `status`, so that
   * tests can assert that the stand-in returns GitHub's shapes. Throws when the description
   * has no JSON schema for that status.
   */
  checkResponseBody(method: string, pathTemplate: string, status: number, body: unknown) {
    let response = this.operation(method, pathTemplate)?.responses?.[String(status)];
    if (response?.$ref) response = this.resolveComponent(response.$ref) as typeof response;
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) {
      throw new Error(`The description has no JSON schema for ${method} ${pathTemplate} ${status}`);
    }
    return this.check(`response ${method.toLowerCase()} ${pathTemplate} ${status}`, schema, body);
  }

  private operation(method: string, pathTemplate: string): OpenApiOperation | undefined {
    return this.document.paths[pathTemplate]?.[method.toLowerCase()];
  }

  private resolveComponent(ref: string): unknown {
    const [, group, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
    if (!group || !name) throw new Error(`Unsupported $ref ${ref}`);
    return this.document.components[group]?.[name];
  }

  private check(key: string, schema: unknown, value: unknown): SchemaCheck {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.validators.set(key, validate);
    }
    if (validate(value)) return { valid: true, errors: [], message: '' };
    const errors = validate.errors ?? [];
    return { valid: false, errors, message: formatInvalidRequest(errors, value) };
  }
}

/**
 * Copies an OpenAPI 3.0 schema into JSON Schema that Ajv compiles apart from its document. Each
 * local `#/components/...` reference points at the registered components, and `nullable`
 * without `type`, which Ajv rejects, becomes `anyOf` with `{ type: 'null' }`.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `${componentsId}${value}`
        : toJsonSchema(value);
  }
  if (copy.nullable === true && copy.type === undefined) {
    delete copy.nullable;
    return { anyOf: [copy, { type: 'null' }] };
  }
  return copy;
}

/**
 * Formats Ajv errors the way GitHub words schema failures, for example
 * `For 'properties/title', 5 is not a string.` and `"head" wasn't supplied.`.
 * NOTE: GitHub's wording is copied for `type` and `required` only; other keywords use Ajv's text.
 */
function formatInvalidRequest(errors: ErrorObject[], value: unknown): string {
  const lines = errors.map((error) => {
    if (error.keyword === 'required') {
      return `"${String(error.params.missingProperty)}" wasn't supplied.`;
    }
    const pointer = error.instancePath
      .split('/')
      .filter(Boolean)
      .map((segment) => `properties/${segment}`)
      .join('/');
    const location = pointer === '' ? 'the request body' : `'${pointer}'`;
    if (error.keyword === 'type') {
      const actual = JSON.stringify(readPointer(value, error.instancePath));
      return `For ${location}, ${actual} is not ${article(String(error.params.type))}.`;
    }
    return `For ${location}, ${error.message ?? 'the value is invalid'}.`;
  });
  return `Invalid request.\n\n${lines.join('\n')}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function readPointer(value: unknown, pointer: string): unknown {
  let current = value;
  for (const segment of pointer.split('/').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}
