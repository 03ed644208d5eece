/**
 * Bundles: an agency files many declarations at once (`POST /api/v1/bundles`) as a sheet (CSV, XLSX) or a JSON
 * array. Pure rules only: the sheet's columns, how a row of cells becomes the declaration body the citizen API
 * takes, the limits, and how a bad row is reported. Decoding and parsing files is bundle-sheet.ts.
 *
 * Columns are the JSON body's field names as dot paths (`document.number`, `contact.phone`…), so a sheet and a
 * JSON array describe a declaration the same way; each also has a Chinese header (`证件号码`, `联系电话`…), and
 * choice cells take the Chinese word as well as the code (`遗失`/`loss`, `个人`/`person`, a document type's name).
 */
import { DOCUMENT_FIELDS, DOCUMENT_TYPES } from './catalogue.js';
import { COPIES, CHILD_RELATIONS, DECLARATION_KINDS, type DocumentFieldName } from './declaration.js';
import { text, type LocalizedText } from './localized.js';
import { maskSensitiveText } from './mask.js';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** At most this many declarations in one bundle (a hospital's or commission's day is tens to hundreds). */
export const MAX_BUNDLE_ROWS = 1_000;
/** The largest bundle file accepted (1,000 rows of CSV are ~250 KiB; an XLSX of them is smaller). */
export const MAX_BUNDLE_BYTES = 2 * 1024 * 1024;

type ColumnKind = 'text' | 'integer' | 'boolean' | 'list';

export interface BundleColumn {
  /** The field's path in the declaration body, which is also the column's header. */
  readonly path: string;
  /** The Chinese header a sheet may use instead. */
  readonly header: LocalizedText;
  readonly kind: ColumnKind;
  /** Chinese (or other) spellings of a choice's values, mapped to the value. */
  readonly values?: Readonly<Record<string, string>>;
}

const KIND_WORDS: Record<(typeof DECLARATION_KINDS)[number], string> = { loss: '遗失', void: '作废' };
const COPY_WORDS: Record<(typeof COPIES)[number], string> = { original: '正本', duplicate: '副本', both: '正副本' };
const RELATION_WORDS: Record<(typeof CHILD_RELATIONS)[number], string> = { son: '儿子', daughter: '女儿' };

function reversed(words: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(words).map(([value, word]) => [word, value]));
}

const DOCUMENT_TYPE_WORDS = Object.fromEntries(DOCUMENT_TYPES.flatMap((type) => [[type.label['zh-CN'], type.code], [type.label.en, type.code]]));

const documentColumn = (name: DocumentFieldName): BundleColumn => {
  const field = DOCUMENT_FIELDS[name];
  const kind: ColumnKind = field.kind === 'integer' ? 'integer' : field.kind === 'boolean' ? 'boolean' : 'text';
  const values = name === 'copy' ? reversed(COPY_WORDS) : name === 'childRelation' ? reversed(RELATION_WORDS) : undefined;
  // `number` is the certificate's number: 证件号码 reads better in a sheet than the catalogue's bare 编号.
  const header = name === 'number' ? text('证件号码', 'Document number') : field.label;
  return { path: `document.${name}`, header, kind, ...(values ? { values } : {}) };
};

/** Every column a bundle sheet may have, in the template's order. */
export const BUNDLE_COLUMNS: readonly BundleColumn[] = [
  { path: 'kind', header: text('声明类型', 'Kind'), kind: 'text', values: reversed(KIND_WORDS) },
  { path: 'declarant.type', header: text('声明人类型', 'Declarant type'), kind: 'text', values: { 个人: 'person', 单位: 'organization' } },
  { path: 'declarant.name', header: text('声明人', 'Declarant name'), kind: 'text' },
  { path: 'declarant.idNumber', header: text('身份证号码', 'Resident ID number'), kind: 'text' },
  { path: 'declarant.creditCode', header: text('统一社会信用代码', 'Unified social credit code'), kind: 'text' },
  { path: 'document.type', header: text('证件类型', 'Document type'), kind: 'text', values: DOCUMENT_TYPE_WORDS },
  ...(Object.keys(DOCUMENT_FIELDS) as DocumentFieldName[]).map(documentColumn),
  { path: 'lostOn', header: text('遗失或作废日期', 'Lost or void on'), kind: 'text' },
  { path: 'statement', header: text('说明', 'Statement'), kind: 'text' },
  { path: 'contact.phone', header: text('联系电话', 'Contact phone'), kind: 'text' },
  { path: 'contact.email', header: text('电子邮箱', 'Contact e-mail'), kind: 'text' },
  // Ids of proof files uploaded with POST /api/v1/attachments, separated by spaces, commas or semicolons.
  { path: 'attachments', header: text('附件', 'Attachments'), kind: 'list' },
];

/**
 * How a header is compared: NFKC (full-width and half-width forms alike, as Excel users type either, and as the
 * template's own `空白发票（未开具）` is written), surrounding spaces and case ignored. The template's headers go
 * through it too, so each of them finds its column.
 */
const headerKey = (header: string) => header.normalize('NFKC').trim().toLowerCase();

const BY_HEADER = new Map(
  BUNDLE_COLUMNS.flatMap((column) => [column.path, column.header['zh-CN'], column.header.en].map((header) => [headerKey(header), column] as const)),
);

/** The column a header cell names (path, Chinese or English header). */
export function columnForHeader(header: string): BundleColumn | undefined {
  return BY_HEADER.get(headerKey(header));
}

/** One bad field of one row. `row` is the row as the filer sees it: the sheet's row number, or the array's 1-based position. */
export interface BundleFieldError {
  readonly row: number;
  readonly field: string;
  readonly message: LocalizedText;
}

/** The bundle is not a bundle (unreadable file, no rows, bad header) or has bad rows; every problem at once. */
export class InvalidBundle extends Error {
  override readonly name = 'InvalidBundle';
  constructor(readonly errors: readonly BundleFieldError[]) {
    super(`${errors.length} problem(s) in the bundle`);
  }
}

/** More rows than MAX_BUNDLE_ROWS. */
export class BundleTooLarge extends Error {
  override readonly name = 'BundleTooLarge';
  constructor(readonly rows: number) {
    super(`a bundle holds at most ${MAX_BUNDLE_ROWS} rows, this one ${rows}`);
  }
}

/** An XLSX whose entries inflate to more than `limitBytes` (a zip bomb, or far more than 1,000 rows need). */
export class BundleInflatesTooLarge extends Error {
  override readonly name = 'BundleInflatesTooLarge';
  constructor(readonly limitBytes: number) {
    super(`the workbook inflates to more than ${limitBytes} bytes`);
  }
}

/** Where a problem with the file as a whole is reported (row 0: no row of the sheet). */
export function fileProblem(zh: string, en: string, field = ''): InvalidBundle {
  return new InvalidBundle([{ row: 0, field, message: text(zh, en) }]);
}

/** A declaration as the bundle gave it, before validation: the body the citizen API would take. */
export interface BundleRow {
  readonly row: number;
  readonly input: unknown;
}

function cellValue(column: BundleColumn, cell: string): unknown {
  const value = column.values?.[cell] ?? column.values?.[cell.toLowerCase()] ?? cell;
  switch (column.kind) {
    case 'integer':
      return /^\d{1,9}$/.test(value) ? Number(value) : value;
    case 'boolean':
      return /^(true|yes|是|1)$/i.test(value) ? true : /^(false|no|否|0)$/i.test(value) ? false : value;
    case 'list':
      return value.split(/[\s,;，；]+/).filter(Boolean);
    case 'text':
      return value;
  }
}

/**
 * The declaration body a sheet row describes: each non-empty cell under its column's path. Values stay as typed
 * (bar the choice words and integers), so the validator reports a bad one exactly as the citizen form would.
 */
export function rowInput(columns: readonly BundleColumn[], cells: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  columns.forEach((column, index) => {
    const cell = cells[index]?.trim() ?? '';
    if (cell === '') return;
    const [group, field] = column.path.split('.') as [string, string | undefined];
    const value = cellValue(column, cell);
    if (field === undefined) input[group] = value;
    else input[group] = { ...(input[group] as Record<string, unknown> | undefined), [field]: value };
  });
  return input;
}

/** A sheet cell as read: text, or a number (an XLSX cell Excel stored as one; CSV has text only). */
export type SheetCell = string | number;

/** Excel keeps 15 significant digits of a number: a longer one typed into a General column is rounded in the file. */
const EXCEL_SIGNIFICANT_DIGITS = 15;

/**
 * A numeric cell as the digits that were typed (`100221` for 100221, never `1e+21` or `100221.0`), or undefined
 * when the number cannot be exactly what was typed: more than 15 significant digits, beyond the integers a double
 * holds exactly, or so large or small that it is written with an exponent.
 */
export function exactNumberText(value: number): string | undefined {
  const written = String(value);
  if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER || /e/i.test(written)) return undefined;
  const significant = written.replace(/[-.]/g, '').replace(/^0+/, '');
  return significant.length <= EXCEL_SIGNIFICANT_DIGITS ? written : undefined;
}

const roundedNumber = (column: BundleColumn) =>
  text(
    `${column.header['zh-CN']}是数字格式的单元格，Excel 只保留 15 位有效数字，这个号码可能已被改动。请将这一列设置为“文本”格式（或使用模板），重新输入后再提交。`,
    `${column.header.en} is a number cell: Excel keeps only 15 significant digits, so this number may have been changed. Format the column as Text (or use the template), type it again and resubmit.`,
  );

/** The longest part of a header cell said back in a problem; a header is a short name, anything longer is cut. */
const SHOWN_HEADER_LENGTH = 40;

/** A header cell as a problem may say it back: resident ID and mobile numbers masked, and cut to a name's length. */
function shownHeader(cell: string, index: number): string {
  const shown = Array.from(maskSensitiveText(cell.trim()));
  if (shown.length === 0) return `#${index + 1}`;
  return shown.length > SHOWN_HEADER_LENGTH ? `${shown.slice(0, SHOWN_HEADER_LENGTH).join('')}…` : shown.join('');
}

const MISSING_HEADER = text(
  '第 1 行没有一个单元格是模板中的列名，表格似乎缺少表头行：请把模板的表头（如“声明类型”“声明人”或 kind）放在第 1 行，声明从第 2 行起。',
  'No cell of row 1 names a column of the template, so the header row seems to be missing: put the template\'s header (such as 声明类型, 声明人 or kind) in row 1 and the declarations from row 2.',
);

/** A row's cells as text for its columns; a number a text column cannot take exactly is reported instead. */
function cellTexts(columns: readonly BundleColumn[], row: { sheetRow: number; cells: readonly SheetCell[] }, errors: BundleFieldError[]): string[] {
  return row.cells.map((cell, index) => {
    const column = columns[index];
    if (typeof cell === 'string' || column === undefined) return String(cell);
    if (column.kind === 'integer' || column.kind === 'boolean') return String(cell);
    const exact = exactNumberText(cell);
    if (exact === undefined) errors.push({ row: row.sheetRow, field: column.path, message: roundedNumber(column) });
    return exact ?? '';
  });
}

/**
 * The rows of a sheet given as its header and data rows (`sheetRow` numbers them as the sheet does): a missing
 * header row, unknown or repeated headers, rows wider than the header and numbers Excel rounded are reported,
 * blank rows skipped. Headers are said back masked: a first row of data carries ID and phone numbers.
 */
export function sheetRows(header: readonly string[], rows: readonly { sheetRow: number; cells: readonly SheetCell[] }[]): BundleRow[] {
  const errors: BundleFieldError[] = [];
  const columns: BundleColumn[] = [];
  const seen = new Set<string>();
  if (header.length > 0 && header.every((cell) => columnForHeader(cell) === undefined)) throw new InvalidBundle([{ row: 1, field: '', message: MISSING_HEADER }]);
  header.forEach((cell, index) => {
    const column = columnForHeader(cell);
    const name = shownHeader(cell, index);
    if (!column) errors.push({ row: 1, field: name, message: text(`第 ${index + 1} 列的表头“${name}”不是模板中的列。`, `Column ${index + 1}'s header "${name}" is not a column of the template.`) });
    else if (seen.has(column.path)) errors.push({ row: 1, field: name, message: text(`“${name}”列重复。`, `The column "${name}" appears twice.`) });
    else seen.add(column.path);
    if (column) columns.push(column);
  });
  const filled = rows.filter((row) => row.cells.some((cell) => String(cell).trim() !== ''));
  for (const row of filled) {
    if (row.cells.length > header.length && row.cells.slice(header.length).some((cell) => String(cell).trim() !== '')) {
      errors.push({ row: row.sheetRow, field: '', message: text('这一行的单元格比表头多。', 'This row has more cells than the header has columns.') });
    }
  }
  if (errors.length > 0) throw new InvalidBundle(errors);
  if (filled.length === 0) throw fileProblem('表格中没有声明：第 1 行为表头，每行一份声明。', 'The sheet holds no declarations: row 1 is the header, then one declaration per row.');
  if (filled.length > MAX_BUNDLE_ROWS) throw new BundleTooLarge(filled.length);
  const texts = filled.map((row) => ({ row: row.sheetRow, cells: cellTexts(columns, row, errors) }));
  if (errors.length > 0) throw new InvalidBundle(errors);
  return texts.map(({ row, cells }) => ({ row, input: rowInput(columns, cells) }));
}

/** The rows of a JSON bundle: an array of declaration bodies, numbered from 1. */
export function jsonRows(body: unknown): BundleRow[] {
  if (!Array.isArray(body)) throw fileProblem('JSON 格式的批量提交须为声明的数组。', 'A JSON bundle must be an array of declarations.');
  if (body.length === 0) throw fileProblem('数组中没有声明。', 'The array holds no declarations.');
  if (body.length > MAX_BUNDLE_ROWS) throw new BundleTooLarge(body.length);
  return body.map((input, index) => ({ row: index + 1, input }));
}

/** The template's header row: the Chinese headers, what a clerk reads (the field paths work as headers too). */
export function templateHeader(): string[] {
  return BUNDLE_COLUMNS.map((column) => column.header['zh-CN']);
}

/** Another run of the same bundle (same Idempotency-Key) is still under way; retry in `retryAfterSeconds`. */
export class BundleInProgress extends Error {
  override readonly name = 'BundleInProgress';
  constructor(readonly retryAfterSeconds: number) {
    super('this bundle is still being filed');
  }
}

/** No bundle of that id (or not the asking organisation's). */
export class BundleNotFound extends Error {
  override readonly name = 'BundleNotFound';
}

/** The bundle was decided otherwise before (a second moderator, or a change of mind): decide its rows one by one. */
export class BundleAlreadyDecided extends Error {
  override readonly name = 'BundleAlreadyDecided';
  constructor(readonly action: string) {
    super(`the bundle was already decided: ${action}`);
  }
}
