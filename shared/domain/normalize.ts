import { ConverterFactory } from 'opencc-js/core';
import { NUMBER_SEPARATORS } from './identifiers.js';
import { maskSensitiveText } from './mask.js';
import { CHINESE_NUMERALS, digitValue } from './numerals.js';
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

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const DECIMAL_DIGITS = /\p{Nd}/gu;
const NUMERAL_CHARACTERS = [...CHINESE_NUMERALS.keys()].join('');
/** A number made only of ASCII letters and digits and Chinese numerals: one written out in numerals. */
const WRITTEN_IN_NUMERALS = new RegExp(`^[0-9A-Za-z${NUMERAL_CHARACTERS}]+$`, 'u');
const CHINESE_NUMERAL = new RegExp(`[${NUMERAL_CHARACTERS}]`, 'gu');
/**
 * Shorter than this, numerals are a name, not a number: `陆`, `伍六一`, `陆一一` are people (a Han name has at most
 * four characters), and no certificate number is that short.
 */
const SHORTEST_NUMBER_IN_NUMERALS = 5;

/**
 * Every decimal digit as its ASCII digit (`١٢٣`, `१२३` are 123; NFKC leaves them alone), and a number written out in
 * Chinese numerals (`一一〇一〇五…X`, `壹贰叁…`) as its digits. A number that also holds another CJK character
 * (`鲁AA1234567`, `（2019）鲁01民初一号`) keeps its numerals: there they are words, not digits.
 */
function asciiDigits(value: string): string {
  if (ASCII_ONLY.test(value)) return value;
  const digits = value.replace(DECIMAL_DIGITS, digitValue);
  if (digits.length < SHORTEST_NUMBER_IN_NUMERALS || !WRITTEN_IN_NUMERALS.test(digits)) return digits;
  return digits.replace(CHINESE_NUMERAL, (numeral) => CHINESE_NUMERALS.get(numeral) ?? numeral);
}

/**
 * The form a certificate number is stored and looked up in (contract): NFKC (full-width → half-width), separators
 * removed, every decimal digit (any script) and a number written out in Chinese numerals as ASCII digits, Latin
 * letters upper-cased, traditional characters folded to simplified. `魯142019017`, `鲁 142019017`, `鲁١٤٢٠١٩٠١٧`
 * and `鲁142019017` are one number. Idempotent: the last NFKC recomposes anything removing separators exposed.
 */
export function normalizeCertificateNumber(raw: string): string {
  const compact = simplified(asciiDigits(raw.normalize('NFKC').replace(SEPARATORS, '')));
  return compact.replace(/[a-z]+/g, (letters) => letters.toUpperCase()).normalize('NFKC');
}

/**
 * A normalized number as it is shown in public: masked. Normalizing upper-cases letters, so an `l` written for a 1
 * (`l38OOl38OOO`) comes out as an `L`, which the masker rightly reads as a letter; it is read as `l` here (a normalized
 * number holds no lower-case ASCII letter, so reading it back is exact).
 */
export function maskedCertificateNumber(normalized: string): string {
  return maskSensitiveText(normalized.replace(/L/g, 'l')).replace(/l/g, 'L');
}
