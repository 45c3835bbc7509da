import type { SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { checkAgentAvailability } from '../agents/availability';
import type { Logger } from '../logger';
import {
  existingReportThread,
  parseScopeSubmission,
  type ScopeSubmission,
  toModalTaskSpec,
} from '../spec/modal-spec';
import type { TaskSpec } from '../spec/task-spec';
import { dispatchRejection, type EphemeralMessage } from './access';
import type { ModalHandlerDeps } from './modal-handler';
import { SlackViewError } from './views/errors';
import { scopeBlockIds } from './views/scope-modal-ids';
import { escapeMrkdwn } from './views/text';

type SubmissionArgs = Pick<SlackViewMiddlewareArgs<ViewSubmitAction>, 'ack' | 'body'> & {
  client: WebClient;
};

/**
 * Handles a scope modal submission. Invalid input, a report channel that Deckhand does not
 * serve and an agent that cannot run are shown inline with `response_action: 'errors'`, which
 * keeps the modal open. A valid submission is acknowledged before the slower steps, because
 * Slack waits at most 3 seconds for the acknowledgement. Those steps are the dispatch check,
 * the root message in the report channel and the start of the task. No root message is posted
 * when the task reports in the thread that the modal came from.
 */
export async function handleScopeSubmission(
  deps: ModalHandlerDeps,
  { ack, body, client }: SubmissionArgs,
): Promise<void> {
  let parsed: ReturnType<typeof parseScopeSubmission>;
  try {
    parsed = parseScopeSubmission({
      catalog: deps.catalog,
      privateMetadata: body.view.private_metadata,
      values: body.view.state.values,
      userId: body.user.id,
      teamId: body.team?.id ?? body.user.team_id ?? '',
    });
  } catch (err) {
    if (!(err instanceof SlackViewError)) throw err;
    deps.logger.warn({ err, viewId: body.view.id }, 'scope modal private_metadata is invalid');
    const message = 'This form is from an older Deckhand version. Close it and open a new one.';
    await ack({ response_action: 'errors', errors: { [scopeBlockIds.task]: message } });
    return;
  }
  if (!parsed.ok) {
    await ack(parsed.response);
    return;
  }
  const errors = settingErrors(deps, parsed.submission);
  if (Object.keys(errors).length > 0) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  await ack();
  await startSubmittedTask(deps, client, parsed.submission);
}

/**
 * Finds what the form cannot check by itself: whether Deckhand serves the report channel and
 * whether the agent's key is set. Returns error messages keyed by `block_id`.
 */
function settingErrors(
  deps: ModalHandlerDeps,
  submission: ScopeSubmission,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!deps.access.servesChannel(submission.reportChannel)) {
    errors[scopeBlockIds.reportChannel] =
      'Deckhand does not take tasks in this channel. Choose one of the channels listed in DECKHAND_CHANNELS.';
  }
  if (deps.agentSettings !== undefined) {
    const availability = checkAgentAvailability({
      agent: submission.task.agent,
      settings: deps.agentSettings,
    });
    if (!availability.ok) errors[scopeBlockIds.agent] = availability.message;
  }
  return errors;
}

/** Checks dispatch access, finds or posts the report thread and starts the task. */
async function startSubmittedTask(
  deps: ModalHandlerDeps,
  client: WebClient,
  submission: ScopeSubmission,
): Promise<void> {
  const { userId, reportChannel } = submission;
  const log = deps.logger.child({ userId, channel: reportChannel });
  const decision = await deps.access.mayDispatch(userId);
  if (!decision.allowed) {
    log.info({ reason: decision.reason }, 'scope modal submission rejected: user may not dispatch');
    const rejection = dispatchRejection({
      channel: reportChannel,
      userId,
      dispatchers: deps.dispatchers ?? [],
    });
    await postEphemeral(deps, client, rejection);
    return;
  }

  const thread =
    existingReportThread(submission) ?? (await postRootMessage(deps, client, submission));
  if (thread === undefined) return;
  await startTask(deps, client, { spec: toModalTaskSpec(submission, thread), log });
}

/**
 * Starts the task. Posts an ephemeral message when the task already exists and a thread reply
 * when the start failed.
 */
async function startTask(
  deps: ModalHandlerDeps,
  client: WebClient,
  request: { spec: TaskSpec; log: Logger },
): Promise<void> {
  const { spec, log } = request;
  const { channel, threadTs, userId } = spec.origin;
  try {
    const started = await deps.startRun(spec);
    if (started.started) {
      log.info({ workflowId: started.workflowId }, 'modal task started');
    } else {
      log.info({ workflowId: started.workflowId }, 'modal task not started: it already exists');
      await postEphemeral(deps, client, {
        channel,
        user: userId,
        thread_ts: threadTs,
        text: 'A task from this message already exists, so nothing new started. Open the form from the shortcut or `/deckhand` to start another.',
      });
    }
  } catch (err) {
    log.error({ err }, 'starting the modal task failed');
    await client.chat
      .postMessage({
        channel,
        thread_ts: threadTs,
        text: 'Deckhand could not start this task. Try again in a minute; if it fails again, ask an admin to check the Deckhand bot logs.',
      })
      .catch((postError: unknown) =>
        log.warn({ err: postError }, 'reporting the failed start failed'),
      );
  }
}

/**
 * Posts the root message that the task's thread hangs from. Returns undefined when Slack
 * rejected it, for example with `not_in_channel`, after telling the user if Slack lets it.
 */
async function postRootMessage(
  deps: ModalHandlerDeps,
  client: WebClient,
  submission: ScopeSubmission,
): Promise<{ messageTs: string; threadTs: string } | undefined> {
  const { userId, reportChannel, task } = submission;
  const slugs = task.repositories.map((repository) => repository.slug).join(', ');
  const text = `<@${userId}> started a task: *${escapeMrkdwn(task.title)}* in ${escapeMrkdwn(slugs)}. Updates follow in this thread.`;
  try {
    const posted = await client.chat.postMessage({ channel: reportChannel, text });
    const ts = posted.ts ?? '';
    return { messageTs: ts, threadTs: ts };
  } catch (err) {
    deps.logger.error(
      { err, channel: reportChannel, userId },
      'posting the task root message failed',
    );
    await postEphemeral(deps, client, {
      channel: reportChannel,
      user: userId,
      text: 'Deckhand could not post in this channel, so the task did not start. Invite Deckhand to the channel, then submit the form again.',
    });
    return undefined;
  }
}

async function postEphemeral(
  deps: ModalHandlerDeps,
  client: WebClient,
  message: EphemeralMessage,
): Promise<void> {
  try {
    await client.chat.postEphemeral(message);
  } catch (err) {
    deps.logger.warn(
      { err, channel: message.channel, userId: message.user },
      'ephemeral reply failed',
    );
  }
}
