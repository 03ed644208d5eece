import { InvalidInput } from './errors.js';
import type { FieldError } from './localized.js';
import { isRecordId } from './record-ids.js';

/**
 * Edition dates and times. Editions are dated in Asia/Shanghai (UTC+8 all year, no daylight saving), so the
 * arithmetic is a fixed offset.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Default cut-off: placements close at 15:00 the day before the edition. */
export const DEFAULT_CUTOFF_HOUR = 15;
/** The scheduled publisher publishes an edition from 06:00 on its date. */
export const DEFAULT_PUBLISH_HOUR = 6;

/** Today's date in Asia/Shanghai. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as people in China read it: `YYYY-MM-DD HH:mm`, Asia/Shanghai. */
export function shanghaiDateTime(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** A real calendar date written YYYY-MM-DD. */
export function isEditionDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** The instant of `hour`:00 Asia/Shanghai on `date` plus `dayOffset` days, as ISO 8601 with the +08:00 offset. */
export function shanghaiTime(date: string, hour: number, dayOffset = 0): string {
  const local = new Date(Date.parse(`${date}T00:00:00Z`) + dayOffset * DAY_MS + hour * 60 * 60 * 1000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `20261123-0007`: the edition date and the notice's place in it, gap-free from 1. */
export function noticeNumber(date: string, position: number): string {
  return `${date.replaceAll('-', '')}-${String(position).padStart(4, '0')}`;
}

export function isNoticeNumber(value: string): boolean {
  return /^\d{8}-\d{4}$/.test(value);
}

/** Where an edition stands for editors: not opened yet, taking notices, past its cut-off, or published. */
export type EditionState = 'upcoming' | 'open' | 'closed' | 'published';

export function editionState(edition: { status: string; cutoffAt: string } | undefined, now: Date): EditionState {
  if (!edition) return 'upcoming';
  if (edition.status === 'published') return 'published';
  return edition.status === 'open' && Date.parse(edition.cutoffAt) > now.getTime() ? 'open' : 'closed';
}

/** The earliest edition date whose cut-off (15:00 the day before, Asia/Shanghai) has not passed at `now`. */
export function nextOpenEditionDate(now: Date): string {
  const tomorrow = addDays(shanghaiDate(now), 1);
  return Date.parse(shanghaiTime(tomorrow, DEFAULT_CUTOFF_HOUR, -1)) > now.getTime() ? tomorrow : addDays(tomorrow, 1);
}

/**
 * How far ahead an edition may be opened: 366 days, so the same date next year can be opened in a leap year too
 * (notices booked a year ahead). Further out is a typo, and would become the desk's default edition.
 */
export const MAX_EDITION_DAYS_AHEAD = 366;

/** The dates an edition may be opened for at `now`: from today (Asia/Shanghai) to MAX_EDITION_DAYS_AHEAD days ahead. */
export function editionDateWindow(now: Date): { readonly earliest: string; readonly latest: string } {
  const today = shanghaiDate(now);
  return { earliest: today, latest: addDays(today, MAX_EDITION_DAYS_AHEAD) };
}

/** Why an edition cannot be opened for `date` at `now` (field `date`), or undefined when it can. */
export function editionDateError(date: string, now: Date): FieldError | undefined {
  const { earliest, latest } = editionDateWindow(now);
  if (date >= earliest && date <= latest) return undefined;
  return {
    path: 'date',
    message: {
      'zh-CN': `版面日期须在今天（北京时间 ${earliest}）至 ${latest}（${MAX_EDITION_DAYS_AHEAD} 天内）之间。`,
      en: `The edition date must be from today (${earliest}, Asia/Shanghai) to ${latest} (within ${MAX_EDITION_DAYS_AHEAD} days).`,
    },
  };
}

/** At most this many declarations are placed by one request. */
export const MAX_PLACEMENT_IDS = 100;
/** A placement runs a notice in at most this many consecutive editions (`days`). */
export const MAX_RUN_DAYS = 5;

/**
 * The declaration ids of a placement request (the API's `ids`, the console's ticked boxes), as given (placement
 * places a repeated id once). Refused with every reason (InvalidInput): `ids` for the list as a whole, `ids[i]` for
 * an item that is not a declaration id, checked before any id reaches a key.
 */
export function placementIds(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PLACEMENT_IDS) {
    throw new InvalidInput([
      { path: 'ids', message: { 'zh-CN': `ids 须为 1 到 ${MAX_PLACEMENT_IDS} 个声明编号。`, en: `ids must list 1 to ${MAX_PLACEMENT_IDS} declaration ids.` } },
    ]);
  }
  const errors = value.flatMap((id: unknown, index): FieldError[] =>
    isRecordId(id) ? [] : [{ path: `ids[${index}]`, message: { 'zh-CN': `ids[${index}] 不是声明编号。`, en: `ids[${index}] is not a declaration id.` } }],
  );
  if (errors.length > 0) throw new InvalidInput(errors);
  return value as string[];
}
