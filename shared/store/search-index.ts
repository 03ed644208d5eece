import { BatchWriteCommand, type BatchWriteCommandOutput, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './client.js';
import { cursorKey, declarationItem, encodeCursor, InvalidCursor, type StoredDeclaration } from './declaration-store.js';
import type { TransactItem } from './transact.js';

/**
 * Staff search: one item per (search term, declaration) in the main table. The partition is a keyed hash of the
 * folded term (never a name or number in plain text), the sort key the filing instant and id, so one Query in
 * reverse order lists a term's declarations newest first. Private: not under `PUB#`.
 */
export const SEARCH_PARTITION_PREFIX = 'SRCH#';

type Indexed = Pick<StoredDeclaration, 'id' | 'createdAt' | 'searchHashes'>;

const searchPartition = (hash: string) => `${SEARCH_PARTITION_PREFIX}${hash}`;
const searchItemKey = (hash: string, declaration: Indexed) => ({ pk: searchPartition(hash), sk: `${declaration.createdAt}#${declaration.id}` });
const SEARCH_SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function searchItem(hash: string, declaration: Indexed): Record<string, unknown> {
  return { ...searchItemKey(hash, declaration), declarationId: declaration.id };
}

/**
 * The writes that bring the search items from `current`'s terms to `next`'s, for the transaction that stores
 * `next`: items for terms it lost are deleted, items for terms it gained are put, unchanged ones are left alone.
 */
export function searchItemWrites(store: StoreContext, current: Indexed | undefined, next: Indexed): TransactItem[] {
  const before = new Set(current?.searchHashes ?? []);
  const after = new Set(next.searchHashes ?? []);
  return [
    ...[...before]
      .filter((hash) => !after.has(hash))
      .map((hash): TransactItem => ({ Delete: { TableName: store.tableName, Key: searchItemKey(hash, current ?? next) } })),
    ...[...after]
      .filter((hash) => !before.has(hash))
      .map((hash): TransactItem => ({ Put: { TableName: store.tableName, Item: searchItem(hash, next) } })),
  ];
}

function decodeSearchCursor(cursor: string, hash: string): Record<string, string> {
  const key = cursorKey(cursor);
  if (key === null || typeof key !== 'object' || Object.keys(key).length !== 2) throw new InvalidCursor();
  const { pk, sk } = key as Record<string, unknown>;
  if (pk !== searchPartition(hash) || typeof sk !== 'string' || !SEARCH_SORT_KEY.test(sk)) throw new InvalidCursor();
  return { pk, sk };
}

/** One page of the ids filed under a term's hash, newest first; `next` continues after the last one. */
export async function searchIndexPage(
  store: StoreContext,
  hash: string,
  options: { limit: number; cursor?: string },
): Promise<{ ids: string[]; next?: string }> {
  const page = await store.client.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': searchPartition(hash) },
      ScanIndexForward: false,
      Limit: options.limit,
      ...(options.cursor ? { ExclusiveStartKey: decodeSearchCursor(options.cursor, hash) } : {}),
    }),
  );
  const ids = (page.Items ?? []).map((item) => String(item.declarationId));
  const next = encodeCursor(page.LastEvaluatedKey);
  return { ids, ...(next ? { next } : {}) };
}

const BATCH_WRITE_LIMIT = 25;

/**
 * Bulk loads (benchmarks, imports of a paper's back catalogue): each declaration's item and its search items, 25
 * per BatchWriteItem. No transaction and no uniqueness claims, so only for data known to be consistent.
 */
export async function putIndexedDeclarations(store: StoreContext, declarations: readonly StoredDeclaration[]): Promise<void> {
  const items = declarations.flatMap((declaration) => [
    declarationItem(declaration),
    ...(declaration.searchHashes ?? []).map((hash) => searchItem(hash, declaration)),
  ]);
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
    let requests: NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string] | undefined = items
      .slice(start, start + BATCH_WRITE_LIMIT)
      .map((Item) => ({ PutRequest: { Item } }));
    while (requests && requests.length > 0) {
      const answer: BatchWriteCommandOutput = await store.client.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: requests } }));
      requests = answer.UnprocessedItems?.[store.tableName];
    }
  }
}
