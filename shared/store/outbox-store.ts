import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { nextLookAt, type OutboxItem } from '../domain/outbox.js';
import type { StoreContext } from './client.js';
import { QUEUE_INDEX } from './table-definition.js';
import { TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';
import { listDueItems } from './work-index.js';

/**
 * Outbox items live in their own private partitions (`OUTBOX#<id>`). While an item waits for a consumer it sits
 * in the sparse work index under `OUTBOX#due`, sorted by when it should next be looked at; a dead one sits under
 * `OUTBOX#dead` for staff and alarms. Both list names start with the partition prefix, so one IAM `LeadingKeys`
 * pattern (`OUTBOX#*`) covers the consumer's item reads and writes and its index queries.
 */
export const OUTBOX_PARTITION_PREFIX = 'OUTBOX#';
const outboxKey = (id: string) => ({ pk: `${OUTBOX_PARTITION_PREFIX}${id}`, sk: 'OUTBOX' });
const DUE_LIST = `${OUTBOX_PARTITION_PREFIX}due`;
const DEAD_LIST = `${OUTBOX_PARTITION_PREFIX}dead`;

/** Settled items are kept a while for support questions ("did the SMS go out?"), then DynamoDB TTL removes them. */
const DELIVERED_KEPT_SECONDS = 30 * 24 * 60 * 60;
const DEAD_KEPT_SECONDS = 90 * 24 * 60 * 60;

function storedItem(item: OutboxItem<unknown>, now: Date): Record<string, unknown> {
  const lookAt = nextLookAt(item);
  const epoch = Math.floor(now.getTime() / 1000);
  const placement =
    lookAt !== undefined
      ? { [QUEUE_INDEX.partitionKey]: DUE_LIST, [QUEUE_INDEX.sortKey]: `${lookAt}#${item.id}` }
      : item.state === 'dead'
      ? { [QUEUE_INDEX.partitionKey]: DEAD_LIST, [QUEUE_INDEX.sortKey]: `${now.toISOString()}#${item.id}`, expiresAt: epoch + DEAD_KEPT_SECONDS }
      : { expiresAt: epoch + DELIVERED_KEPT_SECONDS };
  return { ...outboxKey(item.id), ...item, ...placement };
}

function fromStored(stored: Record<string, unknown>): OutboxItem {
  const { pk: _pk, sk: _sk, [QUEUE_INDEX.partitionKey]: _qpk, [QUEUE_INDEX.sortKey]: _qsk, expiresAt: _ttl, ...item } = stored;
  return item as unknown as OutboxItem;
}

/**
 * The transaction step that enqueues an item: put it into the transaction of the change that causes it, so the
 * message exists exactly when the change does. Its id is deterministic, so the same change cannot enqueue twice.
 */
export function outboxPut(store: StoreContext, item: OutboxItem<unknown>): TransactItem {
  return {
    Put: {
      TableName: store.tableName,
      Item: storedItem(item, new Date(item.createdAt)),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getOutboxItem(store: StoreContext, id: string): Promise<OutboxItem | undefined> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: outboxKey(id), ConsistentRead: true }));
  return Item ? fromStored(Item) : undefined;
}

async function conditionalPut(store: StoreContext, item: Record<string, unknown>, condition: string, values: Record<string, unknown>): Promise<boolean> {
  try {
    await store.client.send(
      new PutCommand({
        TableName: store.tableName,
        Item: item,
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * Takes the item for one delivery attempt, only if it is still exactly as read (same state, same attempts: every
 * claim raises the count), so of two consumers racing for it exactly one wins. False for the loser.
 */
export async function claimOutboxItem(store: StoreContext, read: OutboxItem<unknown>, claimedItem: OutboxItem<unknown>, now: Date): Promise<boolean> {
  return conditionalPut(store, storedItem(claimedItem, now), '#state = :state AND attempts = :attempts', {
    ':state': read.state,
    ':attempts': read.attempts,
  });
}

/**
 * Records the outcome of an attempt, only for the holder of the claim (a consumer whose lease was taken over loses),
 * with `additions` (what the channel records of it elsewhere, e.g. for a webhook's organisation) in the same transaction.
 */
export async function settleOutboxItem(
  store: StoreContext,
  claimToken: string,
  settled: OutboxItem<unknown>,
  now: Date,
  additions: readonly TransactItem[] = [],
): Promise<boolean> {
  const condition = '#state = :delivering AND claimToken = :token';
  const values = { ':delivering': 'delivering', ':token': claimToken };
  if (additions.length === 0) return conditionalPut(store, storedItem(settled, now), condition, values);
  try {
    await transactWrite(store, [
      {
        Put: {
          TableName: store.tableName,
          Item: storedItem(settled, now),
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: values,
        },
      },
      ...additions,
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedAt(0)) return false;
    throw error;
  }
}

/** Ids of items a consumer should look at now (due retries, leases run out), earliest first. */
export async function listDueOutboxIds(store: StoreContext, now: Date, limit = 50): Promise<string[]> {
  return (await listDueItems(store, DUE_LIST, now, limit)).map((item) => String(item.id));
}

/** Dead-lettered items (given up on), oldest first. */
export async function listDeadOutboxItems(store: StoreContext, now: Date, limit = 50): Promise<OutboxItem[]> {
  return (await listDueItems(store, DEAD_LIST, now, limit)).map(fromStored);
}
