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
import { commentOnSentryIssue } from './sentry';
import type { LinearTracker } from '../src/linear';
import {
  attachPullRequestsToLinearIssue,
  commentOnLinearIssue,
  moveLinearIssue,
  type AttachPullRequestsInput,
  type CommentOnLinearIssueInput,
  type MoveLinearIssueInput,
} from './linear';
import { linearIssueForTask, type LinearIssueForTaskInput } from './linear-task';
import { mergePullRequests, type MergePullRequestsInput } from './merge';
import { linkPullRequests, type LinkPullRequestsInput } from './pull-request-links';
import type {
  CloseApprovalInput,
  DescribeChangesInput,
  PlanTaskInput,
  CommentOnSentryIssueInput,
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
  /** Linear client; undefined when `LINEAR_API_KEY` is unset, which turns Linear off. */
  linear?: LinearTracker;
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
    provisionWorkspace: async (input: ProvisionWorkspaceInput) => ({
      ...(await provisionWorkspace(workspaces, input)),
      orgRuleFile: config.agents.orgRuleFile,
    }),
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
        { ...input, orgRuleFile: config.agents.orgRuleFile },
      ),
    commitAndPush: (input: CommitAndPushInput) => commitAndPush(workspaces, input),
    commentOnSentryIssue: (input: CommentOnSentryIssueInput) =>
      commentOnSentryIssue({ settings: config.sentry, logger: deps.logger }, input),
    removeWorkspace: (input: RemoveWorkspaceInput) => removeWorkspace(workspaces, input),
    planTask: (input: PlanTaskInput) => planTask(deps.catalog, input),
    describeChanges: (input: DescribeChangesInput) => describeChanges(input),
    linkPullRequests: (input: LinkPullRequestsInput) =>
      linkPullRequests({ octokit: deps.octokit, logger: deps.logger }, input),
    mergePullRequests: (input: MergePullRequestsInput) =>
      mergePullRequests({ octokit: deps.octokit, logger: deps.logger }, input),
    linearIssueForTask: (input: LinearIssueForTaskInput) =>
      linearIssueForTask(
        {
          tracker: deps.linear,
          teamKey: config.linear.teamKey,
          createIssues: config.linear.createIssues,
          logger: deps.logger,
        },
        input,
      ),
    moveLinearIssue: (input: MoveLinearIssueInput) =>
      moveLinearIssue({ tracker: deps.linear }, input),
    attachPullRequestsToLinearIssue: (input: AttachPullRequestsInput) =>
      attachPullRequestsToLinearIssue({ tracker: deps.linear }, input),
    commentOnLinearIssue: (input: CommentOnLinearIssueInput) =>
      commentOnLinearIssue({ tracker: deps.linear }, input),
    requestApproval: (input: RequestApprovalInput) => requestApproval(slackThread, input),
    closeApproval: (input: CloseApprovalInput) => closeApproval(slackThread, input),
    openPullRequest: (input: OpenPullRequestInput) =>
      openPullRequest({ octokit: deps.octokit }, input),
  };
}

export type Activities = ReturnType<typeof createActivities>;
