import type { AgentResult } from '../../activities/types';

/**
 * Adds up what agent runs cost and checks a task's spending limit. Everything here is pure and
 * imports nothing at runtime, so workflow code can call it.
 */

/** The fields of an agent run that usage is added up from. */
export type AgentUsageReport = Pick<AgentResult, 'costUsd' | 'inputTokens' | 'outputTokens'>;

/** Cost and tokens of one or more agent runs. */
export interface Usage {
  /** Sum of the reported costs, in US dollars. */
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  runs: number;
  /** Runs that reported no cost, so `costUsd` is a lower bound when this is above zero. */
  runsWithoutCost: number;
}

/** One agent run of a task and the repository it ran in. */
export interface AgentRun {
  repository: string;
  result: AgentUsageReport;
}

export interface TaskUsage {
  total: Usage;
  /** Usage per repository, in the order each repository first appears in the runs. */
  repositories: Array<{ repository: string; usage: Usage }>;
}

export const emptyUsage: Usage = {
  costUsd: 0,
  inputTokens: 0,
  outputTokens: 0,
  runs: 0,
  runsWithoutCost: 0,
};

/** Adds up the cost and tokens of `results`; a missing token count counts as zero. */
export function sumUsage(results: readonly AgentUsageReport[]): Usage {
  return results.reduce<Usage>(
    (sum, result) => ({
      costUsd: sum.costUsd + (result.costUsd ?? 0),
      inputTokens: sum.inputTokens + (result.inputTokens ?? 0),
      outputTokens: sum.outputTokens + (result.outputTokens ?? 0),
      runs: sum.runs + 1,
      runsWithoutCost: sum.runsWithoutCost + (result.costUsd === undefined ? 1 : 0),
    }),
    emptyUsage,
  );
}

/** Adds up a task's agent runs per repository and in total. */
export function summarizeTaskUsage(runs: readonly AgentRun[]): TaskUsage {
  const byRepository = new Map<string, AgentUsageReport[]>();
  for (const run of runs) {
    const results = byRepository.get(run.repository) ?? [];
    results.push(run.result);
    byRepository.set(run.repository, results);
  }
  return {
    total: sumUsage(runs.map((run) => run.result)),
    repositories: [...byRepository].map(([repository, results]) => ({
      repository,
      usage: sumUsage(results),
    })),
  };
}

/**
 * Formats usage for the thread, such as `$0.21 · 63k in / 1.2k out`. When some runs reported no
 * cost, the line states it, because the dollar amount is then a lower bound.
 */
export function formatUsage(usage: Usage): string {
  const tokens = `${formatTokens(usage.inputTokens)} in / ${formatTokens(usage.outputTokens)} out`;
  if (usage.runs > 0 && usage.runsWithoutCost === usage.runs) {
    return `cost unknown · ${tokens}`;
  }
  const cost = formatUsd(usage.costUsd);
  if (usage.runsWithoutCost === 0) return `${cost} · ${tokens}`;
  const runs = `${usage.runsWithoutCost} of ${usage.runs} runs`;
  return `${cost} (cost unknown for ${runs}) · ${tokens}`;
}

/** Formats dollars with cents, and amounts below a cent as `<$0.01`. */
export function formatUsd(amount: number): string {
  if (amount > 0 && amount < 0.005) return '<$0.01';
  return `$${amount.toFixed(2)}`;
}

/** Formats a token count as `950`, `1.2k`, `63k` or `1.4M`. */
export function formatTokens(count: number): string {
  if (count < 1000) return String(count);
  if (count < 10_000) return `${trimZero((count / 1000).toFixed(1))}k`;
  if (count < 999_500) return `${Math.round(count / 1000)}k`;
  if (count < 10_000_000) return `${trimZero((count / 1_000_000).toFixed(1))}M`;
  return `${Math.round(count / 1_000_000)}M`;
}

function trimZero(value: string): string {
  return value.endsWith('.0') ? value.slice(0, -2) : value;
}

export type BudgetCheck =
  | { status: 'unlimited'; spentUsd: number }
  | { status: 'within'; spentUsd: number; budgetUsd: number; remainingUsd: number }
  | { status: 'exceeded'; spentUsd: number; budgetUsd: number; message: string };

/**
 * Compares a task's spending with its budget (`config.agents.taskBudgetUsd`). A task whose
 * spending has reached the budget is `exceeded`, because any further run would pass it. Its
 * message states that no further agent run starts, so a caller that posts it must stop them.
 *
 * NOTE: runs that report no cost count as free, so a task run by such agents never exceeds the
 * budget. The message and {@link formatUsage} state when costs are missing.
 */
export function checkBudget(options: { usage: Usage; budgetUsd?: number }): BudgetCheck {
  const { usage, budgetUsd } = options;
  const spentUsd = usage.costUsd;
  if (budgetUsd === undefined) return { status: 'unlimited', spentUsd };
  if (spentUsd < budgetUsd) {
    return { status: 'within', spentUsd, budgetUsd, remainingUsd: budgetUsd - spentUsd };
  }
  const unknown =
    usage.runsWithoutCost > 0
      ? ` (${usage.runsWithoutCost} of ${usage.runs} runs reported no cost and are not counted)`
      : '';
  return {
    status: 'exceeded',
    spentUsd,
    budgetUsd,
    message:
      `This task has spent ${formatUsd(spentUsd)}${unknown}, which reaches its budget of ` +
      `${formatUsd(budgetUsd)}, so no further agent run starts. To allow more, raise ` +
      'DECKHAND_TASK_BUDGET_USD on the workers and start the task again.',
  };
}
