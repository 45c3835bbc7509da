import type { ViewErrorsResponseAction } from '@slack/bolt';
import type { Catalog } from '../catalog/catalog';
import { RepositoryIndex } from '../catalog/resolve';
import { maxRepositoriesPerTask } from '../slack/views/scope-modal';
import {
  modelBlockId,
  repositoryBlockId,
  scopeBlockIds,
  type ScopeModalOrigin,
} from '../slack/views/scope-modal-ids';
import { readScopeModalValues, type ScopeModalValues } from '../slack/views/scope-modal-state';
import type { ViewStateValues } from '../slack/views/view-state';
import { extractFilePaths } from './file-paths';
import { isValidBranchName, isValidModelName } from './option-values';
import { placeholder, type MarkedText, restorePieces } from './slack-markup';
import { extractSections, extractTitle } from './task-structure';
import { agentNames, TaskSpec } from './task-spec';

/** Stable codes for the ways a scope modal submission can be invalid. */
export type ScopeIssueCode =
  | 'empty_task'
  | 'no_repository'
  | 'unknown_repository'
  | 'too_many_repositories'
  | 'invalid_branch'
  | 'unknown_agent'
  | 'invalid_model'
  | 'missing_channel';

/** One invalid field, shown by Slack under the input block `blockId`. */
export interface ScopeIssue {
  code: ScopeIssueCode;
  blockId: string;
  message: string;
}

/** Every TaskSpec field except `origin`, which needs the report thread's timestamps. */
export const TaskDraft = TaskSpec.omit({ origin: true });
export type TaskDraft = ReturnType<typeof TaskDraft.parse>;

/** A valid submission, waiting for the thread that the task reports in. */
export interface ScopeSubmission {
  task: TaskDraft;
  /** Channel chosen in the modal; the task's status thread goes there. */
  reportChannel: string;
  /** Where the modal was opened, from its `private_metadata`. */
  origin: ScopeModalOrigin;
  userId: string;
  teamId: string;
}

export type ScopeSubmissionResult =
  | { ok: true; submission: ScopeSubmission }
  | { ok: false; issues: ScopeIssue[]; response: ViewErrorsResponseAction };

/** Input to {@link parseScopeSubmission}, taken from a `view_submission` payload. */
export interface ScopeSubmissionOptions {
  catalog: Catalog;
  /** `view.private_metadata`. */
  privateMetadata: string;
  /** `view.state.values`. */
  values: ViewStateValues;
  /** `user.id` of the person who submitted. */
  userId: string;
  /** `team.id`, or the origin's team for org-wide installs where `team` is null. */
  teamId: string;
}

/**
 * Turns a scope modal submission into a task draft, or into inline errors for
 * `ack(response)`. Each issue is keyed by the `block_id` of the input that Slack shows it
 * under. Slack shows one message per block, so only the first issue per block is kept.
 *
 * @throws SlackViewError `invalid_private_metadata` if the metadata is not Deckhand's.
 */
export function parseScopeSubmission(options: ScopeSubmissionOptions): ScopeSubmissionResult {
  const { origin, values } = readScopeModalValues(options);
  const issues = findIssues(values, options.catalog);
  if (issues.length > 0 || values.agent === undefined || values.reportChannel === undefined) {
    return { ok: false, issues, response: errorsResponse(issues) };
  }
  const taskText = (values.taskText ?? '').trim();
  const index = new RepositoryIndex(options.catalog);
  const marked = markUpCode(taskText);

  const task = TaskDraft.parse({
    title: extractTitle(taskText),
    instructions: taskText,
    sections: extractSections(marked.text, (line) => restorePieces(line, marked.pieces)),
    filePaths: extractFilePaths(
      textForPathScan(marked),
      new Set(options.catalog.repositories.map((repository) => repository.slug.toLowerCase())),
    ),
    repositories: (values.repositories ?? []).map((slug) => {
      const typed = values.repositoryInputs?.[slug.toLowerCase()] ?? {};
      return {
        slug,
        baseBranch: typed.baseBranch?.trim() || index.findBySlug(slug)?.baseBranch || 'main',
        role: typed.role?.trim() || undefined,
        testCommand: typed.testCommand?.trim() || undefined,
      };
    }),
    agent: values.agent,
    model: values.model?.trim() || undefined,
    requireApproval: values.requireApproval ?? false,
  });
  return {
    ok: true,
    submission: {
      task,
      reportChannel: values.reportChannel,
      origin,
      userId: options.userId,
      teamId: options.teamId,
    },
  };
}

/**
 * Returns the thread that a submission reports in without posting a new root message: the
 * modal's origin thread, when the report channel is the channel the modal was opened from.
 * Otherwise the caller posts a root message in `reportChannel` and uses its timestamp.
 */
export function existingReportThread(
  submission: ScopeSubmission,
): { messageTs: string; threadTs: string } | undefined {
  const { origin } = submission;
  if (origin.channel !== submission.reportChannel || origin.threadTs === undefined) {
    return undefined;
  }
  return { threadTs: origin.threadTs, messageTs: origin.messageTs ?? origin.threadTs };
}

/**
 * Completes a submission into a TaskSpec with `origin.source` `modal`, once the report
 * thread exists.
 *
 * @throws ZodError if a timestamp is empty, which is a caller error.
 */
export function toModalTaskSpec(
  submission: ScopeSubmission,
  thread: { messageTs: string; threadTs: string },
): TaskSpec {
  return TaskSpec.parse({
    ...submission.task,
    origin: {
      source: 'modal',
      teamId: submission.teamId,
      channel: submission.reportChannel,
      messageTs: thread.messageTs,
      threadTs: thread.threadTs,
      userId: submission.userId,
    },
  });
}

/** Builds the `ack()` argument that shows each issue under its input block. */
export function errorsResponse(issues: readonly ScopeIssue[]): ViewErrorsResponseAction {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    errors[issue.blockId] ??= issue.message;
  }
  return { response_action: 'errors', errors };
}

function findIssues(values: ScopeModalValues, catalog: Catalog): ScopeIssue[] {
  const issues: ScopeIssue[] = [];
  const add = (code: ScopeIssueCode, blockId: string, message: string) =>
    issues.push({ code, blockId, message });

  if ((values.taskText ?? '').trim() === '') {
    add('empty_task', scopeBlockIds.task, 'Describe the task: what should change, and why.');
  }
  issues.push(...repositoryIssues(values, catalog));
  if (values.agent === undefined) {
    const valid = agentNames.join(', ');
    const written = values.unknownAgent === undefined ? 'No agent' : `"${values.unknownAgent}"`;
    add(
      'unknown_agent',
      scopeBlockIds.agent,
      `${written} is not a known agent. Choose one of: ${valid}.`,
    );
  } else if (values.model !== undefined && !isValidModelName(values.model.trim())) {
    add(
      'invalid_model',
      modelBlockId(values.agent),
      `"${values.model}" is not a valid model name. Use one word such as sonnet, or leave it empty.`,
    );
  }
  if (values.reportChannel === undefined) {
    add('missing_channel', scopeBlockIds.reportChannel, 'Choose the channel to report in.');
  }
  return issues;
}

function repositoryIssues(values: ScopeModalValues, catalog: Catalog): ScopeIssue[] {
  const blockId = scopeBlockIds.repositories;
  const unknown = values.unknownRepositoryValues ?? [];
  const slugs = values.repositories ?? [];
  if (unknown.length > 0) {
    const names = unknown.map((value) => `"${value}"`).join(', ');
    const known = new RepositoryIndex(catalog).describeRepositories().replace(/`/g, '');
    const message = `${names} ${unknown.length === 1 ? 'is' : 'are'} not in Deckhand's catalog. Known repositories: ${known}.`;
    return [{ code: 'unknown_repository', blockId, message }];
  }
  if (slugs.length === 0) {
    return [{ code: 'no_repository', blockId, message: 'Choose at least one repository.' }];
  }
  if (slugs.length > maxRepositoriesPerTask) {
    const message = `Choose at most ${maxRepositoriesPerTask} repositories; split larger changes into several tasks.`;
    return [{ code: 'too_many_repositories', blockId, message }];
  }
  return slugs.flatMap((slug) => branchIssues(slug, values));
}

function branchIssues(slug: string, values: ScopeModalValues): ScopeIssue[] {
  const branch = values.repositoryInputs?.[slug.toLowerCase()]?.baseBranch?.trim();
  if (branch === undefined || isValidBranchName(branch)) {
    return [];
  }
  return [
    {
      code: 'invalid_branch',
      blockId: repositoryBlockId('baseBranch', slug),
      message: `"${branch}" is not a valid Git branch name. Use a name such as main or release/2.4, without spaces or "..".`,
    },
  ];
}

/**
 * Replaces code spans and blocks with placeholders, so headings, bullets and file paths are
 * not read inside code. Modal text is plain, so unlike a message it has no `<…>` tokens or
 * entities to decode.
 */
function markUpCode(text: string): MarkedText {
  const marked: MarkedText = { text: '', pieces: [] };
  let cursor = 0;
  for (const match of text.matchAll(/```([\s\S]*?)```|`([^`\n]+)`/g)) {
    marked.text += text.slice(cursor, match.index);
    marked.pieces.push(
      match[1] !== undefined
        ? { kind: 'code-block', text: match[0] }
        : { kind: 'inline-code', text: match[0], content: match[2] ?? '' },
    );
    marked.text += placeholder(marked.pieces.length - 1);
    cursor = match.index + match[0].length;
  }
  marked.text += text.slice(cursor);
  return marked;
}

/** Shows inline code as its content and drops code blocks, as the mention parser does. */
function textForPathScan(marked: MarkedText): string {
  return marked.text.replace(/\uE000(\d+)\uE001/g, (_match, position: string) => {
    const piece = marked.pieces[Number(position)];
    if (piece === undefined || piece.kind === 'code-block') {
      return ' ';
    }
    return ` ${piece.kind === 'inline-code' ? piece.content : piece.text} `;
  });
}
