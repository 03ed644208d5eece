import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DeclarationInput, Warning } from '../domain/index.js';
import type { ReviewedVersion } from '../domain/review.js';
import { allowedFrom, type DeclarationStatus, type LifecycleAction } from '../domain/lifecycle.js';
import type { StoredAttachment } from './attachments.js';
import { batchGetItems, queryPages, type StoreContext } from './client.js';
import { QUEUE_INDEX } from './table-definition.js';
import { listDueItems } from './work-index.js';
import { TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';

/** A declaration as kept in its private item (full, unmasked data: staff routes and its owner only). */
export interface StoredDeclaration {
  readonly id: string;
  readonly status: DeclarationStatus;
  readonly version: number;
  readonly declaration: DeclarationInput;
  /** The public (masked) notice text as rendered when the declaration last changed. */
  readonly text: string;
  readonly warnings: readonly Warning[];
  /** Proof files (police report receipts, licence copies); staff can open them, nobody else. */
  readonly attachments: readonly StoredAttachment[];
  /** Normalized certificate number; absent for documents filed without one (some seals). */
  readonly numberKey?: string;
  /** Keyed hashes of the terms staff search finds it by (name, number, id); its search items follow them. */
  readonly searchHashes?: readonly string[];
  readonly receiptHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submittedAt: string;
  /** The moderator's reason for the last rejection or change request. */
  readonly reason?: string;
  /** When the full ID and phone number are to be removed (set on publication or withdrawal). */
  readonly purgeAt?: string;
  /** When they were removed; from then on the item keeps masked values only. */
  readonly purgedAt?: string;
  /** What the last staff decision was made on, so a resubmission can be compared with it. */
  readonly reviewed?: ReviewedVersion;
  /** The agency bundle that filed it (shared/services/bundles.ts); absent for a declaration filed on its own. */
  readonly bundleId?: string;
}

export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly reason?: string;
}

export interface IdempotencyRecord {
  readonly keyHash: string;
  readonly bodyHash: string;
  readonly declarationId: string;
  /** The first response, sealed with a key only the client's Idempotency-Key can rebuild. */
  readonly sealedResponse: string;
  readonly expiresAt: number;
}

export type CreateOutcome =
  | { readonly kind: 'created' }
  | { readonly kind: 'duplicate'; readonly existingId: string }
  | { readonly kind: 'idempotent'; readonly record: IdempotencyRecord };

export type ChangeOutcome =
  | { readonly kind: 'changed'; readonly declaration: StoredDeclaration }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'stale'; readonly current: StoredDeclaration }
  | { readonly kind: 'wrong_state'; readonly current: StoredDeclaration }
  | { readonly kind: 'duplicate'; readonly existingId: string };

// Key shapes: the only place that knows them.
const declarationKey = (id: string) => ({ pk: `DECL#${id}`, sk: 'DECL' });
export { declarationKey as declarationItemKey };
const uniquenessKey = (documentType: string, numberKey: string) => ({ pk: `UNIQ#${documentType}#${numberKey}`, sk: 'UNIQ' });
const idempotencyKey = (keyHash: string) => ({ pk: `IDEM#${keyHash}`, sk: 'IDEM' });
/** Finds a declaration from its receipt alone (the code identifies it by itself): keyed by the receipt's hash. */
const receiptKey = (receiptHash: string) => ({ pk: `RCPT#${receiptHash}`, sk: 'RCPT' });
const auditKey = (id: string, at: string) => ({
  pk: `DECL#${id}`,
  sk: `AUDIT#${at}#${Math.random().toString(36).slice(2, 8)}`,
});
/**
 * The statuses staff work through as lists: moderators the submitted ones (and those waiting for the filer's
 * changes), editors the approved ones.
 */
export const QUEUE_STATUSES = ['submitted', 'changes_requested', 'approved'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
const queueName = (status: QueueStatus) => `QUEUE#${status}`;

export function isQueueStatus(status: string): status is QueueStatus {
  return (QUEUE_STATUSES as readonly string[]).includes(status);
}

const DUE_PURGE = 'DUE#purge';

/**
 * Attributes that place a declaration in the sparse work index: a queue while it is submitted or approved,
 * the purge list while personal data awaits removal; nothing otherwise.
 */
function queueAttributes(declaration: StoredDeclaration): Record<string, string> {
  if (isQueueStatus(declaration.status)) {
    return { [QUEUE_INDEX.partitionKey]: queueName(declaration.status), [QUEUE_INDEX.sortKey]: `${declaration.submittedAt}#${declaration.id}` };
  }
  if (declaration.purgeAt && !declaration.purgedAt) {
    return { [QUEUE_INDEX.partitionKey]: DUE_PURGE, [QUEUE_INDEX.sortKey]: `${declaration.purgeAt}#${declaration.id}` };
  }
  return {};
}

/** The declaration's item: its key, its data, and its place in the work index (queue or purge list). */
export function declarationItem(declaration: StoredDeclaration): Record<string, unknown> {
  return { ...declarationKey(declaration.id), ...declaration, ...queueAttributes(declaration) };
}

/**
 * A declaration a bundle has staged but not filed yet carries the bundle's id in this attribute (see
 * bundle-store.ts). It is in no queue and no search partition, the ordinary reads below do not see it, and no
 * lifecycle change applies to it: until its bundle is filed it exists for the bundle's own writes alone.
 */
const PENDING_BUNDLE = 'pendingBundle';

function fromItem(item: Record<string, unknown>): StoredDeclaration {
  const { pk: _pk, sk: _sk, [QUEUE_INDEX.partitionKey]: _qpk, [QUEUE_INDEX.sortKey]: _qsk, [PENDING_BUNDLE]: _bundle, ...declaration } = item;
  return declaration as unknown as StoredDeclaration;
}

const isVisible = (item: Record<string, unknown>) => item[PENDING_BUNDLE] === undefined;

export function auditItem(store: StoreContext, declarationId: string, entry: AuditEntry): TransactItem {
  return { Put: { TableName: store.tableName, Item: { ...auditKey(declarationId, entry.at), ...entry } } };
}

function uniquenessPut(store: StoreContext, declaration: StoredDeclaration): TransactItem | undefined {
  if (declaration.numberKey === undefined) return undefined;
  return {
    Put: {
      TableName: store.tableName,
      Item: { ...uniquenessKey(declaration.declaration.document.type, declaration.numberKey), declarationId: declaration.id },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

function uniquenessDelete(store: StoreContext, declaration: StoredDeclaration): TransactItem | undefined {
  if (declaration.numberKey === undefined) return undefined;
  return {
    Delete: {
      TableName: store.tableName,
      Key: uniquenessKey(declaration.declaration.document.type, declaration.numberKey),
      ConditionExpression: 'declarationId = :id',
      ExpressionAttributeValues: { ':id': declaration.id },
    },
  };
}

function existingIdFrom(error: TransactionConditionFailed, index: number): string | undefined {
  const existing = error.failedAt(index)?.item?.declarationId;
  return typeof existing === 'string' ? existing : undefined;
}

/**
 * Stores a new declaration with its uniqueness claim, first audit entry and (optionally) idempotency record, in
 * one transaction: two racing submissions for one certificate, or one Idempotency-Key, can never both succeed.
 */
export async function createDeclaration(
  store: StoreContext,
  declaration: StoredDeclaration,
  audit: AuditEntry,
  idempotency?: IdempotencyRecord,
  /** Written in the same transaction, after the declaration's own items (e.g. its search items). */
  additions: readonly TransactItem[] = [],
): Promise<CreateOutcome> {
  const idempotencyPut: TransactItem | undefined = idempotency && {
    Put: {
      TableName: store.tableName,
      Item: { ...idempotencyKey(idempotency.keyHash), ...idempotency },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  const items = [
    idempotencyPut,
    { Put: { TableName: store.tableName, Item: declarationItem(declaration), ConditionExpression: 'attribute_not_exists(pk)' } },
    uniquenessPut(store, declaration),
    auditItem(store, declaration.id, audit),
    {
      Put: {
        TableName: store.tableName,
        Item: { ...receiptKey(declaration.receiptHash), declarationId: declaration.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...additions,
  ];
  const present = items.filter((item): item is TransactItem => item !== undefined);
  try {
    await transactWrite(store, present);
    return { kind: 'created' };
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (idempotency && error.failedAt(0)) {
      const record = await readIdempotencyRecord(store, idempotency.keyHash);
      if (record) return { kind: 'idempotent', record };
    }
    const existingId = existingIdFrom(error, present.findIndex(isUniquenessPut));
    if (existingId) return { kind: 'duplicate', existingId };
    throw error;
  }
}

export async function readIdempotencyRecord(store: StoreContext, keyHash: string): Promise<IdempotencyRecord | undefined> {
  const { Item } = await store.client.send(
    new GetCommand({ TableName: store.tableName, Key: idempotencyKey(keyHash), ConsistentRead: true }),
  );
  if (!Item || (typeof Item.expiresAt === 'number' && Item.expiresAt * 1000 < Date.now())) return undefined;
  const { pk: _pk, sk: _sk, ...record } = Item;
  return record as IdempotencyRecord;
}

/** The id of the declaration a receipt (by its hash) was issued for. */
export async function declarationIdForReceipt(store: StoreContext, receiptHash: string): Promise<string | undefined> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: receiptKey(receiptHash), ConsistentRead: true }));
  return typeof Item?.declarationId === 'string' ? Item.declarationId : undefined;
}

export async function getDeclaration(store: StoreContext, id: string): Promise<StoredDeclaration | undefined> {
  const { Item } = await store.client.send(
    new GetCommand({ TableName: store.tableName, Key: declarationKey(id), ConsistentRead: true }),
  );
  return Item && isVisible(Item) ? fromItem(Item) : undefined;
}

/** Several declarations by id (consistent reads); ids with no declaration (or only a staged one) are absent. */
export async function getDeclarations(store: StoreContext, ids: readonly string[]): Promise<Map<string, StoredDeclaration>> {
  const items = await batchGetItems(store, [...new Set(ids)].map(declarationKey));
  return new Map(items.filter(isVisible).map((item) => [String(item.id), fromItem(item)]));
}

/** The declarations among `ids` that `bundleId` staged and has not made visible yet. */
export async function getStagedDeclarations(store: StoreContext, ids: readonly string[], bundleId: string): Promise<StoredDeclaration[]> {
  const items = await batchGetItems(store, [...new Set(ids)].map(declarationKey));
  return items.filter((item) => item[PENDING_BUNDLE] === bundleId).map(fromItem);
}

/** A number a declaration claims for its document type (its uniqueness item). */
export interface NumberClaim {
  readonly documentType: string;
  readonly numberKey: string;
}

/** Which of `claims` an active declaration already holds, as `documentType#numberKey`. */
export async function claimedNumbers(store: StoreContext, claims: readonly NumberClaim[]): Promise<Set<string>> {
  const keys = [...new Map(claims.map((claim) => [`${claim.documentType}#${claim.numberKey}`, uniquenessKey(claim.documentType, claim.numberKey)])).values()];
  const items = await batchGetItems(store, keys, { projection: 'pk' });
  return new Set(items.map((item) => String(item.pk).slice('UNIQ#'.length)));
}

/** Whether a transaction item is a declaration's uniqueness claim (its failure means: that number is taken). */
export function isUniquenessPut(item: TransactItem): boolean {
  return item.Put?.Item?.pk?.toString().startsWith('UNIQ#') ?? false;
}

/**
 * The items that stage a bundle's declaration: the declaration (marked pending, in no queue), its uniqueness
 * claim and its receipt item, each only if absent. Its search items and first audit entry wait for activation.
 */
export function stagedDeclarationWrites(store: StoreContext, declaration: StoredDeclaration, bundleId: string): TransactItem[] {
  const items: (TransactItem | undefined)[] = [
    {
      Put: {
        TableName: store.tableName,
        Item: { ...declarationKey(declaration.id), ...declaration, [PENDING_BUNDLE]: bundleId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    uniquenessPut(store, declaration),
    {
      Put: {
        TableName: store.tableName,
        Item: { ...receiptKey(declaration.receiptHash), declarationId: declaration.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
  return items.filter((item): item is TransactItem => item !== undefined);
}

/** Makes a staged declaration an ordinary one (in its queue), if `bundleId` still holds it staged, with its audit entry. */
export function activationWrites(store: StoreContext, declaration: StoredDeclaration, bundleId: string, audit: AuditEntry): TransactItem[] {
  return [
    {
      Put: {
        TableName: store.tableName,
        Item: declarationItem(declaration),
        ConditionExpression: '#pending = :bundle',
        ExpressionAttributeNames: { '#pending': PENDING_BUNDLE },
        ExpressionAttributeValues: { ':bundle': bundleId },
      },
    },
    auditItem(store, declaration.id, audit),
  ];
}

/** What removing a staged declaration needs to know of it (kept in its bundle's row item). */
export interface StagedReference {
  readonly declarationId: string;
  readonly documentType: string;
  readonly numberKey?: string;
  readonly receiptHash: string;
}

/**
 * Removes what stagedDeclarationWrites wrote, item by item only if it is still the staged one (or already gone):
 * a bundle that rolls back never touches a visible declaration or another declaration's claim, and can repeat.
 */
export function stagedDeclarationDeletes(store: StoreContext, staged: StagedReference, bundleId: string): TransactItem[] {
  const owned = { ':id': staged.declarationId };
  return [
    {
      Delete: {
        TableName: store.tableName,
        Key: declarationKey(staged.declarationId),
        ConditionExpression: 'attribute_not_exists(pk) OR #pending = :bundle',
        ExpressionAttributeNames: { '#pending': PENDING_BUNDLE },
        ExpressionAttributeValues: { ':bundle': bundleId },
      },
    },
    ...(staged.numberKey === undefined
      ? []
      : [
          {
            Delete: {
              TableName: store.tableName,
              Key: uniquenessKey(staged.documentType, staged.numberKey),
              ConditionExpression: 'attribute_not_exists(pk) OR declarationId = :id',
              ExpressionAttributeValues: owned,
            },
          },
        ]),
    {
      Delete: {
        TableName: store.tableName,
        Key: receiptKey(staged.receiptHash),
        ConditionExpression: 'attribute_not_exists(pk) OR declarationId = :id',
        ExpressionAttributeValues: owned,
      },
    },
  ];
}

/**
 * The uniqueness claim's writes for a change from `current` to `next`: released on withdrawal or rejection,
 * re-claimed when the number changes, none otherwise.
 */
export function claimWrites(store: StoreContext, current: StoredDeclaration, next: StoredDeclaration): TransactItem[] {
  const numberMoved =
    current.numberKey !== next.numberKey || current.declaration.document.type !== next.declaration.document.type;
  const releasesClaim = next.status === 'withdrawn' || next.status === 'rejected';
  const items = [
    numberMoved || releasesClaim ? uniquenessDelete(store, current) : undefined,
    numberMoved && !releasesClaim ? uniquenessPut(store, next) : undefined,
  ];
  return items.filter((item): item is TransactItem => item !== undefined);
}

/**
 * Applies a lifecycle action: the new declaration replaces the old one only if the old one still has
 * `expectedVersion` and a status the action is allowed from; its uniqueness claim moves with it (released on
 * withdrawal or rejection, re-claimed when the number changes) and the audit entry is written — all or nothing.
 */
export async function changeDeclaration(
  store: StoreContext,
  current: StoredDeclaration,
  next: StoredDeclaration,
  action: LifecycleAction,
  audit: AuditEntry,
  expectedVersion: number,
  /** Written in the same transaction, after the change's own items (e.g. outbox messages the change causes). */
  additions: readonly TransactItem[] = [],
): Promise<ChangeOutcome> {
  const allowed = allowedFrom(action);
  const statusValues = Object.fromEntries(allowed.map((status, i) => [`:s${i}`, status]));
  const items = [
    {
      Put: {
        TableName: store.tableName,
        Item: declarationItem(next),
        // A declaration its bundle has staged but not filed is not there yet for any change.
        ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(#pending) AND version = :version AND #status IN (${Object.keys(statusValues).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status', '#pending': PENDING_BUNDLE },
        ExpressionAttributeValues: { ':version': expectedVersion, ...statusValues },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    },
    ...claimWrites(store, current, next),
    auditItem(store, next.id, audit),
    ...additions,
  ];
  const present = items.filter((item): item is TransactItem => item !== undefined);
  try {
    await transactWrite(store, present);
    return { kind: 'changed', declaration: next };
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    const failedDeclaration = error.failedAt(0);
    if (failedDeclaration) {
      if (!failedDeclaration.item || !isVisible(failedDeclaration.item)) return { kind: 'not_found' };
      const latest = fromItem(failedDeclaration.item);
      return latest.version !== expectedVersion ? { kind: 'stale', current: latest } : { kind: 'wrong_state', current: latest };
    }
    const existingId = existingIdFrom(error, present.findIndex(isUniquenessPut));
    if (existingId) return { kind: 'duplicate', existingId };
    throw error;
  }
}

export async function listAudit(store: StoreContext, id: string): Promise<AuditEntry[]> {
  const { Items = [] } = await store.client.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': declarationKey(id).pk, ':audit': 'AUDIT#' },
      ConsistentRead: true,
    }),
  );
  return Items.map(({ at, actor, action, reason }) => ({ at, actor, action, ...(reason ? { reason } : {}) }) as AuditEntry);
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque cursor for the next page; absent on the last page. */
  readonly next?: string;
}

/** Thrown for a cursor this store did not hand out (tampered or from another list). */
export class InvalidCursor extends Error {
  override readonly name = 'InvalidCursor';
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/** The key a cursor of encodeCursor's carries, not yet checked against the list it is for. */
export function cursorKey(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
}

function decodeQueueCursor(cursor: string, status: QueueStatus): Record<string, string> {
  const key = cursorKey(cursor);
  const valid =
    key !== null &&
    typeof key === 'object' &&
    Object.keys(key).length === 4 &&
    (key as Record<string, unknown>)[QUEUE_INDEX.partitionKey] === queueName(status) &&
    typeof (key as Record<string, unknown>)[QUEUE_INDEX.sortKey] === 'string' &&
    /^DECL#[0-9a-f-]{36}$/.test(String((key as Record<string, unknown>).pk)) &&
    (key as Record<string, unknown>).sk === 'DECL';
  if (!valid) throw new InvalidCursor();
  return key as Record<string, string>;
}

/** Narrows a queue: one document type, and/or filed within [from, before) (UTC ISO instants). */
export interface QueueFilter {
  readonly documentType?: string;
  readonly submittedFrom?: string;
  readonly submittedBefore?: string;
}

/** Where a declaration sits in its queue (the sort order: filed time, then id). */
export interface QueuePosition {
  readonly submittedAt: string;
  readonly id: string;
}

const positionKey = (position: QueuePosition) => `${position.submittedAt}#${position.id}`;

/** The query of one queue under a filter: filed-time bounds in the key condition, the document type as a filter. */
function queueQuery(status: QueueStatus, filter: QueueFilter, bounds: { after?: string; before?: string } = {}) {
  // `~` sorts after every character of an id, so a bound on a time alone includes every id filed then.
  const low = [filter.submittedFrom, bounds.after].filter((bound): bound is string => bound !== undefined).sort().at(-1) ?? '0';
  const high = [filter.submittedBefore, bounds.before].filter((bound): bound is string => bound !== undefined).sort().at(0) ?? '~';
  return {
    IndexName: QUEUE_INDEX.indexName,
    KeyConditionExpression: '#queue = :queue AND #order BETWEEN :low AND :high',
    ExpressionAttributeNames: {
      '#queue': QUEUE_INDEX.partitionKey,
      '#order': QUEUE_INDEX.sortKey,
      ...(filter.documentType ? { '#declaration': 'declaration', '#document': 'document', '#type': 'type' } : {}),
    },
    ExpressionAttributeValues: { ':queue': queueName(status), ':low': low, ':high': high, ...(filter.documentType ? { ':type': filter.documentType } : {}) },
    ...(filter.documentType ? { FilterExpression: '#declaration.#document.#type = :type' } : {}),
  };
}

/** The index key of an item, as DynamoDB hands it back in LastEvaluatedKey: a cursor that resumes after it. */
function indexKeyOf(item: Record<string, unknown>): Record<string, unknown> {
  return { pk: item.pk, sk: item.sk, [QUEUE_INDEX.partitionKey]: item[QUEUE_INDEX.partitionKey], [QUEUE_INDEX.sortKey]: item[QUEUE_INDEX.sortKey] };
}

/**
 * Declarations in one queue status, oldest first, from the sparse queue index, narrowed by `filter`. A page is
 * filled up to `limit` even when the document-type filter skips items; `next` resumes after its last item.
 */
export async function listQueue(
  store: StoreContext,
  status: QueueStatus,
  options: { limit: number; cursor?: string; filter?: QueueFilter },
): Promise<Page<StoredDeclaration>> {
  const found: Record<string, unknown>[] = [];
  let more = false;
  const pages = queryPages(store, {
    ...queueQuery(status, options.filter ?? {}),
    ScanIndexForward: true,
    Limit: options.limit,
    ...(options.cursor ? { ExclusiveStartKey: decodeQueueCursor(options.cursor, status) } : {}),
  });
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      if (found.length === options.limit) {
        more = true;
        break;
      }
      found.push(item);
    }
    if (more) break;
    if (found.length === options.limit) {
      more = page.LastEvaluatedKey !== undefined;
      break;
    }
  }
  const last = found.at(-1);
  const next = more && last ? encodeCursor(indexKeyOf(last)) : undefined;
  return { items: found.map(fromItem), ...(next ? { next } : {}) };
}

/** How many declarations each queue status holds under `filter` (counted by the index, items not returned). */
export async function countQueue(store: StoreContext, status: QueueStatus, filter: QueueFilter = {}): Promise<number> {
  let count = 0;
  for await (const page of queryPages(store, { ...queueQuery(status, filter), Select: 'COUNT' })) count += page.Count ?? 0;
  return count;
}

/** The first declaration of the queue after (or before) `position` under `filter`, if there is one. */
export async function queueNeighbour(
  store: StoreContext,
  status: QueueStatus,
  filter: QueueFilter,
  position: QueuePosition,
  direction: 'after' | 'before',
): Promise<StoredDeclaration | undefined> {
  const key = positionKey(position);
  const query = queueQuery(status, filter, direction === 'after' ? { after: key } : { before: key });
  for await (const page of queryPages(store, { ...query, ScanIndexForward: direction === 'after', Limit: 10 })) {
    const item = (page.Items ?? []).find((candidate) => candidate.id !== position.id);
    if (item) return fromItem(item);
  }
  return undefined;
}

export async function listDuePurges(store: StoreContext, now: Date, limit = 100): Promise<string[]> {
  return (await listDueItems(store, DUE_PURGE, now, limit)).map((item) => String(item.id));
}

/** Replaces the declaration with its purged form if nobody changed it meanwhile; false when someone did. */
export async function replacePurged(store: StoreContext, current: StoredDeclaration, purged: StoredDeclaration, audit: AuditEntry): Promise<boolean> {
  try {
    await transactWrite(store, [
      {
        Put: {
          TableName: store.tableName,
          Item: declarationItem(purged),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': current.version },
        },
      },
      auditItem(store, current.id, audit),
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
}
