import { localChannel } from '../../src/local/world';
import type { TaskSpec } from '../../src/spec/task-spec';
import { defaultIdentity } from '../../src/standins/slack';

/** Input to {@link buildMentionSpec}. */
export interface MentionSpecOptions {
  /** The task text, also used as the title, as for a one-line mention. */
  instructions: string;
  /** Timestamp of the seeded root message; the task reports in its thread. */
  rootTs: string;
  /** Slack user who requested the task. */
  userId: string;
}

/**
 * Builds the spec that a one-line `@mention` in the local world's channel gives, without the
 * parser: `acme/backend` on `main`, Claude Code, no approval, and no sections, file paths or
 * dependencies. Tests use it to start a task directly through `startCodingTask`. `overrides`
 * replaces whole fields.
 */
export function buildMentionSpec(
  options: MentionSpecOptions,
  overrides: Partial<TaskSpec> = {},
): TaskSpec {
  return {
    title: options.instructions,
    instructions: options.instructions,
    sections: [],
    filePaths: [],
    repositories: [{ slug: 'acme/backend', baseBranch: 'main' }],
    agent: 'claude-code',
    dependencies: [],
    requireApproval: false,
    origin: {
      source: 'mention',
      teamId: defaultIdentity.teamId,
      channel: localChannel.id,
      messageTs: options.rootTs,
      threadTs: options.rootTs,
      userId: options.userId,
    },
    ...overrides,
  };
}
