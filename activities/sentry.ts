import { SentryApiClient, SentryApiError } from '../src/sentry';
import type { Config } from '../src/config';
import type { Logger } from '../src/logger';
import type { CommentOnSentryIssueInput } from './types';
import { failureTypes, nonRetryable, retryable } from './errors';

export interface SentryActivityDeps {
  settings: Config['sentry'];
  logger: Logger;
}

/**
 * Comments the pull request link on the Sentry issue that the task fixes. Without a Sentry token
 * the comment is skipped with one log line, because the fix itself does not depend on it.
 */
export async function commentOnSentryIssue(
  deps: SentryActivityDeps,
  input: CommentOnSentryIssueInput,
): Promise<void> {
  if (!deps.settings.authToken) {
    deps.logger.info({ issueId: input.issueId }, 'no SENTRY_AUTH_TOKEN; Sentry comment skipped');
    return;
  }
  const client = new SentryApiClient({
    baseUrl: deps.settings.url,
    authToken: deps.settings.authToken,
    logger: deps.logger,
  });
  try {
    await client.createComment({ issueId: input.issueId }, input.text);
  } catch (err) {
    if (
      err instanceof SentryApiError &&
      (err.status === 401 || err.status === 403 || err.status === 404)
    ) {
      throw nonRetryable(
        failureTypes.invalidInput,
        `Commenting on Sentry issue ${input.issueId} failed: ${err.message}`,
      );
    }
    throw retryable(
      `Commenting on Sentry issue ${input.issueId} failed: ${(err as Error).message}`,
    );
  }
}
