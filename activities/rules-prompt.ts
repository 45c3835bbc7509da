import { readFile } from 'node:fs/promises';
import {
  extractConstraints,
  findRuleFile,
  readRuleFile,
  type RepositoryRuleFile,
} from './rule-file';
import type { RuleFile } from './types';

/**
 * Maximum length of the rules text, in characters. Claude Code receives the text as one
 * `--append-system-prompt` argument, and Linux limits one argument to 128 KiB (MAX_ARG_STRLEN).
 * 24,000 characters stay below that even at 4 bytes per character in UTF-8, with room for the
 * rest of the command line.
 */
export const maxRulesTextLength = 24_000;

/** Raised when the organisation rule file that the configuration names cannot be read. */
export class OrgRuleFileError extends Error {
  override readonly name = 'OrgRuleFileError';
  readonly code = 'org_rule_file_unreadable';
}

export interface BuildRulesTextOptions {
  /** Path of the organisation-wide rule file on the worker, from `config.agents.orgRuleFile`. */
  orgRuleFile?: string;
  /** Root of the repository clone on the worker. */
  repoRoot: string;
  /**
   * The repository's rule file, as `findRuleFile` returned it; looked up when undefined. Its
   * constraints are read from the file when the object has none.
   */
  ruleFile?: RuleFile & Partial<Pick<RepositoryRuleFile, 'constraints'>>;
  /**
   * True when the agent reads the repository's rule file by itself, as Claude Code reads
   * CLAUDE.md, so that only the file's constraints are repeated and its text is left out.
   */
  agentReadsRepositoryFile?: boolean;
  /** Maximum length in characters; {@link maxRulesTextLength} when unset. */
  maxLength?: number;
}

interface RuleSource {
  /** Source named in the labels, such as `the organisation rule file (path)`. */
  label: string;
  content: string;
  constraints: string[];
}

/**
 * Builds the rules text handed to an agent: the hard constraints of both files first, then the
 * organisation's rules, then the repository's, each labelled with its source. Returns undefined
 * when there is neither an organisation nor a repository rule file.
 *
 * @throws OrgRuleFileError when `orgRuleFile` is set but cannot be read.
 * @throws RuleFileError when the repository's rule file links outside the repository.
 */
export async function buildRulesText(options: BuildRulesTextOptions): Promise<string | undefined> {
  const sources: RuleSource[] = [];
  if (options.orgRuleFile !== undefined) {
    const content = await readOrgRuleFile(options.orgRuleFile);
    sources.push({
      label: `the organisation rule file (${options.orgRuleFile})`,
      content,
      constraints: extractConstraints(content),
    });
  }
  const repository = await readRepositoryRules(options);
  if (repository !== undefined) sources.push(repository);
  if (sources.length === 0) return undefined;

  const sections = [describeConstraints(sources)];
  for (const source of sources) {
    const skip = source === repository && options.agentReadsRepositoryFile;
    if (!skip && source.content.trim() !== '') {
      sections.push(`Rules from ${source.label}:\n\n${source.content.trim()}`);
    }
  }
  const text = sections.filter((section) => section !== '').join('\n\n');
  return text === '' ? undefined : truncate(text, options.maxLength ?? maxRulesTextLength);
}

async function readOrgRuleFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new OrgRuleFileError(
      `The organisation rule file ${path} could not be read (${reason}). Fix DECKHAND_ORG_RULE_FILE on the workers or unset it.`,
    );
  }
}

async function readRepositoryRules(
  options: BuildRulesTextOptions,
): Promise<RuleSource | undefined> {
  const ruleFile = options.ruleFile ?? (await findRuleFile(options.repoRoot));
  if (ruleFile === undefined) return undefined;
  const content = await readRuleFile(options.repoRoot, ruleFile.path);
  if (content === undefined) return undefined;
  const constraints = ruleFile.constraints ?? extractConstraints(content);
  return { label: `the repository's ${ruleFile.path}`, content, constraints };
}

function describeConstraints(sources: readonly RuleSource[]): string {
  const lines = sources.flatMap((source) =>
    source.constraints.map((constraint) => `- ${constraint} (from ${source.label})`),
  );
  if (lines.length === 0) return '';
  return [
    'Hard constraints. Follow every one of these, even where other instructions differ:',
    ...lines,
  ].join('\n');
}

/**
 * Cuts `text` to at most `maxLength` characters on a line boundary where one is near, and ends
 * it with a line that states it was truncated and by how much. A `maxLength` shorter than that
 * line yields the line alone.
 */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const marker = (omitted: number) =>
    `\n[Truncated: the last ${omitted} characters of the rules were left out to keep them within ${maxLength} characters.]`;
  const budget = Math.max(0, maxLength - marker(text.length).length);
  let end = text.lastIndexOf('\n', budget);
  if (end < budget / 2) end = budget;
  // Never split a UTF-16 surrogate pair, which would leave an invalid character.
  if (end > 0 && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return text.slice(0, end) + marker(text.length - end);
}
