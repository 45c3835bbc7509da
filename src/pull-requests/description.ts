/**
 * The section of a pull request description that ties the pull requests of one multi-repository
 * task together. Pure, so that workflow code can call it.
 */

/** Start and end markers of the section; HTML comments, so GitHub does not render them. */
export const relatedSectionStart = '<!-- deckhand:related-pull-requests:start -->';
export const relatedSectionEnd = '<!-- deckhand:related-pull-requests:end -->';

/** One pull request of the task; `number` and `url` are unset until it is opened. */
export interface TaskPullRequest {
  repository: string;
  number?: number;
  url?: string;
}

/** Options of {@link renderRelatedSection}. */
export interface RelatedSectionOptions {
  /** Title of the task, as in `TaskSpec.title`. */
  taskTitle: string;
  /** Linear issue identifier such as `ENG-123`, with its URL when known. */
  linearIssue?: { identifier: string; url?: string };
  /** Repository whose pull request the section goes into. */
  repository: string;
  /** Every pull request of the task, the current one included. */
  pullRequests: readonly TaskPullRequest[];
  /** Repositories in merge order, as `mergeOrder` returns it. */
  mergeOrder: readonly string[];
  /** Repositories that `repository` must merge after, as `directDependencies` returns them. */
  mergeAfter: readonly string[];
}

/**
 * Renders the section, markers included: the task, links to the sibling pull requests, which
 * ones must merge before this one ("Merge after acme/infra#12"), and the merge order as a
 * numbered list.
 */
export function renderRelatedSection(options: RelatedSectionOptions): string {
  const byRepository = new Map(options.pullRequests.map((pull) => [pull.repository, pull]));
  const name = (repository: string) => pullRequestName(repository, byRepository.get(repository));
  const issue = options.linearIssue
    ? ` (${link(options.linearIssue.identifier, options.linearIssue.url)})`
    : '';
  const lines = [
    relatedSectionStart,
    '### Related pull requests',
    '',
    `This pull request is one of ${options.mergeOrder.length} for the task ` +
      `“${options.taskTitle}”${issue}.`,
    '',
  ];
  if (options.mergeAfter.length > 0) {
    lines.push(`**Merge after ${options.mergeAfter.map(name).join(', ')}.**`, '');
  } else {
    lines.push('Nothing needs to merge before this pull request.', '');
  }
  lines.push('Merge order:', '');
  options.mergeOrder.forEach((repository, index) => {
    const current = repository === options.repository ? ' (this pull request)' : '';
    lines.push(`${index + 1}. ${name(repository)}${current}`);
  });
  lines.push(relatedSectionEnd);
  return lines.join('\n');
}

/**
 * Puts `section` into `body` in place of an earlier section between the markers, leaving the
 * rest of the body as it is, or appends it after a blank line when the body has none.
 */
export function replaceRelatedSection(body: string | null | undefined, section: string): string {
  const text = body ?? '';
  const start = text.indexOf(relatedSectionStart);
  const end = text.indexOf(relatedSectionEnd, start);
  if (start !== -1 && end !== -1) {
    return text.slice(0, start) + section + text.slice(end + relatedSectionEnd.length);
  }
  if (text.trim() === '') return section;
  return `${text.replace(/\s+$/, '')}\n\n${section}`;
}

/** Names a pull request as GitHub's short reference `owner/repo#12`, linked when opened. */
function pullRequestName(repository: string, pull: TaskPullRequest | undefined): string {
  if (pull?.number === undefined) return `${repository} (not opened yet)`;
  return link(`${repository}#${pull.number}`, pull.url);
}

function link(text: string, url: string | undefined): string {
  return url ? `[${text}](${url})` : text;
}
