import { SlackApiError } from './api-error';
import { assertValidMessageBlocks, maxMessageTextLength } from './block-limits';
import type { MethodContext, MethodHandler } from './method-handler';
import { booleanArg, jsonArg, stringArg } from './request-parsing';
import type { SlackMessage, SlackMessageMetadata, SlackMethodArgs } from './types';

/** Message content shared by `chat.postMessage`, `chat.update` and `chat.postEphemeral`. */
interface MessageContent {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: SlackMessageMetadata;
}

function readBlocks(args: SlackMethodArgs): unknown[] | undefined {
  const blocks = jsonArg(args, 'blocks', 'invalid_blocks_format');
  if (blocks === undefined) {
    return undefined;
  }
  if (!Array.isArray(blocks)) {
    throw new SlackApiError('invalid_blocks_format');
  }
  assertValidMessageBlocks(blocks);
  return blocks;
}

function readAttachments(args: SlackMethodArgs): unknown[] | undefined {
  const attachments = jsonArg(args, 'attachments', 'invalid_attachments');
  if (attachments === undefined) {
    return undefined;
  }
  if (!Array.isArray(attachments)) {
    throw new SlackApiError('invalid_attachments');
  }
  // Slack numbers attachments from 1 in the stored message.
  return attachments.map((attachment: unknown, index) => ({
    id: index + 1,
    ...(attachment as Record<string, unknown>),
  }));
}

function readMetadata(args: SlackMethodArgs): SlackMessageMetadata | undefined {
  const metadata = jsonArg(args, 'metadata', 'invalid_metadata_format');
  if (metadata === undefined) {
    return undefined;
  }
  const candidate = metadata as Partial<SlackMessageMetadata> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.event_type !== 'string' ||
    typeof candidate.event_payload !== 'object' ||
    candidate.event_payload === null
  ) {
    throw new SlackApiError('invalid_metadata_format');
  }
  return { event_type: candidate.event_type, event_payload: candidate.event_payload };
}

/** Decodes and checks message content in the order Slack reports its errors. */
function readContent(args: SlackMethodArgs): MessageContent {
  const text = typeof args.text === 'string' ? args.text : undefined;
  const blocks = readBlocks(args);
  const attachments = readAttachments(args);
  if ((text === undefined || text.length === 0) && !blocks?.length && !attachments?.length) {
    throw new SlackApiError('no_text');
  }
  if (text !== undefined && text.length > maxMessageTextLength) {
    throw new SlackApiError('msg_too_long');
  }
  return { text, blocks, attachments, metadata: readMetadata(args) };
}

function contentFields(content: MessageContent): Partial<SlackMessage> {
  return {
    ...(content.blocks === undefined ? {} : { blocks: content.blocks }),
    ...(content.attachments === undefined ? {} : { attachments: content.attachments }),
    ...(content.metadata === undefined ? {} : { metadata: content.metadata }),
  };
}

function botMessage(
  { workspace }: MethodContext,
  ts: string,
  content: MessageContent,
): SlackMessage {
  const { identity } = workspace;
  return {
    user: identity.botUserId,
    type: 'message',
    ts,
    bot_id: identity.botId,
    app_id: identity.appId,
    text: content.text ?? '',
    team: identity.teamId,
    bot_profile: workspace.botProfile(),
    ...contentFields(content),
  };
}

const postMessage: MethodHandler = (context) => {
  const { args, workspace } = context;
  const channel = workspace.getChannel(stringArg(args, 'channel', 'channel_not_found'));
  const content = readContent(args);
  const message = botMessage(context, workspace.clock.next(), content);
  const threadTs = stringArg(args, 'thread_ts');
  if (threadTs !== undefined) {
    message.thread_ts = threadTs;
    if (booleanArg(args, 'reply_broadcast')) {
      message.subtype = 'thread_broadcast';
    }
  }
  const stored = workspace.insertMessage(channel.id, message);
  return { channel: channel.id, ts: stored.ts, message: structuredClone(stored) };
};

const update: MethodHandler = (context) => {
  const { args, workspace } = context;
  const channel = workspace.getChannel(stringArg(args, 'channel', 'channel_not_found'));
  const message = workspace.findMessage(channel.id, stringArg(args, 'ts', 'message_not_found'));
  if (message.bot_id !== workspace.identity.botId) {
    throw new SlackApiError('cant_update_message');
  }
  const content = readContent(args);
  message.text = content.text ?? '';
  Object.assign(message, contentFields(content));
  message.edited = { user: workspace.identity.botUserId, ts: workspace.clock.next() };
  return {
    channel: channel.id,
    ts: message.ts,
    text: message.text,
    message: structuredClone(message),
  };
};

const postEphemeral: MethodHandler = (context) => {
  const { args, workspace } = context;
  const channel = workspace.getChannel(stringArg(args, 'channel', 'channel_not_found'));
  const user = stringArg(args, 'user', 'user_not_in_channel');
  if (!workspace.hasUser(user)) {
    throw new SlackApiError('user_not_in_channel');
  }
  const message = botMessage(context, workspace.clock.next(), readContent(args));
  const threadTs = stringArg(args, 'thread_ts');
  if (threadTs !== undefined) {
    message.thread_ts = threadTs;
  }
  workspace.storeEphemeral(channel.id, user, message);
  return { message_ts: message.ts };
};

/** Emoji names as Slack accepts them, without colons, optionally with a skin tone suffix. */
const reactionNamePattern = /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/;

function reactionTarget({ args, workspace }: MethodContext): {
  message: SlackMessage;
  name: string;
} {
  const channel = workspace.getChannel(stringArg(args, 'channel', 'no_item_specified'));
  const message = workspace.findMessage(
    channel.id,
    stringArg(args, 'timestamp', 'no_item_specified'),
  );
  const name = stringArg(args, 'name', 'invalid_name');
  if (!reactionNamePattern.test(name)) {
    throw new SlackApiError('invalid_name');
  }
  return { message, name };
}

const reactionsAdd: MethodHandler = (context) => {
  const { message, name } = reactionTarget(context);
  const user = context.workspace.identity.botUserId;
  message.reactions ??= [];
  const reaction = message.reactions.find((candidate) => candidate.name === name);
  if (reaction?.users.includes(user)) {
    throw new SlackApiError('already_reacted');
  }
  if (reaction) {
    reaction.users.push(user);
    reaction.count += 1;
  } else {
    message.reactions.push({ name, users: [user], count: 1 });
  }
  return {};
};

const reactionsRemove: MethodHandler = (context) => {
  const { message, name } = reactionTarget(context);
  const user = context.workspace.identity.botUserId;
  const reaction = message.reactions?.find((candidate) => candidate.name === name);
  if (!reaction?.users.includes(user)) {
    throw new SlackApiError('no_reaction');
  }
  reaction.users = reaction.users.filter((candidate) => candidate !== user);
  reaction.count -= 1;
  message.reactions = message.reactions?.filter((candidate) => candidate.count > 0);
  if (message.reactions?.length === 0) {
    delete message.reactions;
  }
  return {};
};

/** Handlers for the `chat.*` and `reactions.*` methods. */
export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'reactions.add': reactionsAdd,
  'reactions.remove': reactionsRemove,
};
