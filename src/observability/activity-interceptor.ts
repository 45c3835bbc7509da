import * as Sentry from '@sentry/node';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptors, ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Logger } from '../logger';
import { channelKey } from '../temporal/search-attributes';
import { captureActivityFailure, type TaskErrorContext } from './sentry';

/** Finds the Slack channel of a workflow when the activity input does not name it. */
export type ChannelLookup = (workflowId: string) => Promise<string | undefined>;

/** Options of {@link errorReportingInterceptor}. */
export interface ErrorReportingInterceptorOptions {
  /** Fallback for activities whose input carries no `channel`, such as `provisionWorkspace`. */
  lookupChannel?: ChannelLookup;
  logger?: Logger;
}

/**
 * Creates an activity interceptor factory that reports each failed activity attempt with
 * {@link captureActivityFailure} and rethrows the error unchanged, so retries and workflow
 * handling stay as they were. Cancellations are not reported. The tags come from the first
 * argument: `workflowId`, `repository`, and `channel` or `thread.channel`. The workflow id falls
 * back to the calling workflow's, and the channel to `lookupChannel`.
 *
 * NOTE: every failed attempt is reported, because the activity cannot see its retry policy and
 * so cannot tell the last attempt; Sentry groups the repeats into one issue.
 */
export function errorReportingInterceptor(
  options: ErrorReportingInterceptorOptions = {},
): ActivityInterceptorsFactory {
  return (context: ActivityContext): ActivityInterceptors => ({
    inbound: {
      execute: async (input, next) => {
        try {
          return await next(input);
        } catch (err) {
          // Checked first so that a worker without SENTRY_DSN makes no channel look-ups.
          if (Sentry.isEnabled() && !(err instanceof CancelledFailure)) {
            const tags = await taskContextOf(context, input.args[0], options);
            captureActivityFailure(err, tags);
          }
          throw err;
        }
      },
    },
  });
}

/**
 * Returns a {@link ChannelLookup} that reads the `DeckhandChannel` search attribute of the
 * workflow, or of its parent for a repository child workflow, which does not set the attribute.
 */
export function channelFromSearchAttributes(client: Client): ChannelLookup {
  return async (workflowId) => {
    const described = await client.workflow.getHandle(workflowId).describe();
    const own = described.typedSearchAttributes.get(channelKey);
    if (own !== undefined) return own;
    const parentId = described.parentExecution?.workflowId;
    if (!parentId) return undefined;
    const parent = await client.workflow.getHandle(parentId).describe();
    return parent.typedSearchAttributes.get(channelKey);
  };
}

async function taskContextOf(
  context: ActivityContext,
  firstArgument: unknown,
  options: ErrorReportingInterceptorOptions,
): Promise<TaskErrorContext> {
  const input = isRecord(firstArgument) ? firstArgument : {};
  const thread = isRecord(input.thread) ? input.thread : {};
  const workflowId =
    stringField(input, 'workflowId') ?? context.info.workflowExecution?.workflowId ?? undefined;
  let channel = stringField(input, 'channel') ?? stringField(thread, 'channel');
  if (channel === undefined && workflowId !== undefined && options.lookupChannel) {
    channel = await options.lookupChannel(workflowId).catch((err: unknown) => {
      // The report still goes out, only without its channel tag.
      options.logger?.warn(
        { err, workflowId },
        'looking up the channel of a failed activity failed',
      );
      return undefined;
    });
  }
  return {
    workflowId,
    repository: stringField(input, 'repository'),
    channel,
    activity: context.info.activityType,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
