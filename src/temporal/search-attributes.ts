import { status as grpcStatus } from '@grpc/grpc-js';
import type { Connection } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** Slack channel id of the task, for `@deckhand list`. */
export const channelKey = defineSearchAttributeKey('DeckhandChannel', SearchAttributeType.KEYWORD);

/** `<channel>/<thread ts>` of the task's thread, to find the task of a reply. */
export const threadKey = defineSearchAttributeKey('DeckhandThread', SearchAttributeType.KEYWORD);

/** Every search attribute Deckhand sets, for registering them with a namespace. */
export const searchAttributeKeys = [channelKey, threadKey];

export function threadValue(channel: string, threadTs: string): string {
  return `${channel}/${threadTs}`;
}

/**
 * Registers Deckhand's search attributes in the namespace; attributes that already exist are
 * left alone. Temporal rejects workflow starts that set unregistered attributes.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
): Promise<void> {
  const keyword = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(searchAttributeKeys.map((key) => [key.name, keyword])),
    });
  } catch (err) {
    if ((err as { code?: number }).code !== grpcStatus.ALREADY_EXISTS) throw err;
  }
}
