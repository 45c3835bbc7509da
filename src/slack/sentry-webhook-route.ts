import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { sentryTaskIds } from '../temporal/task-starter';
import { WebClient } from '@slack/web-api';
import type { Catalog } from '../catalog/catalog';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { handleSentryWebhook, type SentryApiClient } from '../sentry';
import { escapeMrkdwn } from '../../workflows/messages';
import { dispatchSentryFix } from './sentry-dispatch';
import type { RunStarter } from './thread-actions';

/** Path on the bot's HTTP receiver that Sentry's integration posts issue webhooks to. */
export const sentryWebhookPath = '/sentry/webhook';

/** Largest webhook body read, in bytes; Sentry's issue webhooks are a few kilobytes. */
const maxBodyBytes = 1024 * 1024;

export interface SentryWebhookDeps {
  settings: Config;
  catalog: Catalog;
  startRun: RunStarter;
  sentry?: SentryApiClient;
  logger: Logger;
  /** Whether a fix of the issue runs, or, unless `running` only, has completed. */
  fixExists?: (issueId: string, options?: { runningOnly?: boolean }) => Promise<boolean>;
}

/**
 * A route for signed Sentry issue webhooks: a new or regressed issue in a mapped project, at a
 * configured level, gets a message in `DECKHAND_SENTRY_CHANNEL` and a fix task in its thread.
 * Unsigned or badly signed requests get 401 and start nothing.
 */
export function sentryWebhookRoute(deps: SentryWebhookDeps): CustomRoute {
  return {
    path: sentryWebhookPath,
    method: 'POST',
    handler: (req, res) => {
      handle(deps, req, res).catch((err: unknown) => {
        deps.logger.error({ err }, 'Sentry webhook failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
  };
}

async function handle(
  deps: SentryWebhookDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { sentry: settings } = deps.settings;
  if (!settings.webhookSecret || !settings.channel || !deps.sentry) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Sentry webhooks are not configured.');
    return;
  }
  const rawBody = await readBody(req);
  if (rawBody === undefined) {
    res.writeHead(413, { 'content-type': 'text/plain' }).end(`Body over ${maxBodyBytes} bytes.`);
    return;
  }
  const result = handleSentryWebhook({
    headers: req.headers,
    rawBody,
    clientSecret: settings.webhookSecret,
    catalog: deps.catalog,
    levels: settings.levels,
  });
  if (result.kind === 'rejected') {
    res.writeHead(result.status, { 'content-type': 'text/plain' }).end(result.reason);
    return;
  }
  // Sentry retries on anything but a quick 2xx, so answer before the slow work.
  res.writeHead(200).end();
  if (result.kind === 'ignored') {
    deps.logger.info({ code: result.code }, 'Sentry webhook ignored');
    return;
  }
  // A regressed issue needs a new fix even after an earlier one completed.
  const runningOnly = result.trigger === 'regressed';
  if (deps.fixExists && (await deps.fixExists(result.issue.id, { runningOnly }))) {
    // A redelivered or replayed webhook: the fix exists, so nothing is posted again.
    deps.logger.info({ issueId: result.issue.id }, 'Sentry webhook for an issue whose fix exists');
    return;
  }
  const client = new WebClient(deps.settings.slack.botToken, {
    slackApiUrl: deps.settings.slack.apiUrl,
  });
  const label = result.issue.shortId || result.issue.id;
  const posted = await client.chat.postMessage({
    channel: settings.channel,
    text: `Sentry ${result.trigger === 'regressed' ? 'reports a regression in' : 'reports'} <${result.url}|${escapeMrkdwn(label)}>: ${escapeMrkdwn(result.issue.title)}. Deckhand is fixing it in this thread.`,
  });
  const ts = posted.ts ?? '';
  await dispatchSentryFix(
    {
      catalog: deps.catalog,
      sentry: deps.sentry,
      startTask: (spec) => deps.startRun(spec),
      logger: deps.logger,
    },
    {
      client,
      issue: { issueId: result.issue.id, organization: result.organization, url: result.url },
      origin: {
        source: 'sentry_webhook',
        teamId: '',
        channel: settings.channel,
        messageTs: ts,
        threadTs: ts,
        userId: 'sentry',
      },
    },
  );
}

/** Reads the body, or returns undefined once it passes {@link maxBodyBytes}. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reports whether the fix workflow of a Sentry issue is running or, unless `runningOnly`,
 * completed; a failed or cancelled fix may start again.
 */
export async function sentryFixExists(
  client: Client,
  issueId: string,
  options: { runningOnly?: boolean } = {},
): Promise<boolean> {
  try {
    const description = await client.workflow
      .getHandle(sentryTaskIds(issueId).workflowId)
      .describe();
    if (description.status.name === 'RUNNING') return true;
    return !options.runningOnly && description.status.name === 'COMPLETED';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
