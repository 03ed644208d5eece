import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BUNDLE_COLUMNS, BundleTooLarge, InvalidBundle, columnForHeader, jsonRows, rowInput, sheetRows, templateHeader } from '../../../shared/domain/bundle.js';
import { csvRows, decodeCsv, sheetFormat, xlsxRows } from '../../../shared/domain/bundle-sheet.js';
import { declarationInputSchema } from '../../../shared/domain/declaration.js';

const HEADER = '声明类型,声明人类型,声明人,证件类型,证件号码,联系电话';
const ROW = '遗失,个人,张三,医师执业证书,110370100012345,13812345678';

type Problems = { row: number; field: string }[];

function problemsOf(error: unknown): Problems {
  if (error instanceof InvalidBundle) return error.errors.map(({ row, field }) => ({ row, field }));
  throw error;
}

function problems(run: () => unknown): Problems {
  try {
    run();
  } catch (error) {
    return problemsOf(error);
  }
  throw new Error('no problem reported');
}

async function problemsAwaited(run: () => Promise<unknown>): Promise<Problems> {
  try {
    await run();
  } catch (error) {
    return problemsOf(error);
  }
  throw new Error('no problem reported');
}

describe('decodeCsv', () => {
  it('takes UTF-8 with a BOM as UTF-8 and drops the BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(HEADER)]);
    expect(decodeCsv(bytes)).toEqual({ text: HEADER, encoding: 'utf-8' });
  });

  it('takes valid UTF-8 without a BOM as UTF-8', () => {
    expect(decodeCsv(new TextEncoder().encode(`${HEADER}\n${ROW}`))).toEqual({ text: `${HEADER}\n${ROW}`, encoding: 'utf-8' });
  });

  it('takes bytes that are not UTF-8 as GBK, as Excel in China saves CSV', () => {
    const gbk = new Uint8Array(iconv.encode(`${HEADER}\r\n${ROW}`, 'gbk'));
    expect(decodeCsv(gbk)).toEqual({ text: `${HEADER}\r\n${ROW}`, encoding: 'gbk' });
  });

  it('decodes rarer characters of names (GBK beyond GB2312) and a declared GB charset', () => {
    const names = '喆 堃 玥 旻 赟';
    const gbk = new Uint8Array(iconv.encode(names, 'gbk'));
    expect(decodeCsv(gbk).text).toBe(names);
    expect(decodeCsv(gbk, 'text/csv; charset=GB2312')).toEqual({ text: names, encoding: 'gbk' });
  });

  it('takes ASCII as UTF-8 (it is both)', () => {
    expect(decodeCsv(new TextEncoder().encode('kind,document.number'))).toMatchObject({ encoding: 'utf-8' });
  });

  it('refuses bytes that are neither UTF-8 nor GBK', () => {
    // 0x80 alone and 0xFF are not GBK lead bytes, and not UTF-8 either.
    expect(problems(() => decodeCsv(new Uint8Array([0x61, 0xff, 0x80, 0xff])))).toEqual([{ row: 0, field: '' }]);
  });
});

describe('sheetFormat', () => {
  it('knows an XLSX by its zip signature whatever its label, and CSV otherwise', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]);
    expect(sheetFormat('application/octet-stream', zip)).toBe('xlsx');
    expect(sheetFormat('text/csv', zip)).toBe('xlsx');
    expect(sheetFormat('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=x.xlsx', new Uint8Array([1]))).toBe('xlsx');
    expect(sheetFormat('text/csv; charset=gbk', new TextEncoder().encode('a,b'))).toBe('csv');
  });
});

describe('csvRows', () => {
  it('maps Chinese headers and words to the JSON body, numbering rows as the sheet does', async () => {
    const rows = await csvRows(`${HEADER}\r\n${ROW}\r\n\r\n${ROW}`);
    expect(rows.map((row) => row.row)).toEqual([2, 4]);
    expect(rows[0]?.input).toEqual({
      kind: 'loss',
      declarant: { type: 'person', name: '张三' },
      document: { type: 'physician_practicing_certificate', number: '110370100012345' },
      contact: { phone: '13812345678' },
    });
  });

  it('takes field paths as headers, quoted cells with commas and line breaks, and semicolons as Excel writes them in some locales', async () => {
    const rows = await csvRows('kind;statement;document.count;document.blank;attachments\nvoid;"a; b\nc";3;是;"id1, id2"');
    expect(rows[0]?.input).toEqual({ kind: 'void', statement: 'a; b\nc', document: { count: 3, blank: true }, attachments: ['id1', 'id2'] });
  });

  it('keeps cells it cannot convert as typed, for the validator to name', async () => {
    expect((await csvRows('document.count,kind\nmany,stolen'))[0]?.input).toEqual({ document: { count: 'many' }, kind: 'stolen' });
  });

  it('names unknown and repeated headers and rows wider than the header', async () => {
    expect(await problemsAwaited(() => csvRows('kind,colour,证件号码,document.number\nloss,red,1,2,extra'))).toEqual([
      { row: 1, field: 'colour' },
      { row: 1, field: 'document.number' },
      { row: 2, field: '' },
    ]);
  });

  it('refuses a header alone, a malformed file and more than 1,000 rows', async () => {
    expect(await problemsAwaited(() => csvRows(HEADER))).toEqual([{ row: 0, field: '' }]);
    expect(await problemsAwaited(() => csvRows('kind,statement\nloss,"never closed'))).toEqual([{ row: 0, field: '' }]);
    await expect(csvRows([HEADER, ...Array.from({ length: 1001 }, () => ROW)].join('\n'))).rejects.toThrow(BundleTooLarge);
  });
});

describe('xlsxRows', () => {
  it('reads the first sheet: text, numbers, dates, rich text and formulas as the cells show them', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('声明');
    sheet.addRow(['声明类型', '声明人', '遗失或作废日期', 'document.count', '证件号码']);
    sheet.addRow(['作废', { richText: [{ text: '张' }, { text: '三' }] }, new Date('2026-01-05T00:00:00Z'), 2, { formula: '"A"&"1"', result: 'A1' }]);
    sheet.addRow([]);
    sheet.addRow(['遗失', '李四']);
    const rows = await xlsxRows(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(rows.map((row) => row.row)).toEqual([2, 4]);
    expect(rows[0]?.input).toEqual({ kind: 'void', declarant: { name: '张三' }, lostOn: '2026-01-05', document: { count: 2, number: 'A1' } });
  });

  it('refuses a file that is not a workbook', async () => {
    await expect(xlsxRows(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]))).rejects.toBeInstanceOf(InvalidBundle);
  });
});

describe('columns', () => {
  it('cover every field of the declaration body, each under one header', () => {
    const shape = declarationInputSchema().shape;
    const documentFields = Object.keys(shape.document.shape).map((name) => `document.${name}`);
    const paths = BUNDLE_COLUMNS.map((column) => column.path);
    expect(paths).toEqual(expect.arrayContaining([...documentFields, 'kind', 'declarant.type', 'declarant.name', 'lostOn', 'statement', 'contact.phone', 'contact.email']));
    expect(new Set(templateHeader()).size).toBe(BUNDLE_COLUMNS.length);
    expect(columnForHeader(' Document.Number ')?.path).toBe('document.number');
    expect(columnForHeader('证件号码')?.path).toBe('document.number');
  });

  it('find every header of the template, as written and in its other width (full-width brackets, ASCII ones)', () => {
    const fold = (header: string) => header.replace(/[（）]/g, (bracket) => (bracket === '（' ? '(' : ')'));
    BUNDLE_COLUMNS.forEach((column, index) => {
      const header = templateHeader()[index] ?? '';
      expect(columnForHeader(header)?.path, header).toBe(column.path);
      expect(columnForHeader(fold(header))?.path, fold(header)).toBe(column.path);
      expect(columnForHeader(column.header.en.toUpperCase())?.path, column.header.en).toBe(column.path);
    });
    expect(() => sheetRows(templateHeader(), [{ sheetRow: 2, cells: ['遗失'] }])).not.toThrow();
  });

  it('read empty cells as absent and leave no group behind', () => {
    expect(rowInput(BUNDLE_COLUMNS.slice(0, 3), ['loss', '', ''])).toEqual({ kind: 'loss' });
  });

  it('number JSON rows from 1 and refuse anything but a non-empty array', () => {
    expect(jsonRows([{}, {}]).map((row) => row.row)).toEqual([1, 2]);
    expect(problems(() => jsonRows({ rows: [] }))).toEqual([{ row: 0, field: '' }]);
    expect(problems(() => jsonRows([]))).toEqual([{ row: 0, field: '' }]);
    expect(() => sheetRows(['kind'], Array.from({ length: 1001 }, (_, index) => ({ sheetRow: index + 2, cells: ['loss'] })))).toThrow(BundleTooLarge);
  });
});
