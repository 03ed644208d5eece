import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_WATCHES_PER_NUMBER } from '../domain/watch-limits.js';
import type { WebhookDeliveryRecord } from '../domain/watches.js';
import { queryPages, type StoreContext } from './client.js';
import { TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';

/**
 * Watches live under the watched number's keyed hash (`WATCH#<hash>` / `W#<watch id>`, beside a `COUNT` item that
 * caps how many watch one number, and a `K#<key id>` claim per organisation, so that one organisation holds one watch
 * on a number and cannot take the number's whole cap), so a publication finds them with one Query on the hash it
 * already has; the organisation's own list is a second item (`WATCHES#<key id>` / `W#<watch id>`) written in the
 * same transaction.
 * Neither holds the number: only its hash and a masked form for display. Failed webhook deliveries are recorded
 * for the organisation under `WEBHOOK#<key id>`. Three prefixes, so IAM can give each function only what it needs.
 */
export const WATCH_PARTITION_PREFIX = 'WATCH#';
export const ORGANISATION_WATCHES_PREFIX = 'WATCHES#';
export const WEBHOOK_DELIVERY_PREFIX = 'WEBHOOK#';

const watchKey = (numberHash: string, id: string) => ({ pk: `${WATCH_PARTITION_PREFIX}${numberHash}`, sk: `W#${id}` });
const countKey = (numberHash: string) => ({ pk: `${WATCH_PARTITION_PREFIX}${numberHash}`, sk: 'COUNT' });
const claimKey = (numberHash: string, keyId: string) => ({ pk: `${WATCH_PARTITION_PREFIX}${numberHash}`, sk: `K#${keyId}` });
const listedKey = (keyId: string, id: string) => ({ pk: `${ORGANISATION_WATCHES_PREFIX}${keyId}`, sk: `W#${id}` });
const deliveryKey = (keyId: string, createdAt: string, messageId: string) => ({ pk: `${WEBHOOK_DELIVERY_PREFIX}${keyId}`, sk: `${createdAt}#${messageId}` });

/** Failed deliveries stay visible to the organisation as long as dead outbox items are kept. */
const DELIVERY_RECORD_KEPT_SECONDS = 90 * 24 * 60 * 60;

/** A watch as its organisation lists it. */
export interface ListedWatch {
  readonly id: string;
  readonly maskedNumber: string;
  readonly callbackUrl: string;
  readonly createdAt: string;
}

/** A watch as publication and delivery need it: whose, where to, and its signing secret (sealed). */
export interface StoredWatch extends ListedWatch {
  readonly keyId: string;
  readonly numberHash: string;
  readonly sealedSecret: string;
}

export class TooManyWatches extends Error {
  override readonly name = 'TooManyWatches';
}

/** The organisation already watches this number: `watchId` is that watch. */
export class WatchExists extends Error {
  override readonly name = 'WatchExists';
  constructor(readonly watchId: string) {
    super('the organisation already watches this number');
  }
}

/**
 * Stores a new watch: its item under the hash, the organisation's claim on the number, its list entry and the
 * number's count, all or nothing.
 */
export async function putWatch(store: StoreContext, watch: StoredWatch): Promise<void> {
  const { keyId, numberHash, id, maskedNumber, callbackUrl, createdAt } = watch;
  try {
    await transactWrite(store, [
      {
        Update: {
          TableName: store.tableName,
          Key: countKey(numberHash),
          UpdateExpression: 'ADD watches :one',
          ConditionExpression: 'attribute_not_exists(watches) OR watches < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': MAX_WATCHES_PER_NUMBER },
        },
      },
      {
        Put: {
          TableName: store.tableName,
          Item: { ...claimKey(numberHash, keyId), watchId: id },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      { Put: { TableName: store.tableName, Item: { ...watchKey(numberHash, id), ...watch }, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: store.tableName,
          Item: { ...listedKey(keyId, id), id, numberHash, maskedNumber, callbackUrl, createdAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    const claimed = error.failedAt(1)?.item?.watchId;
    if (typeof claimed === 'string') throw new WatchExists(claimed);
    if (error.failedAt(0)) throw new TooManyWatches();
    throw error;
  }
}

/** Ends an organisation's watch; false when it has none of that id (never another organisation's). */
export async function deleteWatch(store: StoreContext, keyId: string, id: string): Promise<boolean> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: listedKey(keyId, id), ConsistentRead: true }));
  if (!Item || typeof Item.numberHash !== 'string') return false;
  const numberHash = Item.numberHash;
  const ending = (withClaim: boolean): TransactItem[] => [
    { Delete: { TableName: store.tableName, Key: listedKey(keyId, id), ConditionExpression: 'attribute_exists(pk)' } },
    { Update: { TableName: store.tableName, Key: countKey(numberHash), UpdateExpression: 'ADD watches :less', ExpressionAttributeValues: { ':less': -1 } } },
    { Delete: { TableName: store.tableName, Key: watchKey(numberHash, id) } },
    // Only this watch's claim, if it has one (or none at all).
    ...(withClaim
      ? [{ Delete: { TableName: store.tableName, Key: claimKey(numberHash, keyId), ConditionExpression: 'attribute_not_exists(pk) OR watchId = :id', ExpressionAttributeValues: { ':id': id } } }]
      : []),
  ];
  for (const withClaim of [true, false]) {
    try {
      await transactWrite(store, ending(withClaim));
      return true;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      // Ended meanwhile by another request.
      if (error.failedAt(0)) return false;
      // Else the claim is another watch's: this one was stored before claims existed, beside a newer watch of its
      // organisation on the same number. It is ended without touching that claim.
      if (!withClaim || !error.failedAt(3)) throw error;
    }
  }
  return false;
}

/** Ends every watch of an organisation (its key revoked), each as `deleteWatch` ends one; how many were ended. */
export async function deleteWatchesOf(store: StoreContext, keyId: string): Promise<number> {
  let ended = 0;
  for (const { id } of await listWatches(store, keyId)) if (await deleteWatch(store, keyId, id)) ended += 1;
  return ended;
}

function listed(item: Record<string, unknown>): ListedWatch {
  return { id: String(item.id), maskedNumber: String(item.maskedNumber), callbackUrl: String(item.callbackUrl), createdAt: String(item.createdAt) };
}

/** The organisation's watches, oldest first. */
export async function listWatches(store: StoreContext, keyId: string): Promise<ListedWatch[]> {
  const watches: ListedWatch[] = [];
  const pages = queryPages(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :w)',
    ExpressionAttributeValues: { ':pk': `${ORGANISATION_WATCHES_PREFIX}${keyId}`, ':w': 'W#' },
  });
  for await (const page of pages) watches.push(...(page.Items ?? []).map(listed));
  return watches.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

function stored(item: Record<string, unknown>): StoredWatch {
  return { ...listed(item), keyId: String(item.keyId), numberHash: String(item.numberHash), sealedSecret: String(item.sealedSecret) };
}

/** Every watch on a number's hash (consistently: a watch made just before a publication is told of it). */
export async function watchesOnHash(store: StoreContext, numberHash: string): Promise<StoredWatch[]> {
  const watches: StoredWatch[] = [];
  const pages = queryPages(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :w)',
    ExpressionAttributeValues: { ':pk': `${WATCH_PARTITION_PREFIX}${numberHash}`, ':w': 'W#' },
    ConsistentRead: true,
  });
  for await (const page of pages) watches.push(...(page.Items ?? []).map(stored));
  return watches;
}

export async function getWatch(store: StoreContext, numberHash: string, id: string): Promise<StoredWatch | undefined> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: watchKey(numberHash, id), ConsistentRead: true }));
  return Item ? stored(Item) : undefined;
}

/** The transaction step that records a delivery's standing for its organisation (written with the outbox item's settlement). */
export function deliveryRecordPut(store: StoreContext, keyId: string, record: WebhookDeliveryRecord, now: Date): TransactItem {
  return {
    Put: {
      TableName: store.tableName,
      Item: { ...deliveryKey(keyId, record.createdAt, record.messageId), ...record, expiresAt: Math.floor(now.getTime() / 1000) + DELIVERY_RECORD_KEPT_SECONDS },
    },
  };
}

/** The organisation's recorded deliveries, newest first, at most `limit`. */
export async function listDeliveryRecords(store: StoreContext, keyId: string, limit: number): Promise<WebhookDeliveryRecord[]> {
  const records: WebhookDeliveryRecord[] = [];
  const pages = queryPages(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `${WEBHOOK_DELIVERY_PREFIX}${keyId}` },
    ScanIndexForward: false,
    Limit: limit,
  });
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const { pk: _pk, sk: _sk, expiresAt: _ttl, ...record } = item;
      records.push(record as unknown as WebhookDeliveryRecord);
    }
    if (records.length >= limit) break;
  }
  return records.slice(0, limit);
}
