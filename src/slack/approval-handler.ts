import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger';
import type { TaskDirectory } from '../temporal/tasks';
import { approvalActionIds, type ApprovalButtonValue } from './approval-actions';

/** Maximum length of the feedback in the Request changes form, in characters. */
const maxFeedbackChars = 10_000;

/** `callback_id` of the modal that collects feedback for Request changes. */
export const feedbackModalId = 'deckhand_feedback';

export interface ApprovalHandlerDeps {
  tasks: TaskDirectory;
  logger: Logger;
  /** Users who may decide besides the requester; everyone when undefined. */
  mayApprove: (userId: string, requesterId: string) => Promise<boolean>;
}

interface FeedbackMetadata extends ApprovalButtonValue {
  channel: string;
  messageTs: string;
}

/** Registers the Approve, Request changes and Cancel buttons and the feedback modal. */
export function registerApprovalHandlers(app: App, deps: ApprovalHandlerDeps): void {
  app.action<BlockButtonAction>(
    approvalActionIds.approve,
    async ({ ack, body, action, client }) => {
      await ack();
      const target = await authorise(deps, client, body, action.value);
      if (!target) return;
      const outcome = await deps.tasks.decide(target.workflowId, {
        requestId: target.requestId,
        action: 'approve',
        userId: body.user.id,
        at: new Date().toISOString(),
      });
      await settle({
        client,
        body,
        outcome,
        text: `Approved by <@${body.user.id}> ${slackDate()}.`,
      });
    },
  );

  app.action<BlockButtonAction>(
    approvalActionIds.requestChanges,
    async ({ ack, body, action, client }) => {
      await ack();
      const target = await authorise(deps, client, body, action.value);
      if (!target) return;
      const metadata: FeedbackMetadata = {
        ...target,
        channel: body.channel?.id ?? '',
        messageTs: body.message?.ts ?? '',
      };
      await client.views.open({ trigger_id: body.trigger_id, view: feedbackModal(metadata) });
    },
  );

  app.view(feedbackModalId, async ({ ack, body, view, client }) => {
    const feedback = view.state.values.feedback?.text?.value?.trim() ?? '';
    if (feedback === '') {
      await ack({ response_action: 'errors', errors: { feedback: 'Say what should change.' } });
      return;
    }
    await ack();
    const metadata = JSON.parse(view.private_metadata) as FeedbackMetadata;
    const outcome = await deps.tasks.decide(metadata.workflowId, {
      requestId: metadata.requestId,
      action: 'request_changes',
      userId: body.user.id,
      at: new Date().toISOString(),
      feedback,
    });
    // The agent gets the whole feedback; the thread shows its start, within Slack's limit of
    // 3,000 characters for a section.
    const quoted = feedback.length > 1500 ? `${feedback.slice(0, 1500)}…` : feedback;
    const text = `Changes requested by <@${body.user.id}> ${slackDate()}:\n> ${escape(quoted).replace(/\n/g, '\n> ')}`;
    await settle({
      client,
      channel: metadata.channel,
      ts: metadata.messageTs,
      userId: body.user.id,
      outcome,
      text,
    });
  });

  app.action<BlockButtonAction>(approvalActionIds.cancel, async ({ ack, body, action, client }) => {
    await ack();
    const target = await authorise(deps, client, body, action.value);
    if (!target) return;
    const cancelled = await deps.tasks.cancel(target.taskWorkflowId);
    await settle({
      client,
      body,
      outcome: cancelled ? 'accepted' : 'finished',
      text: `Cancelled by <@${body.user.id}> ${slackDate()}.`,
    });
  });
}

/** Checks who pressed; tells anyone else so in an ephemeral message and returns undefined. */
async function authorise(
  deps: ApprovalHandlerDeps,
  client: WebClient,
  body: BlockButtonAction,
  value: string | undefined,
): Promise<ApprovalButtonValue | undefined> {
  const target = JSON.parse(value ?? '{}') as ApprovalButtonValue;
  const spec = await deps.tasks.spec(target.taskWorkflowId).catch(() => undefined);
  if (!spec) {
    await ephemeral(client, body, 'This task has already finished, so there is nothing to decide.');
    return undefined;
  }
  if (await deps.mayApprove(body.user.id, spec.origin.userId)) return target;
  await ephemeral(
    client,
    body,
    `Only <@${spec.origin.userId}> and the configured approvers may decide on this task.`,
  );
  return undefined;
}

interface SettleOptions {
  client: WebClient;
  outcome: 'accepted' | 'rejected' | 'finished';
  text: string;
  body?: BlockButtonAction;
  channel?: string;
  ts?: string;
  userId?: string;
}

/** Replaces the buttons after the first valid press; tells a late presser nothing happened. */
async function settle(options: SettleOptions): Promise<void> {
  const channel = options.channel ?? options.body?.channel?.id ?? '';
  const ts = options.ts ?? options.body?.message?.ts ?? '';
  const userId = options.userId ?? options.body?.user.id ?? '';
  if (options.outcome === 'accepted') {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: options.text } }];
    await options.client.chat.update({ channel, ts, text: options.text, blocks });
    return;
  }
  const text =
    options.outcome === 'rejected'
      ? 'Someone already decided on this request, so your press changed nothing.'
      : 'This task has already finished, so there is nothing to decide.';
  const threadTs = options.body?.message?.thread_ts;
  await options.client.chat.postEphemeral({ channel, user: userId, text, thread_ts: threadTs });
}

async function ephemeral(client: WebClient, body: BlockButtonAction, text: string): Promise<void> {
  await client.chat.postEphemeral({
    channel: body.channel?.id ?? '',
    user: body.user.id,
    text,
    thread_ts: body.message?.thread_ts,
  });
}

function feedbackModal(metadata: FeedbackMetadata) {
  return {
    type: 'modal' as const,
    callback_id: feedbackModalId,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text' as const, text: 'Request changes' },
    submit: { type: 'plain_text' as const, text: 'Send to the agent' },
    close: { type: 'plain_text' as const, text: 'Back' },
    blocks: [
      {
        type: 'input',
        block_id: 'feedback',
        label: { type: 'plain_text' as const, text: 'What should change?' },
        element: {
          type: 'plain_text_input' as const,
          action_id: 'text',
          multiline: true,
          max_length: maxFeedbackChars,
        },
      },
    ],
  };
}

/** Formats now as Slack's date token, which each reader sees in their own time zone. */
function slackDate(): string {
  const now = new Date();
  return `<!date^${Math.floor(now.getTime() / 1000)}^on {date_short} at {time}|at ${now.toISOString()}>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
