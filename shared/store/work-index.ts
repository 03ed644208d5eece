import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './client.js';
import { QUEUE_INDEX } from './table-definition.js';

/**
 * The sparse work index holds lists of things waiting for something: the moderation queue, and the items the
 * scheduled publisher must act on once their time (the sort key, a UTC ISO instant) has come.
 */
export async function listDueItems(store: StoreContext, list: string, now: Date, limit?: number): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await store.client.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: QUEUE_INDEX.indexName,
      KeyConditionExpression: '#list = :list AND #at <= :now',
      ExpressionAttributeNames: { '#list': QUEUE_INDEX.partitionKey, '#at': QUEUE_INDEX.sortKey },
      // `~` sorts after every character of an id, so items due exactly now are included.
      ExpressionAttributeValues: { ':list': list, ':now': `${now.toISOString()}~` },
      ...(limit ? { Limit: limit } : {}),
    }),
  );
  return Items;
}
