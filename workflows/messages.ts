import type { AgentResult, Workspace } from '../activities/types';
import { scopeRepositoriesButton } from '../src/slack/scope-button';
import { emptyUsage, formatUsage, formatUsd, sumUsage, type Usage } from '../src/cost/budget';
import type { TaskSpec } from '../src/spec/task-spec';
import type { RepositoryProgress, RepositoryResult } from './types';

/**
 * Maximum length of a code block quoted in a thread message, in characters, because Slack cuts
 * sections at 3,000.
 */
const maxFenceChars = 1500;

/** Escapes the three characters that Slack's mrkdwn treats as markup, so text stays text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Quotes output as a code block, keeping its end, where failures usually are. */
export function fence(output: string): string {
  const trimmed = output.trimEnd();
  if (trimmed === '') return '_(no output)_';
  const tail = trimmed.length > maxFenceChars ? `…${trimmed.slice(-maxFenceChars)}` : trimmed;
  return '```\n' + escapeMrkdwn(tail.replace(/```/g, "'''")) + '\n```';
}

export function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

export function describeWorkspace(repository: string, workspace: Workspace): string {
  const rule = workspace.ruleFile ? `rule file \`${workspace.ruleFile.path}\`` : 'no rule file';
  const orgRule = workspace.orgRuleFile
    ? ` plus the organisation rule file \`${escapeMrkdwn(workspace.orgRuleFile)}\``
    : '';
  const tests = workspace.testCommand
    ? `tests \`${escapeMrkdwn(workspace.testCommand)}\` (from ${workspace.testCommandSource})`
    : 'no test command found, so tests are skipped';
  return `*${repository}*: working on branch \`${workspace.branch}\`, ${rule}${orgRule}, ${tests}.`;
}

/** Describes one agent run for the thread, with its cost and tokens. */
export function describeAgent(repository: string, attempt: number, agent: AgentResult): string {
  const cost = ` (${formatUsage(sumUsage([agent]))})`;
  const head = `*${repository}*: agent attempt ${attempt}`;
  if (agent.outcome === 'error')
    return `${head} failed: ${escapeMrkdwn(agent.reason ?? 'unknown error')}${cost}`;
  if (agent.outcome === 'unchanged') return `${head} finished without changing any file${cost}.`;
  const files = agent.changedFiles.slice(0, 10).map((file) => `\`${escapeMrkdwn(file)}\``);
  const more = agent.changedFiles.length > 10 ? ` and ${agent.changedFiles.length - 10} more` : '';
  const summary = agent.summary ? `\n> ${escapeMrkdwn(agent.summary).replace(/\n/g, '\n> ')}` : '';
  return `${head} changed ${files.join(', ')}${more}${cost}.${summary}`;
}

interface PullRequestBodyOptions {
  spec: TaskSpec;
  workspace: Workspace;
  outcome: { attempts: number; lastAgent?: AgentResult };
}

export function pullRequestBody(options: PullRequestBodyOptions): string {
  const { spec, workspace, outcome } = options;
  const quoted = spec.instructions.replace(/\n/g, '\n> ');
  const tests = workspace.testCommand
    ? `\`${workspace.testCommand}\` passed after ${outcome.attempts} agent attempt(s).`
    : 'No test command was found, so no tests ran.';
  const summary = outcome.lastAgent?.summary
    ? `\n\n### Agent summary\n\n${outcome.lastAgent.summary}`
    : '';
  const sentry = spec.sentryIssue
    ? `Fixes Sentry issue [${spec.sentryIssue.shortId ?? spec.sentryIssue.id}](${spec.sentryIssue.url}).\n`
    : '';
  return [
    `${sentry}Requested in Slack by <@${spec.origin.userId}> (channel ${spec.origin.channel}, thread ${spec.origin.threadTs}).`,
    `\n### Task\n\n> ${quoted}`,
    `\n### Tests\n\n${tests}${summary}`,
    `\n---\nOpened by Deckhand with ${spec.agent}${spec.model ? ` (${spec.model})` : ''}.`,
  ].join('\n');
}

const phaseIcons: Record<RepositoryProgress['phase'], string> = {
  queued: ':hourglass_flowing_sand:',
  cloning: ':arrows_counterclockwise:',
  'starting sandbox': ':package:',
  'setting up': ':wrench:',
  'agent running': ':robot_face:',
  testing: ':test_tube:',
  'waiting for approval': ':raised_hand:',
  pushing: ':arrow_up:',
  'opening pull request': ':arrow_up:',
  'pull request open': ':white_check_mark:',
  'no changes': ':white_circle:',
  failed: ':x:',
  cancelled: ':no_entry_sign:',
};

export interface StatusView {
  spec: TaskSpec;
  progress: RepositoryProgress[];
  /** Set once the whole task has ended. */
  finished?: 'done' | 'failed' | 'cancelled';
}

/** Renders the living status message: the parsed task, then one line per repository. */
export function renderStatus(view: StatusView): { text: string; blocks: unknown[] } {
  const { spec } = view;
  const header = [
    `*${escapeMrkdwn(spec.title)}*`,
    `Agent: ${describeModel(spec)} · Repositories: ${spec.repositories.map((r) => `${r.slug}@${r.baseBranch}`).join(', ')}`,
    spec.modelChoiceReason ? `_${escapeMrkdwn(spec.modelChoiceReason)}_` : '',
    spec.sections.length > 0
      ? `Sections: ${spec.sections.map((s) => escapeMrkdwn(s.heading)).join(', ')}`
      : '',
    spec.filePaths.length > 0
      ? `Files: ${spec.filePaths.map((f) => `\`${escapeMrkdwn(f)}\``).join(', ')}`
      : '',
  ].filter((line) => line !== '');
  const lines = view.progress.map(renderProgressLine);
  const state = view.finished ? `Task ${view.finished}.` : 'Working…';
  const text = `${header.join('\n')}\n\n${lines.join('\n')}\n\n${state}`;
  const blocks = [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(header.join('\n'), 3000) } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: state }] },
    // Once the task ended, the thread offers to scope a new one, filled from this task.
    ...(view.finished ? [{ type: 'actions', elements: [scopeRepositoriesButton()] }] : []),
  ];
  return { text: truncate(text, 3900), blocks };
}

/** Names the agent with its model and effort, such as `codex (gpt-6.2-sol, medium effort)`. */
function describeModel(spec: TaskSpec): string {
  const details = [spec.model, spec.effort ? `${spec.effort} effort` : undefined].filter(
    (detail): detail is string => detail !== undefined,
  );
  return details.length > 0 ? `${spec.agent} (${escapeMrkdwn(details.join(', '))})` : spec.agent;
}

function renderProgressLine(progress: RepositoryProgress): string {
  const attempt = progress.attempt ? ` (attempt ${progress.attempt})` : '';
  const detail = progress.detail ? `: ${escapeMrkdwn(truncate(progress.detail, 200))}` : '';
  const link = progress.pullRequestUrl ? ` <${progress.pullRequestUrl}|pull request>` : '';
  return `${phaseIcons[progress.phase]} *${progress.repository}* ${progress.phase}${attempt}${detail}${link}`;
}

/**
 * Summarises how every repository ended, for the final thread message: one line per repository
 * with what its agent runs cost, then the task's total.
 */
export function renderSummary(results: RepositoryResult[]): string {
  const lines = results.map((result) => `${describeResult(result)}${describeCost(result)}`);
  const usages = results.flatMap((result) => (result.usage ? [result.usage] : []));
  if (usages.length === results.filter((result) => result.outcome !== 'skipped').length) {
    lines.push(`Total: ${formatUsage(addUsages(usages))}`);
  } else {
    const total = results.reduce((sum, result) => sum + (result.costUsd ?? 0), 0);
    lines.push(`Total cost: ${formatUsd(total)}`);
  }
  return lines.join('\n');
}

function describeResult(result: RepositoryResult): string {
  if (result.outcome === 'pull_request')
    return `• *${result.repository}*: ${result.pullRequest?.url}`;
  if (result.outcome === 'no_changes') return `• *${result.repository}*: no changes`;
  if (result.outcome === 'cancelled') return `• *${result.repository}*: cancelled`;
  if (result.outcome === 'skipped') {
    return `• *${result.repository}*: not started. ${escapeMrkdwn(result.reason ?? '')}`;
  }
  return `• *${result.repository}*: failed. ${escapeMrkdwn(firstLine(result.reason ?? ''))}`;
}

/** Cost of one repository's agent runs; skipped repositories ran none. */
function describeCost(result: RepositoryResult): string {
  if (result.outcome === 'skipped') return '';
  if (result.usage && result.usage.runs > 0) return ` (${formatUsage(result.usage)})`;
  if (result.costUsd === undefined) return '';
  return ` (cost ${formatUsd(result.costUsd)})`;
}

function addUsages(usages: Usage[]): Usage {
  return usages.reduce<Usage>(
    (sum, usage) => ({
      costUsd: sum.costUsd + usage.costUsd,
      inputTokens: sum.inputTokens + usage.inputTokens,
      outputTokens: sum.outputTokens + usage.outputTokens,
      runs: sum.runs + usage.runs,
      runsWithoutCost: sum.runsWithoutCost + usage.runsWithoutCost,
    }),
    emptyUsage,
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
