/**
 * One detector for resident ID numbers and mobile numbers in any text, shared by masking and by the leak check
 * (contract, "What is never shown"). It reads numbers the way people write them: full-width or other Unicode
 * digits, spaces, dashes, dots or invisible characters inside, `+86`/`0086` in front.
 */
import {
  MOBILE_SHAPE,
  NUMBER_SEPARATORS,
  RESIDENT_ID_SHAPE,
  maskedMobileForm,
  maskedResidentIdForm,
  residentIdDefect,
  withoutCountryCode,
} from './identifiers.js';

/** At most this many separator characters may sit between two digits of one number (`138 - 1234 - 5678`). */
const MAX_SEPARATOR_RUN = 3;
const SEPARATOR = new RegExp(`^[${NUMBER_SEPARATORS}]$`, 'u');
const DECIMAL_DIGIT = /^\p{Nd}$/u;
const PLUS = /^[+\uFF0B]$/;
const CHECK_X = /^[xX\uFF58\uFF38]$/;

/**
 * The value of any Unicode decimal digit. Unicode encodes every such digit in runs of ten, 0 to 9, and adjacent
 * runs start at multiples of ten from the first, so the distance from the start of the whole run gives the value.
 */
function digitValue(char: string): string | undefined {
  if (char >= '0' && char <= '9') return char;
  if (!DECIMAL_DIGIT.test(char)) return undefined;
  const codePoint = char.codePointAt(0) ?? 0;
  let start = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return String((codePoint - start) % 10);
}

/** One character of interest, with its UTF-16 bounds in the text. */
interface Mark {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** A stretch of digit marks that may belong to one written number: gaps between them hold only a few separators. */
interface Chain {
  readonly marks: Mark[];
  /** Where each run of directly adjacent digits begins (indexes into marks); numbers never split such a run. */
  readonly runStarts: number[];
  /** An `X` after the last digit: only ever a resident ID's check character, so it ends the chain. */
  checkX?: Mark;
  /** The `+` written just before the first digit, if any. */
  readonly plusStart?: number;
}

function chainsOf(text: string): Chain[] {
  const chains: Chain[] = [];
  let current: Chain | undefined;
  let separators = 0;
  let adjacent = false;
  let plusEnd: number | undefined;
  const close = () => {
    if (current) chains.push(current);
    current = undefined;
  };
  let index = 0;
  for (const char of text) {
    const start = index;
    index += char.length;
    const digit = digitValue(char);
    if (digit !== undefined) {
      if (!current || current.checkX || separators > MAX_SEPARATOR_RUN) {
        close();
        current = { marks: [], runStarts: [], ...(plusEnd === start ? { plusStart: start - 1 } : {}) };
      }
      if (!adjacent) current.runStarts.push(current.marks.length);
      current.marks.push({ value: digit, start, end: index });
      separators = 0;
      adjacent = true;
    } else if (current && !current.checkX && separators <= MAX_SEPARATOR_RUN && CHECK_X.test(char)) {
      current.checkX = { value: 'X', start, end: index };
      adjacent = false;
    } else if (current && SEPARATOR.test(char)) {
      separators += 1;
      adjacent = false;
    } else {
      close();
      plusEnd = PLUS.test(char) ? index : undefined;
      separators = 0;
      adjacent = false;
    }
  }
  close();
  return chains;
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/** Every 18-character window with the shape, area, birth date and check character of a resident ID. */
function residentIdSpans(chain: Chain): Span[] {
  const spans: Span[] = [];
  const marks = chain.checkX ? [...chain.marks, chain.checkX] : chain.marks;
  for (let i = 0; i + 18 <= marks.length; ) {
    const window = marks.slice(i, i + 18);
    const id = window.map((mark) => mark.value).join('');
    if (RESIDENT_ID_SHAPE.test(id) && residentIdDefect(id) === undefined) {
      spans.push({ start: window[0]?.start ?? 0, end: window[17]?.end ?? 0, replacement: maskedResidentIdForm(id) });
      i += 18;
    } else {
      i += 1;
    }
  }
  return spans;
}

/** Whole digit runs (one or several joined by separators) that spell a mobile number, the longest first. */
function mobileSpans(chain: Chain): Span[] {
  const spans: Span[] = [];
  const { marks, runStarts } = chain;
  const runEnd = (run: number) => runStarts[run + 1] ?? marks.length;
  for (let first = 0; first < runStarts.length; ) {
    let match: { last: number; mobile: string } | undefined;
    for (let last = first; last < runStarts.length; last += 1) {
      const digits = marks.slice(runStarts[first], runEnd(last)).map((mark) => mark.value).join('');
      if (digits.length > 15) break;
      const mobile = withoutCountryCode(digits);
      if (MOBILE_SHAPE.test(mobile)) match = { last, mobile };
    }
    if (!match) {
      first += 1;
      continue;
    }
    const startMark = marks[runStarts[first] ?? 0];
    const endMark = marks[runEnd(match.last) - 1];
    const prefixed = first === 0 && chain.plusStart !== undefined && match.mobile.length < runEnd(match.last) - (runStarts[first] ?? 0);
    spans.push({
      start: prefixed ? (chain.plusStart ?? 0) : (startMark?.start ?? 0),
      end: endMark?.end ?? 0,
      replacement: maskedMobileForm(match.mobile),
    });
    first = match.last + 1;
  }
  return spans;
}

/** The fewest digits any number the masker looks for has (a mobile number without its country code). */
const FEWEST_SENSITIVE_DIGITS = 11;
/**
 * That many digits with no more separators between them than a chain allows: what every number found below
 * contains. One native regex scan rules out most strings (timestamps, request ids, hashes) before the walk.
 */
const SHORTEST_SENSITIVE_CHAIN = new RegExp(
  `\\p{Nd}(?:[${NUMBER_SEPARATORS}]{0,${MAX_SEPARATOR_RUN}}\\p{Nd}){${FEWEST_SENSITIVE_DIGITS - 1}}`,
  'u',
);

/** Non-overlapping spans in text order; an ID wins over a mobile number it overlaps. */
function sensitiveSpans(text: string): Span[] {
  if (!SHORTEST_SENSITIVE_CHAIN.test(text)) return [];
  const ids: Span[] = [];
  const mobiles: Span[] = [];
  for (const chain of chainsOf(text)) {
    ids.push(...residentIdSpans(chain));
    mobiles.push(...mobileSpans(chain));
  }
  const free = mobiles.filter((mobile) => ids.every((id) => mobile.end <= id.start || mobile.start >= id.end));
  return [...ids, ...free].sort((a, b) => a.start - b.start);
}

/** True when the text holds a resident ID or a mobile number in any spelling the masker knows. */
export function containsSensitiveNumber(text: string): boolean {
  return sensitiveSpans(text).length > 0;
}

/**
 * Replaces every resident ID and mobile number in the text (with its inner separators and `+86`/`0086`) by the
 * canonical masked form. Repeats until nothing is found, because the digits a mask keeps could complete a number
 * with what follows; text without such numbers comes back unchanged.
 */
export function maskSensitiveText(text: string): string {
  let current = text;
  for (let spans = sensitiveSpans(current); spans.length > 0; spans = sensitiveSpans(current)) {
    let masked = '';
    let position = 0;
    for (const span of spans) {
      masked += current.slice(position, span.start) + span.replacement;
      position = span.end;
    }
    current = masked + current.slice(position);
  }
  return current;
}

/** Digits (any script) and `X` of a value, without separators, prefixes or anything else. */
function digitsOf(value: string): string {
  return Array.from(value, (char) => digitValue(char) ?? (CHECK_X.test(char) ? 'X' : '')).join('');
}

/** A structured resident ID field, masked by the contract's rule; anything not 18 characters is hidden whole. */
export function maskResidentId(value: string): string {
  const id = digitsOf(value);
  return id.length === 18 ? maskedResidentIdForm(id) : '*'.repeat(Array.from(value.trim()).length);
}

/** A structured mobile number field, masked by the contract's rule; anything else is hidden whole. */
export function maskMobile(value: string): string {
  const mobile = withoutCountryCode(digitsOf(value));
  return mobile.length === 11 ? maskedMobileForm(mobile) : '*'.repeat(Array.from(value.trim()).length);
}
