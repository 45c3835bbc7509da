import type { Catalog } from '../../catalog/catalog';
import { AgentName } from '../../spec/task-spec';
import { findRepositoryByOptionValue } from './repository-options';
import {
  decodeScopeMetadata,
  modelBlockId,
  repositoryBlockId,
  requireApprovalOptionValue,
  scopeActionIds,
  scopeBlockIds,
  type ScopeModalOrigin,
} from './scope-modal-ids';
import {
  readConversation,
  readSelectedValue,
  readSelectedValues,
  readText,
  type ViewStateValues,
} from './view-state';

/** Model ids offered in the scope modal, per agent. */
export type ModelChoices = Partial<Record<AgentName, readonly string[]>>;

/** Values of one repository's inputs, keyed in {@link ScopeModalValues} by lower-case slug. */
export interface RepositoryInputs {
  role?: string;
  baseBranch?: string;
  testCommand?: string;
}

/** The scope modal's field values, as shown when building it or as read back from its state. */
export interface ScopeModalValues {
  taskText?: string;
  /** Catalog slugs in the order chosen. */
  repositories?: readonly string[];
  /** Option values that no catalog repository has, such as a repository removed since. */
  unknownRepositoryValues?: readonly string[];
  repositoryInputs?: Readonly<Record<string, RepositoryInputs>>;
  agent?: AgentName;
  /** The agent value as submitted when it names no known agent. */
  unknownAgent?: string;
  model?: string;
  requireApproval?: boolean;
  reportChannel?: string;
}

/**
 * Reads the scope modal's `private_metadata` and `state.values`. Per-repository inputs are
 * read for the chosen repositories only. Text values are returned as typed, untrimmed.
 *
 * @throws SlackViewError `invalid_private_metadata` if the metadata is not Deckhand's.
 */
export function readScopeModalValues(options: {
  catalog: Catalog;
  privateMetadata: string;
  values: ViewStateValues;
}): { origin: ScopeModalOrigin; values: ScopeModalValues } {
  const { catalog, values } = options;
  const origin = decodeScopeMetadata(options.privateMetadata);
  const repositories = readRepositories(catalog, values);
  const agentValue = readSelectedValue(values, {
    blockId: scopeBlockIds.agent,
    actionId: scopeActionIds.agent,
  });
  const agent = AgentName.safeParse(agentValue);
  const approval = readSelectedValues(values, {
    blockId: scopeBlockIds.requireApproval,
    actionId: scopeActionIds.requireApproval,
  });

  return {
    origin,
    values: {
      taskText: readText(values, { blockId: scopeBlockIds.task, actionId: scopeActionIds.task }),
      repositories: repositories.slugs,
      unknownRepositoryValues: repositories.unknown,
      repositoryInputs: readRepositoryInputs(values, repositories.slugs),
      agent: agent.success ? agent.data : undefined,
      unknownAgent: agent.success ? undefined : agentValue,
      model: agent.success ? readModel(values, agent.data) : undefined,
      requireApproval: approval.includes(requireApprovalOptionValue),
      reportChannel: readConversation(values, {
        blockId: scopeBlockIds.reportChannel,
        actionId: scopeActionIds.reportChannel,
      }),
    },
  };
}

function readRepositories(
  catalog: Catalog,
  values: ViewStateValues,
): { slugs: string[]; unknown: string[] } {
  const selected = readSelectedValues(values, {
    blockId: scopeBlockIds.repositories,
    actionId: scopeActionIds.repositories,
  });
  const slugs: string[] = [];
  const unknown: string[] = [];
  for (const value of selected) {
    const repository = findRepositoryByOptionValue(catalog, value);
    if (repository === undefined) {
      unknown.push(value);
    } else if (!slugs.includes(repository.slug)) {
      slugs.push(repository.slug);
    }
  }
  return { slugs, unknown };
}

function readRepositoryInputs(
  values: ViewStateValues,
  slugs: readonly string[],
): Record<string, RepositoryInputs> {
  const inputs: Record<string, RepositoryInputs> = {};
  for (const slug of slugs) {
    const read = (field: 'role' | 'baseBranch' | 'testCommand', actionId: string) =>
      readText(values, { blockId: repositoryBlockId(field, slug), actionId });
    inputs[slug.toLowerCase()] = {
      role: read('role', scopeActionIds.role),
      baseBranch: read('baseBranch', scopeActionIds.baseBranch),
      testCommand: read('testCommand', scopeActionIds.testCommand),
    };
  }
  return inputs;
}

/** Reads the model of `agent` from its select or its text input, whichever the view had. */
function readModel(values: ViewStateValues, agent: AgentName): string | undefined {
  const key = { blockId: modelBlockId(agent), actionId: scopeActionIds.model };
  return readSelectedValue(values, key) ?? readText(values, key);
}
