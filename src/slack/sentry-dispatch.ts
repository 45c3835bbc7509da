import type { WebClient } from '@slack/web-api';
import type { Catalog } from '../catalog/catalog';
import type { Logger } from '../logger';
import {
  buildSentryTask,
  SentryApiError,
  type SentryApiClient,
  type SentryIssueRef,
} from '../sentry';
import type { SlackOrigin, TaskSpec } from '../spec/task-spec';
import { sentryTaskIds } from '../temporal/task-starter';
import { escapeMrkdwn } from '../../workflows/messages';

/** Starts the fix of one Sentry issue; `started` is false while a run for the issue exists. */
export type SentryTaskStarter = (
  spec: TaskSpec,
) => Promise<{ workflowId: string; started: boolean }>;

export interface SentryDispatchDeps {
  catalog: Catalog;
  sentry: SentryApiClient;
  startTask: SentryTaskStarter;
  logger: Logger;
  /**
   * Whether a fix of the issue runs or has completed. A reaction then starts nothing, so a
   * finished fix is not redone by a late reaction; a failed or cancelled one may start again.
   */
  fixExists?: (issueId: string) => Promise<boolean>;
}

/** The thread that the task reports in, and the person who requested it. */
export interface SentryDispatchRequest {
  client: WebClient;
  issue: SentryIssueRef & { url: string };
  origin: SlackOrigin;
}

/**
 * Reads a Sentry issue and its latest event, builds the fix task for the repositories the
 * catalog maps the issue's project to, and starts it. Problems get a reply in the thread that
 * says what to do: a project without repositories names the catalog setting to add.
 */
export async function dispatchSentryFix(
  deps: SentryDispatchDeps,
  request: SentryDispatchRequest,
): Promise<void> {
  const { client, origin } = request;
  const reply = (text: string) =>
    client.chat.postMessage({ channel: origin.channel, thread_ts: origin.threadTs, text });
  let issue;
  let event;
  try {
    issue = await deps.sentry.getIssue(request.issue);
    event = await deps.sentry.getLatestEvent(request.issue).catch(() => undefined);
  } catch (err) {
    const status = err instanceof SentryApiError ? ` (HTTP ${err.status})` : '';
    deps.logger.warn({ err, issueId: request.issue.issueId }, 'reading the Sentry issue failed');
    await reply(
      `Deckhand could not read Sentry issue ${request.issue.issueId}${status}. Check SENTRY_URL and SENTRY_AUTH_TOKEN on the bot.`,
    );
    return;
  }

  const built = buildSentryTask({
    issue,
    event,
    catalog: deps.catalog,
    issueUrl: request.issue.url,
  });
  if (built.kind === 'unmapped_project') {
    await reply(built.message);
    return;
  }
  const spec: TaskSpec = {
    ...built.task,
    sections: [],
    filePaths: [],
    agent: 'claude-code',
    dependencies: [],
    requireApproval: false,
    origin,
  };
  const exists =
    origin.source === 'sentry_reaction' && deps.fixExists ? await deps.fixExists(issue.id) : false;
  const started = exists
    ? { workflowId: sentryTaskIds(issue.id).workflowId, started: false }
    : await deps.startTask(spec);
  if (!started.started) {
    deps.logger.info(
      { workflowId: started.workflowId },
      'a fix for this Sentry issue already exists',
    );
    // Without this notice a repeated reaction looks like a fix that never started. Only the
    // person who reacted sees it, so several reactions do not fill the thread.
    const text = `A fix for Sentry issue <${request.issue.url}|${escapeMrkdwn(issue.shortId || issue.id)}> is already running or has finished (workflow \`${started.workflowId}\`), so Deckhand did not start another.`;
    if (origin.source === 'sentry_reaction') {
      await client.chat.postEphemeral({
        channel: origin.channel,
        user: origin.userId,
        thread_ts: origin.threadTs,
        text,
      });
    } else {
      await reply(text);
    }
  }
}
