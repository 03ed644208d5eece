import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RECEIPT_CODE_RANDOM_BYTES, readReceiptCode, receiptCodeFrom } from '../domain/receipt-code.js';

/** SHA-256 of `value` within a named domain, so one input never hashes alike for two purposes. */
export function hashFor(purpose: string, value: string): string {
  return createHash('sha256').update(`${purpose}\u0000${value}`).digest('hex');
}

/** A receipt: a receipt code (shared/domain/receipt-code.ts), 75 random bits. Only its hash is stored. */
export function newReceipt(): string {
  for (;;) {
    const code = receiptCodeFrom(randomBytes(RECEIPT_CODE_RANDOM_BYTES));
    if (code) return code;
  }
}

/**
 * The stored form of a receipt. A receipt code is hashed in its canonical spelling, so `7kq2 m9xd…` opens what
 * `7KQ2-M9XD-…` does; anything else (the 32-character receipts issued before codes) is hashed as given.
 */
export function receiptHash(receipt: string): string {
  const reading = readReceiptCode(receipt);
  return hashFor('receipt', reading.ok ? reading.code : receipt);
}

/** Constant-time comparison of a presented receipt with the stored hash. */
export function receiptMatches(presented: string, storedHash: string): boolean {
  const presentedHash = Buffer.from(receiptHash(presented), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return presentedHash.length === expected.length && timingSafeEqual(presentedHash, expected);
}

/**
 * Seals a value with a key derived from a secret the client holds (its Idempotency-Key): the table keeps only
 * the sealed form, so a replayed request can get its original receipt back but a reader of the table cannot.
 */
export function sealWith(secret: string, plaintext: string): string {
  const key = createHash('sha256').update(`seal\u0000${secret}`).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
}

export function unsealWith(secret: string, sealed: string): string {
  const [iv = '', tag = '', body = ''] = sealed.split('.');
  const key = createHash('sha256').update(`seal\u0000${secret}`).digest();
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** JSON with object keys sorted, so two bodies that mean the same hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
