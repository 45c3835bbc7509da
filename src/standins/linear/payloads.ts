import type {
  AttachmentRecord,
  CommentRecord,
  IssueRecord,
  LinearState,
  TeamRecord,
  WorkflowStateRecord,
} from './state';

/**
 * Builds response objects in the shapes of Linear's GraphQL schema, with the fields that the
 * `@linear/sdk` 98 fragments select. Relations are `{ id }` objects, as the SDK's fragments
 * select them; the SDK fetches the rest lazily with further queries.
 */
export class LinearPayloads {
  constructor(
    private readonly state: LinearState,
    private readonly webBaseUrl: string,
    private readonly workspaceKey: string,
  ) {}

  issue(issue: IssueRecord) {
    return {
      __typename: 'Issue',
      id: issue.id,
      identifier: issue.identifier,
      number: issue.number,
      title: issue.title,
      description: issue.description ?? null,
      url: this.issueUrl(issue),
      branchName: `${issue.identifier.toLowerCase()}-${slugify(issue.title)}`,
      priority: 0,
      priorityLabel: 'No priority',
      prioritySortOrder: 0,
      sortOrder: issue.number,
      boardOrder: 0,
      estimate: null,
      customerTicketCount: 0,
      labelIds: [],
      previousIdentifiers: [],
      reactionData: [],
      reactions: [],
      inheritsSharedAccess: false,
      sharedAccess: {
        isShared: false,
        sharedWithCount: 0,
        viewerHasOnlySharedAccess: false,
        disallowedIssueFields: [],
        sharedWithUsers: [],
      },
      trashed: null,
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
      archivedAt: null,
      startedAt: null,
      completedAt: null,
      canceledAt: null,
      team: { id: issue.teamId },
      state: { id: issue.stateId },
      assignee: null,
      creator: null,
      parent: null,
      project: null,
      cycle: null,
    };
  }

  /** Returns the web address of an issue, `BASE/WORKSPACE/issue/ENG-12/title-slug`. */
  issueUrl(issue: IssueRecord): string {
    return `${this.webBaseUrl}/${this.workspaceKey}/issue/${issue.identifier}/${slugify(issue.title)}`;
  }

  team(team: TeamRecord) {
    const issueCount = this.state.issues.filter((issue) => issue.teamId === team.id).length;
    return {
      __typename: 'Team',
      id: team.id,
      key: team.key,
      name: team.name,
      displayName: team.name,
      description: null,
      private: false,
      visibility: 'public',
      timezone: 'Etc/UTC',
      issueCount,
      cyclesEnabled: false,
      triageEnabled: false,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
      archivedAt: null,
      defaultIssueState: { id: this.state.statesOf(team.id)[0]?.id ?? '' },
      startWorkflowState: null,
      reviewWorkflowState: null,
      mergeWorkflowState: null,
      triageIssueState: null,
    };
  }

  workflowState(state: WorkflowStateRecord) {
    return {
      __typename: 'WorkflowState',
      id: state.id,
      name: state.name,
      type: state.type,
      position: state.position,
      color: state.color,
      description: null,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
      archivedAt: null,
      team: { id: state.teamId },
      inheritedFrom: null,
    };
  }

  attachment(attachment: AttachmentRecord) {
    return {
      __typename: 'Attachment',
      id: attachment.id,
      url: attachment.url,
      title: attachment.title,
      subtitle: attachment.subtitle ?? null,
      metadata: {},
      groupBySource: false,
      sourceType: null,
      createdAt: attachment.createdAt,
      updatedAt: attachment.updatedAt,
      archivedAt: null,
      issue: { id: attachment.issueId },
    };
  }

  comment(comment: CommentRecord) {
    const issue = this.state.issues.find((i) => i.id === comment.issueId);
    return {
      __typename: 'Comment',
      id: comment.id,
      body: comment.body,
      url: issue ? `${this.issueUrl(issue)}#comment-${comment.id.slice(0, 8)}` : '',
      reactionData: [],
      reactions: [],
      createdAt: comment.createdAt,
      updatedAt: comment.createdAt,
      archivedAt: null,
      editedAt: null,
      issue: { id: comment.issueId },
      user: null,
    };
  }

  /** Wraps nodes in a connection with one page, as the stand-in never paginates. */
  connection<T>(nodes: T[]) {
    return {
      nodes,
      pageInfo: {
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: null,
        endCursor: null,
      },
    };
  }
}

function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}
