import { ApplicationFailure } from '@temporalio/common';

/**
 * Failure types that workflows and retry policies rest on. Retry policies list the non-retryable
 * ones by name, so no code decides anything from an error's message.
 */
export const failureTypes = {
  /** The request cannot succeed as given: a bad branch, command or repository setting. */
  invalidInput: 'InvalidInput',
  /** A repository, branch or container that the task needs does not exist. */
  notFound: 'NotFound',
  /** A credential was missing or rejected. */
  unauthorized: 'Unauthorized',
  /** A git or Docker operation failed in a way that a retry may fix. */
  transient: 'Transient',
} as const;

export function nonRetryable(type: string, message: string, cause?: Error): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, cause });
}

export function retryable(message: string, cause?: Error): ApplicationFailure {
  return ApplicationFailure.create({ type: failureTypes.transient, message, cause });
}
