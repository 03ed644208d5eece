import { ConverterFactory } from 'opencc-js/core';
import { NUMBER_SEPARATORS } from './identifiers.js';
import { unpackText } from './packed-text.js';
import { TS_CHARACTERS_BROTLI_BASE64 } from './traditional-characters.generated.js';

/**
 * Character-by-character traditional → simplified with opencc-js's character table: no phrase tables, so the
 * bundle stays small, and the table itself compressed (scripts/traditional-characters.ts). Built on first use,
 * because building it unpacks and parses the whole table, and a cold start that never normalizes should not pay.
 */
let converter: ((text: string) => string) | undefined;
const toSimplified = (text: string): string => (converter ??= ConverterFactory([unpackText(TS_CHARACTERS_BROTLI_BASE64)]))(text);

/**
 * Characters that only separate parts of a number: those of NUMBER_SEPARATORS (white space, invisible characters,
 * dashes, dots and middle dots), and also slashes, underscores, `。` and brackets (`()（）[]【】〔〕`). Brackets go too: `鲁(2019)济南市不动产权第0123456号` is typed with half-width, full-width or
 * no brackets, and the year they enclose stays unambiguous without them.
 */
const SEPARATORS = new RegExp(`[${NUMBER_SEPARATORS}\\p{Ps}\\p{Pe}\\p{Pc}\u3002/\\\\]`, 'gu');

/**
 * Characters the dictionary may convert: it has no entry below U+3400 (CJK Extension A), so a number without such a
 * character (most are digits and Latin letters) is already simplified and never builds the converter.
 */
export const MAYBE_TRADITIONAL = /[^\u0000-\u33ff]/u;

/** Traditional → simplified until nothing changes (the dictionary has a two-step chain, 薴 → 苧 → 苎). */
function simplified(value: string): string {
  if (!MAYBE_TRADITIONAL.test(value)) return value;
  let current = value;
  for (let next = toSimplified(current); next !== current; next = toSimplified(current)) current = next;
  return current;
}

/**
 * The form a certificate number is stored and looked up in (contract): NFKC (full-width → half-width), separators
 * removed, Latin letters upper-cased, traditional characters folded to simplified. `魯142019017`, `鲁 142019017`
 * and `鲁142019017` are one number. Idempotent: the last NFKC recomposes anything removing separators exposed.
 */
export function normalizeCertificateNumber(raw: string): string {
  const compact = simplified(raw.normalize('NFKC').replace(SEPARATORS, ''));
  return compact.replace(/[a-z]+/g, (letters) => letters.toUpperCase()).normalize('NFKC');
}
