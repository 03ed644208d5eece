/**
 * A second, independent implementation of the contract's definitions (GB 11643 IDs, GB 32100 credit codes, mobile
 * numbers in the spellings people use), written for the tests so the domain is checked against something other
 * than itself. Also generators for valid numbers.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const PROVINCES = '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(' ');

export function idCheckChar(first17: string): string {
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * (ID_WEIGHTS[i] ?? 0), 0);
  return '10X98765432'.charAt(sum % 11);
}

/** A checksum-valid resident ID. */
export function residentId(area: string, birth: string, sequence: string): string {
  const first17 = `${area}${birth}${sequence}`;
  return first17 + idCheckChar(first17);
}

/** The same ID with a wrong check character. */
export function withWrongCheck(id: string): string {
  const wrong = [...'0123456789X'].find((char) => char !== id[17]) ?? '0';
  return id.slice(0, 17) + wrong;
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function creditCode(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * (3 ** i % 31);
  const check = 31 - (sum % 31);
  return first17 + USCC_ALPHABET.charAt(check === 31 ? 0 : check);
}

function realDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isResidentId(candidate: string): boolean {
  if (!/^\d{17}[\dX]$/.test(candidate)) return false;
  const province = candidate.startsWith('9') ? candidate.slice(1, 3) : candidate.slice(0, 2);
  const year = Number(candidate.slice(6, 10));
  return (
    PROVINCES.includes(province) &&
    year >= 1900 &&
    year <= 2099 &&
    realDate(year, Number(candidate.slice(10, 12)), Number(candidate.slice(12, 14))) &&
    idCheckChar(candidate.slice(0, 17)) === candidate[17]
  );
}

/** The value of a Unicode decimal digit: digits come in blocks of ten, 0 to 9, so count from the block's start. */
function digitOf(char: string): string | undefined {
  if (!/^\p{Nd}$/u.test(char)) return undefined;
  const codePoint = char.codePointAt(0) ?? 0;
  let first = codePoint;
  while (/^\p{Nd}$/u.test(String.fromCodePoint(first - 1))) first -= 1;
  return String((codePoint - first) % 10);
}

const DINGBAT_DIGITS: Readonly<Record<string, string>> = Object.fromEntries(
  ['❶❷❸❹❺❻❼❽❾', '➀➁➂➃➄➅➆➇➈', '➊➋➌➍➎➏➐➑➒', '⓵⓶⓷⓸⓹⓺⓻⓼⓽']
    .flatMap((row) => [...row].map((char, index) => [char, String(index + 1)]))
    .concat([...'❿➉➓⓾'].map((char) => [char, '10']), [...'⓫⓬⓭⓮⓯⓰⓱⓲⓳⓴'].map((char, index) => [char, String(11 + index)]), [['⓿', '0'], ['🄋', '0'], ['🄌', '0']]),
);

/**
 * Chinese numerals read digit by digit: common (with 〇 and 零), financial (both scripts), Suzhou, and digits as read
 * aloud (洞 0, 幺 么 1, 两 兩 2, 拐 7, 勾 9).
 */
export const CHINESE_NUMERAL_VALUES: Readonly<Record<string, string>> = Object.fromEntries(
  ['〇零洞', '一壹幺么〡', '二贰貳两兩〢', '三叁參〣', '四肆〤', '五伍〥', '六陆陸〦', '七柒拐〧', '八捌〨', '九玖勾〩'].flatMap((numerals, value) =>
    [...numerals].map((numeral) => [numeral, String(value)]),
  ),
);

/** Letters (and `|`) that look like 0 and 1, after NFKC. */
export const LOOKALIKE_VALUES: Readonly<Record<string, string>> = { O: '0', o: '0', l: '1', I: '1', '|': '1' };

/**
 * Which parts are look-alikes read as digits: those of a word (cased letters, look-alikes, x and invisible characters
 * side by side) in which no other cased letter stands, so `138OO138OOO` reads as digits and `Hello`, `Oil` as words.
 */
function lookalikesReadAsDigits(parts: readonly string[]): Set<number> {
  const kinds = parts
    .map((part) => (Object.hasOwn(LOOKALIKE_VALUES, part) ? 'o' : /^[xX\p{M}\p{Cf}]$/u.test(part) ? 'x' : /^\p{LC}$/u.test(part) ? 'A' : ' '))
    .join('');
  const read = new Set<number>();
  for (const word of kinds.matchAll(/[oxA]+/g)) {
    if (word[0].includes('A')) continue;
    for (let at = word.index; at < word.index + word[0].length; at += 1) if (kinds[at] === 'o') read.add(at);
  }
  return read;
}

/**
 * The text as symbols, one code point at a time folded by NFKC (dingbat digits, which NFKC leaves alone, as their
 * digits): a digit; `X` for an x; `#` for a letter or any other number; `,` for a list separator (`,` `;` `、`), `_`
 * for any other visible separator; nothing for invisible characters (marks, format characters) and for the brackets and stops
 * inside one glyph (`⑶`, `⒊`, `⒳`). When `numerals` says so, a Chinese numeral is a digit written `a` (0) to `j` (9);
 * otherwise a letter. When `lookalikes` says so, a look-alike letter outside a word is its digit.
 */
function fold(text: string, numerals: boolean, lookalikes: boolean): string {
  const numeralOf = (part: string) => (numerals && Object.hasOwn(CHINESE_NUMERAL_VALUES, part) ? CHINESE_NUMERAL_VALUES[part] : undefined);
  const glyphs = Array.from(text, (char) => Array.from(DINGBAT_DIGITS[char] ?? char.normalize('NFKC')));
  const readAsDigits = lookalikes ? lookalikesReadAsDigits(glyphs.flat()) : new Set<number>();
  let first = 0;
  const parts = glyphs.flatMap((glyph) => {
    const at = first;
    first += glyph.length;
    const holdsDigit = glyph.some((part, offset) => /^[\p{Nd}xX]$/u.test(part) || numeralOf(part) !== undefined || readAsDigits.has(at + offset));
    return glyph.map((part, offset) => ({ part, insideDigitGlyph: holdsDigit && glyph.length > 1, lookalike: readAsDigits.has(at + offset) ? LOOKALIKE_VALUES[part] : undefined }));
  });
  return parts
    .map(({ part, insideDigitGlyph, lookalike }) => {
      if (lookalike !== undefined) return lookalike;
      const numeral = numeralOf(part);
      if (numeral !== undefined) return String.fromCharCode(97 + Number(numeral));
      const digit = digitOf(part);
      if (digit !== undefined) return digit;
      if (part === 'x' || part === 'X') return 'X';
      if (/^[\p{L}\p{N}]$/u.test(part)) return '#';
      if (insideDigitGlyph || /^[\p{M}\p{Cf}]$/u.test(part)) return '';
      return /^[,;、]$/u.test(part) ? ',' : '_';
    })
    .join('');
}

/** An `X` is a check character only where it closes 17 digits into a valid ID (then it ends the number); else a letter. */
function checkCharacters(folded: string): string {
  let result = '';
  let digits = '';
  for (const symbol of folded) {
    if (symbol === 'X') {
      result += digits.length >= 17 && isResidentId(`${asDigits(digits.slice(-17))}X`) ? 'X#' : '#';
      digits = '';
    } else {
      result += symbol;
      if (symbol === '#') digits = '';
      else if (symbol !== '_' && symbol !== ',') digits += symbol;
    }
  }
  return result;
}

/**
 * Whether characters [from, to) of a written number, whose runs (groups between separators) are given, read as one
 * number: within `most.any` groups, or `most.regular` regular ones (all but the first and last of one size, no list
 * separator between), or written digit by digit.
 */
function oneNumber(runs: readonly Run[], from: number, to: number, most: { any: number; regular: number }): boolean {
  const touched: Run[] = [];
  let at = 0;
  for (const run of runs) {
    if (at < to && at + run.digits.length > from) touched.push(run);
    at += run.digits.length;
  }
  if (touched.length <= most.any || touched.every((run) => run.digits.length === 1)) return true;
  const inner = touched.slice(1, -1).map((run) => run.digits.length);
  return touched.length <= most.regular && touched.slice(1).every((run) => !run.afterList) && inner.every((size) => size === inner[0]);
}

/** A group of digits, and whether a list separator stands before it. */
interface Run {
  readonly digits: string;
  readonly afterList: boolean;
}

function runsIn(written: string): Run[] {
  return [...written.matchAll(/([_,]*)([^_,]+)/g)].map((match) => ({ digits: match[2] ?? '', afterList: (match[1] ?? '').includes(',') }));
}

/** Where each run starts and ends in the compact number. */
function boundaries(runs: readonly Run[]): { starts: Set<number>; ends: Set<number> } {
  const starts = new Set<number>();
  const ends = new Set<number>();
  let at = 0;
  for (const run of runs) {
    starts.add(at);
    at += run.digits.length;
    ends.add(at);
  }
  return { starts, ends };
}

/**
 * Every resident ID and mobile number in the text, canonical: read with Chinese numerals as letters (so that
 * `张三13800138000` is a name and a number) and with them as digits (`一三八〇〇一三八〇〇〇`), each way with look-alike
 * letters as letters and as digits (`138OO138OOO`). A written number is digits with anything but letters
 * between neighbours; an `X` that closes 17 digits into a valid ID ends one, any other is a letter. An ID sits anywhere
 * inside one run, or across runs starting at a run's start or ending at a run's end, across at most 6 runs (9 regular
 * ones, or digit by digit); a mobile number (optionally after 86/0086) is whole runs, at most 4 of them (6 regular).
 */
export function sensitiveNumbersIn(text: string): string[] {
  const readings = [false, true].flatMap((numerals) => [false, true].map((lookalikes) => fold(text, numerals, lookalikes)));
  return [...new Set(readings.flatMap((folded) => numbersIn(checkCharacters(folded))))];
}

/** Numerals (`a`–`j`) as the digits they are. */
const asDigits = (folded: string) => folded.replace(/[a-j]/g, (numeral) => String(numeral.charCodeAt(0) - 97));

function numbersIn(folded: string): string[] {
  const found: string[] = [];
  for (const piece of folded.split(/#+/)) {
    for (const symbols of piece.match(/[\da-j_,]*X|[\da-j_,]+/g) ?? []) {
      const written = asDigits(symbols);
      const compact = written.replace(/[_,]/g, '');
      const runs = runsIn(written);
      const { starts, ends } = boundaries(runs);
      const idBounds = new Set<number>();
      for (let i = 0; i + 18 <= compact.length; i += 1) {
        const inOneRun = [...starts].every((start) => start <= i || start >= i + 18);
        const aligned = inOneRun || starts.has(i) || ends.has(i + 18);
        if (isResidentId(compact.slice(i, i + 18)) && aligned && oneNumber(runs, i, i + 18, { any: 6, regular: 9 })) {
          found.push(compact.slice(i, i + 18));
          idBounds.add(i).add(i + 18);
        }
      }
      // Digits run on to an ID found are their own runs (`<ID><mobile>`): cut the runs where each ID begins and ends.
      const digitRuns = runsIn(cutAt(written.replace(/X$/, ''), idBounds));
      for (let first = 0; first < digitRuns.length; first += 1) {
        for (let last = first; last < digitRuns.length; last += 1) {
          const joined = digitRuns.slice(first, last + 1).map((run) => run.digits).join('');
          const match = /^(?:86|0086)?(1[3-9]\d{9})$/.exec(joined);
          if (match?.[1] && oneNumber(digitRuns.slice(first, last + 1), joined.length - 11, joined.length, { any: 4, regular: 6 })) found.push(match[1]);
        }
      }
      // A run of Chinese numerals only may also open or close with a mobile number (a name or word touching it).
      for (const run of symbols.split(/[_,]/).filter((run) => /^[a-j]{12,}$/.test(run)).map(asDigits)) {
        for (const end of [run.slice(0, 11), run.slice(-11)]) if (/^1[3-9]\d{9}$/.test(end)) found.push(end);
      }
    }
  }
  return found;
}

/** A written number with a run separator (`_`) put before each of these digit positions that is inside a run. */
function cutAt(written: string, positions: ReadonlySet<number>): string {
  let result = '';
  let digit = 0;
  for (const symbol of written) {
    const isDigit = symbol !== '_' && symbol !== ',';
    if (isDigit && digit > 0 && positions.has(digit) && !/[_,]$/.test(result)) result += '_';
    if (isDigit) digit += 1;
    result += symbol;
  }
  return result;
}

/** Digits (any script) and X only: what is left of the text if every separator and word is ignored. */
export function digitProjection(text: string): string {
  return asDigits(fold(text, true, true)).replace(/[#_,]/g, '');
}
