import { randomUUID } from 'node:crypto';
import type { LinearPayloads } from './payloads';
import type { LinearState } from './state';

/** Services that operation handlers use. */
export interface OperationContext {
  state: LinearState;
  payloads: LinearPayloads;
  now: () => string;
}

/** Handles one GraphQL operation and returns its `data` object. */
type OperationHandler = (context: OperationContext, variables: Record<string, unknown>) => unknown;

/**
 * A GraphQL error in Linear's shape. `@linear/sdk` picks its error class from
 * `extensions.type` and its message from `extensions.userPresentableMessage`.
 */
export class LinearGraphQLError extends Error {
  constructor(
    message: string,
    readonly extensions: {
      type: string;
      code: string;
      userError?: boolean;
      userPresentableMessage?: string;
    },
    readonly path?: string[],
  ) {
    super(message);
  }
}

function entityNotFound(entity: string, field: string): LinearGraphQLError {
  return new LinearGraphQLError(
    `Entity not found: ${entity}`,
    {
      type: 'invalid input',
      code: 'INPUT_ERROR',
      userError: true,
      userPresentableMessage: `Could not find referenced ${entity}.`,
    },
    [field],
  );
}

function invalidInput(message: string, field: string): LinearGraphQLError {
  return new LinearGraphQLError(
    'Argument Validation Error',
    {
      type: 'invalid input',
      code: 'INPUT_ERROR',
      userError: true,
      userPresentableMessage: message,
    },
    [field],
  );
}

/** Reads `filter.<field>.eq`, the only filter form the stand-in supports. */
function equalsFilter(filter: unknown, ...path: string[]): string | undefined {
  let current: unknown = filter;
  for (const key of [...path, 'eq']) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' ? current : undefined;
}

const issue: OperationHandler = ({ state, payloads }, variables) => {
  const found = state.findIssue(String(variables.id ?? ''));
  if (!found) throw entityNotFound('Issue', 'issue');
  return { issue: payloads.issue(found) };
};

const teams: OperationHandler = ({ state, payloads }, variables) => {
  const key = equalsFilter(variables.filter, 'key');
  const id = equalsFilter(variables.filter, 'id');
  const matches = state.teams.filter(
    (team) => (key === undefined || team.key === key) && (id === undefined || team.id === id),
  );
  return { teams: payloads.connection(matches.map((team) => payloads.team(team))) };
};

const workflowStates: OperationHandler = ({ state, payloads }, variables) => {
  const teamId = equalsFilter(variables.filter, 'team', 'id');
  const teamKey = equalsFilter(variables.filter, 'team', 'key');
  const team = teamId ?? (teamKey !== undefined ? state.findTeam(teamKey)?.id : undefined);
  const matches = state.states.filter((s) => team === undefined || s.teamId === team);
  return { workflowStates: payloads.connection(matches.map((s) => payloads.workflowState(s))) };
};

const createIssue: OperationHandler = ({ state }, variables) => {
  const input = (variables.input ?? {}) as {
    teamId?: string;
    title?: string;
    description?: string;
  };
  const team = state.findTeam(input.teamId ?? '');
  if (!team) throw entityNotFound('Team', 'issueCreate');
  if (!input.title) throw invalidInput('title must not be empty', 'issueCreate');
  const created = state.addIssue({
    teamId: team.id,
    title: input.title,
    description: input.description,
  });
  return {
    issueCreate: { success: true, lastSyncId: state.issues.length, issue: { id: created.id } },
  };
};

const updateIssue: OperationHandler = ({ state, now }, variables) => {
  const found = state.findIssue(String(variables.id ?? ''));
  if (!found) throw entityNotFound('Issue', 'issueUpdate');
  const input = (variables.input ?? {}) as {
    stateId?: string;
    title?: string;
    description?: string;
  };
  if (input.stateId !== undefined) {
    const target = state.states.find((s) => s.id === input.stateId);
    if (!target || target.teamId !== found.teamId) {
      throw invalidInput("stateId must be a workflow state of the issue's team", 'issueUpdate');
    }
    if (found.stateId !== target.id) found.stateHistory.push(target.id);
    found.stateId = target.id;
  }
  if (input.title !== undefined) found.title = input.title;
  if (input.description !== undefined) found.description = input.description;
  found.updatedAt = now();
  return {
    issueUpdate: { success: true, lastSyncId: state.issues.length, issue: { id: found.id } },
  };
};

/** Creates an attachment, or updates the one with the same issue and URL, as Linear does. */
function upsertAttachment(
  { state, now }: OperationContext,
  input: { issueId?: string; url?: string; title?: string; subtitle?: string },
  field: string,
) {
  const found = state.findIssue(input.issueId ?? '');
  if (!found) throw entityNotFound('Issue', field);
  if (!input.url) throw invalidInput('url must not be empty', field);
  const timestamp = now();
  let attachment = state.attachments.find((a) => a.issueId === found.id && a.url === input.url);
  if (attachment) {
    attachment.title = input.title ?? attachment.title;
    attachment.subtitle = input.subtitle ?? attachment.subtitle;
    attachment.updatedAt = timestamp;
  } else {
    attachment = {
      id: randomUUID(),
      issueId: found.id,
      url: input.url,
      title: input.title ?? input.url,
      subtitle: input.subtitle,
      createdAt: timestamp,
      updatedAt: timestamp,
    };
    state.attachments.push(attachment);
  }
  return { success: true, lastSyncId: state.attachments.length, attachment: { id: attachment.id } };
}

const attachmentLinkURL: OperationHandler = (context, variables) => ({
  attachmentLinkURL: upsertAttachment(
    context,
    variables as { issueId?: string; url?: string; title?: string },
    'attachmentLinkURL',
  ),
});

const createAttachment: OperationHandler = (context, variables) => ({
  attachmentCreate: upsertAttachment(
    context,
    (variables.input ?? {}) as {
      issueId?: string;
      url?: string;
      title?: string;
      subtitle?: string;
    },
    'attachmentCreate',
  ),
});

const createComment: OperationHandler = ({ state, now }, variables) => {
  const input = (variables.input ?? {}) as { issueId?: string; body?: string };
  const found = state.findIssue(input.issueId ?? '');
  if (!found) throw entityNotFound('Issue', 'commentCreate');
  if (!input.body) throw invalidInput('body must not be empty', 'commentCreate');
  const comment = { id: randomUUID(), issueId: found.id, body: input.body, createdAt: now() };
  state.comments.push(comment);
  return {
    commentCreate: {
      success: true,
      lastSyncId: state.comments.length,
      comment: { id: comment.id },
    },
  };
};

const attachment: OperationHandler = ({ state, payloads }, variables) => {
  const found = state.attachments.find((a) => a.id === variables.id);
  if (!found) throw entityNotFound('Attachment', 'attachment');
  return { attachment: payloads.attachment(found) };
};

const comment: OperationHandler = ({ state, payloads }, variables) => {
  const found = state.comments.find((c) => c.id === variables.id);
  if (!found) throw entityNotFound('Comment', 'comment');
  return { comment: payloads.comment(found) };
};

const workflowState: OperationHandler = ({ state, payloads }, variables) => {
  const found = state.states.find((s) => s.id === variables.id);
  if (!found) throw entityNotFound('WorkflowState', 'workflowState');
  return { workflowState: payloads.workflowState(found) };
};

/**
 * Handlers keyed by the operation names that `@linear/sdk` 98 sends, such as `createIssue` for
 * `client.createIssue()`. The names were captured by pointing the SDK at a logging server.
 */
export const operations: Record<string, OperationHandler> = {
  issue,
  teams,
  workflowStates,
  workflowState,
  createIssue,
  updateIssue,
  attachmentLinkURL,
  createAttachment,
  attachment,
  createComment,
  comment,
};
