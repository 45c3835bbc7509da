import {
  buildAppMentionEvent,
  buildEventEnvelope,
  defaultIdentity,
  type EventCallbackEnvelope,
  type SlackStandIn,
} from '../../src/standins/slack';
import { localChannel, localUser } from '../../src/local/world';
import { taskIdsFor } from '../../src/temporal/task-starter';

/**
 * A branch that the sample repository does not have. Naming it as the base branch makes the
 * repository task fail in `provisionWorkspace`, after the status message and before any sandbox
 * container is created.
 */
export const missingBaseBranch = 'deckhand-bench-missing-base';

/** A valid task for the sample catalog, so Deckhand's handler parses it and starts a workflow. */
export const benchMentionText =
  `<@${defaultIdentity.botUserId}> add a \`shout\` function in backend branch:${missingBaseBranch}\n` +
  'Requirements:\n' +
  '• `shout(text)` returns the text in upper case followed by `!`\n' +
  '• Put it in src/shout.js with a test in test/shout.test.js';

/**
 * Stores a new message from the local user in the local channel and returns the `app_mention`
 * envelope for it. Every call yields a fresh event id and message timestamp.
 */
export function seedMention(slack: SlackStandIn, text = benchMentionText): EventCallbackEnvelope {
  const message = slack.seedMessage({ channel: localChannel.id, user: localUser.id, text });
  const event = buildAppMentionEvent({
    user: localUser.id,
    text,
    channel: localChannel.id,
    ts: message.ts,
  });
  return buildEventEnvelope({ event });
}

/** Returns the id of the workflow that Deckhand starts for the mention in `envelope`. */
export function workflowIdOf(envelope: EventCallbackEnvelope): string {
  return taskIdsFor({
    teamId: envelope.team_id,
    channel: localChannel.id,
    messageTs: String(envelope.event.ts),
  }).workflowId;
}
