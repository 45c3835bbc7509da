import { randomUUID } from 'node:crypto';

/** Workflow state types of Linear, in the order issues usually move through them. */
export type WorkflowStateType =
  'triage' | 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled';

export interface WorkflowStateRecord {
  id: string;
  teamId: string;
  name: string;
  type: WorkflowStateType;
  /** Order of the state within its team's board; Linear sorts columns by it. */
  position: number;
  color: string;
}

export interface TeamRecord {
  id: string;
  key: string;
  name: string;
  /** Number that the team's next issue gets, as in `ENG-7`. */
  nextNumber: number;
}

export interface IssueRecord {
  id: string;
  teamId: string;
  number: number;
  identifier: string;
  title: string;
  description?: string;
  stateId: string;
  createdAt: string;
  updatedAt: string;
  /** State ids in the order the issue entered them, its first state included. */
  stateHistory: string[];
}

export interface AttachmentRecord {
  id: string;
  issueId: string;
  url: string;
  title: string;
  subtitle?: string;
  createdAt: string;
  updatedAt: string;
}

export interface CommentRecord {
  id: string;
  issueId: string;
  body: string;
  createdAt: string;
}

/** One team to seed, with its workflow states; Linear's default states when omitted. */
export interface TeamSeed {
  key: string;
  name?: string;
  states?: { name: string; type: WorkflowStateType }[];
}

/**
 * Workflow states of a seeded team, in board order: Linear's usual Backlog, Todo, In Progress,
 * Done and Canceled, plus the `In Review` started state that teams commonly add.
 */
export const defaultWorkflowStates: { name: string; type: WorkflowStateType }[] = [
  { name: 'Backlog', type: 'backlog' },
  { name: 'Todo', type: 'unstarted' },
  { name: 'In Progress', type: 'started' },
  { name: 'In Review', type: 'started' },
  { name: 'Done', type: 'completed' },
  { name: 'Canceled', type: 'canceled' },
];

/** In-memory teams, workflow states, issues, attachments and comments of the Linear stand-in. */
export class LinearState {
  readonly teams: TeamRecord[] = [];
  readonly states: WorkflowStateRecord[] = [];
  readonly issues: IssueRecord[] = [];
  readonly attachments: AttachmentRecord[] = [];
  readonly comments: CommentRecord[] = [];

  constructor(private readonly now: () => string) {}

  addTeam(seed: TeamSeed): TeamRecord {
    const team: TeamRecord = {
      id: randomUUID(),
      key: seed.key,
      name: seed.name ?? seed.key,
      nextNumber: 1,
    };
    this.teams.push(team);
    (seed.states ?? defaultWorkflowStates).forEach((state, index) => {
      this.states.push({
        id: randomUUID(),
        teamId: team.id,
        ...state,
        position: index,
        color: '#bec2c8',
      });
    });
    return team;
  }

  /** Creates an issue in the team's first `backlog` or `unstarted` state, as Linear does. */
  addIssue(options: { teamId: string; title: string; description?: string; stateId?: string }) {
    const team = this.teams.find((t) => t.id === options.teamId);
    if (!team) throw new Error(`Team ${options.teamId} does not exist in the Linear stand-in`);
    const teamStates = this.statesOf(team.id);
    const initial =
      options.stateId ??
      teamStates.find((s) => s.type === 'backlog' || s.type === 'unstarted')?.id ??
      teamStates[0]?.id ??
      '';
    const number = team.nextNumber++;
    const now = this.now();
    const issue: IssueRecord = {
      id: randomUUID(),
      teamId: team.id,
      number,
      identifier: `${team.key}-${number}`,
      title: options.title,
      description: options.description,
      stateId: initial,
      createdAt: now,
      updatedAt: now,
      stateHistory: [initial],
    };
    this.issues.push(issue);
    return issue;
  }

  /** Finds an issue by UUID or by identifier such as `ENG-12`, as Linear's `issue(id:)` does. */
  findIssue(idOrIdentifier: string): IssueRecord | undefined {
    const upper = idOrIdentifier.toUpperCase();
    return this.issues.find((issue) => issue.id === idOrIdentifier || issue.identifier === upper);
  }

  /** Finds a team by UUID or key. */
  findTeam(idOrKey: string): TeamRecord | undefined {
    return this.teams.find((team) => team.id === idOrKey || team.key === idOrKey);
  }

  statesOf(teamId: string): WorkflowStateRecord[] {
    return this.states
      .filter((state) => state.teamId === teamId)
      .sort((a, b) => a.position - b.position);
  }

  /** Returns the issue's state name history, oldest first, for assertions in tests. */
  stateNames(issue: IssueRecord): string[] {
    return issue.stateHistory.map((id) => this.states.find((s) => s.id === id)?.name ?? id);
  }
}
