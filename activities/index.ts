import type { Octokit } from '@octokit/rest';
import type { WebClient } from '@slack/web-api';
import type Docker from 'dockerode';
import type { Catalog } from '../src/catalog/catalog';
import type { Config } from '../src/config';
import type { Logger } from '../src/logger';
import { StatusCoalescer } from '../src/slack/status-coalescer';
import { createAgentRegistry } from './agent/registry';
import { runAgent } from './agent/runner';
import { ArtifactStore } from './artifacts';
import { runCommand } from './commands';
import { openPullRequest } from './pull-request';
import { removeSandbox, startSandbox } from './sandbox';
import { postThreadMessage, updateStatus } from './slack-thread';
import { closeApproval, requestApproval } from './approval';
import { describeChanges } from './changes';
import { planTask } from './plan';
import type {
  CloseApprovalInput,
  DescribeChangesInput,
  PlanTaskInput,
  RemoveWorkspaceInput,
  RequestApprovalInput,
  CommitAndPushInput,
  OpenPullRequestInput,
  PostThreadMessageInput,
  ProvisionWorkspaceInput,
  RemoveSandboxInput,
  RunAgentInput,
  RunCommandInput,
  StartSandboxInput,
  UpdateStatusInput,
} from './types';
import { commitAndPush, provisionWorkspace, removeWorkspace } from './workspace';

/** Clients and settings that activities use; secrets stay here, never in activity inputs. */
export interface ActivityDeps {
  config: Config;
  catalog: Catalog;
  logger: Logger;
  slack: WebClient;
  octokit: Octokit;
  docker: Docker;
}

/** Creates the activity functions that a worker registers, bound to their clients. */
export function createActivities(deps: ActivityDeps) {
  const { config } = deps;
  const artifacts = new ArtifactStore(config.artifactDir);
  const status = new StatusCoalescer(deps.slack, config.statusIntervalMs);
  let botUserId: Promise<string> | undefined;
  const slackThread = {
    slack: deps.slack,
    status,
    botUserId: () => (botUserId ??= deps.slack.auth.test().then((auth) => auth.user_id ?? '')),
  };
  const workspaces = {
    catalog: deps.catalog,
    workspaceDir: config.workspaceDir,
    githubToken: config.github.token,
  };
  const sandboxes = { docker: deps.docker, config: config.sandbox, logger: deps.logger };

  return {
    postThreadMessage: (input: PostThreadMessageInput) => postThreadMessage(slackThread, input),
    updateStatus: (input: UpdateStatusInput) => updateStatus(slackThread, input),
    provisionWorkspace: (input: ProvisionWorkspaceInput) => provisionWorkspace(workspaces, input),
    startSandbox: (input: StartSandboxInput) => startSandbox(sandboxes, input),
    removeSandbox: (input: RemoveSandboxInput) => removeSandbox(sandboxes, input),
    runCommand: (input: RunCommandInput) =>
      runCommand(
        { docker: deps.docker, artifacts, timeoutSeconds: config.sandbox.testTimeoutSeconds },
        input,
      ),
    runAgent: (input: RunAgentInput) =>
      runAgent(
        {
          docker: deps.docker,
          artifacts,
          timeoutSeconds: config.sandbox.agentTimeoutSeconds,
          registry: createAgentRegistry(config),
        },
        input,
      ),
    commitAndPush: (input: CommitAndPushInput) => commitAndPush(workspaces, input),
    removeWorkspace: (input: RemoveWorkspaceInput) => removeWorkspace(workspaces, input),
    planTask: (input: PlanTaskInput) => planTask(deps.catalog, input),
    describeChanges: (input: DescribeChangesInput) => describeChanges(input),
    requestApproval: (input: RequestApprovalInput) => requestApproval(slackThread, input),
    closeApproval: (input: CloseApprovalInput) => closeApproval(slackThread, input),
    openPullRequest: (input: OpenPullRequestInput) =>
      openPullRequest({ octokit: deps.octokit }, input),
  };
}

export type Activities = ReturnType<typeof createActivities>;
