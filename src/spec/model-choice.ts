import type { AgentName } from './task-spec';

/**
 * Chooses an agent, a model and an effort for a task that names none, from the task's kind and
 * size. Every rule is data in a {@link ModelRules} table, so configuration can replace
 * {@link defaultModelRules} as a whole. This module imports nothing at runtime, so workflow code
 * can call it.
 */

/** How much reasoning a task needs. Each agent maps a tier to a model and an effort. */
export type ModelTier = 'deep' | 'balanced' | 'fast';

/** Bounds on the task's size. A rule applies only when every bound that is set holds. */
export interface TaskSizeBounds {
  minRepositories?: number;
  maxRepositories?: number;
  minFilePaths?: number;
  maxFilePaths?: number;
  /** Bounds on the length of the task text, in characters. */
  minTextLength?: number;
  maxTextLength?: number;
}

/** One row of the rule table. The first row that matches the task decides its tier. */
export interface ModelRule {
  /** Noun phrase for the thread's reason, such as `a migration` or `a large task`. */
  kind: string;
  /**
   * Words or phrases, any of which marks the kind, matched case-insensitively on word
   * boundaries. A trailing `*` matches any word ending, so `refactor*` matches `refactoring`.
   * A rule without keywords matches on size alone.
   */
  keywords?: readonly string[];
  size?: TaskSizeBounds;
  tier: ModelTier;
}

/** Model and effort that one agent uses for one tier. An unset field means the CLI's default. */
export interface TierModel {
  model?: string;
  effort?: string;
}

/** The whole table that {@link chooseModel} applies. */
export interface ModelRules {
  /** Agent used when the task names none. */
  defaultAgent: AgentName;
  rules: readonly ModelRule[];
  /** Kind and tier used when no rule matches. */
  fallback: { kind: string; tier: ModelTier };
  /** Model per agent and tier. An agent missing here runs with its CLI's default model. */
  models: Readonly<Partial<Record<AgentName, Readonly<Record<ModelTier, TierModel>>>>>;
}

/** Size and text of a task. `TaskSpec` has every field under the same name. */
export interface ModelChoiceTask {
  /** Headline of the task, whose keywords are tried before those of the full text. */
  title?: string;
  instructions: string;
  repositories: readonly unknown[];
  filePaths: readonly string[];
}

export interface ChooseModelOptions {
  task: ModelChoiceTask;
  /** Agent that the task or its channel names; the choice keeps it and picks only its model. */
  agent?: AgentName;
  rules?: ModelRules;
}

export interface ModelChoice {
  agent: AgentName;
  model?: string;
  effort?: string;
  tier: ModelTier;
  /** The `kind` of the rule that matched, or the fallback's. */
  kind: string;
  /** One sentence for the thread, such as `Chose claude-code with opus because …`. */
  reason: string;
}

/** Words of a bug fix. `error` is left out because "add error handling" is a feature. */
const fixKeywords = ['fix*', 'bug*', 'broken', 'crash*', 'flaky', 'failing', 'regression'];

/**
 * Deckhand's default rules, in order. Mechanical kinds come first because a version bump or a
 * rename stays simple however many repositories it touches. Deep kinds come next, then size,
 * so a task across three or more repositories, naming ten or more files or longer than 3,000
 * characters gets a deep model. A fix is fast only while it is short and in one repository.
 *
 * The models are the aliases of Claude Code 2.1.336, the model catalog bundled with Codex
 * 0.171.0 (Astra is its most capable model, Sol its default, Luna its fast one) and the stable
 * models of Gemini CLI 0.61.0. Cursor is left out, so it runs with its CLI's default model.
 * NOTE: these ids go stale when the image's CLI versions change, and nothing checks them.
 */
export const defaultModelRules: ModelRules = {
  defaultAgent: 'claude-code',
  rules: [
    { kind: 'a version bump', keywords: ['bump*', 'version bump', 'dependabot'], tier: 'fast' },
    { kind: 'a typo fix', keywords: ['typo*', 'spelling', 'misspel*', 'wording'], tier: 'fast' },
    {
      kind: 'a mechanical batch edit',
      keywords: [
        'rename*',
        'find and replace',
        'search and replace',
        'replace all',
        'every file',
        'all files',
        'codemod',
        'license header*',
        'copyright header*',
        'reformat*',
        'lint fix*',
        'fix lint*',
      ],
      tier: 'fast',
    },
    {
      kind: 'architecture work',
      keywords: ['architect*', 're-architect*', 'redesign*', 'decouple*', 'system design'],
      tier: 'deep',
    },
    {
      kind: 'a migration',
      // `migration to` is left out because "add a migration to add an index" is a feature.
      keywords: [
        'migrate*',
        'migrating',
        'migration from',
        'port * to',
        'switch from',
        'move from',
      ],
      tier: 'deep',
    },
    { kind: 'a refactor', keywords: ['refactor*', 'restructur*', 'rewrite*'], tier: 'deep' },
    { kind: 'a large task', size: { minRepositories: 3 }, tier: 'deep' },
    { kind: 'a large task', size: { minFilePaths: 10 }, tier: 'deep' },
    { kind: 'a large task', size: { minTextLength: 3000 }, tier: 'deep' },
    {
      kind: 'a small fix',
      keywords: fixKeywords,
      size: { maxRepositories: 1, maxFilePaths: 2, maxTextLength: 400 },
      tier: 'fast',
    },
    {
      kind: 'a feature',
      keywords: ['add*', 'implement*', 'build', 'creat*', 'introduc*', 'support', 'feature*'],
      tier: 'balanced',
    },
    { kind: 'a bug fix', keywords: fixKeywords, tier: 'balanced' },
  ],
  fallback: { kind: 'a general change', tier: 'balanced' },
  models: {
    'claude-code': {
      deep: { model: 'opus' },
      balanced: { model: 'sonnet' },
      fast: { model: 'haiku' },
    },
    codex: {
      deep: { model: 'gpt-6.2-astra', effort: 'high' },
      balanced: { model: 'gpt-6.2-sol', effort: 'medium' },
      fast: { model: 'gpt-6-luna', effort: 'low' },
    },
    gemini: {
      deep: { model: 'gemini-2.5-pro' },
      balanced: { model: 'gemini-2.5-pro' },
      fast: { model: 'gemini-2.5-flash' },
    },
  },
};

/** Chooses the agent, model and effort for a task from the first rule in the table it matches. */
export function chooseModel(options: ChooseModelOptions): ModelChoice {
  const rules = options.rules ?? defaultModelRules;
  const agent = options.agent ?? rules.defaultAgent;
  const size = measureTask(options.task);
  const matched = findRule(rules.rules, options.task, size) ?? rules.fallback;
  const tierModel = rules.models[agent]?.[matched.tier] ?? {};
  const choice = { agent, model: tierModel.model, effort: tierModel.effort };
  return {
    ...choice,
    tier: matched.tier,
    kind: matched.kind,
    reason: describeChoice(choice, matched.kind, size),
  };
}

interface TaskSize {
  repositories: number;
  filePaths: number;
  textLength: number;
}

function measureTask(task: ModelChoiceTask): TaskSize {
  return {
    repositories: task.repositories.length,
    filePaths: task.filePaths.length,
    textLength: task.instructions.trim().length,
  };
}

/**
 * Tries the rules against the title first, then against the full text, so that a word in a
 * side remark ("do not refactor the handler") does not outrank the task's own verb.
 */
function findRule(
  rules: readonly ModelRule[],
  task: ModelChoiceTask,
  size: TaskSize,
): ModelRule | undefined {
  const texts = task.title ? [task.title, task.instructions] : [task.instructions];
  for (const text of texts) {
    const rule = rules.find((candidate) => ruleMatches(candidate, text, size));
    if (rule !== undefined) return rule;
  }
  return undefined;
}

function ruleMatches(rule: ModelRule, text: string, size: TaskSize): boolean {
  if (!sizeWithin(size, rule.size ?? {})) return false;
  const keywords = rule.keywords ?? [];
  return keywords.length === 0 || keywords.some((keyword) => keywordPattern(keyword).test(text));
}

function sizeWithin(size: TaskSize, bounds: TaskSizeBounds): boolean {
  const within = (value: number, min = -Infinity, max = Infinity) => value >= min && value <= max;
  return (
    within(size.repositories, bounds.minRepositories, bounds.maxRepositories) &&
    within(size.filePaths, bounds.minFilePaths, bounds.maxFilePaths) &&
    within(size.textLength, bounds.minTextLength, bounds.maxTextLength)
  );
}

/**
 * Compiles a keyword: `*` at the end of a word matches any word ending, a lone `*` matches one
 * to four words, and spaces match any run of whitespace.
 */
function keywordPattern(keyword: string): RegExp {
  const words = keyword
    .trim()
    .split(/\s+/)
    .map((word) => {
      if (word === '*') return '\\S+(?:\\s+\\S+){0,3}';
      const wildcard = word.endsWith('*');
      const escaped = (wildcard ? word.slice(0, -1) : word).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return wildcard ? `${escaped}[\\w-]*` : escaped;
    });
  return new RegExp(`(?<![\\w-])${words.join('\\s+')}(?![\\w-])`, 'i');
}

function describeChoice(choice: TierModel & { agent: AgentName }, kind: string, size: TaskSize) {
  const model = choice.model ? `with ${choice.model}` : 'with its default model';
  const effort = choice.effort ? ` at ${choice.effort} effort` : '';
  return `Chose ${choice.agent} ${model}${effort} because the task is ${kind}${describeSize(size)}.`;
}

function describeSize(size: TaskSize): string {
  const parts: string[] = [];
  if (size.repositories > 1) parts.push(`across ${size.repositories} repositories`);
  if (size.filePaths > 1) parts.push(`naming ${size.filePaths} files`);
  return parts.length > 0 ? ` ${parts.join(', ')}` : '';
}
