import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AgentSettings } from '../agents/availability';
import type { Catalog } from '../catalog/catalog';
import type { Logger } from '../logger';
import type { ModelRules } from '../spec/model-choice';
import { RepositoryIndex } from '../catalog/resolve';
import { parseMention } from '../spec/parse-mention';
import { topicRepositoryNames } from '../spec/resolve-repositories';
import type { SlackOrigin, TaskSpec } from '../spec/task-spec';
import { agentUnavailableMessage, applyModelChoice } from './agent-choice';
import { postOnce } from './post-once';
import { scopeRepositoriesButton } from './scope-button';

/** Starts the workflow of a parsed task; `started` is false when it already exists. */
export type TaskStarter = (spec: TaskSpec) => Promise<{ workflowId: string; started: boolean }>;

export interface MentionHandlerDeps {
  catalog: Catalog;
  logger: Logger;
  startTask: TaskStarter;
  /**
   * Handles a mention that is a command (`list`, `settings`) or that was written in the thread
   * of an existing task; returns true when it did. Unset, every mention is a new task.
   */
  handleCommand?: (mention: MentionCommand) => Promise<boolean>;
  /** Posts a repository picker when no repository applies; unset, the mention gets an error. */
  askForRepositories?: (request: {
    client: WebClient;
    origin: SlackOrigin;
    botUserId: string;
  }) => Promise<void>;
  /** Team key of Linear identifiers that link a task, such as `ENG`; only URLs when unset. */
  linearTeamKey?: string;
  /** Whether Deckhand serves a channel; mentions elsewhere are ignored without any API call. */
  servesChannel?: (channel: string) => boolean;
  /** Decides whether the author may dispatch; returns a refusal to show, or undefined. */
  checkDispatch?: (userId: string) => Promise<string | undefined>;
  /**
   * Keys and agent settings that decide whether the chosen agent can run; pass the loaded
   * `Config`. Unset, no agent is rejected here and a missing key fails on the worker.
   */
  agentSettings?: AgentSettings;
  /** Rule table of the model chooser; `defaultModelRules` when unset. */
  modelRules?: ModelRules;
}

/** A mention as a command handler receives it. */
export interface MentionCommand {
  client: WebClient;
  channel: string;
  ts: string;
  threadTs?: string;
  userId: string;
  text: string;
  botUserId: string;
}

type MentionArgs = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;

/**
 * Handles an `app_mention`: marks the message with :eyes:, parses it into a task spec and starts
 * the task's workflow. The HTTP receiver has already acknowledged the event, so nothing here
 * races Slack's three-second deadline. A message that is not a valid task gets a thread reply
 * that says what is missing; the workflow posts everything else.
 */
export function createMentionHandler(deps: MentionHandlerDeps) {
  return async ({ event, client, context }: MentionArgs): Promise<void> => {
    if (event.bot_id || !event.user) return;
    if (deps.servesChannel && !deps.servesChannel(event.channel)) return;
    const log = deps.logger.child({ channel: event.channel, ts: event.ts, user: event.user });
    const origin: SlackOrigin = {
      source: 'mention',
      teamId: context.teamId ?? event.team ?? '',
      channel: event.channel,
      messageTs: event.ts,
      threadTs: event.thread_ts ?? event.ts,
      userId: event.user,
    };
    const botUserId = context.botUserId ?? '';
    const command = {
      client,
      channel: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts,
      userId: event.user,
      text: event.text,
      botUserId,
    };
    if (deps.handleCommand && (await deps.handleCommand(command))) return;
    const refusal = await deps.checkDispatch?.(event.user);
    if (refusal) {
      await client.chat.postEphemeral({
        channel: event.channel,
        user: event.user,
        text: refusal,
        thread_ts: event.thread_ts,
      });
      return;
    }
    await addReaction(client, { channel: event.channel, ts: event.ts, name: 'eyes' }, log);

    await dispatchMention(deps, {
      client,
      origin,
      text: event.text,
      botUserId,
      redelivered: context.retryNum !== undefined,
      log,
    });
  };
}

/** A mention that passed the command, access and channel checks. */
export interface MentionDispatch {
  client: WebClient;
  origin: SlackOrigin;
  text: string;
  botUserId: string;
  /** True when Slack redelivered the event, so replies may already exist. */
  redelivered: boolean;
  log: Logger;
  /** Repositories picked in the repository picker, used when the text names none. */
  pickedRepositories?: string[];
}

/**
 * Parses a mention into a task and starts it, or replies in the thread with what is wrong. The
 * picker's answer comes back through here with the picked repositories.
 */
export async function dispatchMention(
  deps: MentionHandlerDeps,
  mention: MentionDispatch,
): Promise<void> {
  const { client, origin, log } = mention;
  const context = { botUserId: mention.botUserId, retryNum: mention.redelivered ? 1 : undefined };
  const event = { text: mention.text };
  const parseOptions = {
    text: event.text,
    botUserId: context.botUserId ?? '',
    catalog: deps.catalog,
    origin,
    userNames: await userNamesIn(client, event.text, context.botUserId),
    contextRepositories: mention.pickedRepositories,
  };
  let parsed = parseMention(parseOptions);
  if (!parsed.ok && parsed.error.code === 'no_repository') {
    // Next in the documented order: a `repo:owner/name` line in the channel topic.
    const topicSlugs = await topicRepositories(client, deps.catalog, origin.channel);
    if (topicSlugs.length > 0)
      parsed = parseMention({ ...parseOptions, contextRepositories: topicSlugs });
  }
  if (!parsed.ok && parsed.error.code === 'no_repository' && deps.askForRepositories) {
    await deps.askForRepositories({ client, origin, botUserId: context.botUserId });
    return;
  }
  if (!parsed.ok) {
    log.info({ code: parsed.error.code }, 'mention is not a valid task');
    await postOnce(client, {
      channel: origin.channel,
      threadTs: origin.threadTs,
      key: `invalid-task:${origin.messageTs}`,
      // The message already shows the example.
      text: parsed.error.message,
      blocks: [
        // A section takes at most 3,000 characters, so a long list of known repositories is cut.
        { type: 'section', text: { type: 'mrkdwn', text: parsed.error.message.slice(0, 3000) } },
        { type: 'actions', elements: [scopeRepositoriesButton()] },
      ],
      checkFirst: context.retryNum !== undefined,
      botUserId: context.botUserId ?? '',
    });
    return;
  }

  const spec = applyModelChoice({
    spec: parsed.spec,
    text: event.text,
    botUserId: context.botUserId ?? '',
    catalog: deps.catalog,
    rules: deps.modelRules,
  });
  const unavailable = agentUnavailableMessage(spec, deps.agentSettings);
  if (unavailable) {
    log.info({ agent: spec.agent }, 'mention names an agent that cannot run');
    await postOnce(client, {
      channel: origin.channel,
      threadTs: origin.threadTs,
      key: `agent-unavailable:${origin.messageTs}`,
      text: unavailable,
      checkFirst: context.retryNum !== undefined,
      botUserId: context.botUserId ?? '',
    });
    return;
  }

  const linearIssue = findLinearIssue(mention.text, deps.linearTeamKey);
  const started = await deps.startTask(linearIssue ? { ...spec, linearIssue } : spec);
  if (started.started) log.info({ workflowId: started.workflowId }, 'task started');
  else log.info({ workflowId: started.workflowId }, 'task already started; event was a redelivery');
}

async function addReaction(
  client: WebClient,
  target: { channel: string; ts: string; name: string },
  log: Logger,
): Promise<void> {
  try {
    await client.reactions.add({
      channel: target.channel,
      timestamp: target.ts,
      name: target.name,
    });
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code !== 'already_reacted')
      log.warn({ err, reaction: target.name }, 'adding a reaction failed');
  }
}

/** Looks up display names of the people mentioned, so the task text reads `@ana`, not an id. */
async function userNamesIn(
  client: WebClient,
  text: string,
  botUserId?: string,
): Promise<Map<string, string>> {
  const ids = new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1] ?? ''));
  if (botUserId) ids.delete(botUserId);
  const names = new Map<string, string>();
  for (const id of [...ids].slice(0, 20)) {
    const info = await client.users.info({ user: id }).catch(() => undefined);
    const profile = info?.user?.profile;
    const name = profile?.display_name || profile?.real_name || info?.user?.name;
    if (name) names.set(id, name);
  }
  return names;
}

/** Reads the repositories that the channel topic names with `repo:owner/name` lines. */
export async function topicRepositories(
  client: WebClient,
  catalog: Catalog,
  channel: string,
): Promise<string[]> {
  const info = await client.conversations.info({ channel }).catch(() => undefined);
  const topic = (info?.channel as { topic?: { value?: string } } | undefined)?.topic?.value ?? '';
  const index = new RepositoryIndex(catalog);
  return topicRepositoryNames(topic).flatMap((name) => {
    const repository = index.find(name);
    return repository ? [repository.slug] : [];
  });
}

/**
 * Finds the Linear issue a mention names: a Linear issue URL, or an identifier such as `ENG-123`
 * whose team key is the configured `LINEAR_TEAM_KEY`. Bare identifiers of other keys are not
 * taken, because words like `UTF-8` or `ISO-8601` look the same.
 */
export function findLinearIssue(text: string, teamKey?: string): string | undefined {
  const url = /https:\/\/linear\.app\/[^/\s|>]+\/issue\/([A-Z][A-Z0-9]*-\d+)/.exec(text);
  if (url) return url[1];
  if (!teamKey) return undefined;
  const escaped = teamKey.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\b(${escaped}-\\d+)\\b`).exec(text)?.[1];
}
