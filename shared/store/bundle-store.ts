import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queryPages, type StoreContext } from './client.js';
import {
  activationWrites,
  cursorKey,
  encodeCursor,
  InvalidCursor,
  isUniquenessPut,
  stagedDeclarationDeletes,
  stagedDeclarationWrites,
  type AuditEntry,
  type Page,
  type StagedReference,
  type StoredDeclaration,
} from './declaration-store.js';
import { QUEUE_INDEX, TABLE_KEYS } from './table-definition.js';
import { TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';
import { listDueItems } from './work-index.js';

/**
 * A bundle of declarations an agency filed at once, kept beside them: a header item (`BUNDLE#<id>` / `BUNDLE`)
 * and one row item per declaration (`ROW#<n>`). The header's `state` is the bundle's commit record:
 *
 *   staging ──(every row staged)──▶ committed ──(every row made visible)──▶ filed
 *      └──(a duplicate, a failure, or its lease ran out)──▶ rolling_back ──(every staged item removed)──▶ rolled_back
 *
 * While staging, each transaction writes a few rows' declarations marked pending (see declaration-store.ts:
 * in no queue, no search partition, invisible to every ordinary read) and checks that the header is still
 * staging under the same attempt, so a takeover stops the writer it replaced. `committed` is the one write that
 * decides the outcome: before it, the bundle rolls back; after it, it rolls forward. Unfinished bundles sit on
 * the work index list `DUE#bundle` until their lease ends, where the next bundle request finds them (filed ones
 * are on `BUNDLES`, the console's list, newest first).
 */
export type BundleState = 'staging' | 'committed' | 'filed' | 'rolling_back' | 'rolled_back';
export type BundleFormat = 'csv' | 'xlsx' | 'json';
export type BundleAction = 'approve' | 'reject';
export const isBundleAction = (value: string): value is BundleAction => value === 'approve' || value === 'reject';

export interface BundleDecision {
  readonly action: BundleAction;
  readonly reason?: string;
  readonly by: string;
  readonly at: string;
}

export interface BundleRecord {
  readonly id: string;
  /** The agency's API key id (its organisation may only read its own bundles). */
  readonly keyId: string;
  readonly organisation: string;
  readonly state: BundleState;
  readonly rowCount: number;
  readonly format: BundleFormat;
  readonly encoding?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Which run of the request writes it; a takeover (retry after a crash) starts a new attempt. */
  readonly attempt: string;
  /** Until when the attempt may be still running; after it, anyone may finish or undo the bundle. */
  readonly leaseUntil: string;
  /** The request body's hash, so an Idempotency-Key replayed with another body is refused. */
  readonly bodyHash: string;
  /** A moderator's decision on the whole bundle, applied row by row (see services/bundles.ts). */
  readonly decision?: BundleDecision;
}

/** One row of a bundle: its row number in the sheet, its declaration, and what undoing it needs. */
export interface BundleRowRecord extends StagedReference {
  readonly row: number;
  /** The row's receipt sealed with the request's Idempotency-Key (replays show it again); absent without a key. */
  readonly sealedReceipt?: string;
}

const BUNDLE_PREFIX = 'BUNDLE#';
export const BUNDLE_PARTITION_PREFIX = BUNDLE_PREFIX;
const headerKey = (id: string) => ({ pk: `${BUNDLE_PREFIX}${id}`, sk: 'BUNDLE' });
const rowKey = (id: string, row: number) => ({ pk: `${BUNDLE_PREFIX}${id}`, sk: `ROW#${String(row).padStart(7, '0')}` });
/** Work index lists: bundles whose lease may run out before they are finished or undone, and the filed ones. */
export const DUE_BUNDLES = 'DUE#bundle';
export const FILED_BUNDLES = 'BUNDLES';

function listAttributes(bundle: BundleRecord): Record<string, string> {
  switch (bundle.state) {
    case 'staging':
    case 'committed':
    case 'rolling_back':
      return { [QUEUE_INDEX.partitionKey]: DUE_BUNDLES, [QUEUE_INDEX.sortKey]: `${bundle.leaseUntil}#${bundle.id}` };
    case 'filed':
      return { [QUEUE_INDEX.partitionKey]: FILED_BUNDLES, [QUEUE_INDEX.sortKey]: `${bundle.createdAt}#${bundle.id}` };
    case 'rolled_back':
      return {};
  }
}

/** An undone bundle's header is kept a day (its Idempotency-Key's retries find it and file afresh), then TTL removes it. */
const UNDONE_KEPT_SECONDS = 24 * 60 * 60;

function headerItem(bundle: BundleRecord): Record<string, unknown> {
  const expiry = bundle.state === 'rolled_back' ? { [TABLE_KEYS.timeToLive]: Math.floor(Date.parse(bundle.updatedAt) / 1000) + UNDONE_KEPT_SECONDS } : {};
  return { ...headerKey(bundle.id), ...bundle, ...listAttributes(bundle), ...expiry };
}

function fromHeader(item: Record<string, unknown>): BundleRecord {
  const { pk: _pk, sk: _sk, [QUEUE_INDEX.partitionKey]: _list, [QUEUE_INDEX.sortKey]: _order, [TABLE_KEYS.timeToLive]: _expiry, ...bundle } = item;
  return bundle as unknown as BundleRecord;
}

export async function getBundle(store: StoreContext, id: string): Promise<BundleRecord | undefined> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: headerKey(id), ConsistentRead: true }));
  return Item ? fromHeader(Item) : undefined;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Writes a new bundle's header; false when a bundle of that id exists (an Idempotency-Key seen before). */
export async function createBundle(store: StoreContext, bundle: BundleRecord): Promise<boolean> {
  try {
    await store.client.send(new PutCommand({ TableName: store.tableName, Item: headerItem(bundle), ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Replaces the header with `next` if it is still in `from.state` under `from.attempt` (and, with `undecided`, has
 * no decision yet); false when someone else moved it first.
 */
export async function replaceBundle(
  store: StoreContext,
  next: BundleRecord,
  from: { readonly state: BundleState; readonly attempt: string; readonly undecided?: boolean },
): Promise<boolean> {
  try {
    await store.client.send(
      new PutCommand({
        TableName: store.tableName,
        Item: headerItem(next),
        ConditionExpression: `#state = :state AND attempt = :attempt${from.undecided ? ' AND attribute_not_exists(decision)' : ''}`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':state': from.state, ':attempt': from.attempt },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

function headerCheck(store: StoreContext, bundle: BundleRecord, state: BundleState): TransactItem {
  return {
    ConditionCheck: {
      TableName: store.tableName,
      Key: headerKey(bundle.id),
      ConditionExpression: '#state = :state AND attempt = :attempt',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':state': state, ':attempt': bundle.attempt },
    },
  };
}

/** Transaction items a staged row costs: its declaration, uniqueness claim, receipt item and row item. */
export const STAGED_ROW_ITEMS = 4;

export type StageOutcome =
  | { readonly kind: 'staged' }
  /** These rows' numbers were claimed by another declaration meanwhile; nothing of this transaction was written. */
  | { readonly kind: 'duplicates'; readonly rows: readonly number[] }
  /** The header is no longer this attempt's staging (taken over or undone); nothing was written. */
  | { readonly kind: 'lost' };

/** Stages some rows in one transaction, under the check that the header is still this attempt's staging. */
export async function stageRows(
  store: StoreContext,
  bundle: BundleRecord,
  rows: readonly { readonly record: BundleRowRecord; readonly declaration: StoredDeclaration }[],
): Promise<StageOutcome> {
  // owners[i]: the row whose write items[i] is (0 for the header check).
  const items: TransactItem[] = [headerCheck(store, bundle, 'staging')];
  const owners: number[] = [0];
  for (const { record, declaration } of rows) {
    const writes = [
      ...stagedDeclarationWrites(store, declaration, bundle.id),
      { Put: { TableName: store.tableName, Item: { ...rowKey(bundle.id, record.row), ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
    items.push(...writes);
    owners.push(...writes.map(() => record.row));
  }
  try {
    await transactWrite(store, items);
    return { kind: 'staged' };
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.failedAt(0)) return { kind: 'lost' };
    const rowsTaken = items.flatMap((item, index) => (isUniquenessPut(item) && error.failedAt(index) ? [owners[index] ?? 0] : []));
    if (rowsTaken.length > 0) return { kind: 'duplicates', rows: rowsTaken };
    throw error;
  }
}

/** Transaction items that make one staged declaration visible, before its search items. */
export const ACTIVATION_ITEMS = 2;

/**
 * Makes staged declarations visible in one transaction (each with its audit entry and `additions`, its search
 * items), if the bundle is still committed under this attempt and each is still staged; false when another
 * writer got to one of them first (nothing of this transaction was written).
 */
export async function activateRows(
  store: StoreContext,
  bundle: BundleRecord,
  declarations: readonly { readonly declaration: StoredDeclaration; readonly audit: AuditEntry; readonly additions: readonly TransactItem[] }[],
): Promise<boolean> {
  const items = [
    headerCheck(store, bundle, 'committed'),
    ...declarations.flatMap(({ declaration, audit, additions }) => [...activationWrites(store, declaration, bundle.id, audit), ...additions]),
  ];
  try {
    await transactWrite(store, items);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
}

/** Transaction items undoing one staged row: its declaration, claim, receipt item and row item. */
export const UNSTAGED_ROW_ITEMS = 4;

/** Removes staged rows (each item only if it is still theirs or already gone), in one transaction. */
export async function unstageRows(store: StoreContext, bundle: BundleRecord, rows: readonly BundleRowRecord[]): Promise<void> {
  await transactWrite(store, [
    headerCheck(store, bundle, 'rolling_back'),
    ...rows.flatMap((row) => [
      ...stagedDeclarationDeletes(store, row, bundle.id),
      { Delete: { TableName: store.tableName, Key: rowKey(bundle.id, row.row) } },
    ]),
  ]);
}

/** The bundle's rows, in row order. */
export async function bundleRows(store: StoreContext, id: string): Promise<BundleRowRecord[]> {
  const rows: BundleRowRecord[] = [];
  const pages = queryPages(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :row)',
    ExpressionAttributeValues: { ':pk': headerKey(id).pk, ':row': 'ROW#' },
    ConsistentRead: true,
  });
  for await (const page of pages) {
    for (const { pk: _pk, sk: _sk, ...row } of page.Items ?? []) rows.push(row as unknown as BundleRowRecord);
  }
  return rows;
}

/** Unfinished bundles whose lease has run out (oldest first): theirs to finish or undo. */
export async function listStaleBundles(store: StoreContext, now: Date, limit: number): Promise<BundleRecord[]> {
  return (await listDueItems(store, DUE_BUNDLES, now, limit)).map(fromHeader);
}

function decodeListCursor(cursor: string): Record<string, string> {
  const key = cursorKey(cursor);
  const valid =
    key !== null &&
    typeof key === 'object' &&
    Object.keys(key).length === 4 &&
    (key as Record<string, unknown>)[QUEUE_INDEX.partitionKey] === FILED_BUNDLES &&
    typeof (key as Record<string, unknown>)[QUEUE_INDEX.sortKey] === 'string' &&
    String((key as Record<string, unknown>).pk).startsWith(BUNDLE_PREFIX) &&
    (key as Record<string, unknown>).sk === 'BUNDLE';
  if (!valid) throw new InvalidCursor();
  return key as Record<string, string>;
}

/** Filed bundles, newest first. */
export async function listBundles(store: StoreContext, options: { limit: number; cursor?: string }): Promise<Page<BundleRecord>> {
  const { Items = [], LastEvaluatedKey } = await store.client.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: QUEUE_INDEX.indexName,
      KeyConditionExpression: '#list = :list',
      ExpressionAttributeNames: { '#list': QUEUE_INDEX.partitionKey },
      ExpressionAttributeValues: { ':list': FILED_BUNDLES },
      ScanIndexForward: false,
      Limit: options.limit,
      ...(options.cursor ? { ExclusiveStartKey: decodeListCursor(options.cursor) } : {}),
    }),
  );
  const next = encodeCursor(LastEvaluatedKey);
  return { items: Items.map(fromHeader), ...(next ? { next } : {}) };
}
