/**
 * The one definition of the DynamoDB table: the CDK stack and the local set-up (npm start, tests) both build
 * the table from it, so keys and indexes cannot drift between AWS and this machine.
 *
 * Single-table design. Partition keys carry a prefix that says who may read them:
 * - `PUB#…` partitions hold only what is published (masked text, keyed hashes); the verify function's IAM
 *   role is limited to them with a `dynamodb:LeadingKeys` condition.
 * - every other prefix (`DECL#`, `UNIQ#`, `IDEM#`, `EDITION#`, …) is private.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB TTL removes idempotency records and purged contact data after this. */
  timeToLive: 'expiresAt',
} as const;

/** The moderation queue: a sparse index, an item is in it only while it waits for a decision. */
export const QUEUE_INDEX = {
  indexName: 'queue',
  partitionKey: 'queuePk',
  sortKey: 'queueSk',
} as const;

export const TABLE_INDEXES = [QUEUE_INDEX] as const;

/** Every partition whose key starts with this is public; nothing else is. */
export const PUBLIC_PARTITION_PREFIX = 'PUB#';

export const DEFAULT_TABLE_NAME = 'shengming';

export function tableName(env: Record<string, string | undefined> = process.env): string {
  return env.TABLE_NAME ?? DEFAULT_TABLE_NAME;
}
