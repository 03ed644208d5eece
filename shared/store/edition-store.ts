import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { editionState } from '../domain/editions.js';
import type { LogRecord } from '../domain/log/entry.js';
import type { NoticePosition } from '../domain/page-layout.js';
import { batchGetItems, queryPages, type StoreContext } from './client.js';
import type { AuditEntry, StoredDeclaration } from './declaration-store.js';
import { auditItem, claimWrites, declarationItem, declarationItemKey } from './declaration-store.js';
import { PUBLIC_KEYS } from './public-keys.js';
import { QUEUE_INDEX } from './table-definition.js';
import { listDueItems } from './work-index.js';
import { MAX_TRANSACTION_ITEMS, TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';

export type EditionStatus = 'open' | 'publishing' | 'published';

export interface Edition {
  readonly date: string;
  readonly status: EditionStatus;
  readonly cutoffAt: string;
  readonly publishAt: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly publishedAt?: string;
  readonly noticeCount?: number;
  /**
   * 第 N 期: its place among published editions, given when it is published (absent before, and on editions
   * published before issue numbers were kept).
   */
  readonly issueNo?: number;
}

/** A declaration (or a correction) placed in an edition; it gets its notice number when the edition is published. */
export interface Placement {
  readonly date: string;
  /** The declaration printed, or for a correction the declaration whose notice it corrects. */
  readonly declarationId: string;
  readonly placedAt: string;
  readonly noticeNo?: string;
  readonly publishedAt?: string;
  /** Where it was set on the page, fixed with its number at publication (absent on notices published before positions). */
  readonly position?: NoticePosition;
  /** Present on a correction (更正声明): its own text, pointing to the notice it corrects. */
  readonly correction?: CorrectionPlacement;
}

export interface CorrectionPlacement {
  readonly id: string;
  readonly text: string;
  readonly kind: 'loss' | 'void';
  readonly documentType: string;
  readonly correctsNoticeNo: string;
  /** On a correction of the certificate number: the keyed hash of the corrected number, whose lookup it joins. */
  readonly numberHash?: string;
  /** The keyed hash of the original's number (its lookup item), so that lookup links the correction too. */
  readonly originalNumberHash?: string;
}

/**
 * What the public may see of a published notice: masked text, no personal data, no private ids. Its fields other
 * than `logIndex` are the notice's transparency log entry.
 */
export interface PublicNotice extends LogRecord {
  /** The index of the notice's entry in the transparency log. */
  readonly logIndex?: number;
  /**
   * The edition it was printed in. `publishedOn` is the day (Asia/Shanghai) it became public: the same day, or
   * later when an edition was published late.
   */
  readonly editionDate?: string;
  /** Where the edition set it (page, column, order); absent on notices published before positions were kept. */
  readonly position?: NoticePosition;
  /** The corrections (更正声明) published for it, oldest first: read beside it, never written into it. */
  readonly correctedBy?: string[];
}

/** What a correction's publication writes besides its own notice: links from the notice it corrects. */
export interface CorrectedNotice {
  /** The original's public record as published (without links), copied into the corrected number's lookup. */
  readonly original: PublicNotice;
  readonly originalNumberHash?: string | undefined;
}

const editionKey = (date: string) => ({ pk: `EDITION#${date}`, sk: 'EDITION' });
const placementKey = (date: string, slotId: string) => ({ pk: `EDITION#${date}`, sk: `SLOT#${slotId}` });
const slotIdOf = (placement: Placement) => placement.correction?.id ?? placement.declarationId;
/** Editions waiting for the scheduled publisher sit in the sparse work index until published. */
const DUE_EDITIONS = 'DUE#edition';

function editionItem(edition: Edition): Record<string, unknown> {
  // Sorted by the publication instant in UTC, so it compares with the clock as text.
  const publishAtUtc = new Date(edition.publishAt).toISOString();
  const due =
    edition.status === 'published' ? {} : { [QUEUE_INDEX.partitionKey]: DUE_EDITIONS, [QUEUE_INDEX.sortKey]: `${publishAtUtc}#${edition.date}` };
  return { ...editionKey(edition.date), ...edition, ...due };
}

function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, [QUEUE_INDEX.partitionKey]: _qpk, [QUEUE_INDEX.sortKey]: _qsk, ...rest } = item;
  return rest as T;
}

/**
 * Counts placements ever made into an edition (a placement later taken out still counts), so that a deletion
 * which found the edition empty can tell whether one came in meanwhile. Bookkeeping only: not part of Edition.
 */
const PLACEMENTS_MADE = 'placementsMade';

function editionOf(item: Record<string, unknown>): Edition {
  const { [PLACEMENTS_MADE]: _made, ...edition } = item;
  return withoutKeys<Edition>(edition);
}

/** How many editions have been published: the next one published takes the issue number after it. */
const ISSUE_COUNTER_KEY = { pk: 'EDITION#ISSUES', sk: 'COUNTER' };

export class EditionExists extends Error {
  override readonly name = 'EditionExists';
}

/** Every edition also has an entry in one list partition, sorted by date, so editors can list them without a Scan. */
export const EDITION_LIST_PARTITION = 'EDITIONS';

export async function createEdition(store: StoreContext, edition: Edition): Promise<void> {
  try {
    await transactWrite(store, [
      { Put: { TableName: store.tableName, Item: editionItem(edition), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: store.tableName, Item: { pk: EDITION_LIST_PARTITION, sk: edition.date, date: edition.date } } },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) throw new EditionExists();
    throw error;
  }
}

export interface EditionSummary {
  readonly edition: Edition;
  /** Notices placed in it (corrections included). */
  readonly placed: number;
}

/**
 * Editions newest date first, `limit` a page, each with its count of placements. The cursor is the last date
 * of the previous page.
 */
export async function listEditions(
  store: StoreContext,
  options: { limit: number; before?: string },
): Promise<{ items: EditionSummary[]; next?: string }> {
  const page = await store.client.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: options.before ? 'pk = :pk AND sk < :before' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': EDITION_LIST_PARTITION, ...(options.before ? { ':before': options.before } : {}) },
      ScanIndexForward: false,
      Limit: options.limit,
    }),
  );
  const dates = (page.Items ?? []).map((item) => String(item.date));
  const read = await Promise.all(dates.map((date) => readEditionWithPlacements(store, date)));
  const items = read.flatMap(({ edition, placements }) => (edition ? [{ edition, placed: placements.length }] : []));
  const last = dates.at(-1);
  return { items, ...(page.LastEvaluatedKey && last ? { next: last } : {}) };
}

/** How many editions have been published (with an issue number): the count publication numbers editions from. */
export async function publishedIssueCount(store: StoreContext): Promise<number> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: ISSUE_COUNTER_KEY, ConsistentRead: true }));
  return typeof Item?.published === 'number' ? Item.published : 0;
}

/**
 * The earliest edition dated `from` to `to` that still takes placements at `now`, reading the list in date order
 * a page at a time (so a long run of editions ahead never hides the nearest one).
 */
export async function firstOpenEdition(store: StoreContext, range: { from: string; to: string }, now: Date): Promise<Edition | undefined> {
  const pages = queryPages(store, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': EDITION_LIST_PARTITION, ':from': range.from, ':to': range.to },
    ScanIndexForward: true,
  });
  for await (const page of pages) {
    const dates = (page.Items ?? []).map((item) => String(item.date));
    const editions = new Map((await batchGetItems(store, dates.map(editionKey))).map((item) => [String(item.date), editionOf(item)]));
    const open = dates.map((date) => editions.get(date)).find((edition) => edition && editionState(edition, now) === 'open');
    if (open) return open;
  }
  return undefined;
}

export async function getEdition(store: StoreContext, date: string): Promise<Edition | undefined> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: editionKey(date), ConsistentRead: true }));
  return Item ? editionOf(Item) : undefined;
}

/** The edition and every placement in it (one partition, one query). */
export async function readEditionWithPlacements(
  store: StoreContext,
  date: string,
): Promise<{ edition: Edition | undefined; placements: Placement[] }> {
  const items: Record<string, unknown>[] = [];
  const pages = queryPages(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': editionKey(date).pk },
    ConsistentRead: true,
  });
  for await (const page of pages) items.push(...(page.Items ?? []));
  const editionItemFound = items.find((item) => item.sk === 'EDITION');
  return {
    edition: editionItemFound ? editionOf(editionItemFound) : undefined,
    placements: items.filter((item) => String(item.sk).startsWith('SLOT#')).map((item) => withoutKeys<Placement>(item)),
  };
}

/** Editions whose publication time has come and that are not published yet, earliest first. */
export async function listDueEditions(store: StoreContext, now: Date): Promise<string[]> {
  return (await listDueItems(store, DUE_EDITIONS, now)).map((item) => String(item.date));
}

/**
 * A transaction step that holds only while the edition still takes placements, and counts the `placed` placements
 * made (one step per edition: a transaction may touch an item once).
 */
function editionStillOpen(store: StoreContext, date: string, placed = 1): TransactItem {
  return {
    Update: {
      TableName: store.tableName,
      Key: editionKey(date),
      UpdateExpression: 'ADD #made :placed',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status', '#made': PLACEMENTS_MADE },
      ExpressionAttributeValues: { ':open': 'open', ':placed': placed },
    },
  };
}

export type EditionDeletion = 'deleted' | 'not_found' | 'not_open' | 'not_empty';

/**
 * Deletes an edition that takes placements and has none (one opened by mistake), with its list entry, in one
 * transaction that holds only if no placement came in since it was found empty. Says why when it cannot.
 */
export async function deleteEmptyEdition(store: StoreContext, date: string): Promise<EditionDeletion> {
  // The count first, then the placements: one placed after this read moves the count, and the delete fails.
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: editionKey(date), ConsistentRead: true }));
  if (!Item) return 'not_found';
  if (editionOf(Item).status !== 'open') return 'not_open';
  if ((await readEditionWithPlacements(store, date)).placements.length > 0) return 'not_empty';
  const made = Item[PLACEMENTS_MADE];
  try {
    await transactWrite(store, [
      {
        Delete: {
          TableName: store.tableName,
          Key: editionKey(date),
          ConditionExpression: `#status = :open AND ${typeof made === 'number' ? '#made = :made' : 'attribute_not_exists(#made)'}`,
          ExpressionAttributeNames: { '#status': 'status', '#made': PLACEMENTS_MADE },
          ExpressionAttributeValues: { ':open': 'open', ...(typeof made === 'number' ? { ':made': made } : {}) },
        },
      },
      { Delete: { TableName: store.tableName, Key: { pk: EDITION_LIST_PARTITION, sk: date } } },
    ]);
    return 'deleted';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    // A placement (or publication) came in between the reads and the delete.
    const current = await getEdition(store, date);
    return !current ? 'not_found' : current.status === 'open' ? 'not_empty' : 'not_open';
  }
}

/** One declaration of a placement: as read (approved), as placed (scheduled), its audit entry and what else it writes. */
export interface DeclarationPlacement {
  readonly declaration: StoredDeclaration;
  readonly scheduled: StoredDeclaration;
  readonly audit: AuditEntry;
  /** Written in the same transaction, after the placement's own items (e.g. outbox messages). */
  readonly additions: readonly TransactItem[];
}

export type PlaceOutcome =
  | { readonly kind: 'placed' }
  /** Declarations no longer approved at the version read (or already in one of the editions); nothing was written. */
  | { readonly kind: 'not_approved'; readonly ids: readonly string[] }
  /** An edition stopped taking placements (publication started); nothing was written. */
  | { readonly kind: 'edition_closed' }
  /** More than one transaction holds; nothing was written. `fits`: how many of these declarations one would hold. */
  | { readonly kind: 'too_many'; readonly fits: number };

/**
 * Places approved declarations into one or more open editions (a run over several days), all in one transaction:
 * each declaration becomes `scheduled` and each edition gets its placements, guarded by each declaration still
 * being the approved version read and each edition still being open (no placement slips into an edition that has
 * started publishing). Two editors placing overlapping declarations at once thus never split them: one request
 * places them all, the other none.
 */
export async function placeDeclarations(
  store: StoreContext,
  placements: readonly DeclarationPlacement[],
  dates: readonly string[],
  placedAt: string,
): Promise<PlaceOutcome> {
  const blocks = placements.map(({ declaration, scheduled, audit, additions }): TransactItem[] => [
    {
      Put: {
        TableName: store.tableName,
        Item: declarationItem(scheduled),
        ConditionExpression: '#status = :approved AND version = :version',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':approved': 'approved', ':version': declaration.version },
      },
    },
    ...dates.map(
      (date): TransactItem => ({
        Put: {
          TableName: store.tableName,
          Item: { ...placementKey(date, declaration.id), date, declarationId: declaration.id, placedAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
    ),
    auditItem(store, declaration.id, audit),
    ...additions,
  ]);
  const items = [...dates.map((date) => editionStillOpen(store, date, placements.length)), ...blocks.flat()];
  if (items.length > MAX_TRANSACTION_ITEMS) {
    const largest = Math.max(...blocks.map((block) => block.length));
    return { kind: 'too_many', fits: Math.floor((MAX_TRANSACTION_ITEMS - dates.length) / largest) };
  }
  try {
    await transactWrite(store, items);
    return { kind: 'placed' };
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (dates.some((_, index) => error.failedAt(index))) return { kind: 'edition_closed' };
    let offset = dates.length;
    const refused = placements.flatMap(({ declaration }, index) => {
      const block = blocks[index] ?? [];
      const failed = block.some((_, step) => error.failedAt(offset + step));
      offset += block.length;
      return failed ? [declaration.id] : [];
    });
    if (refused.length === 0) throw error;
    return { kind: 'not_approved', ids: refused };
  }
}

/** Places a correction into an open edition (one transaction: the edition must still be open). */
export async function placeCorrection(store: StoreContext, placement: Placement & { correction: CorrectionPlacement }): Promise<boolean> {
  try {
    await transactWrite(store, [
      editionStillOpen(store, placement.date),
      {
        Put: {
          TableName: store.tableName,
          Item: { ...placementKey(placement.date, placement.correction.id), ...placement },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
}

/**
 * Takes a correction (更正声明) out of an open edition, with the audit entry on the declaration it corrects, in one
 * transaction: only while the edition is open and the correction unpublished. False when either no longer holds.
 */
export async function unplaceCorrection(store: StoreContext, placement: Placement & { correction: CorrectionPlacement }, audit: AuditEntry): Promise<boolean> {
  try {
    await transactWrite(store, [
      editionStillOpen(store, placement.date),
      {
        Delete: {
          TableName: store.tableName,
          Key: placementKey(placement.date, placement.correction.id),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(publishedAt)',
        },
      },
      auditItem(store, placement.declarationId, audit),
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
}

/** Editions published at the same instant each retry once per other; this many is far beyond a newsroom's day. */
const MAX_ISSUE_ATTEMPTS = 10;

/**
 * Marks a frozen edition published with the next issue number, together with the count of published editions, in
 * one transaction: two editions published at once never share a number. False when it was not `publishing` (another
 * run finished it, keeping the number it took).
 */
export async function completeEdition(store: StoreContext, published: Edition): Promise<boolean> {
  for (let attempt = 0; ; attempt += 1) {
    const count = await publishedIssueCount(store);
    try {
      await transactWrite(store, [
        {
          Put: {
            TableName: store.tableName,
            Item: editionItem({ ...published, issueNo: count + 1 }),
            ConditionExpression: '#status = :publishing',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':publishing': 'publishing' },
          },
        },
        {
          Put: {
            TableName: store.tableName,
            Item: { ...ISSUE_COUNTER_KEY, published: count + 1 },
            ...(count === 0
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'published = :count', ExpressionAttributeValues: { ':count': count } }),
          },
        },
      ]);
      return true;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedAt(0)) return false;
      // Another edition took this number meanwhile: take the next.
      if (attempt >= MAX_ISSUE_ATTEMPTS) throw error;
    }
  }
}

/** Moves an edition from one status to the next, only from the expected one. False when it was not there. */
export async function moveEdition(store: StoreContext, edition: Edition, from: EditionStatus, next: Edition): Promise<boolean> {
  try {
    await store.client.send(
      new PutCommand({
        TableName: store.tableName,
        Item: editionItem(next),
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':from': from },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * Publishes one placement, all or nothing: the declaration becomes `published` (or, for a repeat run, is
 * checked to be published already), the public notice, its date listing and its lookup item (a keyed hash of
 * the number, never the number) are written, and the placement records its notice number. Says
 * `already_published` when another publisher got there first (which counts as done), and `declaration_changed`
 * when the declaration moved meanwhile (another edition of a multi-day run published it): read it again.
 * `additions` are other items that must be written in the same transaction (the transparency log's append, …);
 * `addition_failed` says one of their conditions failed and nothing was written.
 */
export async function publishPlacement(
  store: StoreContext,
  publication: {
    readonly placement: Placement;
    /** Absent for a correction, which changes no declaration. */
    readonly declaration: StoredDeclaration | undefined;
    readonly published: StoredDeclaration | undefined;
    readonly notice: PublicNotice;
    readonly numberHash: string | undefined;
    readonly publishedAt: string;
    readonly audit: AuditEntry;
    /** On a correction: the notice it corrects. */
    readonly correcting?: CorrectedNotice | undefined;
  },
  additions: readonly TransactItem[] = [],
): Promise<'published' | 'already_published' | 'declaration_changed' | 'addition_failed'> {
  const { placement, declaration, published, notice, numberHash, publishedAt, audit, correcting } = publication;
  const declarationStep: TransactItem | undefined = !declaration
    ? undefined
    : published
    ? {
        Put: {
          TableName: store.tableName,
          Item: declarationItem(published),
          ConditionExpression: '#status = :scheduled AND version = :version',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':scheduled': 'scheduled', ':version': declaration.version },
        },
      }
    : {
        ConditionCheck: {
          TableName: store.tableName,
          Key: declarationItemKey(declaration.id),
          ConditionExpression: '#status = :published',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':published': 'published' },
        },
      };
  const newItem = (key: Record<string, string>, attributes: Record<string, unknown>): TransactItem => ({
    Put: { TableName: store.tableName, Item: { ...key, ...attributes }, ConditionExpression: 'attribute_not_exists(pk)' },
  });
  const items: TransactItem[] = [
    {
      Update: {
        TableName: store.tableName,
        Key: placementKey(placement.date, slotIdOf(placement)),
        UpdateExpression: `SET noticeNo = :noticeNo, publishedAt = :publishedAt${notice.position ? ', #position = :position' : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(publishedAt)',
        ...(notice.position ? { ExpressionAttributeNames: { '#position': 'position' } } : {}),
        ExpressionAttributeValues: {
          ':noticeNo': notice.noticeNo,
          ':publishedAt': publishedAt,
          ...(notice.position ? { ':position': { ...notice.position } } : {}),
        },
      },
    },
    ...(declarationStep ? [declarationStep] : []),
    newItem(PUBLIC_KEYS.notice(notice.noticeNo), { ...notice }),
    newItem(PUBLIC_KEYS.dateListing(notice.publishedOn, notice.noticeNo), { ...notice }),
    ...(numberHash ? [appendToLookup(store, numberHash, notice, correcting)] : []),
    ...(correcting ? correctionLinks(store, notice, correcting, numberHash) : []),
    auditItem(store, placement.declarationId, audit),
  ];
  const own = items.length;
  try {
    await transactWrite(store, [...items, ...additions]);
    return 'published';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.failedAt(0)) return 'already_published';
    if (error.failedAt(1)) return 'declaration_changed';
    if (additions.some((_, i) => error.failedAt(own + i))) return 'addition_failed';
    throw error;
  }
}

/**
 * Adds a notice to its number's lookup item (made on the first notice). The placement's condition above makes a
 * repeated run fail before anything is written, so a notice is never appended twice.
 */
function appendToLookup(store: StoreContext, numberHash: string, notice: PublicNotice, correcting?: CorrectedNotice): TransactItem {
  // A correction of the number brings the original along (its text is the declaration) and links the two.
  const notices = correcting ? [{ ...correcting.original }, { ...notice }] : [{ ...notice }];
  return {
    Update: {
      TableName: store.tableName,
      Key: PUBLIC_KEYS.lookup(numberHash),
      UpdateExpression: `SET notices = list_append(if_not_exists(notices, :none), :notice)${correcting ? ', corrections = list_append(if_not_exists(corrections, :none), :link)' : ''}`,
      ExpressionAttributeValues: { ':none': [], ':notice': notices, ...(correcting ? { ':link': [correctionLink(notice)] } : {}) },
    },
  };
}

/** `{ noticeNo, correctsNoticeNo }`: what a lookup item keeps to say which of its notices a correction corrects. */
const correctionLink = (notice: PublicNotice) => ({ noticeNo: notice.noticeNo, correctsNoticeNo: notice.correctsNoticeNo });

/**
 * The original notice's links to its correction: an item in its own partition (the notice item itself never
 * changes, nor does its log entry) and, when the correction moved it to another number, its own lookup's link.
 */
function correctionLinks(store: StoreContext, notice: PublicNotice, correcting: CorrectedNotice, numberHash: string | undefined): TransactItem[] {
  const { originalNumberHash } = correcting;
  return [
    {
      Put: {
        TableName: store.tableName,
        Item: { ...PUBLIC_KEYS.correctionLink(correcting.original.noticeNo, notice.noticeNo), ...correctionLink(notice) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...(numberHash && originalNumberHash && originalNumberHash !== numberHash
      ? [
          {
            Update: {
              TableName: store.tableName,
              Key: PUBLIC_KEYS.lookup(originalNumberHash),
              UpdateExpression: 'SET corrections = list_append(if_not_exists(corrections, :none), :link)',
              ExpressionAttributeValues: { ':none': [], ':link': [correctionLink(notice)] },
            },
          },
        ]
      : []),
  ];
}

/**
 * Lists a day on which notices were published, for the public (newest-first browsing reads this partition),
 * with the count of notices listed under that day: counted, so two editions published on one day (one of them
 * late) and a resumed run both leave it right.
 */
export async function recordPublishedDate(store: StoreContext, date: string): Promise<void> {
  let noticeCount = 0;
  const pages = queryPages(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': PUBLIC_KEYS.dateListing(date, '').pk },
    Select: 'COUNT',
    ConsistentRead: true,
  });
  for await (const page of pages) noticeCount += page.Count ?? 0;
  await store.client.send(new PutCommand({ TableName: store.tableName, Item: { ...PUBLIC_KEYS.publishedDate(date), date, noticeCount } }));
}

/** A declaration's placement with the edition it is in. */
export interface PlacedIn {
  readonly edition: Edition;
  readonly placement: Placement;
}

/**
 * The editions dated `from` or later that hold a placement of the declaration (its own notice, not a correction
 * of it), earliest first, read consistently: the edition list partition, then each edition and its slot.
 */
export async function placementsOfDeclaration(store: StoreContext, declarationId: string, from: string): Promise<PlacedIn[]> {
  const dates: string[] = [];
  const pages = queryPages(store, {
    KeyConditionExpression: 'pk = :pk AND sk >= :from',
    ExpressionAttributeValues: { ':pk': EDITION_LIST_PARTITION, ':from': from },
    ConsistentRead: true,
  });
  for await (const page of pages) dates.push(...(page.Items ?? []).map((item) => String(item.date)));
  const items = await batchGetItems(store, dates.flatMap((date) => [editionKey(date), placementKey(date, declarationId)]));
  const editions = new Map(items.filter((item) => item.sk === 'EDITION').map((item) => [String(item.date), withoutKeys<Edition>(item)]));
  return items
    .filter((item) => item.sk !== 'EDITION')
    .map((item) => withoutKeys<Placement>(item))
    .flatMap((placement) => {
      const edition = editions.get(placement.date);
      return edition ? [{ edition, placement }] : [];
    })
    .sort((a, b) => a.placement.date.localeCompare(b.placement.date));
}

export type UnplaceOutcome = 'unplaced' | 'declaration_changed' | 'edition_closed';

/**
 * Takes a scheduled declaration out of the editions of `dates`, all or nothing: the declaration becomes `next`
 * (withdrawn, approved again, or still scheduled in its other editions) only if it is still the scheduled version
 * read, its uniqueness claim moves with it, each placement is deleted only while unpublished and its edition still
 * open, and the audit entry is written. Undoes exactly what placeDeclaration wrote, bar the audit trail and the
 * messages already sent. `declaration_changed`: read it again; `edition_closed`: an edition started publishing.
 */
export async function unplaceDeclaration(
  store: StoreContext,
  current: StoredDeclaration,
  next: StoredDeclaration,
  dates: readonly string[],
  audit: AuditEntry,
  /** Written in the same transaction, after the unplacement's own items (e.g. outbox messages). */
  additions: readonly TransactItem[] = [],
): Promise<UnplaceOutcome> {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: store.tableName,
        Item: declarationItem(next),
        ConditionExpression: '#status = :scheduled AND version = :version',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':scheduled': 'scheduled', ':version': current.version },
      },
    },
    ...dates.flatMap((date): TransactItem[] => [
      editionStillOpen(store, date),
      {
        Delete: {
          TableName: store.tableName,
          Key: placementKey(date, current.id),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(publishedAt)',
        },
      },
    ]),
    ...claimWrites(store, current, next),
    auditItem(store, current.id, audit),
    ...additions,
  ];
  try {
    await transactWrite(store, items);
    return 'unplaced';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    // Items: the declaration, then per date the edition's check and the placement's delete.
    return error.failedAt(0) || dates.some((_, i) => error.failedAt(2 + 2 * i)) ? 'declaration_changed' : 'edition_closed';
  }
}
