import type { IncomingMessage } from 'node:http';
import { SlackApiError } from './api-error';
import type { SlackMethodArgs } from './types';

/** A Web API request after its body and token are decoded. */
export interface ParsedApiRequest {
  args: SlackMethodArgs;
  /** Token from `Authorization: Bearer`, else from a form or query `token` field. */
  token: string | undefined;
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * Decodes a Web API request the way Slack does: query string and form fields are merged, and a
 * JSON body is used only when `Content-Type` is `application/json`. Slack reads a token from
 * the `Authorization` header or from form and query fields, but not from a JSON body, so a
 * `token` inside JSON is ignored.
 */
export function parseApiRequest(request: IncomingMessage, body: string): ParsedApiRequest {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const args: SlackMethodArgs = Object.fromEntries(url.searchParams);
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
  let fieldToken = typeof args.token === 'string' ? args.token : undefined;
  if (contentType === 'application/json' && body.length > 0) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(body);
    } catch {
      throw new SlackApiError('invalid_json');
    }
    if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
      throw new SlackApiError('invalid_json');
    }
    Object.assign(args, decoded);
  } else if (body.length > 0) {
    const form = Object.fromEntries(new URLSearchParams(body));
    fieldToken = typeof form.token === 'string' ? form.token : fieldToken;
    Object.assign(args, form);
  }
  delete args.token;
  return { args, token: bearerToken(request) ?? fieldToken };
}

/** Reads a string argument, or throws `errorCode` when it is required and missing. */
export function stringArg(args: SlackMethodArgs, name: string): string | undefined;
export function stringArg(args: SlackMethodArgs, name: string, errorCode: string): string;
export function stringArg(
  args: SlackMethodArgs,
  name: string,
  errorCode?: string,
): string | undefined {
  const value = args[name];
  if (typeof value === 'number') {
    return String(value);
  }
  if (typeof value === 'string' && value.length > 0) {
    return value;
  }
  if (errorCode !== undefined) {
    throw new SlackApiError(errorCode);
  }
  return undefined;
}

/** Reads a boolean argument sent as `true`, `"true"` or `"1"`. */
export function booleanArg(args: SlackMethodArgs, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** Reads a non-negative integer argument, or returns `fallback` when absent. */
export function integerArg(args: SlackMethodArgs, name: string, fallback: number): number {
  const value = args[name];
  if (value === undefined || value === '') {
    return fallback;
  }
  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new SlackApiError('invalid_arguments', {
      response_metadata: { messages: [`[ERROR] invalid \`${name}\` value: ${String(value)}`] },
    });
  }
  return parsed;
}

/**
 * Reads an argument that form bodies carry as a JSON string and JSON bodies as a value, for
 * example `blocks`, `attachments`, `metadata` and `view`. Malformed JSON throws `errorCode`.
 */
export function jsonArg(args: SlackMethodArgs, name: string, errorCode: string): unknown {
  const value = args[name];
  if (typeof value !== 'string') {
    return value;
  }
  if (value.length === 0) {
    return undefined;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new SlackApiError(errorCode);
  }
}
