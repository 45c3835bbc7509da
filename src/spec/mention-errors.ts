import type { RepositoryIndex } from '../catalog/resolve';
import type { OptionProblem } from './mention-options';
import type { MentionParseError } from './parse-errors';
import { agentNames } from './task-spec';

/**
 * Builds the Slack replies for each parse failure. Each message states what was wrong and what
 * to do, and each example is a mention that this catalog would accept.
 */
export function mentionErrors(context: { index: RepositoryIndex; botName: string }) {
  const repositories = context.index.catalog.repositories;
  const first = repositories[0];
  const sampleName = first?.aliases[0] ?? first?.slug ?? 'acme/api';
  const example = `@${context.botName} Fix the flaky login test in ${sampleName}`;
  const known = context.index.describeRepositories();

  return {
    emptyTask(): MentionParseError {
      return {
        code: 'empty_task',
        message: `The task is missing: after the mention and options there is nothing left to do. Write what you want changed after the mention, for example \`${example}\`.`,
        example,
      };
    },

    unknownRepositories(names: readonly string[]): MentionParseError {
      const quoted = names.map((name) => `\`${name}\``).join(', ');
      const noun = names.length === 1 ? 'repository' : 'repositories';
      return {
        code: 'unknown_repository',
        message: `The ${noun} ${quoted} ${names.length === 1 ? 'is' : 'are'} not in Deckhand's catalog. Known repositories: ${known}. Name one of them by slug or alias, for example \`${example}\`.`,
        example,
      };
    },

    noRepository(): MentionParseError {
      return {
        code: 'no_repository',
        message: `No repository was named, and this channel has no default repository. Add a repository after "in", for example \`${example}\`. Known repositories: ${known}.`,
        example,
      };
    },

    unknownAgent(agent: string): MentionParseError {
      const valid = agentNames.map((name) => `\`agent:${name}\``).join(', ');
      return {
        code: 'unknown_agent',
        message: `The agent \`${agent}\` is not supported. Use one of: ${valid}, or leave the option out to use the default.`,
        example: `${example} agent:${agentNames[0]}`,
      };
    },

    invalidOption(problem: OptionProblem): MentionParseError {
      const fixed = `${example} ${optionExample(problem.key)}`;
      return {
        code: 'invalid_option',
        message: `The option \`${problem.key}:\` ${problem.reason}: \`${problem.value}\`. Write it once as one word without spaces, for example \`${optionExample(problem.key)}\`.`,
        example: fixed,
      };
    },
  };
}

function optionExample(key: OptionProblem['key']): string {
  switch (key) {
    case 'agent':
      return `agent:${agentNames[0]}`;
    case 'model':
      return 'model:sonnet';
    case 'branch':
      return 'branch:develop';
    case 'repo':
      return 'repo:owner/name';
  }
}
