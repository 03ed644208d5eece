import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord, LoggedLookup } from '../domain/api-keys.js';
import { queryPages, type StoreContext } from './client.js';
import { TransactionConditionFailed, transactWrite } from './transact.js';
import { QUEUE_INDEX } from './table-definition.js';

/**
 * API keys live in private partitions `APIKEY#<id>`: the key item (`KEY`, holding the SHA-256 of the key, never
 * the key), one usage counter per quota day (`USAGE#<day>`) and the organisation's verification log
 * (`LOG#<at>#<request id>`, one item per request with every number's hash). Staff list keys through the work
 * index (`APIKEY#list`). One IAM `LeadingKeys` pattern (`APIKEY#*`) covers all of it.
 */
export const API_KEY_PARTITION_PREFIX = 'APIKEY#';
const partition = (id: string) => `${API_KEY_PARTITION_PREFIX}${id}`;
const KEY_LIST = `${API_KEY_PARTITION_PREFIX}list`;
/** A key's usage counter for one quota day. */
const usageKey = (id: string, day: string) => ({ pk: partition(id), sk: `USAGE#${day}` });
const USAGE_KEPT_SECONDS = 3 * 24 * 60 * 60;
/** An organisation's compliance files usually need a year of lookups; kept 400 days, then TTL removes them. */
const LOG_KEPT_SECONDS = 400 * 24 * 60 * 60;

export interface StoredApiKey extends ApiKeyRecord {
  readonly secretHash: string;
}

function fromItem(item: Record<string, unknown>): StoredApiKey {
  const { pk: _pk, sk: _sk, [QUEUE_INDEX.partitionKey]: _list, [QUEUE_INDEX.sortKey]: _order, ...key } = item;
  return key as unknown as StoredApiKey;
}

function newKeyPut(store: StoreContext, key: StoredApiKey): PutCommand {
  return new PutCommand({
    TableName: store.tableName,
    Item: { pk: partition(key.id), sk: 'KEY', ...key, [QUEUE_INDEX.partitionKey]: KEY_LIST, [QUEUE_INDEX.sortKey]: `${key.createdAt}#${key.id}` },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

export async function putNewApiKey(store: StoreContext, key: StoredApiKey): Promise<void> {
  await store.client.send(newKeyPut(store, key));
}

/**
 * Stores a key made elsewhere (the local spool of `npm run api-key`) unless its id is already stored: two requests
 * that bring in the same key at once both succeed.
 */
export async function putApiKeyUnlessStored(store: StoreContext, key: StoredApiKey): Promise<void> {
  try {
    await store.client.send(newKeyPut(store, key));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
}

export async function getApiKey(store: StoreContext, id: string): Promise<StoredApiKey | undefined> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: { pk: partition(id), sk: 'KEY' } }));
  return Item ? fromItem(Item) : undefined;
}

/** Every key, newest first (a newspaper has tens of partner organisations, not thousands: one page). */
export async function listApiKeys(store: StoreContext): Promise<StoredApiKey[]> {
  const keys: StoredApiKey[] = [];
  const pages = queryPages(store, {
    IndexName: QUEUE_INDEX.indexName,
    KeyConditionExpression: '#list = :list',
    ExpressionAttributeNames: { '#list': QUEUE_INDEX.partitionKey },
    ExpressionAttributeValues: { ':list': KEY_LIST },
    ScanIndexForward: false,
  });
  for await (const page of pages) keys.push(...(page.Items ?? []).map(fromItem));
  return keys;
}

/** Changes an active key (rotation: a new secret; revocation); false when the key is unknown or already revoked. */
export async function updateActiveApiKey(store: StoreContext, id: string, changes: Readonly<Record<string, string>>): Promise<StoredApiKey | undefined> {
  const names = Object.keys(changes);
  try {
    const { Attributes } = await store.client.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: { pk: partition(id), sk: 'KEY' },
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])) },
        ExpressionAttributeValues: { ':active': 'active', ...Object.fromEntries(names.map((name, i) => [`:v${i}`, changes[name]])) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? fromItem(Attributes) : undefined;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

export interface QuotaDay {
  readonly day: string;
  readonly dailyQuota: number;
  readonly expiresAt: number;
}

/**
 * The conditional update taking `count` units of a key's quota for a day: two racing requests cannot both take the
 * last units, and the day's first request cannot take more than the whole quota (no counter yet is 0 used, not room
 * for anything).
 */
function quotaUpdate(store: StoreContext, id: string, quota: QuotaDay, count: number) {
  return {
    TableName: store.tableName,
    Key: usageKey(id, quota.day),
    UpdateExpression: 'ADD used :count SET expiresAt = :expires',
    ConditionExpression: '(attribute_not_exists(used) AND :none <= :room) OR used <= :room',
    ExpressionAttributeValues: { ':count': count, ':none': 0, ':room': quota.dailyQuota - count, ':expires': quota.expiresAt + USAGE_KEPT_SECONDS },
  };
}

/** Takes `count` units (watches made, rows filed) of a key's quota: true when they fit, false (nothing counted) when not. */
export async function consumeQuota(store: StoreContext, id: string, quota: QuotaDay, count: number): Promise<boolean> {
  try {
    await store.client.send(new UpdateCommand(quotaUpdate(store, id, quota, count)));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Gives back `count` units taken for `quota.day` by `consumeQuota` (work that was charged and then not done). */
export async function releaseQuota(store: StoreContext, id: string, quota: Pick<QuotaDay, 'day'>, count: number): Promise<void> {
  await store.client.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: usageKey(id, quota.day),
      UpdateExpression: 'ADD used :minus',
      ConditionExpression: 'used >= :count',
      ExpressionAttributeValues: { ':minus': -count, ':count': count },
    }),
  );
}

/**
 * Takes `lookups.length` units of a key's quota for `day` and logs the lookups (one item for the request, a
 * batch of 100 is one write, not 100), in one transaction: true when they fit, false when they would pass
 * `dailyQuota` — then nothing is counted and nothing logged.
 */
export async function consumeQuotaAndLog(store: StoreContext, id: string, quota: QuotaDay, lookups: readonly LoggedLookup[], now: Date): Promise<boolean> {
  const first = lookups[0];
  if (!first) return true;
  try {
    await transactWrite(store, [
      { Update: quotaUpdate(store, id, quota, lookups.length) },
      {
        Put: {
          TableName: store.tableName,
          Item: {
            pk: partition(id),
            // The request id can be the client's: a server-made suffix keeps two requests of one millisecond apart.
            sk: `LOG#${first.at}#${first.requestId}#${randomUUID()}`,
            at: first.at,
            requestId: first.requestId,
            lookups: lookups.map(({ numberHash, status, noticeNumbers }) => ({ numberHash, status, noticeNumbers: [...noticeNumbers] })),
            expiresAt: Math.floor(now.getTime() / 1000) + LOG_KEPT_SECONDS,
          },
        },
      },
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
}

export async function usedToday(store: StoreContext, id: string, day: string): Promise<number> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: usageKey(id, day) }));
  return typeof Item?.used === 'number' ? Item.used : 0;
}

/** The organisation's lookups between two instants (inclusive), oldest first. */
export async function readVerificationLog(store: StoreContext, id: string, from: string, to: string): Promise<LoggedLookup[]> {
  const lines: LoggedLookup[] = [];
  const pages = queryPages(store, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': partition(id), ':from': `LOG#${from}`, ':to': `LOG#${to}~` },
  });
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const lookups = Array.isArray(item.lookups) ? (item.lookups as Record<string, unknown>[]) : [];
      for (const lookup of lookups) {
        lines.push({
          at: String(item.at),
          requestId: String(item.requestId),
          numberHash: String(lookup.numberHash),
          status: String(lookup.status),
          noticeNumbers: Array.isArray(lookup.noticeNumbers) ? lookup.noticeNumbers.map(String) : [],
        });
      }
    }
  }
  return lines;
}
