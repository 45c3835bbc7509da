import * as Sentry from '@sentry/node';
import type { Breadcrumb, ErrorEvent } from '@sentry/node';
import type { Logger } from '../logger';
import { scrubSecrets } from './scrub';

/** Options of {@link initErrorReporting}. */
export interface ErrorReportingOptions {
  /** DSN to report to (`config.sentry.dsn`); reporting stays off when it is unset. */
  dsn?: string;
  /** Sentry `environment`, such as `production`. */
  environment?: string;
  release?: string;
  /** Process role, sent as the `deckhand.role` tag, such as `bot` or `worker`. */
  role?: string;
  /**
   * Integrations in place of the SDK's defaults. The defaults instrument `http`, `fetch`, the
   * console and the process's uncaught-exception handlers; tests pass a short list instead.
   */
  integrations?: Extract<Sentry.NodeOptions['integrations'], unknown[]>;
  logger?: Logger;
}

/** Ids that tag an error with the task it happened in. */
export interface TaskErrorContext {
  workflowId?: string;
  /** Repository slug, `owner/name`. */
  repository?: string;
  /** Slack channel id of the task's thread. */
  channel?: string;
  /** Temporal activity type, such as `runAgent`. */
  activity?: string;
}

/**
 * Every kind of data that @sentry/node 11 collects is switched off. Version 11 has no
 * `sendDefaultPii` option: `dataCollection` replaced it, and its defaults collect user data,
 * cookies, headers, bodies and local variables.
 */
const noPersonalData = {
  userInfo: false,
  cookies: false,
  httpHeaders: false,
  httpBodies: [],
  urlQueryParams: false,
  graphQL: { document: false, variables: false },
  genAI: { inputs: false, outputs: false },
  mcp: { inputs: false, outputs: false },
  databaseQueryData: false,
  queues: false,
  stackFrameVariables: false,
} satisfies Sentry.NodeOptions['dataCollection'];

/**
 * Starts reporting Deckhand's own errors to Sentry when `dsn` is set, and returns whether it did.
 * Every event and breadcrumb passes through {@link scrubSecrets} before it leaves the process,
 * so Slack, GitHub, model and Sentry tokens and authorization headers never reach Sentry.
 */
export function initErrorReporting(options: ErrorReportingOptions): boolean {
  if (!options.dsn) {
    options.logger?.info('Error reporting to Sentry is off because SENTRY_DSN is unset');
    return false;
  }
  Sentry.init({
    dsn: options.dsn,
    environment: options.environment,
    release: options.release,
    dataCollection: noPersonalData,
    ...(options.integrations === undefined
      ? {}
      : { defaultIntegrations: false, integrations: options.integrations }),
    initialScope:
      options.role === undefined ? undefined : { tags: { 'deckhand.role': options.role } },
    beforeSend: (event: ErrorEvent) => scrubSecrets(event),
    beforeBreadcrumb: (breadcrumb: Breadcrumb) => scrubSecrets(breadcrumb),
  });
  options.logger?.info({ environment: options.environment }, 'Error reporting to Sentry started');
  return true;
}

/**
 * Reports an error from a Temporal activity, tagged with `workflow_id`, `repository`, `channel`
 * and `activity` so that Sentry can group and search errors by task. Returns the event id, or
 * undefined when reporting is off.
 */
export function captureActivityFailure(
  error: unknown,
  context: TaskErrorContext,
): string | undefined {
  if (!Sentry.isEnabled()) return undefined;
  return Sentry.withScope((scope) => {
    scope.setTags(taskTags(context));
    return Sentry.captureException(error);
  });
}

/** Runs `callback` with the task's tags on every error and breadcrumb captured inside it. */
export function withTaskScope<T>(context: TaskErrorContext, callback: () => T): T {
  return Sentry.withScope((scope) => {
    scope.setTags(taskTags(context));
    return callback();
  });
}

/** Waits up to `timeoutMs` for queued events to be sent; returns false on timeout. */
export function flushErrorReports(timeoutMs = 2000): Promise<boolean> {
  return Sentry.flush(timeoutMs);
}

/** Sends queued events and stops reporting; call it before the process exits. */
export function closeErrorReporting(timeoutMs = 2000): Promise<boolean> {
  return Sentry.close(timeoutMs);
}

function taskTags(context: TaskErrorContext): Record<string, string> {
  const tags: Record<string, string> = {};
  if (context.workflowId) tags.workflow_id = context.workflowId;
  if (context.repository) tags.repository = context.repository;
  if (context.channel) tags.channel = context.channel;
  if (context.activity) tags.activity = context.activity;
  return tags;
}

/** Reports an error that a Slack listener raised, tagged with the component that caught it. */
export function captureListenerError(error: unknown): string | undefined {
  if (!Sentry.isEnabled()) return undefined;
  return Sentry.withScope((scope) => {
    scope.setTag('component', 'slack');
    return Sentry.captureException(error);
  });
}
