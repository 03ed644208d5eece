import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isEditionDate, isNoticeNumber } from '../domain/editions.js';
import { isNoticePosition } from '../domain/page-layout.js';
import { batchGetItems, type StoreContext } from './client.js';
import { InvalidCursor, type Page } from './declaration-store.js';
import type { PublicNotice } from './edition-store.js';
import { PUBLIC_KEYS } from './public-keys.js';

/**
 * Reads the public partitions (`PUB#…`) that publication writes (see edition-store.ts): the only code of the
 * verify function that knows their key shapes. It never reads anything else, matching the function's IAM policy.
 */

const datePartition = (date: string) => PUBLIC_KEYS.dateListing(date, '').pk;
const DATES_PARTITION = PUBLIC_KEYS.publishedDate('').pk;

export interface PublishedDate {
  readonly date: string;
  readonly noticeCount: number;
}

/**
 * The public fields only, whatever else an item holds. The text was masked once, when the notice was rendered
 * (filing, correction); publication copies it as it is, so the hot lookup path does not mask it again.
 */
function publicNotice(item: Record<string, unknown>): PublicNotice {
  const notice: PublicNotice = {
    noticeNo: String(item.noticeNo),
    kind: item.kind === 'void' ? 'void' : 'loss',
    documentType: String(item.documentType),
    publishedOn: String(item.publishedOn),
    text: String(item.text ?? ''),
  };
  return {
    ...notice,
    ...(typeof item.correctsNoticeNo === 'string' ? { correctsNoticeNo: item.correctsNoticeNo } : {}),
    ...(typeof item.logIndex === 'number' ? { logIndex: item.logIndex } : {}),
    ...(typeof item.editionDate === 'string' ? { editionDate: item.editionDate } : {}),
    ...(isNoticePosition(item.position) ? { position: { page: item.position.page, column: item.position.column, order: item.position.order } } : {}),
  };
}

/** A notice with the corrections listed for it among `links` (`{ noticeNo, correctsNoticeNo }`), if any. */
function withCorrections(notice: PublicNotice, links: readonly Record<string, unknown>[]): PublicNotice {
  const correctedBy = links.filter((link) => link.correctsNoticeNo === notice.noticeNo).map((link) => String(link.noticeNo));
  return correctedBy.length > 0 ? { ...notice, correctedBy: [...new Set(correctedBy)].sort() } : notice;
}

/**
 * The notices a lookup item holds, newest first, optionally of one document type, each once (a correction of the
 * number copies its original into the corrected number's item), each with the corrections the item links to it.
 */
function lookupNotices(item: Record<string, unknown> | undefined, documentType?: string): PublicNotice[] {
  const stored = Array.isArray(item?.notices) ? (item.notices as Record<string, unknown>[]) : [];
  const links = Array.isArray(item?.corrections) ? (item.corrections as Record<string, unknown>[]) : [];
  const notices = new Map(
    stored
      .filter((notice) => documentType === undefined || notice.documentType === documentType)
      .map((notice) => [String(notice.noticeNo), withCorrections(publicNotice(notice), links)]),
  );
  return [...notices.values()].sort((a, b) => (a.noticeNo < b.noticeNo ? 1 : -1));
}

/** Every published notice whose number has this keyed hash, newest first, optionally of one document type: one GetItem. */
export async function findNoticesByNumberHash(store: StoreContext, numberHash: string, documentType?: string): Promise<PublicNotice[]> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: PUBLIC_KEYS.lookup(numberHash) }));
  return lookupNotices(Item, documentType);
}

/** BatchGetItem takes at most 100 keys a request. */
export const MAX_BATCH_LOOKUPS = 100;

/** The notices of each hash (at most 100 distinct ones): one BatchGetItem (retried as batchGetItems does). */
export async function findNoticesByNumberHashes(store: StoreContext, numberHashes: readonly string[]): Promise<Map<string, PublicNotice[]>> {
  const distinct = [...new Set(numberHashes)];
  if (distinct.length > MAX_BATCH_LOOKUPS) throw new RangeError(`at most ${MAX_BATCH_LOOKUPS} lookups a batch`);
  const found = new Map<string, PublicNotice[]>(distinct.map((hash) => [hash, []]));
  const items = await batchGetItems(store, distinct.map((hash) => PUBLIC_KEYS.lookup(hash)), { consistentRead: false, projection: 'pk, notices, corrections' });
  for (const item of items) found.set(String(item.pk).slice(PUBLIC_KEYS.lookup('').pk.length), lookupNotices(item));
  return found;
}

/** A published notice with the corrections published for it: its partition, in one query. */
export async function getPublicNotice(store: StoreContext, noticeNo: string): Promise<PublicNotice | undefined> {
  const { pk, sk } = PUBLIC_KEYS.notice(noticeNo);
  const { Items = [] } = await store.client.send(
    new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
  );
  const item = Items.find((found) => found.sk === sk);
  return item ? withCorrections(publicNotice(item), Items.filter((found) => found.sk !== sk)) : undefined;
}

/** Published dates, newest first. */
export async function latestPublishedDates(store: StoreContext, limit: number, before?: string): Promise<PublishedDate[]> {
  const { Items = [] } = await store.client.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: before ? 'pk = :pk AND sk < :before' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': DATES_PARTITION, ...(before ? { ':before': before } : {}) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map((item) => ({ date: String(item.sk), noticeCount: Number(item.noticeCount ?? 0) }));
}

/**
 * Where a listing stopped: the day (Asia/Shanghai) being listed and the last notice handed out there. The day is
 * the one the notice became public, which is not its number's date when its edition was published late.
 */
interface ListingPosition {
  readonly date: string;
  readonly after: string;
}

function encodeCursor(position: ListingPosition): string {
  return Buffer.from(JSON.stringify({ date: position.date, after: position.after })).toString('base64url');
}

/**
 * Accepts only a cursor this module could have made (one without a day, from before days were kept, lists the
 * day its notice number names); anything else is the client's mistake (400).
 */
function decodeCursor(cursor: string, date: string | undefined): ListingPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  const fields = decoded !== null && typeof decoded === 'object' ? (decoded as Record<string, unknown>) : {};
  const { after } = fields;
  if (typeof after !== 'string' || !isNoticeNumber(after)) throw new InvalidCursor();
  const listed = fields.date ?? noticeDate(after);
  if (typeof listed !== 'string' || !isEditionDate(listed) || (date !== undefined && listed !== date)) throw new InvalidCursor();
  return { date: listed, after };
}

/** `20261123-0007` → `2026-11-23`. */
function noticeDate(noticeNo: string): string {
  return `${noticeNo.slice(0, 4)}-${noticeNo.slice(4, 6)}-${noticeNo.slice(6, 8)}`;
}

/** Up to `wanted` notices of one date after `after`, and whether the date holds more (one item read ahead). */
async function noticesOfDate(store: StoreContext, date: string, wanted: number, after?: string) {
  const { Items = [] } = await store.client.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': datePartition(date) },
      ScanIndexForward: false,
      Limit: wanted + 1,
      ...(after ? { ExclusiveStartKey: PUBLIC_KEYS.dateListing(date, after) } : {}),
    }),
  );
  return { notices: Items.slice(0, wanted).map(publicNotice), more: Items.length > wanted };
}

/**
 * Published notices, newest first: of one date when `date` is given, else across dates (walking the published
 * dates from the newest). The cursor is opaque to clients and checked on the way back in.
 */
export async function listPublishedNotices(
  store: StoreContext,
  options: { readonly date?: string; readonly limit: number; readonly cursor?: string },
): Promise<Page<PublicNotice>> {
  const position = options.cursor ? decodeCursor(options.cursor, options.date) : undefined;
  let date = position ? position.date : (options.date ?? (await latestPublishedDates(store, 1))[0]?.date);
  let after = position?.after;
  const notices: PublicNotice[] = [];
  while (date !== undefined) {
    const page = await noticesOfDate(store, date, options.limit - notices.length, after);
    notices.push(...page.notices);
    const last = notices.at(-1);
    const olderDate = options.date === undefined && !page.more ? (await latestPublishedDates(store, 1, date))[0]?.date : undefined;
    if (notices.length >= options.limit) {
      const more = page.more || olderDate !== undefined;
      // The last notice is this day's: the limit was reached while listing it.
      return { items: notices, ...(more && last ? { next: encodeCursor({ date, after: last.noticeNo }) } : {}) };
    }
    date = olderDate;
    after = undefined;
  }
  return { items: notices };
}
