import canonicalize from 'canonicalize';
import { fromUtf8, utf8 } from './bytes.js';

/**
 * A log entry is a published notice's public record, canonicalized by RFC 8785 (JCS) so that anyone can
 * rebuild the exact bytes from the same fields. Only what the public sees goes in: the text is the masked text
 * exactly as published.
 */
export interface LogRecord {
  readonly noticeNo: string;
  readonly kind: 'loss' | 'void';
  readonly documentType: string;
  /** The edition date, YYYY-MM-DD (Asia/Shanghai). */
  readonly publishedOn: string;
  readonly text: string;
  /** On a correction (更正声明): the notice it corrects. */
  readonly correctsNoticeNo?: string;
}

export function entryBytes(record: LogRecord): Uint8Array {
  const fields = {
    noticeNo: record.noticeNo,
    kind: record.kind,
    documentType: record.documentType,
    publishedOn: record.publishedOn,
    text: record.text,
    ...(record.correctsNoticeNo !== undefined ? { correctsNoticeNo: record.correctsNoticeNo } : {}),
  };
  return utf8(canonicalize(fields) as string);
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** The record an entry holds, or why the bytes are not one (not canonical JSON of a notice record). */
export function parseEntry(bytes: Uint8Array): LogRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(bytes));
  } catch {
    return 'the entry is not JSON';
  }
  if (value === null || typeof value !== 'object') return 'the entry is not a notice record';
  const fields = value as Record<string, unknown>;
  const { noticeNo, kind, documentType, publishedOn, text, correctsNoticeNo } = fields;
  if (!isString(noticeNo) || (kind !== 'loss' && kind !== 'void') || !isString(documentType) || !isString(publishedOn) || !isString(text)) {
    return 'the entry is not a notice record';
  }
  if (correctsNoticeNo !== undefined && !isString(correctsNoticeNo)) return 'the entry is not a notice record';
  const record: LogRecord = { noticeNo, kind, documentType, publishedOn, text, ...(isString(correctsNoticeNo) ? { correctsNoticeNo } : {}) };
  const canonical = entryBytes(record);
  return canonical.length === bytes.length && canonical.every((byte, i) => byte === bytes[i]) ? record : 'the entry is not in canonical form';
}
