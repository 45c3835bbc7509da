import type { Logger } from '../../logger';
import type { HandlerResponse } from './errors';
import type { PayloadBuilder, RepositoryInfo } from './payloads';
import type { StandInState } from './state';

/** Shared services that route handlers use. */
export interface StandInServices {
  state: StandInState;
  payloads: PayloadBuilder;
  /** Login of the account that the expected token belongs to. */
  login: string;
  /** Returns the current time as GitHub formats it, ISO 8601 UTC without milliseconds. */
  now: () => string;
  logger?: Logger;
}

/** One parsed request, with the repository of a `/repos/{owner}/{repo}` route already found. */
export interface RequestContext {
  services: StandInServices;
  repo: RepositoryInfo;
  /** Decoded path parameters, named as in the OpenAPI path template. */
  params: Record<string, string>;
  /** Full request URL under the API base URL, used to build `Link` headers. */
  url: URL;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
}

export type RouteHandler = (context: RequestContext) => Promise<HandlerResponse>;

/** One endpoint: its OpenAPI path template and the handler that serves it. */
export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** Path template exactly as in GitHub's OpenAPI description, such as `/repos/{owner}/{repo}`. */
  template: string;
  /** Documentation page that GitHub names in errors of this endpoint. */
  documentationUrl: string;
  handler: RouteHandler;
}
