import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

/** Short activities that talk to Slack, git hosts and Docker's API. */
export const quick = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // A cancelled task waits for running activities to end, so that a sandbox being started when
  // the cancellation arrived exists by the time the cleanup looks for it.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['InvalidInput', 'NotFound', 'Unauthorized'],
  },
});

/**
 * Activities that run the agent or the tests. They heartbeat every few seconds, so a lost worker
 * is noticed within the heartbeat timeout rather than after the whole run.
 */
export const long = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  // The activity kills the agent or test process when it learns of the cancellation.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  heartbeatTimeout: '60 seconds',
  retry: {
    initialInterval: '5 seconds',
    maximumAttempts: 2,
    // RuleFileError and OrgRuleFileError are plain errors whose class name becomes their type:
    // a rule file that links outside the clone, or an unreadable organisation rule file, stays so.
    nonRetryableErrorTypes: [
      'InvalidInput',
      'NotFound',
      'Unauthorized',
      'AgentTimeout',
      'RuleFileError',
      'OrgRuleFileError',
    ],
  },
});
