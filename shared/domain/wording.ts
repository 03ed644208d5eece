/**
 * The notice as the newspaper prints it (WORDING.md): one sentence, declarant first, full-width punctuation,
 * half-width digits, the number under the label the document itself uses, closing `，声明作废。` for a loss and
 * `自即日起作废，特此声明。` for a void. Every filed text is masked, and the whole notice once more, so no ID or mobile
 * number can be printed.
 */
import { COPY_LABELS, documentTypeByCode, type DocumentType } from './catalogue.js';
import type { DocumentTypeCode } from './codes.js';
import { chineseDate } from './dates.js';
import type { DeclarationInput, DeclarationKind, DocumentFieldName, DocumentInput } from './declaration.js';
import { maskSensitiveText } from './mask.js';
import { normalizeCertificateNumber } from './normalize.js';

/** The pieces of one notice sentence, arranged differently for a loss and a void. */
interface NoticeParts {
  /** Who declares, with anything printed in parentheses after the name. */
  readonly subject: string;
  /** The document as printed: full name, copy, inline plate, … */
  readonly object: string;
  /** `一枚`, `3份`. */
  readonly quantity?: string;
  /** Printed in parentheses right after the object (a seal's number). */
  readonly inline?: readonly string[];
  /** `label：value` items after the object. */
  readonly details: readonly string[];
  /** `王五之子张三的出生医学证明遗失`: the document is the grammatical subject. */
  readonly passive?: boolean;
}

interface Wording {
  /** The document with every text already masked: what may be printed. */
  readonly document: DocumentInput;
  /** The document as filed, for arithmetic only (an invoice range), never printed. */
  readonly filed: DocumentInput;
  readonly type: DocumentType;
  readonly kind: DeclarationKind;
  /** The declarant's name, masked. */
  readonly name: string;
}

function typeOf(code: DocumentTypeCode): DocumentType {
  const type = documentTypeByCode(code);
  if (!type) throw new RangeError(`no catalogue entry for document type ${code}`);
  return type;
}

/** A number as printed: no white space, Latin capitals (full-width forms are folded with the whole text). */
function printedNumber(raw: string): string {
  return raw.replace(/\s+/g, '').replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

function fieldLabel(type: DocumentType, name: DocumentFieldName): string {
  return type.fields.find((field) => field.name === name)?.label['zh-CN'] ?? '';
}

/** `label：value` for a field when it has a value. */
function detail(wording: Wording, name: DocumentFieldName, printed = (value: string) => value): string[] {
  const value = wording.document[name];
  if (typeof value !== 'string') return [];
  return [`${fieldLabel(wording.type, name)}：${printed(value)}`];
}

const numberDetail = (wording: Wording) => detail(wording, 'number', printedNumber);

function withCopy(wording: Wording, name: string): string {
  const { copy } = wording.document;
  return copy ? `${name}${COPY_LABELS[copy]['zh-CN']}` : name;
}

function withParenthetical(name: string, inside: readonly string[]): string {
  return inside.length > 0 ? `${name}（${inside.join('，')}）` : name;
}

/** The shape most licences and certificates take: `张三遗失医师执业证书，证书编码：…`. */
function standard(wording: Wording): NoticeParts {
  return { subject: wording.name, object: withCopy(wording, wording.type.label['zh-CN']), details: numberDetail(wording) };
}

/** `公章一枚（编号：…）`; the legal representative's seal names its holder: `法定代表人名章（张三）`. */
function seal(wording: Wording): NoticeParts {
  const { number, sealHolderName } = wording.document;
  return {
    subject: wording.name,
    object: withParenthetical(wording.type.label['zh-CN'], sealHolderName ? [sealHolderName] : []),
    ...(wording.kind === 'loss' ? { quantity: '一枚' } : {}),
    inline: number ? [`${fieldLabel(wording.type, 'number')}：${printedNumber(number)}`] : [],
    details: [],
  };
}

/** The person with their place of work in parentheses: `张三（济南市某某医院）`. */
function withEmployer(wording: Wording): NoticeParts {
  const { employer } = wording.document;
  return { ...standard(wording), subject: withParenthetical(wording.name, employer ? [employer] : []) };
}

function invoiceCount(document: DocumentInput): bigint {
  const { number, numberTo, count } = document;
  if (number && numberTo) return BigInt(normalizeCertificateNumber(numberTo)) - BigInt(normalizeCertificateNumber(number)) + 1n;
  return BigInt(count ?? 1);
}

function birthCertificate(wording: Wording): NoticeParts {
  const { childName = '', childRelation, fatherName, motherName } = wording.document;
  const details = [...detail(wording, 'birthDate', chineseDate), ...numberDetail(wording)];
  const object = '出生医学证明';
  if (fatherName || motherName) {
    const parents = [...(fatherName ? [`父亲：${fatherName}`] : []), ...(motherName ? [`母亲：${motherName}`] : [])];
    return { subject: withParenthetical(childName, parents), object, details };
  }
  if (childRelation) {
    return { subject: `${wording.name}${childRelation === 'son' ? '之子' : '之女'}${childName}的`, object, details, passive: true };
  }
  // The declarant's own certificate, or a child named without a stated relation: `张三遗失李四的出生医学证明`.
  return { subject: wording.name, object: childName === wording.name ? object : `${childName}的${object}`, details };
}

const DESCRIBE: Readonly<Record<DocumentTypeCode, (wording: Wording) => NoticeParts>> = {
  resident_id_card: standard,
  business_license: (wording) => {
    const { number = '', operatorName } = wording.document;
    const numberLabel = /^\d{15}$/.test(normalizeCertificateNumber(wording.filed.number ?? '')) ? '注册号' : fieldLabel(wording.type, 'number');
    const inside = [...(operatorName ? [`经营者：${operatorName}`] : []), `${numberLabel}：${printedNumber(number)}`];
    return { subject: withParenthetical(wording.name, inside), object: withCopy(wording, wording.type.label['zh-CN']), details: [] };
  },
  official_seal: seal,
  finance_seal: seal,
  contract_seal: seal,
  invoice_seal: seal,
  legal_representative_seal: seal,
  physician_practicing_certificate: withEmployer,
  physician_qualification_certificate: (wording) => ({
    ...standard(wording),
    details: [...numberDetail(wording), ...detail(wording, 'level'), ...detail(wording, 'category')],
  }),
  nurse_practicing_certificate: withEmployer,
  medical_institution_license: standard,
  birth_medical_certificate: birthCertificate,
  drug_business_license: standard,
  food_business_license: standard,
  bank_account_permit: (wording) => ({
    subject: wording.name,
    object: `${wording.document.bankName ?? ''}开户许可证`,
    details: [...detail(wording, 'approvalNumber', printedNumber), ...numberDetail(wording)],
  }),
  invoice: (wording) => {
    const { blank, invoiceKind = '发票', number = '', numberTo } = wording.document;
    const numbers = numberTo ? `${printedNumber(number)}—${printedNumber(numberTo)}` : printedNumber(number);
    return {
      subject: wording.name,
      object: `${blank === false ? '已开具的' : ''}${invoiceKind}${blank === true ? '（空白）' : ''}`,
      quantity: `${invoiceCount(wording.filed)}份`,
      details: [...detail(wording, 'invoiceCode', printedNumber), `${fieldLabel(wording.type, 'number')}：${numbers}`],
    };
  },
  real_estate_certificate: standard,
  driving_license: (wording) => ({ ...standard(wording), details: [...numberDetail(wording), ...detail(wording, 'archiveNumber', printedNumber)] }),
  vehicle_license: (wording) => {
    const { number = '', vehicleKind = '机动车' } = wording.document;
    return { subject: wording.name, object: `${printedNumber(number)}号${vehicleKind}行驶证`, details: [] };
  },
  road_transport_permit: (wording) => ({ ...standard(wording), details: [...numberDetail(wording), ...detail(wording, 'plateNumber', printedNumber)] }),
  graduation_certificate: (wording) => ({ ...standard(wording), object: schoolCertificate(wording, '毕业证书') }),
  degree_certificate: (wording) => ({ ...standard(wording), object: schoolCertificate(wording, '学位证书') }),
  microfinance_license: standard,
  other: (wording) => ({ ...standard(wording), object: withCopy(wording, wording.document.label ?? '') }),
};

/** `山东大学2015年颁发的临床医学专业本科毕业证书`, `山东大学学士学位证书`. */
function schoolCertificate(wording: Wording, certificate: '毕业证书' | '学位证书'): string {
  const { school = '', year, major, educationLevel = '' } = wording.document;
  const level = certificate === '学位证书' ? educationLevel.replace(/学位$/, '') : educationLevel;
  return `${school}${year ? `${year}年颁发的` : ''}${major ? `${major}专业` : ''}${level}${certificate}`;
}

const FULL_WIDTH_PUNCTUATION: Readonly<Record<string, string>> = { ',': '，', ':': '：', ';': '；', '(': '（', ')': '）' };

/** A character Latin text's own punctuation sits between (a half-width bracket kept as Latin counts too). */
const LATIN_NEIGHBOUR = /[A-Za-z0-9.&'’()]/;
const isLatinNeighbour = (char: string | undefined): boolean => char !== undefined && LATIN_NEIGHBOUR.test(char);
const nearestNonSpace = (chars: readonly string[], from: number, step: 1 | -1): string | undefined => {
  for (let index = from; index >= 0 && index < chars.length; index += step) if (chars[index]?.trim()) return chars[index];
  return undefined;
};

/**
 * Newspaper typography: half-width digits and Latin letters, full-width `，：；（）` in Chinese text — but Latin
 * text keeps its own (`Example (Shandong) Co., Ltd.`, `1,000`): a bracket pair is Latin when it opens onto Latin
 * text after Latin text (or at the start), a comma, colon or semicolon when Latin stands on both sides.
 */
function printStyle(sentence: string): string {
  const chars = Array.from(sentence.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0)));
  const printed: string[] = [];
  const openBracketsKept: boolean[] = [];
  chars.forEach((char, index) => {
    const before = nearestNonSpace(printed, printed.length - 1, -1);
    const after = nearestNonSpace(chars, index + 1, 1);
    let keep: boolean;
    if (char === '(') {
      keep = isLatinNeighbour(after) && (before === undefined || isLatinNeighbour(before));
      openBracketsKept.push(keep);
    } else if (char === ')') keep = openBracketsKept.pop() ?? isLatinNeighbour(before);
    else if (char === ',' || char === ':' || char === ';') keep = isLatinNeighbour(before) && isLatinNeighbour(after);
    else keep = true;
    printed.push(keep ? char : (FULL_WIDTH_PUNCTUATION[char] ?? char));
  });
  return printed.join('');
}

/** The citizen's own words follow the notice as a sentence of their own. */
function asSentence(statement: string): string {
  if (/[。！？!?…”」』）)]$/.test(statement)) return statement;
  return `${statement.replace(/[.．]$/, '')}。`;
}

function sentence(parts: NoticeParts, kind: DeclarationKind, on: string | undefined, extraDetails: readonly string[]): string {
  const details = [...parts.details, ...extraDetails];
  if (kind === 'void') {
    const inside = [...(parts.inline ?? []), ...details];
    return `${parts.subject}原${withParenthetical(`${parts.object}${parts.quantity ?? ''}`, inside)}自${on ? chineseDate(on) : '即日'}起作废，特此声明。`;
  }
  const lost = `${on ? `于${chineseDate(on)}` : ''}遗失`;
  const head = parts.passive
    ? `${parts.subject}${parts.object}${lost}`
    : `${parts.subject}${lost}${withParenthetical(`${parts.object}${parts.quantity ?? ''}`, parts.inline ?? [])}`;
  return `${head}${details.map((item) => `，${item}`).join('')}，声明作废。`;
}

/** Every text of the document masked on its own, so no number can hide by running into the template's digits. */
function maskedDocument(document: DocumentInput): DocumentInput {
  const entries = Object.entries(document).map(([key, value]) => [key, typeof value === 'string' ? maskSensitiveText(value) : value]);
  return { ...document, ...Object.fromEntries(entries) };
}

/**
 * The public text of a validated declaration, exactly as it will be printed. Masked twice: each filed text on its
 * own (a phone number followed by the printed count `3份` would otherwise be one longer digit run) and the whole.
 */
export function renderNotice(declaration: DeclarationInput): string {
  const type = typeOf(declaration.document.type);
  const wording: Wording = {
    document: maskedDocument(declaration.document),
    filed: declaration.document,
    type,
    kind: declaration.kind,
    name: maskSensitiveText(declaration.declarant.name),
  };
  const parts = DESCRIBE[type.code](wording);
  const issued = [...detail(wording, 'issuer'), ...detail(wording, 'issuedOn', chineseDate)];
  const notice = sentence(parts, declaration.kind, declaration.lostOn, issued);
  const text = declaration.statement ? `${notice}${asSentence(maskSensitiveText(declaration.statement))}` : notice;
  return maskSensitiveText(printStyle(text));
}

export interface CorrectionInput {
  /** Who declared the original notice. */
  readonly declarantName: string;
  /** The original notice: its publication date (`YYYY-MM-DD`), kind and notice number. */
  readonly original: { readonly publishedOn: string; readonly kind: DeclarationKind; readonly noticeNo?: string };
  /** The item that was wrong, e.g. `统一社会信用代码`. */
  readonly item: string;
  readonly wrong: string;
  readonly correct: string;
}

/** 更正声明 (WORDING.md §5): `…于2024年3月1日在本报刊登的遗失声明（原声明编号：…）中，…误登为“…”，应为“…”，特此更正。` */
export function renderCorrectionNotice(correction: CorrectionInput): string {
  const { original } = correction;
  const notice = `${original.kind === 'loss' ? '遗失' : '作废'}声明${original.noticeNo ? `（原声明编号：${original.noticeNo}）` : ''}`;
  const text =
    `${correction.declarantName}于${chineseDate(original.publishedOn)}在本报刊登的${notice}中，` +
    `${correction.item}误登为“${correction.wrong}”，应为“${correction.correct}”，特此更正。`;
  return maskSensitiveText(printStyle(text));
}
