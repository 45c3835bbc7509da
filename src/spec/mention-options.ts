import { agentNames } from './task-spec';
import { type MarkedText, pieceOf, removalMark } from './slack-markup';

/** Keys of the `key:value` words that set task options; other `word:word` text stays prose. */
export const optionKeys = ['agent', 'model', 'branch', 'repo'] as const;
export type OptionKey = (typeof optionKeys)[number];

/** One option word found in the text, at `position` in the marked text. */
export interface OptionWord {
  key: OptionKey;
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
const optionPattern = /^([A-Za-z]+):([^\s/][^\s]*?)([.,;!?)]*)$/;

const modelPattern = /^[A-Za-z0-9][A-Za-z0-9._:/@[\]-]*$/;

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
export function optionValue(words: readonly OptionWord[], key: OptionKey): string | undefined {
  return words.filter((word) => word.key === key).pop()?.value;
}

function isOptionKey(key: string | undefined): key is OptionKey {
  return (optionKeys as readonly (string | undefined)[]).includes(key);
}

function checkOptionValue(key: OptionKey, value: string): OptionProblem | undefined {
  if (key === 'agent' && !(agentNames as readonly string[]).includes(value)) {
    return { kind: 'unknown_agent', key, value, reason: 'is not a known agent' };
  }
  if (key === 'model' && !modelPattern.test(value)) {
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
  for (const key of ['agent', 'model', 'branch'] as const) {
    const values = [...new Set(words.filter((word) => word.key === key).map((word) => word.value))];
    if (values.length > 1) {
      problems.push({
        kind: 'invalid_option',
        key,
        value: values.join(', '),
        reason: `is set more than once with different values (${values.join(', ')})`,
      });
    }
  }
  return problems;
}

/** Applies the main rules of `git check-ref-format` for a branch name. */
function isValidBranchName(name: string): boolean {
  return (
    !name.startsWith('-') &&
    !name.startsWith('/') &&
    !name.endsWith('/') &&
    !name.endsWith('.') &&
    !name.endsWith('.lock') &&
    !name.includes('..') &&
    !name.includes('@{') &&
    !name.includes('//') &&
    !/[\s~^:?*[\\\u0000-\u001f\u007f]/.test(name) &&
    !name.split('/').some((part) => part.startsWith('.'))
  );
}
