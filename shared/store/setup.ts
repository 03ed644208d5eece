import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { StoreContext } from './client.js';
import { TABLE_INDEXES, TABLE_KEYS } from './table-definition.js';

/**
 * Creates the table (keys, indexes, TTL) from the shared definition when it does not exist yet.
 * Used by `npm start` and the tests; in AWS the CDK stack creates the same table from the same definition.
 */
export async function ensureTable(store: StoreContext): Promise<'created' | 'existing'> {
  try {
    await store.client.send(new DescribeTableCommand({ TableName: store.tableName }));
    return 'existing';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const keyAttributes = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...TABLE_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey])];
  await store.client.send(
    new CreateTableCommand({
      TableName: store.tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_INDEXES.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  await waitUntilTableExists({ client: store.client, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName: store.tableName });
  await store.client.send(
    new UpdateTimeToLiveCommand({
      TableName: store.tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.timeToLive, Enabled: true },
    }),
  );
  return 'created';
}
