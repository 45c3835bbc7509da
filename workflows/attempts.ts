import type { AgentResult } from '../activities/types';
import { checkBudget, formatUsd, sumUsage } from '../src/cost/budget';
import { long } from './activities-proxy';
import { awaitApproval } from './approval';
import { describeFollowUps } from './inbox';
import { describeAgent, fence } from './messages';
import type { RepositoryRun } from './repository-run';

/** Outcome of the agent-and-tests loop, before anything is pushed. */
export interface AttemptsOutcome {
  attempts: number;
  /** True when the workspace differs from the base commit. */
  changed: boolean;
  /** Set when the loop could not produce a passing change. */
  failure?: string;
  lastAgent?: AgentResult;
}

/**
 * Most agent runs of one repository: follow-ups and requested changes add runs beyond the
 * `maxAttempts` that failing tests may use, up to this cap, so replies cannot run up cost without
 * end.
 */
export function maxAgentRuns(maxAttempts: number): number {
  return maxAttempts * 3;
}

/** Runs the setup command, if any; returns why it failed, or undefined. */
export async function runSetup(run: RepositoryRun): Promise<string | undefined> {
  const { workspace, input } = run;
  if (!workspace.setupCommand) return undefined;
  await run.report({ phase: 'setting up', detail: workspace.setupCommand });
  const setup = await long.runCommand({
    containerId: run.containerId,
    taskId: input.taskId,
    repository: input.repository,
    command: workspace.setupCommand,
    logName: 'setup',
  });
  if (setup.passed) return undefined;
  return `Setup command \`${workspace.setupCommand}\` failed with exit code ${setup.exitCode}:\n${fence(setup.tail)}`;
}

/**
 * Runs the agent until its change passes the tests and, when the task asks for it, a person
 * approves it. Failing tests, follow-ups from the thread and requested changes all go back to
 * the agent as feedback for its next run. Only failing test runs count against `maxAttempts`.
 */
export async function runAttempts(run: RepositoryRun): Promise<AttemptsOutcome> {
  const { input } = run;
  const initial = input.followUp ? describeFollowUps([{ ...input.followUp }]) : undefined;
  let feedback: string[] = initial ? [initial] : [];
  let testFailures = 0;
  let lastAgent: AgentResult | undefined;
  const agentRuns: AgentResult[] = [];

  for (let attempt = 1; ; attempt++) {
    const spent = budgetSpentBefore(run);
    if (spent) return { attempts: attempt - 1, changed: false, failure: spent };
    if (attempt > maxAgentRuns(input.maxAttempts)) {
      const failure = `The agent ran ${attempt - 1} times, the most one repository may, so the latest instructions were not run. Start a new task to go on.`;
      return { attempts: attempt - 1, changed: true, failure, lastAgent };
    }
    const followUps = describeFollowUps(run.inbox.takeFollowUps());
    if (followUps) feedback.push(followUps);
    const agent = await runAgentOnce(run, attempt, feedback);
    lastAgent = agent;
    agentRuns.push(agent);
    feedback = [];
    const stop = agentStop(run, agentRuns, attempt);
    if (stop) return { ...stop, lastAgent };

    const testFailure = await runTests(run, attempt, input.maxAttempts - testFailures);
    if (testFailure) {
      testFailures++;
      if (testFailures >= input.maxAttempts) {
        const failure = `Tests still fail after ${input.maxAttempts} attempts.`;
        return { attempts: attempt, changed: true, failure, lastAgent };
      }
      feedback.push(testFailure);
      continue;
    }
    if (run.inbox.hasFollowUps()) continue;
    if (!input.spec.requireApproval) return { attempts: attempt, changed: true, lastAgent };

    const approval = await awaitApproval(run, attempt);
    if (approval.kind === 'approved') return { attempts: attempt, changed: true, lastAgent };
    if (approval.kind === 'timed_out') {
      const minutes =
        input.approvalTimeoutMinutes === 1 ? '1 minute' : `${input.approvalTimeoutMinutes} minutes`;
      const failure = `No one approved the change within ${minutes}.`;
      return { attempts: attempt, changed: true, failure, lastAgent };
    }
    const note = approval.decision.feedback ?? '(no details given)';
    feedback.push(
      `<@${approval.decision.userId}> reviewed your change and requested changes:\n${note}`,
    );
  }
}

async function runAgentOnce(run: RepositoryRun, attempt: number, feedback: string[]) {
  const { input, workspace } = run;
  await run.report({ phase: 'agent running', attempt });
  const agent = await long.runAgent({
    containerId: run.containerId,
    taskId: input.taskId,
    repository: input.repository,
    workspacePath: workspace.path,
    baseSha: workspace.baseSha,
    attempt,
    instructions: instructionsFor(run),
    feedback: feedback.length > 0 ? feedback.join('\n\n') : undefined,
    ruleFile: workspace.ruleFile,
    agent: input.spec.agent,
    model: input.spec.model,
    effort: input.spec.effort,
  });
  run.costUsd += agent.costUsd ?? 0;
  run.agentRuns.push({
    costUsd: agent.costUsd,
    inputTokens: agent.inputTokens,
    outputTokens: agent.outputTokens,
  });
  await run.post(`agent-${attempt}`, describeAgent(input.repository, attempt, agent));
  return agent;
}

/**
 * Returns how the loop ends after an agent run, or undefined to go on to the tests.
 * `agentRuns` are this repository's runs so far, the last one included.
 */
function agentStop(
  run: RepositoryRun,
  agentRuns: readonly AgentResult[],
  attempt: number,
): Omit<AttemptsOutcome, 'lastAgent'> | undefined {
  const agent = agentRuns[agentRuns.length - 1];
  if (agent === undefined) return undefined;
  if (agent.outcome === 'error') {
    return { attempts: attempt, changed: false, failure: `The agent failed: ${agent.reason}` };
  }
  // `budgetUsd` is what earlier repositories of the task left, so this repository's own runs
  // are compared with it. NOTE: repositories of one stage run in parallel and each gets the
  // same remainder, so together they can pass the task's budget by up to one run each.
  const budget = checkBudget({ usage: sumUsage(agentRuns), budgetUsd: run.input.budgetUsd });
  if (budget.status === 'exceeded') {
    const failure =
      `Budget reached: this repository's agent runs spent ${formatUsd(budget.spentUsd)} of the ` +
      `${formatUsd(budget.budgetUsd)} left in the task's budget, so Deckhand stopped before ` +
      'another agent run and opened no pull request. To allow more, raise ' +
      'DECKHAND_TASK_BUDGET_USD on the workers and start the task again.';
    return { attempts: attempt, changed: agent.outcome === 'changed', failure };
  }
  if (agent.outcome === 'unchanged') return { attempts: attempt, changed: false };
  return undefined;
}

/**
 * Returns the failure of a repository whose task spent its whole budget in earlier
 * repositories before this one's first agent run, or undefined while money is left.
 */
function budgetSpentBefore(run: RepositoryRun): string | undefined {
  const { budgetUsd } = run.input;
  if (budgetUsd === undefined || budgetUsd > 0) return undefined;
  return (
    "Budget reached: the task's earlier repositories spent its whole budget, so Deckhand did " +
    'not start the agent here. To allow more, raise DECKHAND_TASK_BUDGET_USD on the workers ' +
    'and start the task again.'
  );
}

/** Runs the tests; returns feedback for the agent when they fail, undefined when they pass. */
async function runTests(
  run: RepositoryRun,
  attempt: number,
  left: number,
): Promise<string | undefined> {
  const { input, workspace } = run;
  const command = workspace.testCommand;
  if (!command) return undefined;
  await run.report({ phase: 'testing', attempt, detail: command });
  const tests = await long.runCommand({
    containerId: run.containerId,
    taskId: input.taskId,
    repository: input.repository,
    command,
    logName: `tests-${attempt}`,
  });
  if (tests.passed) {
    await run.post(
      `tests-${attempt}`,
      `*${input.repository}*: tests passed on attempt ${attempt} (\`${command}\`).`,
    );
    return undefined;
  }
  const used = input.maxAttempts - left + 1;
  const timedOut = tests.timedOut ? ', timed out' : '';
  await run.post(
    `tests-${attempt}`,
    `*${input.repository}*: tests failed on attempt ${used} of ${input.maxAttempts} ` +
      `(\`${command}\`, exit code ${tests.exitCode}${timedOut}). ` +
      (left <= 1 ? 'No attempts left.' : 'Handing the failures back to the agent.') +
      `\n${fence(tests.tail)}`,
  );
  return `The test command \`${command}\` failed with exit code ${tests.exitCode}. Fix the code so that it passes. The end of its output:\n${tests.tail}`;
}

function instructionsFor(run: RepositoryRun): string {
  const { input } = run;
  const parts = [input.spec.instructions];
  if (input.role) parts.push(`Your part of this task, in ${input.repository}: ${input.role}`);
  if (input.upstreamContracts) parts.push(input.upstreamContracts);
  return parts.join('\n\n');
}
