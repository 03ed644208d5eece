/** Calendar dates as `YYYY-MM-DD` strings; no clock is read here, callers pass `today`. */

import type { Locale } from './localized.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (monthDays[month - 1] ?? 0);
}

/** The parts of a real `YYYY-MM-DD` date, or undefined. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

/** The parts of a real `YYYY-MM` month, or undefined. */
export function parseIsoMonth(value: string): { year: number; month: number } | undefined {
  const match = ISO_MONTH.exec(value);
  if (!match) return undefined;
  const [year, month] = [Number(match[1]), Number(match[2])];
  return month >= 1 && month <= 12 ? { year, month } : undefined;
}

/** `today` must be a real `YYYY-MM-DD`; a bad one is a programming error, not a citizen's. */
export function assertIsoDate(today: string): void {
  if (!parseIsoDate(today)) throw new RangeError(`today must be a real YYYY-MM-DD date, got ${JSON.stringify(today)}`);
}

/** `2024-03-01` → `2024年3月1日`, `2024-03` → `2024年3月` (newspaper style: no leading zeros). */
export function chineseDate(value: string): string {
  const date = parseIsoDate(value);
  if (date) return `${date.year}年${date.month}月${date.day}日`;
  const month = parseIsoMonth(value);
  if (month) return `${month.year}年${month.month}月`;
  return value;
}

/** A date as a page in `locale` shows it: newspaper style in Chinese, `YYYY-MM-DD` in English. */
export function localizedDate(value: string, locale: Locale): string {
  return locale === 'zh-CN' ? chineseDate(value) : value;
}
