import { SlackApiError } from './api-error';
import type { MethodHandler } from './method-handler';
import { booleanArg, integerArg, stringArg } from './request-parsing';
import { decodeCursor, encodeCursor, isSlackTs, tsToMicros } from './timestamps';
import type { SlackMessage, SlackMethodArgs } from './types';

/** Time window of `conversations.history` and `conversations.replies`. */
interface TimeWindow {
  oldest: bigint;
  latest: bigint | undefined;
  inclusive: boolean;
}

function readWindow(args: SlackMethodArgs): TimeWindow {
  const oldest = stringArg(args, 'oldest');
  const latest = stringArg(args, 'latest');
  if (latest !== undefined && !isSlackTs(latest)) {
    throw new SlackApiError('invalid_ts_latest');
  }
  if (oldest !== undefined && !isSlackTs(oldest)) {
    throw new SlackApiError('invalid_ts_oldest');
  }
  return {
    oldest: oldest === undefined ? 0n : tsToMicros(oldest),
    latest: latest === undefined ? undefined : tsToMicros(latest),
    inclusive: booleanArg(args, 'inclusive'),
  };
}

function inWindow(message: SlackMessage, window: TimeWindow): boolean {
  const at = tsToMicros(message.ts);
  const afterOldest = window.inclusive ? at >= window.oldest : at > window.oldest;
  if (window.latest === undefined) {
    return afterOldest;
  }
  const beforeLatest = window.inclusive ? at <= window.latest : at < window.latest;
  return afterOldest && beforeLatest;
}

/** Copies messages for output, dropping `metadata` unless `include_all_metadata` is set. */
function present(messages: SlackMessage[], args: SlackMethodArgs): SlackMessage[] {
  const includeMetadata = booleanArg(args, 'include_all_metadata');
  return messages.map((message) => {
    const copy = structuredClone(message);
    if (!includeMetadata) {
      delete copy.metadata;
    }
    return copy;
  });
}

function readCursor(args: SlackMethodArgs): string | undefined {
  const cursor = stringArg(args, 'cursor');
  if (cursor === undefined) {
    return undefined;
  }
  const ts = decodeCursor(cursor);
  if (ts === undefined) {
    throw new SlackApiError('invalid_cursor');
  }
  return ts;
}

/** Splits `messages` into one page of `limit` and the cursor of the next page. */
function paginate(messages: SlackMessage[], limit: number) {
  const page = messages.slice(0, limit);
  const next = messages[limit];
  return {
    page,
    has_more: next !== undefined,
    response_metadata: { next_cursor: next === undefined ? '' : encodeCursor(next.ts) },
  };
}

const authTest: MethodHandler = ({ workspace }) => {
  const { identity } = workspace;
  return {
    url: `https://${identity.teamDomain}.slack.com/`,
    team: identity.teamDomain,
    user: identity.botName,
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    is_enterprise_install: false,
  };
};

/** Top-level messages and thread replies broadcast to the channel, newest first. */
const history: MethodHandler = ({ args, workspace }) => {
  const channel = workspace.getChannel(stringArg(args, 'channel', 'channel_not_found'));
  const window = readWindow(args);
  const cursorTs = readCursor(args);
  // Slack's documented default and maximum page sizes for conversations.history.
  const limit = Math.min(integerArg(args, 'limit', 100) || 100, 999);
  const visible = workspace
    .channelMessages(channel.id)
    .filter(
      (message) =>
        message.thread_ts === undefined ||
        message.thread_ts === message.ts ||
        message.subtype === 'thread_broadcast',
    )
    .filter((message) => inWindow(message, window))
    .filter((message) => cursorTs === undefined || tsToMicros(message.ts) <= tsToMicros(cursorTs))
    .reverse();
  const { page, ...paging } = paginate(visible, limit);
  return {
    messages: present(page, args),
    ...paging,
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
    ...(args.latest === undefined ? {} : { latest: args.latest }),
  };
};

/** Returns the parent message followed by its replies, oldest first. */
const replies: MethodHandler = ({ args, workspace }) => {
  const channel = workspace.getChannel(stringArg(args, 'channel', 'channel_not_found'));
  const ts = stringArg(args, 'ts', 'thread_not_found');
  const found = workspace.channelMessages(channel.id).find((message) => message.ts === ts);
  if (!found) {
    throw new SlackApiError('thread_not_found');
  }
  // NOTE: for a reply's ts this returns the whole thread from its parent; Slack's docs only
  // state that a ts without replies returns that single message.
  const [parent, ...threadReplies] = workspace.thread(channel.id, ts);
  const window = readWindow(args);
  const cursorTs = readCursor(args);
  const limit = Math.min(integerArg(args, 'limit', 1000) || 1000, 1000);
  const candidates = threadReplies
    .filter((message) => inWindow(message, window))
    .filter((message) => cursorTs === undefined || tsToMicros(message.ts) >= tsToMicros(cursorTs));
  // The parent leads the first page, as in Slack's responses.
  const ordered = cursorTs === undefined && parent ? [parent, ...candidates] : candidates;
  const { page, ...paging } = paginate(ordered, limit);
  return { messages: present(page, args), ...paging };
};

const conversationsInfo: MethodHandler = ({ args, workspace }) => {
  const channel = workspace.getChannel(stringArg(args, 'channel', 'channel_not_found'));
  return { channel: structuredClone(channel) };
};

const usersInfo: MethodHandler = ({ args, workspace }) => {
  const user = workspace.getUser(stringArg(args, 'user', 'user_not_found'));
  return { user: structuredClone(user) };
};

/** Handlers for `auth.test`, the `conversations.*` read methods and `users.info`. */
export const readMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.info': conversationsInfo,
  'users.info': usersInfo,
};
