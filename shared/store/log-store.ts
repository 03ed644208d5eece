import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { completingLeaf, nodeKey, type Hash, type NodeId, type TreeFrontier } from '../domain/log/merkle.js';
import type { StoreContext } from './client.js';
import { PUBLIC_KEYS } from './public-keys.js';
import type { TransactItem } from './transact.js';

/**
 * The transparency log's items, all in public partitions (`PUB#LOG…`) that the verify function may read:
 * - one item per entry (`PUB#LOG#ENTRY#<index>`): the entry's exact bytes (UTF-8 text), its notice number and the
 *   hashes of the perfect subtrees that this leaf completed (level 0 is the leaf hash). Node (level, i) is thus
 *   found in the item of leaf (i + 1)·2^level − 1, and a proof is one BatchGetItem of O(log n) items;
 * - the head (`PUB#LOG`/`HEAD`): the tree size and its frontier, updated under the condition that the size is
 *   still the one the appender read, so appends are serial and gap-free;
 * - signed checkpoints (`PUB#LOG`/`CHECKPOINT#<size>`) and the log's verifier key (`PUB#LOG`/`KEY`).
 */

const b64 = (hash: Hash) => Buffer.from(hash).toString('base64');
const unb64 = (text: unknown) => new Uint8Array(Buffer.from(String(text), 'base64'));
const SIZE_DIGITS = 16;

export interface LogHead {
  readonly frontier: TreeFrontier;
  readonly updatedAt?: string;
}

export async function readLogHead(store: StoreContext): Promise<LogHead> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: PUBLIC_KEYS.logHead(), ConsistentRead: true }));
  if (!Item) return { frontier: { size: 0, hashes: [] } };
  return {
    frontier: { size: Number(Item.size), hashes: (Item.frontier as unknown[]).map(unb64) },
    ...(typeof Item.updatedAt === 'string' ? { updatedAt: Item.updatedAt } : {}),
  };
}

/**
 * The two writes of one append, for the publication transaction: the new entry (never overwriting one) and the
 * head, which must still be at the size the appender read. If either condition fails nothing is written.
 */
export function appendItems(
  store: StoreContext,
  append: { readonly from: TreeFrontier; readonly to: TreeFrontier; readonly entry: string; readonly noticeNo: string; readonly completed: readonly Hash[]; readonly at: string },
): TransactItem[] {
  const index = append.from.size;
  return [
    {
      Put: {
        TableName: store.tableName,
        Item: { ...PUBLIC_KEYS.logEntry(index), index, noticeNo: append.noticeNo, entry: append.entry, nodes: append.completed.map(b64) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: store.tableName,
        Item: { ...PUBLIC_KEYS.logHead(), size: append.to.size, frontier: append.to.hashes.map(b64), updatedAt: append.at },
        ...(index === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'size = :size', ExpressionAttributeValues: { ':size': index } }),
      },
    },
  ];
}

export interface StoredEntry {
  readonly index: number;
  readonly noticeNo: string;
  /** The entry's exact bytes, as UTF-8 text. */
  readonly entry: string;
}

export async function readEntry(store: StoreContext, index: number): Promise<StoredEntry | undefined> {
  const { Item } = await store.client.send(
    new GetCommand({ TableName: store.tableName, Key: PUBLIC_KEYS.logEntry(index), ProjectionExpression: '#index, noticeNo, #entry', ExpressionAttributeNames: { '#index': 'index', '#entry': 'entry' } }),
  );
  return Item ? { index: Number(Item.index), noticeNo: String(Item.noticeNo), entry: String(Item.entry) } : undefined;
}

const BATCH_GET_LIMIT = 100;

/** The hashes of stored perfect subtrees, by `nodeKey`: one BatchGetItem per hundred nodes. */
export async function readNodes(store: StoreContext, nodes: readonly NodeId[]): Promise<Map<string, Hash>> {
  const byLeaf = new Map<number, NodeId[]>();
  for (const node of nodes) byLeaf.set(completingLeaf(node), [...(byLeaf.get(completingLeaf(node)) ?? []), node]);
  const leaves = [...byLeaf.keys()];
  const found = new Map<string, Hash>();
  for (let start = 0; start < leaves.length; start += BATCH_GET_LIMIT) {
    let keys: Record<string, unknown>[] | undefined = leaves.slice(start, start + BATCH_GET_LIMIT).map((leaf) => PUBLIC_KEYS.logEntry(leaf));
    while (keys && keys.length > 0) {
      const answer: BatchGetCommandOutput = await store.client.send(
        new BatchGetCommand({
          RequestItems: { [store.tableName]: { Keys: keys, ProjectionExpression: '#index, nodes', ExpressionAttributeNames: { '#index': 'index' }, ConsistentRead: true } },
        }),
      );
      for (const item of answer.Responses?.[store.tableName] ?? []) {
        const hashes = item.nodes as unknown[];
        for (const node of byLeaf.get(Number(item.index)) ?? []) {
          if (hashes[node.level] !== undefined) found.set(nodeKey(node), unb64(hashes[node.level]));
        }
      }
      keys = answer.UnprocessedKeys?.[store.tableName]?.Keys;
    }
  }
  return found;
}

export async function putCheckpoint(store: StoreContext, size: number, note: string, signedAt: string): Promise<void> {
  await store.client.send(new PutCommand({ TableName: store.tableName, Item: { ...PUBLIC_KEYS.logCheckpoint(String(size).padStart(SIZE_DIGITS, '0')), size, note, signedAt } }));
}

export interface StoredCheckpoint {
  readonly size: number;
  readonly note: string;
  readonly signedAt: string;
}

/** The newest signed checkpoint (the largest tree size). */
export async function latestCheckpoint(store: StoreContext): Promise<StoredCheckpoint | undefined> {
  const { pk, sk } = PUBLIC_KEYS.logCheckpoint('');
  const { Items = [] } = await store.client.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': sk },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const item = Items[0];
  return item ? { size: Number(item.size), note: String(item.note), signedAt: String(item.signedAt) } : undefined;
}

/** The log's verifier key as published, the name of who signs with it, and the witnesses it accepts. */
export interface PublishedLogKey {
  readonly verifierKey: string;
  readonly publisher: string;
  readonly witnesses: readonly string[];
}

export async function putLogKey(store: StoreContext, key: PublishedLogKey): Promise<void> {
  await store.client.send(new PutCommand({ TableName: store.tableName, Item: { ...PUBLIC_KEYS.logKey(), ...key } }));
}

export async function getLogKey(store: StoreContext): Promise<PublishedLogKey | undefined> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: PUBLIC_KEYS.logKey() }));
  return Item
    ? { verifierKey: String(Item.verifierKey), publisher: String(Item.publisher), witnesses: Array.isArray(Item.witnesses) ? Item.witnesses.map(String) : [] }
    : undefined;
}

/** Replaces a checkpoint's note (adding a witness's cosignature line) only if it is still the note that was read. */
export async function replaceCheckpointNote(store: StoreContext, size: number, expected: string, note: string): Promise<boolean> {
  try {
    await store.client.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: PUBLIC_KEYS.logCheckpoint(String(size).padStart(SIZE_DIGITS, '0')),
        UpdateExpression: 'SET note = :note',
        ConditionExpression: 'note = :expected',
        ExpressionAttributeValues: { ':note': note, ':expected': expected },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
