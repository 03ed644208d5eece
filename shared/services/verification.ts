import { DOCUMENT_TYPE_CODES } from '../domain/codes.js';
import { InvalidInput } from '../domain/errors.js';
import { text, type FieldError, type LocalizedText } from '../domain/localized.js';
import { maskedCertificateNumber, normalizeCertificateNumber } from '../domain/normalize.js';
import type { StoreContext } from '../store/client.js';
import type { PublicNotice } from '../store/edition-store.js';
import { findNoticesByNumberHash, findNoticesByNumberHashes, getPublicNotice, MAX_BATCH_LOOKUPS } from '../store/public-store.js';
import { randomBytes } from 'node:crypto';
import type { LookupHasher } from './lookup-key.js';
import { newVerificationReference, readVerificationReference, type VerificationRecord } from '../domain/verification-record.js';
import { getVerificationRecord, putVerificationRecord } from '../store/verification-record-store.js';

export interface VerificationContext {
  readonly store: StoreContext;
  readonly lookupHasher: () => Promise<LookupHasher>;
}

/** What keeping a record of a verification needs besides: the clock. */
export interface VerificationRecordContext {
  readonly store: StoreContext;
  readonly now: () => Date;
}

export type VerificationStatus = 'declared_void' | 'no_record';

export interface Verification {
  /** The number as looked up (normalized), masked like any number shown in public. */
  readonly number: string;
  readonly status: VerificationStatus;
  readonly notices: readonly PublicNotice[];
  readonly note: LocalizedText;
  /** The keyed hash that was looked up: what logs and metrics carry instead of the number. */
  readonly numberHash: string;
}

/**
 * The longest certificate number a declaration may carry (declaration.ts `MAX_LENGTH.number`; a unit test keeps the
 * two equal). Not imported from there: that module builds the zod schema, which the verify bundle can do without.
 */
export const MAX_LOOKUP_NUMBER_LENGTH = 64;
const CONTROL_CHARACTER = /\p{Cc}/u;
/**
 * U+FFFD (what bytes that are not UTF-8 become) and half a surrogate pair: what was typed did not arrive as text, so
 * no answer about it — least of all "no record" — would be about the number the client meant.
 */
const UNREADABLE_CHARACTER = /[\p{Cs}\uFFFD]/u;
const DOCUMENT_TYPES: ReadonlySet<string> = new Set(DOCUMENT_TYPE_CODES);

const NUMBER_ERRORS = {
  empty: text('请输入要查验的证件号码。', 'Enter the certificate number to check.'),
  tooLong: text(`证件号码不能超过 ${MAX_LOOKUP_NUMBER_LENGTH} 个字符。`, `A certificate number has at most ${MAX_LOOKUP_NUMBER_LENGTH} characters.`),
  control: text('证件号码含有不可见的控制字符，请重新输入。', 'The number contains invisible control characters; type it again.'),
  unreadable: text(
    '证件号码含有无法识别的字符（如 �），多为请求没有按 UTF-8 编码发送（例如按 GBK 发送了汉字）：请以 UTF-8 重新发送。',
    'The number holds a character that did not arrive as text (such as �): usually the request was not sent as UTF-8 (Chinese characters sent as GBK, say). Send it again in UTF-8.',
  ),
  name: text(
    '这看起来是姓名或单位名称。查验按证件号码进行：请输入证件上印的编号（如证书编码、证号、许可证编号），姓名查不到也不能说明什么。',
    'That looks like a name. Checks go by the certificate number: enter the number printed on the document (certificate code, licence number); a name cannot be looked up, and "no record" for a name would prove nothing.',
  ),
} as const;

/**
 * Every certificate number has a digit; words alone (`张明`, `Zhang Ming`, `伍六一`) are someone's name, not a number.
 * ASCII digits only: the normalizer made every decimal digit, and a number written out in Chinese numerals, ASCII.
 */
const HAS_DIGIT = /[0-9]/;

const TYPE_ERROR = text('未知的证件类型，请从 /api/v1/document-types 列出的代码中选择。', 'Unknown document type; use a code listed by /api/v1/document-types.');

/** What each answer does and does not prove, said plainly (issue 6). */
export const VERIFICATION_NOTES: Readonly<Record<VerificationStatus, LocalizedText>> = {
  no_record: text(
    '本平台没有刊登过该号码的遗失或作废声明。这只说明未在本平台登报声明，不能证明证件真实、有效或未被挂失、吊销；证件是否有效请以发证机关的核验为准。',
    'No loss or void notice for this number has been published here. That only means none was published in this registry: it does not prove the document is genuine, valid, or not reported lost or revoked elsewhere. Check validity with the issuing authority.',
  ),
  declared_void: text(
    '该号码的证件已由持有人登报声明遗失或作废，自刊登之日起不应再作为有效证件使用。',
    'The holder has published a notice declaring this document lost or void; it should not be accepted as valid from the date of publication.',
  ),
};

/**
 * The normalized form of a number someone asks about, or the reason it cannot be a certificate number.
 * Length and control characters are checked on what was typed; emptiness after normalization too (`---`).
 */
export function lookupNumber(raw: string | undefined): string {
  const typed = raw ?? '';
  const reason = CONTROL_CHARACTER.test(typed)
    ? NUMBER_ERRORS.control
    : UNREADABLE_CHARACTER.test(typed)
      ? NUMBER_ERRORS.unreadable
      : Array.from(typed).length > MAX_LOOKUP_NUMBER_LENGTH
        ? NUMBER_ERRORS.tooLong
        : undefined;
  if (reason) throw new InvalidInput([{ path: 'number', message: reason }]);
  const normalized = normalizeCertificateNumber(typed);
  if (normalized === '') throw new InvalidInput([{ path: 'number', message: NUMBER_ERRORS.empty }]);
  if (!HAS_DIGIT.test(normalized)) throw new InvalidInput([{ path: 'number', message: NUMBER_ERRORS.name }]);
  return normalized;
}

/** A document type code to narrow the lookup to, or undefined for all types. */
export function lookupDocumentType(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!DOCUMENT_TYPES.has(raw)) throw new InvalidInput([{ path: 'type', message: TYPE_ERROR }]);
  return raw;
}

/**
 * Whether a certificate number was declared lost or void: exact match on the normalized number, by its keyed
 * hash, in one read. Published notices only (nothing else is ever written under the lookup partitions).
 */
export async function verifyNumber(context: VerificationContext, rawNumber: string | undefined, rawType?: string): Promise<Verification> {
  const number = lookupNumber(rawNumber);
  const documentType = lookupDocumentType(rawType);
  const numberHash = (await context.lookupHasher())(number);
  return verification(number, numberHash, await findNoticesByNumberHash(context.store, numberHash, documentType));
}

function verification(number: string, numberHash: string, notices: readonly PublicNotice[]): Verification {
  const status: VerificationStatus = notices.length > 0 ? 'declared_void' : 'no_record';
  return { number: maskedCertificateNumber(number), status, notices, note: VERIFICATION_NOTES[status], numberHash };
}

export const MAX_BATCH_NUMBERS = MAX_BATCH_LOOKUPS;

const BATCH_ERRORS = {
  notList: text('numbers 须为包含 1 到 100 个证件号码的数组。', 'numbers must be an array of 1 to 100 certificate numbers.'),
  notText: text('证件号码须为文本。', 'A certificate number must be a string.'),
} as const;

/** The numbers of a batch, each normalized and checked as one lookup; every bad one named by its index. */
export function batchNumbers(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_BATCH_NUMBERS) {
    throw new InvalidInput([{ path: 'numbers', message: BATCH_ERRORS.notList }]);
  }
  const errors: FieldError[] = [];
  const numbers = raw.map((value: unknown, index) => {
    if (typeof value !== 'string') {
      errors.push({ path: `numbers.${index}`, message: BATCH_ERRORS.notText });
      return '';
    }
    try {
      return lookupNumber(value);
    } catch (failure) {
      if (!(failure instanceof InvalidInput)) throw failure;
      errors.push(...failure.errors.map((error) => ({ ...error, path: `numbers.${index}` })));
      return '';
    }
  });
  if (errors.length > 0) throw new InvalidInput(errors);
  return numbers;
}

/**
 * Many numbers (from batchNumbers) at once, answered in the order asked, each masked exactly as one lookup, all
 * of them read in one BatchGetItem (a number asked twice is read once).
 */
export async function verifyNumbers(context: VerificationContext, numbers: readonly string[]): Promise<Verification[]> {
  const hash = await context.lookupHasher();
  const hashes = numbers.map((number) => hash(number));
  const found = await findNoticesByNumberHashes(context.store, hashes);
  return numbers.map((number, index) => {
    const numberHash = hashes[index] as string;
    return verification(number, numberHash, found.get(numberHash) ?? []);
  });
}

/** How long a printed result can be looked up again: a compliance file's year, with room (as the key logs). */
export const VERIFICATION_RECORD_DAYS = 400;

/** Keeps the answer as given (masked number, outcome, notice numbers) under a new reference. */
export async function recordVerification(context: VerificationRecordContext, verification: Verification): Promise<VerificationRecord> {
  const now = context.now();
  const record: VerificationRecord = {
    reference: newVerificationReference((count) => randomBytes(count)),
    checkedAt: now.toISOString(),
    number: verification.number,
    status: verification.status,
    noticeNos: verification.notices.map((notice) => notice.noticeNo),
  };
  await putVerificationRecord(context.store, record, Math.floor(now.getTime() / 1000) + VERIFICATION_RECORD_DAYS * 86_400);
  return record;
}

/** A kept verification and the notices it rested on (published notices never change), or undefined. */
export async function recordedVerification(
  context: VerificationRecordContext,
  typedReference: string,
): Promise<{ record: VerificationRecord; notices: PublicNotice[] } | undefined> {
  const reference = readVerificationReference(typedReference);
  const record = reference ? await getVerificationRecord(context.store, reference) : undefined;
  if (!record) return undefined;
  const notices = await Promise.all(record.noticeNos.map((noticeNo) => getPublicNotice(context.store, noticeNo)));
  return { record, notices: notices.filter((notice): notice is PublicNotice => notice !== undefined) };
}
