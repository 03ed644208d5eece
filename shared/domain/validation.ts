/**
 * Checks a declaration: structure with the zod/mini schema, then the rules a schema cannot say (identifiers,
 * dates against `today`, lengths in characters, what each document type requires). Every bad field gets exactly one
 * error, in both languages, phrased so a citizen knows what to change.
 */
import type { core } from 'zod/mini';
import { DOCUMENT_FIELDS, MAX_LENGTH_BY_KIND, documentTypeByCode, type DocumentType, type FieldKind } from './catalogue.js';
import { assertIsoDate, parseIsoDate, parseIsoMonth } from './dates.js';
import { declarationInputSchema, MAX_LENGTH, type DeclarationInput, type DocumentFieldName } from './declaration.js';
import {
  CREDIT_CODE_SHAPE,
  LANDLINE_SHAPE,
  landlineForm,
  MOBILE_SHAPE,
  NUMBER_SEPARATORS,
  OLD_RESIDENT_ID_SHAPE,
  RESIDENT_ID_SHAPE,
  creditCodeCheckChar,
  residentIdBirthDate,
  residentIdDefect,
  withoutCountryCode,
} from './identifiers.js';
import { text, type FieldError, type LocalizedText, type Warning } from './localized.js';
import { containsSensitiveNumber } from './mask.js';
import { refusedNameCharacter } from './names.js';
import { normalizeCertificateNumber } from './normalize.js';

export type Checked = { ok: true; value: string } | { ok: false; message: LocalizedText };
export type CreditCodeChecked = { ok: true; value: string; checkCharMatches: boolean } | { ok: false; message: LocalizedText };

const fail = (zh: string, en: string): { ok: false; message: LocalizedText } => ({ ok: false, message: text(zh, en) });

const SEPARATORS = new RegExp(`[${NUMBER_SEPARATORS}]`, 'gu');

/** How people type identifiers: full-width, with spaces or dashes, lower-case `x`. */
function compactIdentifier(raw: string): string {
  return raw.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
}

/** A resident ID number (GB 11643); the value is canonical (18 characters, upper-case `X`). */
export function validateResidentId(raw: string, options: { today: string }): Checked {
  const id = compactIdentifier(raw);
  if (OLD_RESIDENT_ID_SHAPE.test(id)) {
    return fail(
      '15 位的旧身份证号码已停止使用，请填写 18 位号码（见现行身份证或户口簿）。',
      'The old 15-digit ID number is no longer in use; enter the 18-character number (on the current ID card or household register).',
    );
  }
  const length = Array.from(id).length;
  if (length !== 18) return fail(`身份证号码应为 18 位，现在是 ${length} 位。`, `An ID number has 18 characters; this one has ${length}.`);
  if (!RESIDENT_ID_SHAPE.test(id)) {
    return fail('身份证号码前 17 位应为数字，最后一位为数字或 X。', 'An ID number is 17 digits followed by a digit or X.');
  }
  switch (residentIdDefect(id)) {
    case 'area':
      return fail('身份证号码前两位不是有效的省份代码，请核对。', 'The first two digits are not a valid province code; please check the number.');
    case 'birth_date':
      return fail('身份证号码第 7–14 位不是有效的出生日期，请核对。', 'Digits 7–14 are not a valid date of birth; please check the number.');
    case 'check_char':
      return fail(
        '身份证号码最后一位（校验码）与前 17 位不符，请逐位核对是否抄错。',
        'The last character (check character) does not match the first 17; please check each digit.',
      );
    case undefined:
      break;
  }
  if (residentIdBirthDate(id) > options.today) {
    return fail('身份证号码中的出生日期晚于今天，请核对。', 'The date of birth in the ID number is after today; please check the number.');
  }
  return { ok: true, value: id };
}

/**
 * A unified social credit code (GB 32100). Length and alphabet are hard rules; a wrong check character is reported
 * (`checkCharMatches: false`) but accepted, because some legal pilot-period codes fail it.
 */
export function validateCreditCode(raw: string): CreditCodeChecked {
  const code = compactIdentifier(raw);
  const length = Array.from(code).length;
  if (length !== 18) {
    return fail(`统一社会信用代码应为 18 位，现在是 ${length} 位。`, `A unified social credit code has 18 characters; this one has ${length}.`);
  }
  if (!CREDIT_CODE_SHAPE.test(code)) {
    return fail(
      '统一社会信用代码只能包含数字和大写字母，且不含 I、O、S、V、Z。',
      'A unified social credit code has only digits and capital letters, never I, O, S, V or Z.',
    );
  }
  return { ok: true, value: code, checkCharMatches: creditCodeCheckChar(code) === code[17] };
}

/** A mainland mobile number, with or without +86/0086, spaces or dashes; the value is the 11 digits. */
export function validateMobile(raw: string): Checked {
  const digits = raw.normalize('NFKC').replace(SEPARATORS, '').replace(/[()]/g, '').replace(/^\+/, '');
  const mobile = withoutCountryCode(digits);
  if (MOBILE_SHAPE.test(mobile)) return { ok: true, value: mobile };
  return fail('请填写以 1 开头的 11 位中国大陆手机号码。', 'Enter an 11-digit mainland China mobile number starting with 1.');
}

/**
 * The contact phone: a mobile for everyone (the SMS notices go there); an organisation may give its landline
 * instead (`0531-88886666`, kept in that form), and is then told by e-mail only.
 */
export function validateContactPhone(raw: string, declarantType: unknown): Checked {
  const mobile = validateMobile(raw);
  if (mobile.ok || declarantType !== 'organization') return mobile;
  const digits = raw.normalize('NFKC').replace(SEPARATORS, '').replace(/[()（）]/g, '');
  if (LANDLINE_SHAPE.test(digits)) return { ok: true, value: landlineForm(digits) };
  return fail(
    '请填写 11 位手机号码，或带区号的固定电话（如 0531-88886666）。',
    'Enter an 11-digit mobile number, or a landline with its area code (e.g. 0531-88886666).',
  );
}

/** A real `YYYY-MM-DD` date, not after `today`. */
export function validateDate(raw: string, options: { today: string }): Checked {
  if (!parseIsoDate(raw)) return fail('请填写真实的日期，格式为 YYYY-MM-DD，如 2024-03-01。', 'Enter a real date as YYYY-MM-DD, e.g. 2024-03-01.');
  if (raw > options.today) return fail('日期不能晚于今天。', 'The date cannot be after today.');
  return { ok: true, value: raw };
}

/** `YYYY-MM` or `YYYY-MM-DD` (documents often print only the month of issue), not after `today`. */
function validateMonthOrDate(raw: string, options: { today: string }): Checked {
  if (parseIsoMonth(raw)) {
    return raw > options.today.slice(0, 7) ? fail('日期不能晚于今天。', 'The date cannot be after today.') : { ok: true, value: raw };
  }
  return validateDate(raw, options);
}

function validateYear(raw: string, options: { today: string }): Checked {
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw) || year < 1900) return fail('请填写四位年份，如 2015。', 'Enter a four-digit year, e.g. 2015.');
  if (raw > options.today.slice(0, 4)) return fail('年份不能晚于今年。', 'The year cannot be after this year.');
  return { ok: true, value: raw };
}

// ---------------------------------------------------------------------------------------------------------------

type Tree = Readonly<Record<string, unknown>>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strings trimmed; empty strings dropped, since a blank form field means "not given". */
function withoutBlanks(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(withoutBlanks);
  if (!isTree(value)) return value;
  const entries = Object.entries(value).map(([key, entry]) => [key, withoutBlanks(entry)] as const);
  return Object.fromEntries(entries.filter(([, entry]) => entry !== ''));
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) current = isTree(current) && typeof key === 'string' ? current[key] : undefined;
  return current;
}

function* stringLeaves(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [index, entry] of value.entries()) yield* stringLeaves(entry, join(path, String(index)));
  else if (isTree(value)) for (const [key, entry] of Object.entries(value)) yield* stringLeaves(entry, join(path, key));
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

const TOP_LEVEL_LABELS: Readonly<Record<string, LocalizedText>> = {
  '': text('提交的内容', 'The request body'),
  kind: text('声明类型', 'Kind of declaration'),
  declarant: text('声明人', 'Declarant'),
  'declarant.type': text('声明人类型', 'Declarant type'),
  'declarant.name': text('声明人姓名或单位名称', "Declarant's name"),
  'declarant.idNumber': text('身份证号码', 'ID number'),
  'declarant.creditCode': text('统一社会信用代码', 'Unified social credit code'),
  document: text('证件信息', 'Document'),
  'document.type': text('证件类型', 'Document type'),
  statement: text('补充说明', 'Additional statement'),
  contact: text('联系方式', 'Contact'),
  'contact.phone': text('联系电话', 'Phone'),
  'contact.email': text('电子邮箱', 'E-mail address'),
};

const TOP_LEVEL_MAX_LENGTH: Readonly<Record<string, number>> = {
  'declarant.name': MAX_LENGTH.name,
  'declarant.idNumber': MAX_LENGTH.number,
  'declarant.creditCode': MAX_LENGTH.number,
  statement: MAX_LENGTH.statement,
  'contact.phone': MAX_LENGTH.phone,
  'contact.email': MAX_LENGTH.email,
};

const VALUE_LABELS: Readonly<Record<string, LocalizedText>> = {
  loss: text('loss（遗失）', 'loss (lost)'),
  void: text('void（作废）', 'void (voided)'),
  person: text('person（个人）', 'person'),
  organization: text('organization（单位）', 'organization'),
  original: text('original（正本）', 'original'),
  duplicate: text('duplicate（副本）', 'duplicate'),
  both: text('both（正副本）', 'both (original and duplicate)'),
  son: text('son（之子）', 'son'),
  daughter: text('daughter（之女）', 'daughter'),
};

const EXPECTED_TYPE: Readonly<Record<string, LocalizedText>> = {
  string: text('文字', 'text'),
  int: text('整数', 'a whole number'),
  number: text('数字', 'a number'),
  boolean: text('true 或 false', 'true or false'),
  object: text('对象（{…}）', 'an object ({…})'),
};

/** The only string formats the schema has are dates (`lostOn`, `birthDate`), `issuedOn` and `year`. */
const DATE_FORMATS: Partial<Record<FieldKind, { format: LocalizedText; sample: string }>> & { date: { format: LocalizedText; sample: string } } = {
  date: { format: text('YYYY-MM-DD', 'YYYY-MM-DD'), sample: '2024-03-01' },
  month_or_date: { format: text('YYYY-MM 或 YYYY-MM-DD', 'YYYY-MM or YYYY-MM-DD'), sample: '2015-07' },
  year: { format: text('YYYY', 'YYYY'), sample: '2015' },
};

function documentFieldName(path: string): DocumentFieldName | undefined {
  const name = path.startsWith('document.') ? path.slice('document.'.length) : undefined;
  return name !== undefined && Object.hasOwn(DOCUMENT_FIELDS, name) ? (name as DocumentFieldName) : undefined;
}

/** The words for one field in messages, as the form for this document type names it. */
/** The label a form shows for a field path (`document.number` under its type's own label, e.g. 证书编码). */
export function labelOf(path: string, type: DocumentType | undefined, kind: unknown): LocalizedText {
  if (path === 'lostOn') return kind === 'void' ? text('作废日期', 'Date from which it is void') : text('遗失日期', 'Date of loss');
  const name = documentFieldName(path);
  if (name) return type?.fields.find((field) => field.name === name)?.label ?? DOCUMENT_FIELDS[name].label;
  return TOP_LEVEL_LABELS[path] ?? text(path, path);
}

/**
 * What the client sent, when it is safe and useful to say it back: a short plain token (a mistyped field name or
 * type code) holding no ID or phone number. Anything else is never echoed, not even in part.
 */
function echoable(value: unknown): string | undefined {
  return typeof value === 'string' && PLAIN_TOKEN.test(value) && !containsSensitiveNumber(value) ? value : undefined;
}
const PLAIN_TOKEN = /^[A-Za-z_][A-Za-z0-9_.-]{0,39}$/;

/** An unknown key as the error's path names it: as sent when plain, otherwise by its place among the unknown keys. */
function shownKey(key: string, index: number): string {
  return echoable(key) ?? `(unknown field ${index + 1})`;
}

const messages = {
  required: (label: LocalizedText) => text(`请填写${label['zh-CN']}。`, `${label.en} is required.`),
  tooLong: (label: LocalizedText, max: number, length: number) =>
    text(`${label['zh-CN']}最多 ${max} 个字，现在是 ${length} 个字。`, `${label.en} can have at most ${max} characters; it has ${length}.`),
  control: (label: LocalizedText) =>
    text(
      `${label['zh-CN']}含有换行、制表符、不可见的控制或格式字符（如零宽空格）或私用区字符，请删除。`,
      `${label.en} contains line breaks, tabs, invisible control or format characters (such as zero-width spaces) or private-use characters; remove them.`,
    ),
  marks: (label: LocalizedText) =>
    text(
      `${label['zh-CN']}含有组合附加符号或变体选择符，号码中只能有数字、字母和分隔符，请删除。`,
      `${label.en} contains combining marks or variation selectors; a number holds only digits, letters and separators. Remove them.`,
    ),
  nameCharacter: (label: LocalizedText, refused: { character: string; quotable: boolean }) => {
    const what = refused.quotable
      ? { zh: `不能含有“${refused.character}”`, en: `cannot contain "${refused.character}"` }
      : { zh: '含有不能用于名称的字符', en: 'contains a character no name is written with' };
    return text(
      `${label['zh-CN']}${what.zh}：姓名和名称只能由文字、数字、空格、间隔号（·）、连字符（-）、撇号（'）、括号、逗号、句点、& 和 / 组成，不能有表情符号或其他符号，请删除。`,
      `${label.en} ${what.en}: a name holds only letters, digits, spaces, middle dots (·), hyphens, apostrophes, brackets, commas, full stops, & and /, never emoji or other symbols. Remove it.`,
    );
  },
  about: (label: LocalizedText, message: LocalizedText) =>
    text(`${label['zh-CN']}：${message['zh-CN']}`, `${label.en}: ${message.en.charAt(0).toLowerCase()}${message.en.slice(1)}`),
  unknownField: (key: string) => {
    const shown = echoable(key);
    return shown === undefined ? text('有无法识别的字段，请删除。', 'Unknown field; remove it.') : text(`无法识别的字段“${shown}”，请删除。`, `Unknown field "${shown}"; remove it.`);
  },
  notApplicable: (label: LocalizedText, type: DocumentType) =>
    text(`${type.label['zh-CN']}不需要填写${label['zh-CN']}，请删除。`, `${label.en} is not asked for a document of type "${type.label.en}"; remove it.`),
};

/** Everything wrong with the structure, one error per field, in citizen's words. */
function structuralErrors(issue: core.$ZodIssue, input: unknown, type: DocumentType | undefined): FieldError[] {
  const path = issue.path.map(String).join('.');
  const label = labelOf(path, type, valueAt(input, ['kind']));
  const given = valueAt(input, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key, index) => ({ path: join(path, shownKey(key, index)), message: messages.unknownField(key) }));
    case 'invalid_type': {
      if (given === undefined) return [{ path, message: messages.required(label) }];
      const expected = EXPECTED_TYPE[issue.expected] ?? text(issue.expected, issue.expected);
      return [{ path, message: text(`${label['zh-CN']}应为${expected['zh-CN']}。`, `${label.en} must be ${expected.en}.`) }];
    }
    case 'invalid_value':
    case 'invalid_union': {
      if (given === undefined) return [{ path, message: messages.required(label) }];
      if (path === 'document.type') {
        const shown = echoable(given);
        const named = shown === undefined ? { zh: '', en: '' } : { zh: `“${shown}”`, en: ` "${shown}"` };
        return [{
          path,
          message: text(
            `不支持的证件类型${named.zh}，请从证件类型列表中选择；列表中没有的请选 other（其他证件）。`,
            `Unknown document type${named.en}; choose one from the list, or "other".`,
          ),
        }];
      }
      const values = issue.code === 'invalid_value' ? issue.values.map(String) : ['person', 'organization'];
      const allowed = values.map((value) => VALUE_LABELS[value] ?? text(value, value));
      return [{
        path,
        message: text(
          `${label['zh-CN']}只能是：${allowed.map((value) => value['zh-CN']).join('、')}。`,
          `${label.en} must be one of: ${allowed.map((value) => value.en).join(', ')}.`,
        ),
      }];
    }
    case 'invalid_format': {
      if (path === 'contact.email') {
        return [{ path, message: text('请填写有效的电子邮箱，如 name@example.com；不需要邮件通知可以不填。', 'Enter a valid e-mail address such as name@example.com, or leave it empty.') }];
      }
      const name = documentFieldName(path);
      const { format, sample } = (name && DATE_FORMATS[DOCUMENT_FIELDS[name].kind]) || DATE_FORMATS.date;
      return [{ path, message: text(`${label['zh-CN']}格式应为 ${format['zh-CN']}，如 ${sample}。`, `${label.en} must be written ${format.en}, e.g. ${sample}.`) }];
    }
    case 'too_small':
    case 'too_big':
      return [{ path, message: text(`${label['zh-CN']}应为 1 到 9999 之间的整数。`, `${label.en} must be a whole number from 1 to 9999.`) }];
    default:
      return [{ path, message: text(`${label['zh-CN']}填写有误，请核对。`, `${label.en} is not valid; please check it.`) }];
  }
}

/** Errors keyed by path: the first problem found for a field is the one reported. */
class Findings {
  private readonly errors = new Map<string, FieldError>();
  readonly warnings: Warning[] = [];

  fail(path: string, message: LocalizedText): void {
    if (!this.errors.has(path)) this.errors.set(path, { path, message });
  }

  has(path: string): boolean {
    return this.errors.has(path);
  }

  warn(code: string, path: string, message: LocalizedText): void {
    this.warnings.push({ code, path, message });
  }

  list(): FieldError[] {
    return [...this.errors.values()];
  }
}

/**
 * Control, format (zero-width spaces and joiners, bidi controls, soft hyphens), lone surrogate and private-use
 * characters have no business in any field: nobody types them, they print as nothing or as garbage, and they are
 * the way to hide a number from a reader's eye but not from a copy-paste.
 */
const INVISIBLE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/u;
/**
 * Whether free text written over several lines (a staff reason, which the filer reads and the edit form sets beside
 * the fields it names) holds such characters; tabs and line breaks are its own.
 */
export function hasInvisibleCharacters(text: string): boolean {
  return INVISIBLE_CHARACTERS.test(text.replace(/[\t\n\r]/g, ''));
}

/** Combining marks and variation selectors (\p{M}) belong to letters; in a number they only split digits. */
const MARKS = /\p{M}/u;
const TOP_LEVEL_NUMBERS = new Set(['declarant.idNumber', 'declarant.creditCode', 'contact.phone']);

/** Names of people and organisations: the declarant's, and every document field of kind `name` (发证机关, 学校, …). */
function isNameField(path: string): boolean {
  const name = documentFieldName(path);
  return name ? DOCUMENT_FIELDS[name].kind === 'name' : path === 'declarant.name';
}

function isNumberField(path: string): boolean {
  const name = documentFieldName(path);
  return name ? DOCUMENT_FIELDS[name].kind === 'number' : TOP_LEVEL_NUMBERS.has(path);
}

function maxLengthOf(path: string): number | undefined {
  const name = documentFieldName(path);
  return name ? MAX_LENGTH_BY_KIND[DOCUMENT_FIELDS[name].kind] : TOP_LEVEL_MAX_LENGTH[path];
}

const CREDIT_CODE_WARNING = text(
  '统一社会信用代码的校验码不符；部分试点期间的合法代码也会这样，请审核人员对照营业执照核实。',
  'The check character of the credit code does not match; some legal pilot-period codes do this, so check it against the licence.',
);

interface Context {
  readonly findings: Findings;
  readonly today: string;
  readonly type: DocumentType | undefined;
  readonly kind: unknown;
}

/** Checks one string field with a validator; returns the canonical value when it passes. */
function check(context: Context, path: string, value: unknown, validate: (raw: string) => Checked, withLabel = false): string | undefined {
  if (typeof value !== 'string' || context.findings.has(path)) return undefined;
  const result = validate(value);
  if (result.ok) return result.value;
  context.findings.fail(path, withLabel ? messages.about(labelOf(path, context.type, context.kind), result.message) : result.message);
  return undefined;
}

function checkCreditCode(context: Context, path: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || context.findings.has(path)) return undefined;
  const result = validateCreditCode(value);
  if (!result.ok) {
    context.findings.fail(path, result.message);
    return undefined;
  }
  if (!result.checkCharMatches) context.findings.warn('uscc_check_digit', path, CREDIT_CODE_WARNING);
  return result.value;
}

function checkStrings(context: Context, input: unknown): void {
  for (const [path, value] of stringLeaves(input, '')) {
    const label = labelOf(path, context.type, context.kind);
    if (INVISIBLE_CHARACTERS.test(value)) context.findings.fail(path, messages.control(label));
    if (isNumberField(path) && MARKS.test(value)) context.findings.fail(path, messages.marks(label));
    const refused = isNameField(path) ? refusedNameCharacter(value) : undefined;
    if (refused) context.findings.fail(path, messages.nameCharacter(label, refused));
    const max = maxLengthOf(path);
    const length = Array.from(value).length;
    if (max !== undefined && length > max) context.findings.fail(path, messages.tooLong(label, max, length));
  }
}

/** The invoice range `number`–`numberTo` and the count must agree. */
function checkInvoiceRange(context: Context, document: Tree): void {
  const { findings } = context;
  const from = typeof document.number === 'string' ? normalizeCertificateNumber(document.number) : undefined;
  const to = typeof document.numberTo === 'string' ? normalizeCertificateNumber(document.numberTo) : undefined;
  const count = Number.isInteger(document.count) ? Number(document.count) : undefined;
  let size = 1n;
  if (from !== undefined && to !== undefined && !findings.has('document.number')) {
    if (!/^\d+$/.test(from) || !/^\d+$/.test(to) || from.length !== to.length || BigInt(to) < BigInt(from)) {
      findings.fail(
        'document.numberTo',
        text('止号应与起号位数相同、都是数字，且不小于起号。', 'The last number must be digits, as long as the first number and not smaller.'),
      );
      return;
    }
    size = BigInt(to) - BigInt(from) + 1n;
    if (size > 9999n) {
      findings.fail('document.numberTo', text('一次最多声明 9999 份发票，请分开提交。', 'At most 9999 invoices per declaration; file the rest separately.'));
      return;
    }
  }
  if (count !== undefined && BigInt(count) !== size && !findings.has('document.count')) {
    findings.fail(
      'document.count',
      to === undefined
        ? text('多份连号发票请填写止号；不连号的请分别声明。', 'For several invoices in a run, give the last number; file separate runs separately.')
        : text(`份数与起止号不符：起止号共 ${size} 份。`, `The count does not match the range, which holds ${size} invoices.`),
    );
  }
}

function checkBusinessLicenceNumber(context: Context, value: unknown): void {
  if (typeof value !== 'string' || context.findings.has('document.number')) return;
  if (/^\d{15}$/.test(compactIdentifier(value))) return; // the pre-2015 registration number (注册号)
  const result = validateCreditCode(value);
  if (!result.ok) {
    context.findings.fail(
      'document.number',
      text(
        `${result.message['zh-CN']}（2015 年以前的旧执照可填 15 位注册号。）`,
        `${result.message.en} (Licences from before 2015 may give their 15-digit registration number.)`,
      ),
    );
  } else if (!result.checkCharMatches) {
    context.findings.warn('uscc_check_digit', 'document.number', CREDIT_CODE_WARNING);
  }
}

function checkDocument(context: Context, document: Tree, declarantType: unknown): void {
  const { findings, type, today } = context;
  if (!type) return;
  for (const key of Object.keys(document)) {
    const path = `document.${key}`;
    const name = documentFieldName(path);
    if (name && !type.fields.some((field) => field.name === name)) findings.fail(path, messages.notApplicable(DOCUMENT_FIELDS[name].label, type));
  }
  for (const field of type.fields) {
    const path = `document.${field.name}`;
    const value = document[field.name];
    if (value === undefined) {
      if (field.required) findings.fail(path, messages.required(field.label));
      continue;
    }
    if (field.kind === 'date') check(context, path, value, (raw) => validateDate(raw, { today }), true);
    if (field.kind === 'month_or_date') check(context, path, value, (raw) => validateMonthOrDate(raw, { today }), true);
    if (field.kind === 'year') check(context, path, value, (raw) => validateYear(raw, { today }), true);
  }
  // A number of separators only (`-`, `·`, `***`) prints as nothing anyone could look up.
  if (typeof document.number === 'string' && !findings.has('document.number') && !/[\p{L}\p{N}]/u.test(normalizeCertificateNumber(document.number))) {
    findings.fail('document.number', text('证件号码须含字母或数字。', 'The document number must hold letters or digits.'));
  }
  if (type.code === 'resident_id_card' || type.code === 'driving_license') {
    check(context, 'document.number', document.number, (raw) => validateResidentId(raw, { today }));
  }
  if (type.code === 'business_license') checkBusinessLicenceNumber(context, document.number);
  if (type.code === 'invoice') checkInvoiceRange(context, document);
  for (const field of type.fields) {
    const path = `document.${field.name}`;
    const value = document[field.name];
    if (field.pattern && typeof value === 'string' && !findings.has(path) && !field.pattern.test(normalizeCertificateNumber(value))) {
      findings.warn(
        'unusual_format',
        path,
        text(
          `${field.label['zh-CN']}与常见格式（${field.hint?.['zh-CN'] ?? ''}）不同，请核对；确实如此也可以提交。`,
          `${field.label.en} differs from the usual format (${field.hint?.en ?? ''}); please check it. You may submit it as it is.`,
        ),
      );
    }
  }
  if ((declarantType === 'person' || declarantType === 'organization') && !type.holders.includes(declarantType)) {
    const usual = type.holder === 'person' ? text('个人', 'a person') : text('单位', 'an organization');
    findings.warn(
      'unusual_declarant_type',
      'declarant.type',
      text(`${type.label['zh-CN']}通常由${usual['zh-CN']}声明，请确认声明人类型。`, `A document of type "${type.label.en}" is usually declared by ${usual.en}; check the declarant type.`),
    );
  }
}

export type ValidationResult =
  | { ok: true; declaration: DeclarationInput; warnings: Warning[] }
  | { ok: false; errors: FieldError[] };

/** Validates a declaration as filed; on success the identifiers come back canonical (ID, credit code, mobile). */
export function validateDeclaration(input: unknown, options: { today: string }): ValidationResult {
  assertIsoDate(options.today);
  const cleaned = withoutBlanks(input);
  const root = isTree(cleaned) ? cleaned : {};
  const declarant = isTree(root.declarant) ? root.declarant : {};
  const document = isTree(root.document) ? root.document : {};
  const type = typeof document.type === 'string' ? documentTypeByCode(document.type) : undefined;
  const context: Context = { findings: new Findings(), today: options.today, type, kind: root.kind };
  const { findings } = context;

  const parsed = declarationInputSchema().safeParse(cleaned);
  for (const issue of parsed.error?.issues ?? []) {
    for (const error of structuralErrors(issue, cleaned, type)) findings.fail(error.path, error.message);
  }
  checkStrings(context, cleaned);
  const idNumber = declarant.type === 'person' ? check(context, 'declarant.idNumber', declarant.idNumber, (raw) => validateResidentId(raw, options)) : undefined;
  const creditCode = declarant.type === 'organization' ? checkCreditCode(context, 'declarant.creditCode', declarant.creditCode) : undefined;
  const phone = check(context, 'contact.phone', isTree(root.contact) ? root.contact.phone : undefined, (raw) =>
    validateContactPhone(raw, declarant.type),
  );
  check(context, 'lostOn', root.lostOn, (raw) => validateDate(raw, options), true);
  checkDocument(context, document, declarant.type);

  if (!parsed.success || findings.list().length > 0) return { ok: false, errors: findings.list() };
  const data = parsed.data;
  return {
    ok: true,
    declaration: {
      ...data,
      declarant:
        data.declarant.type === 'person'
          ? { ...data.declarant, ...(idNumber ? { idNumber } : {}) }
          : { ...data.declarant, ...(creditCode ? { creditCode } : {}) },
      contact: { ...data.contact, phone: phone ?? data.contact.phone },
    },
    warnings: findings.warnings,
  };
}
