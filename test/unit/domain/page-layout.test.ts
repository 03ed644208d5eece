import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLASSIFIED_PAGE,
  HEADING_LINES,
  NOTICE_GAP_LINES,
  SECTIONS,
  layOutPage,
  lineCount,
  positionLabel,
  textRuns,
  type LayoutBlock,
  type NoticePosition,
  type PageCapacity,
} from '../../../shared/domain/page-layout.js';

const capacities = fc.record({
  charsPerLine: fc.integer({ min: 4, max: 30 }),
  linesPerColumn: fc.integer({ min: 3, max: 100 }),
  columnsPerPage: fc.integer({ min: 1, max: 8 }),
});

/** Blocks in section order (as the service orders them), of any height including taller than a column. */
const blocks = fc
  .array(fc.record({ section: fc.constantFrom(...SECTIONS), lines: fc.integer({ min: 1, max: 120 }) }), { maxLength: 200 })
  .map((list) => [...list].sort((a, b) => SECTIONS.indexOf(a.section) - SECTIONS.indexOf(b.section)));

const rank = (position: NoticePosition, capacity: PageCapacity) => ((position.page - 1) * capacity.columnsPerPage + position.column - 1) * 1e6 + position.order;

describe('the page layout (fast-check)', () => {
  it('places every notice exactly once, in order, in columns that never overflow unless one notice is taller than a column', () => {
    fc.assert(
      fc.property(blocks, capacities, (list: LayoutBlock[], capacity) => {
        const positions = layOutPage(list, capacity);
        expect(positions).toHaveLength(list.length);
        // Exactly once: no two notices share a place.
        expect(new Set(positions.map((p) => `${p.page}/${p.column}/${p.order}`)).size).toBe(list.length);
        // Order preserved: each notice comes after the one before it.
        for (let i = 1; i < positions.length; i += 1) {
          expect(rank(positions[i] as NoticePosition, capacity)).toBeGreaterThan(rank(positions[i - 1] as NoticePosition, capacity));
        }
        const columns = new Map<string, number[]>();
        positions.forEach((position, index) => {
          expect(position.column).toBeGreaterThanOrEqual(1);
          expect(position.column).toBeLessThanOrEqual(capacity.columnsPerPage);
          const key = `${position.page}/${position.column}`;
          columns.set(key, [...(columns.get(key) ?? []), index]);
        });
        for (const indexes of columns.values()) {
          // Orders in a column run 1, 2, 3…
          expect(indexes.map((index) => positions[index]?.order)).toEqual(indexes.map((_, i) => i + 1));
          const heights = indexes.map((index) => {
            const block = list[index] as LayoutBlock;
            return block.lines + (list[index - 1]?.section === block.section ? 0 : HEADING_LINES);
          });
          const used = heights.reduce((sum, height) => sum + height, 0) + NOTICE_GAP_LINES * (heights.length - 1);
          if (used > capacity.linesPerColumn) expect(heights).toHaveLength(1);
        }
      }),
    );
  });

  it('is stable: the same notices always get the same positions', () => {
    fc.assert(
      fc.property(blocks, capacities, (list, capacity) => {
        expect(layOutPage(list, capacity)).toEqual(layOutPage([...list], capacity));
      }),
    );
  });

  it('fills a column before starting the next, and the next page after the last column', () => {
    const capacity = { charsPerLine: 10, linesPerColumn: 10, columnsPerPage: 2 };
    const positions = layOutPage(
      Array.from({ length: 6 }, () => ({ section: 'loss' as const, lines: 3 })),
      capacity,
    );
    // Heading 2 + 3 + ½ + 3 = 8.5 of 10: the third (3 more) goes to column 2, which holds three; the sixth to page 2.
    expect(positions).toEqual([
      { page: 1, column: 1, order: 1 },
      { page: 1, column: 1, order: 2 },
      { page: 1, column: 2, order: 1 },
      { page: 1, column: 2, order: 2 },
      { page: 1, column: 2, order: 3 },
      { page: 2, column: 1, order: 1 },
    ]);
    expect(layOutPage([{ section: 'loss', lines: 30 }, { section: 'void', lines: 1 }], capacity)).toEqual([
      { page: 1, column: 1, order: 1 },
      { page: 1, column: 2, order: 1 },
    ]);
  });
});

describe('line estimates', () => {
  it('keeps numbers and Latin runs whole, and the runs join back into the text', () => {
    const text = '张三遗失医师执业证书，证书编码：110370100012345，声明作废。鲁A·12345号';
    const runs = textRuns(text);
    expect(runs.map((run) => run.text).join('')).toBe(text);
    expect(runs.filter((run) => run.unbreakable).map((run) => run.text)).toEqual(['110370100012345', 'A·12345']);
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'张三，：0123456789AB-*·。 ') }), (any) => {
        expect(textRuns(any).map((run) => run.text).join('')).toBe(any);
      }),
    );
  });

  it('counts a number that does not fit on the rest of a line as starting the next, and never starts a line with a comma', () => {
    // 10 characters, then a 15-digit number (15 × 0.56 = 8.4 wide): it does not fit after them in a 13-wide line.
    expect(lineCount('一二三四五六七八九十110370100012345', 13)).toBe(2);
    expect(lineCount('一二三四五六七八九十一二三', 13)).toBe(1);
    // The comma cannot open line 2, so it takes the character before it along.
    expect(lineCount('一二三四五六七八九十一二三，', 13)).toBe(2);
    expect(lineCount('', 13)).toBe(1);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'张三，：0123456789AB') , maxLength: 300 }), fc.integer({ min: 4, max: 30 }), (any, width) => {
        const lines = lineCount(any, width);
        expect(lines).toBeGreaterThanOrEqual(1);
        // Never fewer lines than the text's width needs.
        expect(lines).toBeGreaterThanOrEqual(Math.ceil(Array.from(any).length * 0.56 / width));
      }),
    );
  });

  it('labels a position as newspapers cite it', () => {
    expect(positionLabel({ page: 1, column: 3, order: 2 })).toBe('第1版 第3栏 第2条');
    expect(positionLabel({ page: 2, column: 1, order: 7 }, 'en')).toBe('page 2, column 1, item 7');
    expect(CLASSIFIED_PAGE.columnsPerPage).toBeGreaterThan(1);
  });
});
