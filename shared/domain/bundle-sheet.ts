/**
 * Reading a bundle sheet (pure: bytes in, rows out). CSV comes as Excel saves it: UTF-8 with or without a BOM,
 * or, from Excel in China ("CSV (逗号分隔)"), GBK, decoded as GB18030, the superset of GBK that WHATWG's
 * `gbk` label names (Node's TextDecoder with its full ICU); decodeCsv says which when the bytes could be either. XLSX is read with exceljs, imported
 * only when an XLSX arrives: it is a large library the CSV and JSON paths never load. csv-parse likewise, when a
 * CSV arrives (30 KiB the function's cold start need not parse: agencies send JSON too).
 */
import type { CellValue } from 'exceljs';
import { checkXlsxInflation } from './xlsx-inflation.js';
import { BundleTooLarge, MAX_BUNDLE_ROWS, XLSX_MEDIA_TYPE, fileProblem, sheetRows, type BundleRow, type SheetCell } from './bundle.js';

export type SheetFormat = 'csv' | 'xlsx';
export type TextEncodingName = 'utf-8' | 'gbk';

/** Media types a bundle sheet may be sent as (Windows names CSV files `application/vnd.ms-excel`). */
export const SHEET_MEDIA_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream', XLSX_MEDIA_TYPE] as const;
const GB_CHARSETS = new Set(['gbk', 'gb2312', 'gb18030', 'cp936', 'x-gbk']);
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function mediaType(contentType: string | undefined): { type: string; charset?: string } {
  const [type = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return { type, ...(charset ? { charset } : {}) };
}

/**
 * The sheet format of a body the app took as a sheet (a CSV media type, XLSX's, or `application/octet-stream`,
 * which some upload tools send): an XLSX is a zip file (`PK\x03\x04`) whatever it was labelled; the rest is CSV.
 */
export function sheetFormat(contentType: string | undefined, bytes: Uint8Array): SheetFormat {
  return startsWith(bytes, ZIP_SIGNATURE) || mediaType(contentType).type === XLSX_MEDIA_TYPE ? 'xlsx' : 'csv';
}

/** Han ideographs: what a Chinese agency's sheet holds beyond ASCII. */
const HAN = /\p{Script=Han}/u;
/**
 * Letters UTF-8 spells with two bytes (Latin-1 supplement and extended, Greek, Cyrillic…): GBK pairs with a lead
 * of C2–DF and a trail of A1–BF (郑 谢 肖 叶 魏 石 伟 强 英 平…) are also valid UTF-8, read as these.
 */
const TWO_BYTE_LETTER = /(?=[\u00C0-\u07FF])\p{L}/u;

/**
 * CSV bytes as text: a UTF-8 BOM means UTF-8; a GB charset parameter means GBK; bytes valid in only one of UTF-8
 * and GBK are that one. Bytes valid in both are UTF-8 (ASCII, and UTF-8 Chinese) unless their UTF-8 reading holds
 * letters of other scripts and no Han while their GBK reading is Han: that is a GBK sheet of names such as 谢伟.
 * Bytes that are neither are the filer's to fix (a 400, never a garbled row).
 */
export function decodeCsv(bytes: Uint8Array, contentType?: string): { text: string; encoding: TextEncodingName } {
  if (startsWith(bytes, UTF8_BOM)) return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  const { charset } = mediaType(contentType);
  const decode = (encoding: TextEncodingName): string | undefined => {
    try {
      return new TextDecoder(encoding === 'gbk' ? 'gb18030' : 'utf-8', { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  };
  const gbk = decode('gbk');
  const utf8 = charset && GB_CHARSETS.has(charset) ? undefined : decode('utf-8');
  if (utf8 !== undefined && (gbk === undefined || HAN.test(utf8) || !TWO_BYTE_LETTER.test(utf8) || !HAN.test(gbk))) return { text: utf8, encoding: 'utf-8' };
  if (gbk !== undefined) return { text: gbk, encoding: 'gbk' };
  throw fileProblem('文件编码无法识别：请以 UTF-8 或 GBK（Excel 的“CSV（逗号分隔）”）保存。', 'The file is neither UTF-8 nor GBK text: save it as CSV UTF-8 or as Excel\'s CSV (GBK).');
}

/** The delimiter the header line uses most: Excel writes `,` (`;` in some locales), and tab-separated text is common. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((delimiter) => [delimiter, firstLine.split(delimiter).length] as const);
  return counts.reduce((best, candidate) => (candidate[1] > best[1] ? candidate : best))[0];
}

/** A CSV bundle's rows; the header is row 1, and each record is one row as Excel shows it (blank lines count). */
export async function csvRows(text: string): Promise<BundleRow[]> {
  const { parse: parseCsv } = await import('csv-parse/sync');
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    const line = error instanceof Error && 'lines' in error && typeof error.lines === 'number' ? error.lines : 0;
    throw fileProblem(`CSV 格式错误（第 ${line} 行附近，多为引号未闭合）。`, `The CSV is malformed near line ${line} (usually an unclosed quote).`);
  }
  const [header = [], ...rows] = records;
  if (rows.length > MAX_BUNDLE_ROWS + 100) throw new BundleTooLarge(rows.length);
  return sheetRows(header, rows.map((cells, index) => ({ sheetRow: index + 2, cells })));
}

/**
 * A cell as read: numbers stay numbers (sheetRows decides whether a text column can take one exactly), dates are
 * `YYYY-MM-DD` (exceljs turns a date-formatted number into a UTC midnight, whatever the server's time zone), rich
 * text and links by their text, formulas by their result.
 */
function cellOf(value: CellValue): SheetCell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return value;
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return value.result === undefined ? '' : cellOf(value.result as CellValue);
  return '';
}

/** An XLSX bundle's rows: its first worksheet, the header in row 1, rows numbered as Excel numbers them. */
export async function xlsxRows(bytes: Uint8Array): Promise<BundleRow[]> {
  await checkXlsxInflation(bytes);
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw fileProblem('无法读取这个 XLSX 文件，请用 Excel 另存为“Excel 工作簿（.xlsx）”后重试。', 'This XLSX file cannot be read; save it again as an Excel workbook (.xlsx).');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fileProblem('工作簿中没有工作表。', 'The workbook has no worksheet.');
  if (sheet.actualRowCount > MAX_BUNDLE_ROWS + 1) throw new BundleTooLarge(sheet.actualRowCount - 1);
  const width = sheet.columnCount;
  const rows: { sheetRow: number; cells: SheetCell[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, sheetRow) => {
    rows.push({ sheetRow, cells: Array.from({ length: width }, (_, index) => cellOf(row.getCell(index + 1).value)) });
  });
  const header = (rows[0]?.sheetRow === 1 ? rows.shift()?.cells ?? [] : []).map(String);
  // Trailing empty header cells are columns Excel formatted but nobody named.
  while (header.length > 0 && header.at(-1) === '') header.pop();
  return sheetRows(header, rows);
}

/** The rows of a sheet bundle in `format`. */
export async function sheetBundleRows(format: SheetFormat, bytes: Uint8Array, contentType?: string): Promise<{ rows: BundleRow[]; encoding?: TextEncodingName }> {
  if (format === 'xlsx') return { rows: await xlsxRows(bytes) };
  const { text, encoding } = decodeCsv(bytes, contentType);
  return { rows: await csvRows(text), encoding };
}
