import {
  CancellationScope,
  getExternalWorkflowHandle,
  isCancellation,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgentResult, Workspace } from '../activities/types';
import { long, quick } from './activities-proxy';
import { describeAgent, describeWorkspace, fence, firstLine, pullRequestBody } from './messages';
import { branchName } from './naming';
import { repositoryProgressed } from './signals';
import type { RepositoryProgress, RepositoryResult, RepositoryTaskInput } from './types';

type Progress = Omit<RepositoryProgress, 'repository'>;

/** Outcome of the agent-and-tests loop, before anything is pushed. */
interface AttemptsOutcome {
  attempts: number;
  /** True when the last agent run changed the workspace. */
  changed: boolean;
  /** Set when the loop could not produce a passing change. */
  failure?: string;
  lastAgent?: AgentResult;
}

/**
 * Runs one repository's share of a task: clone, sandbox, agent and tests with retries, push and
 * pull request. The sandbox is removed however the run ends, cancellation included.
 */
export async function repositoryTask(input: RepositoryTaskInput): Promise<RepositoryResult> {
  const { workflowId } = workflowInfo();
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  const report = (progress: Progress) =>
    parent.signal(repositoryProgressed, { repository: input.repository, ...progress });
  const post = (key: string, text: string) =>
    quick.postThreadMessage({ ...input.thread, key: `${input.repository}:${key}`, text });

  try {
    await report({ phase: 'cloning' });
    const workspace = await quick.provisionWorkspace({
      taskId: input.taskId,
      repository: input.repository,
      baseBranch: input.baseBranch,
      branch: branchName(input.taskId, input.repository),
    });

    await report({ phase: 'starting sandbox' });
    const sandbox = await quick.startSandbox({
      taskId: input.taskId,
      workflowId,
      repository: input.repository,
      workspacePath: workspace.path,
    });
    await post('workspace', describeWorkspace(input.repository, workspace));

    const setupFailure = await runSetup(input, workspace, sandbox.containerId, report);
    if (setupFailure) return await fail(input, report, post, { attempts: 0, reason: setupFailure });

    const outcome = await runAttempts({
      input,
      workspace,
      containerId: sandbox.containerId,
      report,
      post,
    });
    if (outcome.failure) {
      const kept = await keepBranch(input, workspace, outcome);
      return await fail(input, report, post, {
        attempts: outcome.attempts,
        reason: kept
          ? `${outcome.failure} The agent's last change is on branch \`${workspace.branch}\`.`
          : outcome.failure,
      });
    }
    return await publish({ input, workspace, outcome, report, post });
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => report({ phase: 'cancelled' }));
      throw err;
    }
    const reason = err instanceof Error ? err.message : String(err);
    return await fail(input, report, post, { attempts: 0, reason });
  } finally {
    await CancellationScope.nonCancellable(() => quick.removeSandbox({ workflowId }));
  }
}

async function runSetup(
  input: RepositoryTaskInput,
  workspace: Workspace,
  containerId: string,
  report: (progress: Progress) => Promise<void>,
): Promise<string | undefined> {
  if (!workspace.setupCommand) return undefined;
  await report({ phase: 'setting up', detail: workspace.setupCommand });
  const setup = await long.runCommand({
    containerId,
    taskId: input.taskId,
    repository: input.repository,
    command: workspace.setupCommand,
    logName: 'setup',
  });
  if (setup.passed) return undefined;
  return `Setup command \`${workspace.setupCommand}\` failed with exit code ${setup.exitCode}:\n${fence(setup.tail)}`;
}

interface AttemptsOptions {
  input: RepositoryTaskInput;
  workspace: Workspace;
  containerId: string;
  report: (progress: Progress) => Promise<void>;
  post: (key: string, text: string) => Promise<unknown>;
}

async function runAttempts(options: AttemptsOptions): Promise<AttemptsOutcome> {
  const { input, workspace, containerId, report, post } = options;
  let feedback: string | undefined;
  let lastAgent: AgentResult | undefined;

  for (let attempt = 1; attempt <= input.maxAttempts; attempt++) {
    await report({ phase: 'agent running', attempt });
    const agent = await long.runAgent({
      containerId,
      taskId: input.taskId,
      repository: input.repository,
      workspacePath: workspace.path,
      baseSha: workspace.baseSha,
      attempt,
      instructions: input.spec.instructions,
      feedback,
      ruleFile: workspace.ruleFile,
      agent: input.spec.agent,
      model: input.spec.model,
      effort: input.spec.effort,
    });
    lastAgent = agent;
    await post(`agent-${attempt}`, describeAgent(input.repository, attempt, agent));
    if (agent.outcome === 'error') {
      return {
        attempts: attempt,
        changed: false,
        failure: `The agent failed: ${agent.reason}`,
        lastAgent,
      };
    }
    if (agent.outcome === 'unchanged') return { attempts: attempt, changed: false, lastAgent };
    if (!workspace.testCommand) return { attempts: attempt, changed: true, lastAgent };

    await report({ phase: 'testing', attempt, detail: workspace.testCommand });
    const tests = await long.runCommand({
      containerId,
      taskId: input.taskId,
      repository: input.repository,
      command: workspace.testCommand,
      logName: `tests-${attempt}`,
    });
    if (tests.passed) {
      await post(
        `tests-${attempt}`,
        `*${input.repository}*: tests passed on attempt ${attempt} (\`${workspace.testCommand}\`).`,
      );
      return { attempts: attempt, changed: true, lastAgent };
    }

    const last = attempt === input.maxAttempts;
    await post(
      `tests-${attempt}`,
      `*${input.repository}*: tests failed on attempt ${attempt} of ${input.maxAttempts} ` +
        `(\`${workspace.testCommand}\`, exit code ${tests.exitCode}${tests.timedOut ? ', timed out' : ''}). ` +
        (last ? 'No attempts left.' : 'Handing the failures back to the agent.') +
        `\n${fence(tests.tail)}`,
    );
    feedback = `The test command \`${workspace.testCommand}\` failed with exit code ${tests.exitCode}. Fix the code so that it passes. The end of its output:\n${tests.tail}`;
  }
  return {
    attempts: input.maxAttempts,
    changed: true,
    failure: `Tests still fail after ${input.maxAttempts} attempts.`,
    lastAgent,
  };
}

interface FailureDetails {
  attempts: number;
  reason: string;
}

async function fail(
  input: RepositoryTaskInput,
  report: (progress: Progress) => Promise<void>,
  post: (key: string, text: string) => Promise<unknown>,
  details: FailureDetails,
): Promise<RepositoryResult> {
  await report({ phase: 'failed', detail: firstLine(details.reason) });
  await post('failed', `*${input.repository}* failed. ${details.reason}`);
  return {
    repository: input.repository,
    outcome: 'failed',
    attempts: details.attempts,
    reason: details.reason,
  };
}

/** Pushes a change that did not pass, so that nothing the agent produced is lost. */
async function keepBranch(
  input: RepositoryTaskInput,
  workspace: Workspace,
  outcome: AttemptsOutcome,
): Promise<boolean> {
  if (!outcome.changed) return false;
  const pushed = await quick.commitAndPush({
    workspacePath: workspace.path,
    branch: workspace.branch,
    baseSha: workspace.baseSha,
    message: commitMessage(input, outcome),
  });
  return pushed.pushed;
}

interface PublishOptions {
  input: RepositoryTaskInput;
  workspace: Workspace;
  outcome: AttemptsOutcome;
  report: (progress: Progress) => Promise<void>;
  post: (key: string, text: string) => Promise<unknown>;
}

async function publish(options: PublishOptions): Promise<RepositoryResult> {
  const { input, workspace, outcome, report, post } = options;
  const noChanges = async (): Promise<RepositoryResult> => {
    await report({ phase: 'no changes' });
    await post('no-changes', `*${input.repository}*: no changes, so no pull request.`);
    return { repository: input.repository, outcome: 'no_changes', attempts: outcome.attempts };
  };
  if (!outcome.changed) return await noChanges();

  await report({ phase: 'pushing' });
  const pushed = await quick.commitAndPush({
    workspacePath: workspace.path,
    branch: workspace.branch,
    baseSha: workspace.baseSha,
    message: commitMessage(input, outcome),
  });
  if (!pushed.pushed) return await noChanges();

  await report({ phase: 'opening pull request' });
  const pullRequest = await quick.openPullRequest({
    repository: input.repository,
    branch: workspace.branch,
    baseBranch: input.baseBranch,
    title: input.spec.title,
    body: pullRequestBody({ spec: input.spec, workspace, outcome }),
  });
  await report({ phase: 'pull request open', pullRequestUrl: pullRequest.url });
  const verb = pullRequest.reused ? 'updated' : 'opened';
  await post('pull-request', `*${input.repository}*: pull request ${verb}: ${pullRequest.url}`);
  return {
    repository: input.repository,
    outcome: 'pull_request',
    attempts: outcome.attempts,
    pullRequest,
  };
}

function commitMessage(input: RepositoryTaskInput, outcome: AttemptsOutcome): string {
  const summary = outcome.lastAgent?.summary ? `\n\n${outcome.lastAgent.summary}` : '';
  return `${input.spec.title}${summary}\n\nDeckhand task ${input.taskId}`;
}
