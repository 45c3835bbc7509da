import { agentEfforts } from '../agents/effort';
import { type AgentName, agentNames } from './task-spec';
import { isValidBranchName, isValidModelName } from './option-values';
import { type MarkedText, pieceOf, removalMark } from './slack-markup';

/**
 * Keys of the `key:value` words that set task options; other `word:word` text stays prose.
 * An agent name is a key too: `codex:gpt-5.1-codex-max:high` sets the agent, the model and the
 * effort at once, and is recorded as three option words (`agent`, `model`, `effort`).
 */
export const optionKeys = ['agent', 'model', 'branch', 'repo'] as const;
export type OptionKey = (typeof optionKeys)[number];

/** Keys of recorded option words: the option keys plus `effort`, set only by a compound option. */
export type OptionWordKey = OptionKey | 'effort';

/** One option word found in the text, at `position` in the marked text. */
export interface OptionWord {
  key: OptionWordKey;
  value: string;
  position: number;
}

/** An option word whose value cannot be used. */
export interface OptionProblem {
  kind: 'unknown_agent' | 'invalid_option';
  key: OptionKey;
  value: string;
  reason: string;
}

export interface ExtractedOptions {
  /** The marked text with each option word replaced by a removal mark. */
  text: string;
  words: OptionWord[];
  problems: OptionProblem[];
}

/**
 * An option is one whitespace-separated word `key:value` with a known key (any case) and a
 * non-empty value. URLs (`http://...`, whose value starts with `/`), `file.ts:12` (the key
 * contains a dot) and times such as `10:30` (the key is digits) are not options. Trailing
 * sentence punctuation is not part of the value.
 */
const optionPattern = /^([A-Za-z][A-Za-z-]*):([^\s/][^\s]*?)([.,;!?)]*)$/;

/**
 * Finds, validates and removes option words from prose. Code, mentions and link labels are
 * never read as options, because the marked text contains them as placeholders.
 */
export function extractOptions(marked: MarkedText): ExtractedOptions {
  const words: OptionWord[] = [];
  const problems: OptionProblem[] = [];
  const text = marked.text.replace(/\S+/g, (word: string, position: number) => {
    const match = optionPattern.exec(word);
    const key = match?.[1]?.toLowerCase();
    if (match && isAgentName(key)) {
      const compound = readCompoundOption(key, match[2] ?? '', position);
      words.push(...compound.words);
      problems.push(...compound.problems);
      return removalMark + (match[3] ?? '');
    }
    if (!match || !isOptionKey(key)) {
      return word;
    }
    const rawValue = match[2] ?? '';
    // Slack turns `repo:github.com/o/r` into a link token; the option takes the link's URL.
    const piece = pieceOf(marked, rawValue);
    const linked = piece?.kind === 'link' ? piece.url : rawValue;
    const value = key === 'agent' ? linked.toLowerCase() : linked;
    words.push({ key, value, position });
    const problem = checkOptionValue(key, value);
    if (problem !== undefined) {
      problems.push(problem);
    }
    return removalMark + (match[3] ?? '');
  });
  problems.push(...findConflicts(words));
  return { text, words, problems };
}

/** Returns the last value given for `key`; `findConflicts` rejects differing repeats. */
export function optionValue(words: readonly OptionWord[], key: OptionWordKey): string | undefined {
  return words.filter((word) => word.key === key).pop()?.value;
}

function isOptionKey(key: string | undefined): key is OptionKey {
  return (optionKeys as readonly (string | undefined)[]).includes(key);
}

function isAgentName(key: string | undefined): key is AgentName {
  return (agentNames as readonly (string | undefined)[]).includes(key);
}

/**
 * Reads `<agent>:<model>[:<effort>]`. When the value has more than one colon-separated part,
 * the last part is the effort, so a model id that contains a colon must be set with `model:`.
 */
function readCompoundOption(
  agent: AgentName,
  value: string,
  position: number,
): { words: OptionWord[]; problems: OptionProblem[] } {
  const parts = value.split(':');
  const effort = parts.length > 1 ? parts.pop() : undefined;
  const model = parts.join(':');
  const words: OptionWord[] = [
    { key: 'agent', value: agent, position },
    { key: 'model', value: model, position },
  ];
  const problems: OptionProblem[] = [];
  const modelProblem = checkOptionValue('model', model);
  if (modelProblem !== undefined) {
    problems.push({ ...modelProblem, value: `${agent}:${value}` });
  }
  if (effort !== undefined) {
    words.push({ key: 'effort', value: effort.toLowerCase(), position });
    const effortProblem = checkEffort(agent, effort.toLowerCase(), `${agent}:${value}`);
    if (effortProblem !== undefined) problems.push(effortProblem);
  }
  return { words, problems };
}

/**
 * Rejects an effort level that the agent's CLI does not accept.
 *
 * NOTE: the problem is filed under the `model` key because `mentionErrors` builds its example
 * from `OptionProblem.key`, which has no `effort` or agent-name member, so the reply says
 * "The option `model:`" even though the user wrote `codex:…`.
 */
function checkEffort(agent: AgentName, effort: string, word: string): OptionProblem | undefined {
  const accepted = agentEfforts[agent];
  if (accepted.includes(effort)) return undefined;
  const reason =
    accepted.length === 0
      ? `sets the effort \`${effort}\`, but ${agent} takes no effort level`
      : `sets the effort \`${effort}\`, but ${agent} accepts only ${accepted.join(', ')}`;
  return { kind: 'invalid_option', key: 'model', value: word, reason };
}

function checkOptionValue(key: OptionKey, value: string): OptionProblem | undefined {
  if (key === 'agent' && !(agentNames as readonly string[]).includes(value)) {
    return { kind: 'unknown_agent', key, value, reason: 'is not a known agent' };
  }
  if (key === 'model' && !isValidModelName(value)) {
    return { kind: 'invalid_option', key, value, reason: 'is not a valid model name' };
  }
  if (key === 'branch' && !isValidBranchName(value)) {
    return { kind: 'invalid_option', key, value, reason: 'is not a valid Git branch name' };
  }
  return undefined;
}

/** Rejects repeated options with different values, because neither value is clearly meant. */
function findConflicts(words: readonly OptionWord[]): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const key of ['agent', 'model', 'effort', 'branch'] as const) {
    const values = [...new Set(words.filter((word) => word.key === key).map((word) => word.value))];
    if (values.length > 1) {
      problems.push({
        kind: 'invalid_option',
        // An effort conflict is reported under `model`, as in `checkEffort`.
        key: key === 'effort' ? 'model' : key,
        value: values.join(', '),
        reason: `is set more than once with different values (${values.join(', ')})`,
      });
    }
  }
  return problems;
}
