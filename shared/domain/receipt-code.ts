import { containsSensitiveNumber } from './mask.js';

/**
 * Receipt codes: the one secret a filer keeps to follow, edit or withdraw their declaration, short enough to copy
 * from a phone screen or read out over the phone: `7KQ2-M9XD-3HTB-WR5E`.
 *
 * - Crockford base32 (`0-9A-Z` without `I L O U`): no look-alikes; when read back, `O` counts as `0`, `I`/`L`
 *   as `1`, lower case as upper case, and everything but Latin letters and digits is ignored: spaces and dashes of
 *   any kind (`－`, `—`, `−`, `ー` from a Chinese input method), and what comes with a pasted code (`回执码：…。`,
 *   quotes). The check character still catches a code that is not the one issued.
 * - 15 random characters (75 bits) and a check character: Crockford's mod-37 check symbol, which catches every
 *   single wrong character and every swap of two neighbours (37 is prime and larger than the alphabet). Codes
 *   whose check value would need one of Crockford's five extra symbols (`*~$=U`) are never issued, so a code uses
 *   the 32 plain characters only.
 * - Four groups of four, so it reads and types in chunks.
 * - Never a code a reader (or the masker) would take for a mobile or ID number, such as `1381-2345-678A-…`: the
 *   masker would otherwise rewrite it in logs, and the tests' leak scan would flag a receipt as a phone number.
 *
 * Pure: the caller supplies the random bytes.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const READ_AS: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };
const DATA_LENGTH = 15;
const GROUP = 4;
/** Bytes of randomness a code is made from (80 bits, of which 75 are used). */
export const RECEIPT_CODE_RANDOM_BYTES = 10;

function checkValue(data: string): number {
  let remainder = 0;
  for (const char of data) remainder = (remainder * 32 + ALPHABET.indexOf(char)) % 37;
  return remainder;
}

const grouped = (code: string) => code.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? code;

/**
 * A code from random bytes, or undefined when these bytes give a check value outside the alphabet or a code that
 * reads as a personal number (try new ones).
 */
export function receiptCodeFrom(random: Uint8Array): string | undefined {
  if (random.length < RECEIPT_CODE_RANDOM_BYTES) throw new RangeError(`a receipt code needs ${RECEIPT_CODE_RANDOM_BYTES} random bytes`);
  let bits = 0n;
  for (const byte of random.subarray(0, RECEIPT_CODE_RANDOM_BYTES)) bits = (bits << 8n) | BigInt(byte);
  let data = '';
  for (let i = 0; i < DATA_LENGTH; i += 1) data += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  const check = checkValue(data);
  if (check >= ALPHABET.length) return undefined;
  const code = grouped(`${data}${ALPHABET[check]}`);
  return containsSensitiveNumber(code) ? undefined : code;
}

export type ReceiptCodeReading =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly reason: 'shape' | 'check' };

/**
 * Reads a code as a person typed it. `shape`: not 16 characters of the alphabet (so not a receipt code at all);
 * `check`: the right shape but the check character does not match (a typo: say so rather than "wrong receipt").
 */
export function readReceiptCode(typed: string): ReceiptCodeReading {
  const folded = typed.normalize('NFKC').toUpperCase().replace(/[^0-9A-Z]/g, '');
  const chars = [...folded].map((char) => READ_AS[char] ?? char);
  if (chars.length !== DATA_LENGTH + 1 || chars.some((char) => !ALPHABET.includes(char))) return { ok: false, reason: 'shape' };
  const data = chars.slice(0, DATA_LENGTH).join('');
  if (ALPHABET[checkValue(data)] !== chars[DATA_LENGTH]) return { ok: false, reason: 'check' };
  return { ok: true, code: grouped(chars.join('')) };
}
