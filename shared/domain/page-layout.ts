import type { Locale } from './localized.js';

/**
 * How an edition is set on the classified page: notices in print order fill fixed columns top to bottom, then
 * the next column, then the next page. The position each notice gets (page, column, order in the column) is
 * computed once, at publication, and printed on its proof of publication; the print page sets the same columns.
 */

/** Where a notice stands in its edition: 第 page 版, 第 column 栏, the order-th notice of that column. */
export interface NoticePosition {
  readonly page: number;
  readonly column: number;
  readonly order: number;
}

export interface PageCapacity {
  /** Full-width characters a column line holds (digits and Latin count less: see {@link textWidth}). */
  readonly charsPerLine: number;
  readonly linesPerColumn: number;
  readonly columnsPerPage: number;
}

/** A 4开 (A3) classified page: six columns of 13 characters, 76 lines each, at 9 pt. */
export const CLASSIFIED_PAGE: PageCapacity = { charsPerLine: 13, linesPerColumn: 76, columnsPerPage: 6 };

/** A section heading (遗失声明, …) takes two lines; each notice is followed by half a line of space. */
export const HEADING_LINES = 2;
export const NOTICE_GAP_LINES = 0.5;

export type Section = 'loss' | 'void' | 'correction';
/** Sections in the order a page prints them. */
export const SECTIONS: readonly Section[] = ['loss', 'void', 'correction'];
export const SECTION_TITLES: Readonly<Record<Section, string>> = { loss: '遗失声明', void: '作废声明', correction: '更正声明' };

export function sectionOf(notice: { kind: 'loss' | 'void'; correction: boolean }): Section {
  return notice.correction ? 'correction' : notice.kind;
}

/** A piece of notice text: a number or Latin run, which is never split across lines, or other text. */
export interface TextRun {
  readonly text: string;
  readonly unbreakable: boolean;
}

/** Digits, Latin letters and the marks inside numbers (`-` `.` `/` `·` and the mask's `*`), starting and ending on an alphanumeric or `*`. */
const NUMBER_RUN = /[0-9A-Za-z*](?:[0-9A-Za-z*\-./·]*[0-9A-Za-z*])?/gu;

/** The text split into number runs and the text between them, in order; joined they are the text. */
export function textRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let last = 0;
  for (const match of text.matchAll(NUMBER_RUN)) {
    if (match.index > last) runs.push({ text: text.slice(last, match.index), unbreakable: false });
    runs.push({ text: match[0], unbreakable: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last), unbreakable: false });
  return runs;
}

/** Marks a line may not start with (line-break: strict), and marks it may not end with. */
const NO_LINE_START = new Set([...'，。、；：！？）」』》〉】”’…—·,.;:!?)']);
const NO_LINE_END = new Set([...'（「『《〈【“‘(']);

/**
 * Advance widths in full-width units (1 = one CJK character), a little over a CJK font's own (digits 0.55,
 * capitals up to 0.9, narrow marks 0.3), so an estimated column never overfills the printed one.
 */
function charWidth(char: string): number {
  if (/[0-9*]/u.test(char)) return 0.56;
  if (/[A-Z]/u.test(char)) return 0.72;
  if (/[a-z]/u.test(char)) return 0.6;
  return /[\u0020-\u007e·]/u.test(char) ? 0.4 : 1;
}

/** The text's width in full-width units. */
export function textWidth(text: string): number {
  return Array.from(text).reduce((sum, char) => sum + charWidth(char), 0);
}

/**
 * The pieces a line can break between: each number run whole, each other character alone, with closing marks
 * glued to what precedes them and opening marks to what follows (as a browser breaks CJK with line-break: strict).
 */
function breakUnits(text: string): number[] {
  const units: string[] = [];
  let openers = '';
  for (const run of textRuns(text)) {
    for (const piece of run.unbreakable ? [run.text] : Array.from(run.text)) {
      if (NO_LINE_END.has(piece)) openers += piece;
      else if (NO_LINE_START.has(piece) && units.length > 0 && openers === '') units[units.length - 1] += piece;
      else {
        units.push(openers + piece);
        openers = '';
      }
    }
  }
  if (openers !== '') units.push(openers);
  return units.map(textWidth);
}

/** Lines the text takes in a column `charsPerLine` wide, filled greedily; a unit wider than a line takes what it needs. */
export function lineCount(text: string, charsPerLine: number): number {
  let lines = 1;
  let used = 0;
  for (const unit of breakUnits(text)) {
    if (used > 0 && used + unit > charsPerLine) {
      lines += 1;
      used = 0;
    }
    const extra = Math.max(0, Math.ceil(unit / charsPerLine) - 1);
    lines += extra;
    used = extra > 0 ? unit - extra * charsPerLine : used + unit;
  }
  return lines;
}

/** One notice to set: its section (a heading precedes the first of each) and the lines its text takes. */
export interface LayoutBlock {
  readonly section: Section;
  readonly lines: number;
}

/**
 * Places blocks in order: each goes at the foot of the current column if it fits there (with its section's
 * heading when the section changes), else at the top of the next column, the next page after the last column.
 * A block taller than a column stands alone in one and runs over it.
 */
export function layOutPage(blocks: readonly LayoutBlock[], capacity: PageCapacity): NoticePosition[] {
  const positions: NoticePosition[] = [];
  let page = 1;
  let column = 1;
  let order = 0;
  let used = 0;
  let section: Section | undefined;
  for (const block of blocks) {
    const height = (block.section === section ? 0 : HEADING_LINES) + block.lines;
    if (order > 0 && used + height > capacity.linesPerColumn) {
      column += 1;
      if (column > capacity.columnsPerPage) {
        page += 1;
        column = 1;
      }
      order = 0;
      used = 0;
    }
    order += 1;
    used += height + NOTICE_GAP_LINES;
    section = block.section;
    positions.push({ page, column, order });
  }
  return positions;
}

/** `第1版 第3栏 第2条`; in English `page 1, column 3, item 2`. */
export function positionLabel(position: NoticePosition, locale: Locale = 'zh-CN'): string {
  return locale === 'zh-CN'
    ? `第${position.page}版 第${position.column}栏 第${position.order}条`
    : `page ${position.page}, column ${position.column}, item ${position.order}`;
}

export function isNoticePosition(value: unknown): value is NoticePosition {
  if (value === null || typeof value !== 'object') return false;
  const { page, column, order } = value as Record<string, unknown>;
  return [page, column, order].every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 1);
}
