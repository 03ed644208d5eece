import {
  DEFAULT_CUTOFF_HOUR,
  DEFAULT_PUBLISH_HOUR,
  addDays,
  editionDateWindow,
  editionState,
  nextOpenEditionDate,
  shanghaiTime,
  type EditionState,
} from '../domain/editions.js';
import type { StoreContext } from '../store/client.js';
import { firstOpenEdition, listEditions } from '../store/edition-store.js';

export interface EditionListEntry {
  readonly date: string;
  readonly state: EditionState;
  /** Asia/Shanghai, ISO 8601 with offset. */
  readonly cutoffAt: string;
  readonly publishAt: string;
  /** Notices placed (before publication) or published. */
  readonly noticeCount: number;
  readonly publishedAt?: string;
}

export interface EditionList {
  readonly items: readonly EditionListEntry[];
  readonly next?: string;
  /**
   * The edition new placements go to by default: the earliest opened one still before its cut-off (within the dates
   * an edition may be opened for), else the first date whose cut-off is ahead, not opened yet.
   */
  readonly nextOpen: { readonly date: string; readonly cutoffAt: string; readonly exists: boolean };
  readonly counts: Readonly<Record<EditionState, number>>;
}

/** Days ahead for which the first page lists editions not opened yet, so an editor sees the week to come. */
const UPCOMING_DAYS = 7;
const PAGE_SIZE = 30;

/** The editions an editor works with: the week ahead (opened or not), then every edition, newest first. */
export async function editionList(context: { store: StoreContext; now: () => Date }, options: { before?: string } = {}): Promise<EditionList> {
  const now = context.now();
  const first = nextOpenEditionDate(now);
  // Looked up in date order on its own: the page is newest first, so editions far ahead could fill it.
  const [page, open] = await Promise.all([
    listEditions(context.store, { limit: PAGE_SIZE, ...(options.before ? { before: options.before } : {}) }),
    firstOpenEdition(context.store, { from: first, to: editionDateWindow(now).latest }, now),
  ]);
  const existing: EditionListEntry[] = page.items.map(({ edition, placed }) => ({
    date: edition.date,
    state: editionState(edition, now),
    cutoffAt: edition.cutoffAt,
    publishAt: edition.publishAt,
    noticeCount: edition.noticeCount ?? placed,
    ...(edition.publishedAt ? { publishedAt: edition.publishedAt } : {}),
  }));
  const known = new Set(existing.map((entry) => entry.date));
  const upcoming: EditionListEntry[] = options.before
    ? []
    : Array.from({ length: UPCOMING_DAYS }, (_, offset) => addDays(first, offset))
        .filter((date) => !known.has(date))
        .map((date) => ({
          date,
          state: 'upcoming' as const,
          cutoffAt: shanghaiTime(date, DEFAULT_CUTOFF_HOUR, -1),
          publishAt: shanghaiTime(date, DEFAULT_PUBLISH_HOUR),
          noticeCount: 0,
        }));
  const items = [...upcoming, ...existing].sort((a, b) => b.date.localeCompare(a.date));
  const counts: Record<EditionState, number> = { upcoming: 0, open: 0, closed: 0, published: 0 };
  for (const entry of items) counts[entry.state] += 1;
  return {
    items,
    ...(page.next ? { next: page.next } : {}),
    nextOpen: open
      ? { date: open.date, cutoffAt: open.cutoffAt, exists: true }
      : { date: first, cutoffAt: shanghaiTime(first, DEFAULT_CUTOFF_HOUR, -1), exists: false },
    counts,
  };
}
