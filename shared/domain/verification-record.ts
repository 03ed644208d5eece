/**
 * A verification as it was answered, kept so a printed result can be checked later: when, the number as shown
 * (masked — the plain number is never kept), the answer and the notices it rested on, under a reference in the
 * receipt codes' form (shared/domain/receipt-code.ts): short, typo-checked, never read as a personal number.
 */
import { RECEIPT_CODE_RANDOM_BYTES, readReceiptCode, receiptCodeFrom } from './receipt-code.js';

export interface VerificationRecord {
  readonly reference: string;
  /** ISO 8601 instant of the check. */
  readonly checkedAt: string;
  /** The number as the answer showed it: normalized and masked. */
  readonly number: string;
  readonly status: 'declared_void' | 'no_record';
  readonly noticeNos: readonly string[];
}

/** A new reference from a source of random bytes (retried on the rare bytes that make no code). */
export function newVerificationReference(randomBytes: (count: number) => Uint8Array): string {
  for (;;) {
    const code = receiptCodeFrom(randomBytes(RECEIPT_CODE_RANDOM_BYTES));
    if (code) return code;
  }
}

/** A reference as someone typed it, in its canonical form, or undefined when it cannot be one. */
export function readVerificationReference(typed: string): string | undefined {
  const reading = readReceiptCode(typed);
  return reading.ok ? reading.code : undefined;
}
