import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verificationLogCsv, type LoggedLookup } from '../../../shared/domain/api-keys.js';

const FORMULA_START = ['=', '+', '-', '@', '\t', '\r'];

function rowsOf(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return parse(csv.slice(1), { relaxQuotes: false }) as string[][];
}

describe('the verification log as CSV', () => {
  it('reads back field for field, no cell reading as a spreadsheet formula (one that would gets a leading apostrophe)', () => {
    const field = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', 'Z', '9', '-', '_', '=', '+', '@', ',', '"', '\t', '\r', '\n', ' ', '.') });
    const lookup = fc.record({ at: field, requestId: field, numberHash: field, status: field, noticeNumbers: fc.array(field, { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(lookup, { minLength: 1, maxLength: 5 }), (lines: LoggedLookup[]) => {
        const [header, ...rows] = rowsOf(verificationLogCsv(lines));
        expect(header).toEqual(['at', 'request_id', 'number_hash', 'status', 'notice_numbers']);
        expect(rows).toHaveLength(lines.length);
        rows.forEach((cells, index) => {
          const line = lines[index] as LoggedLookup;
          const expected = [line.at, line.requestId, line.numberHash, line.status, line.noticeNumbers.join(' ')];
          cells.forEach((cell, column) => {
            const value = expected[column] ?? '';
            expect(FORMULA_START.some((start) => cell.startsWith(start)), JSON.stringify(cell)).toBe(false);
            expect(cell).toBe(FORMULA_START.some((start) => value.startsWith(start)) ? `'${value}` : value);
          });
        });
      }),
    );
  });

  it('leaves a plain line as it is: instants, ids, hashes that start with a letter, notice numbers', () => {
    const line = { at: '2026-12-03T08:00:00.000Z', requestId: 'req.1', numberHash: 'Ab_-9', status: 'declared_void', noticeNumbers: ['2026-12-03-001', '2026-12-03-002'] };
    expect(verificationLogCsv([line])).toBe(
      '\uFEFFat,request_id,number_hash,status,notice_numbers\r\n2026-12-03T08:00:00.000Z,req.1,Ab_-9,declared_void,2026-12-03-001 2026-12-03-002\r\n',
    );
    expect(rowsOf(verificationLogCsv([{ ...line, numberHash: '-Ab_9' }]))[1]?.[2]).toBe("'-Ab_9");
  });
});
