/**
 * The one detector of "a number a reader would take for a resident ID or a mobile number" (contract, "What is never
 * shown"). Masking, log masking and the tests' leak scan all use it.
 *
 * It reads a folded view of the text: each code point is NFKC-folded on its own (so `③`, `³`, `𝟑`, `３`, `٣` are all
 * 3, and `⑬` is 1 then 3; the dingbat digits `❸` NFKC leaves alone are folded too), and every folded character keeps the UTF-16 bounds of the code point it came from, so a
 * number found in the folded view is masked in the ORIGINAL characters. In that view:
 * - a digit is any Unicode decimal digit (\p{Nd});
 * - `X` is anything that folds (NFKC, then case) to `x`: `x`, `ｘ`, `Ⅹ`, `ⓧ`, `𝐗`… It is an ID's check character
 *   where it closes 17 digits that make a valid ID with it, and then ends the number whatever follows (`…002Xuan`);
 *   anywhere else it is a letter (`13912345678x2`, an extension);
 * - a letter (\p{L}, or a number that is no decimal digit, like `Ⅻ`) ends a number;
 * - Chinese numerals written digit by digit (`一三八〇〇一三八〇〇〇`, `壹叁捌…`, Suzhou `〡`…) and digits as read aloud
 *   (`幺三八洞洞…`: 洞 幺 么 两 拐 勾) are read in a second view of the text, where they are digits. In the first they
 *   are letters, so that `张三13800138000` (a name, then a number) keeps its number whole. What any view finds is
 *   masked;
 * - letters that look like digits (`O`/`o` 0; `l`/`I`/`|` 1; and everything NFKC folds to them: `Ｏ`, `ｌ`, `ℓ`, `Ⅰ`,
 *   `𝐎`…) are digits in two more views (the first two, reading them too), but only where no cased letter other than
 *   another of them or an `x` stands in their word: `138OO138OOO` and `11O1O5l99…` are numbers, `Hello`, `Oil`, `LOL`
 *   and `Olympic` are words. Each view runs only when the text holds what it reads;
 * - everything else is skipped, however long the run: punctuation of every kind, brackets, slashes, spaces, `*`,
 *   combining marks, variation selectors, joiners and other format characters.
 *
 * Over-masking is kept at zero by what each number must be, not by how it is spelled (see docs/RELIABILITY.md):
 * - an ID is 18 consecutive digits (the last may be `X`) anywhere in a stretch, with a real province code (or `9` and
 *   one, for permanent-residence IDs), a real birth date from 1900 to 2099 and the right GB 11643 check character —
 *   about 1 in 30,000 random 18-digit windows passes, and real certificate numbers are not random in that way;
 * - a mobile number is `1[3-9]` and 9 more digits (optionally after `86`/`0086`) made of WHOLE runs of adjacent
 *   digits: never part of a longer run, so 12-, 15- and 20-digit certificate and invoice numbers survive.
 */
import { MOBILE_SHAPE, RESIDENT_ID_SHAPE, maskedMobileForm, maskedResidentIdForm, residentIdDefect, withoutCountryCode } from './identifiers.js';
import { NUMERALS_READ_AS_DIGITS, digitValue } from './numerals.js';

const DECIMAL_DIGIT = /^\p{Nd}$/u;
const LETTER_OR_OTHER_NUMBER = /^[\p{L}\p{N}]$/u;
/** Punctuation that makes digits a list (`[6,9,96,134]`, `1、2、3`), after NFKC (`，` is `,`). */
const LIST_SEPARATOR = /^[,;、]$/u;

/**
 * Digits NFKC leaves alone that every reader still reads as digits: the dingbat and double-circled numbers
 * (`❶`, `➀`, `➊`, `⓵`, `⓿`, `⓫`…`⓴`, `🄋`, `🄌`). They fold to their digits here, before NFKC would.
 */
const UNFOLDED_DIGITS = new Map<string, string>();
for (const [first, count, firstValue] of [
  [0x2776, 10, 1], [0x2780, 10, 1], [0x278a, 10, 1], [0x24f5, 10, 1], [0x24eb, 10, 11], [0x24ff, 1, 0], [0x1f10b, 1, 0], [0x1f10c, 1, 0],
] as const) {
  for (let offset = 0; offset < count; offset += 1) UNFOLDED_DIGITS.set(String.fromCodePoint(first + offset), String(firstValue + offset));
}

/** Code points whose fold holds a Chinese numeral; checked against every code point by test/unit/domain/mask-fold.test.ts. */
export const CHINESE_NUMERAL_CARRIERS = String.raw`\u2F00\u2F06\u2F0B\u2F33\u3007\u3021-\u3029\u3192-\u3195\u3220-\u3228\u3280-\u3288\u4E00\u4E03\u4E09\u4E24\u4E48\u4E5D\u4E8C\u4E94\u4F0D\u516B\u516D\u5169\u52FE\u53C1\u53C3\u56DB\u58F9\u5E7A\u62D0\u634C\u67D2\u6D1E\u7396\u8086\u8CB3\u8D30\u9646\u9678\u96F6\uF96B\uF978\uF9B2\uF9D1\uF9D3\uFA05\u{1F214}\u{1F229}\u{1F22A}\u{1F241}\u{1F242}`;
const HOLDS_CHINESE_NUMERAL = new RegExp(`[${CHINESE_NUMERAL_CARRIERS}]`, 'u');

/** One code point as the detector reads it: NFKC-folded on its own, the unfolded digits above as their digits. */
function foldCodePoint(char: string): string {
  return char < '\u0080' ? char : (UNFOLDED_DIGITS.get(char) ?? char.normalize('NFKC'));
}

/** Letters (and `|`) a reader takes for 0 and 1 where no word surrounds them, after NFKC. */
const LOOKALIKE_DIGITS: ReadonlyMap<string, string> = new Map([['O', '0'], ['o', '0'], ['l', '1'], ['I', '1'], ['|', '1']]);
/** Code points whose fold holds a look-alike letter; checked against every code point by test/unit/domain/mask-fold.test.ts. */
export const LOOKALIKE_CARRIERS = String.raw`IOlo|\u00BA\u0132\u0140\u01C9\u02E1\u1D35\u1D3C\u1D52\u2092\u2097\u2105\u2110\u2111\u2113\u2116\u2134\u2160-\u2163\u2165-\u2168\u216A\u216B\u217C\u24A7\u24AA\u24BE\u24C4\u24DB\u24DE\u3375\u337A\u3388\u3389\u3395-\u3398\u33C7\u33D0-\u33D3\u33D5\u33D6\u33FF\uFB02\uFB04\uFF29\uFF2F\uFF4C\uFF4F\uFF5C\u{1CCDE}\u{1CCE4}\u{1D408}\u{1D40E}\u{1D425}\u{1D428}\u{1D43C}\u{1D442}\u{1D459}\u{1D45C}\u{1D470}\u{1D476}\u{1D48D}\u{1D490}\u{1D4AA}\u{1D4C1}\u{1D4D8}\u{1D4DE}\u{1D4F5}\u{1D4F8}\u{1D512}\u{1D529}\u{1D52C}\u{1D540}\u{1D546}\u{1D55D}\u{1D560}\u{1D574}\u{1D57A}\u{1D591}\u{1D594}\u{1D5A8}\u{1D5AE}\u{1D5C5}\u{1D5C8}\u{1D5DC}\u{1D5E2}\u{1D5F9}\u{1D5FC}\u{1D610}\u{1D616}\u{1D62D}\u{1D630}\u{1D644}\u{1D64A}\u{1D661}\u{1D664}\u{1D678}\u{1D67E}\u{1D695}\u{1D698}\u{1F118}\u{1F11E}\u{1F138}\u{1F13E}`;
const HOLDS_LOOKALIKE = new RegExp(`[${LOOKALIKE_CARRIERS}]`, 'u');

type FoldedClass = 'digit' | 'x' | 'letter' | 'skip';

/** What one folded character is to the detector; a Chinese numeral is a digit only in the views that read them. */
function classOf(char: string, readsChineseNumerals = false): FoldedClass {
  if (char === 'x' || char === 'X') return 'x';
  if (DECIMAL_DIGIT.test(char) || (readsChineseNumerals && NUMERALS_READ_AS_DIGITS.has(char))) return 'digit';
  return LETTER_OR_OTHER_NUMBER.test(char) ? 'letter' : 'skip';
}

/** A digit or check `X` of the folded view: its value and the bounds of the original code point it came from. */
interface Mark {
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** Which digit of its code point's fold this is (`⑬` folds to two). */
  readonly part: number;
  /** A Chinese numeral, read as a digit in the second view. */
  readonly numeral?: true;
}

/**
 * A stretch of the folded view holding digits with nothing but skipped characters between them, cut into runs:
 * digits a reader sees side by side. Invisible characters (combining marks, variation selectors, joiners and other
 * format characters) do not cut a run, so `9\u200b13812345678` is one 12-digit run, as a reader sees it.
 */
interface Chain {
  /** The digits, then the check `X` if one ended the chain. */
  readonly marks: Mark[];
  /** Where each run begins (indexes into marks). */
  readonly runStarts: number[];
  /** An `X` ended it: only ever a resident ID's check character, so nothing follows. */
  endedByX: boolean;
  /** Runs whose gap before them holds a list separator. */
  readonly listRuns: Set<number>;
}

/** Whether an `X` after these marks is a resident ID's check character: it closes 17 digits into a valid ID. */
function closesResidentId(marks: readonly Mark[]): boolean {
  if (marks.length < 17) return false;
  const id = `${marks.slice(-17).map((mark) => mark.value).join('')}X`;
  return RESIDENT_ID_SHAPE.test(id) && residentIdDefect(id) === undefined;
}

const INVISIBLE = /^[\p{M}\p{Cf}]$/u;
const HOLDS_DIGIT = /[\p{Nd}xX]/u;
const CASED_LETTER = /^[\p{Lu}\p{Ll}\p{Lt}]$/u;

/** How a view reads the text (see the top): whether Chinese numerals, and look-alike letters, are digits in it. */
interface View {
  readonly numerals: boolean;
  readonly lookalikes: boolean;
}

/**
 * Which folded pieces of the text (counted in order) are look-alike letters read as digits: those whose word — cased
 * letters, look-alikes and invisible characters side by side — holds no cased letter but look-alikes and `x`.
 */
function freeLookalikes(text: string): Set<number> {
  const free = new Set<number>();
  let word: number[] = [];
  let blocked = false;
  let at = 0;
  const endWord = () => {
    if (!blocked) for (const piece of word) free.add(piece);
    word = [];
    blocked = false;
  };
  for (const char of text) {
    for (const piece of foldCodePoint(char)) {
      if (LOOKALIKE_DIGITS.has(piece)) word.push(at);
      else if (CASED_LETTER.test(piece)) blocked ||= piece !== 'x' && piece !== 'X';
      else if (!INVISIBLE.test(piece)) endWord();
      at += 1;
    }
  }
  endWord();
  return free;
}

/** Every code point of the text, folded, classified and cut into chains, as one view reads it. */
function chainsOf(text: string, view: View): Chain[] {
  const chains: Chain[] = [];
  let current: Chain | undefined;
  let adjacent = false;
  let listGap = false;
  const close = () => {
    if (current) chains.push(current);
    current = undefined;
    adjacent = false;
    listGap = false;
  };
  const startRun = (chain: Chain) => {
    if (listGap && chain.marks.length > 0) chain.listRuns.add(chain.runStarts.length);
    chain.runStarts.push(chain.marks.length);
    listGap = false;
  };
  const free = view.lookalikes ? freeLookalikes(text) : undefined;
  const readsLookalike = (piece: number) => free?.has(piece) === true;
  let index = 0;
  let pieceAt = 0;
  for (const char of text) {
    const start = index;
    index += char.length;
    let digitPart = 0;
    const folded = foldCodePoint(char);
    const firstPiece = pieceAt;
    // The brackets and stops of `⑶`, `⒊`, `⒳` and `⒧` are part of one glyph, not separators between digits.
    const carriesDigit =
      folded.length > 1 &&
      (HOLDS_DIGIT.test(folded) || (view.numerals && HOLDS_CHINESE_NUMERAL.test(folded)) || Array.from(folded).some((_, part) => readsLookalike(firstPiece + part)));
    for (const piece of folded) {
      const lookalike = readsLookalike(pieceAt) ? LOOKALIKE_DIGITS.get(piece) : undefined;
      pieceAt += 1;
      const kind = lookalike === undefined ? classOf(piece, view.numerals) : 'digit';
      switch (kind) {
        case 'digit':
          if (!current || current.endedByX) {
            close();
            current = { marks: [], runStarts: [], endedByX: false, listRuns: new Set() };
          }
          if (!adjacent) startRun(current);
          const numeral = lookalike === undefined ? NUMERALS_READ_AS_DIGITS.get(piece) : undefined;
          current.marks.push(numeral === undefined ? { value: lookalike ?? digitValue(piece), start, end: index, part: digitPart } : { value: numeral, start, end: index, part: digitPart, numeral: true });
          digitPart += 1;
          adjacent = true;
          break;
        case 'x':
          if (current && !current.endedByX && closesResidentId(current.marks)) {
            if (!adjacent) startRun(current);
            current.marks.push({ value: 'X', start, end: index, part: 0 });
            current.endedByX = true;
          } else close();
          break;
        case 'letter':
          close();
          break;
        case 'skip':
          if (!carriesDigit && !INVISIBLE.test(piece)) {
            adjacent = false;
            if (LIST_SEPARATOR.test(piece)) listGap = true;
          }
          break;
      }
    }
  }
  close();
  return chains;
}

/** A number found: which marks it is made of, which of them the mask hides, and its canonical form. */
interface Found {
  readonly kind: 'resident_id' | 'mobile';
  readonly canonical: string;
  readonly marks: readonly Mark[];
  readonly hidden: readonly Mark[];
}

/**
 * Most runs a number written in groups is read across: `any` groups of any sizes (`370102 1990 0307 1238`,
 * `(+86) 138-1234-5678`), up to `regular` groups when all but the first and last have one size and no list separator
 * is between them (`138 00 13 80 00`, an ID in nine pairs), any number digit by digit. Anything else is a list of
 * numbers (`[6,9,96,134,72,1,101]`, `1, 38, 42, 17, 65, 30`), not one number.
 */
const MOST_GROUPS = { resident_id: { any: 6, regular: 9 }, mobile: { any: 4, regular: 6 } } as const;

/** Which run each mark is in, and each run's end. */
function runsOf(chain: Chain): { runOf: number[]; runEnd: (run: number) => number } {
  const runOf: number[] = [];
  chain.runStarts.forEach((runStart, run) => {
    const end = chain.runStarts[run + 1] ?? chain.marks.length;
    for (let mark = runStart; mark < end; mark += 1) runOf[mark] = run;
  });
  return { runOf, runEnd: (run) => chain.runStarts[run + 1] ?? chain.marks.length };
}

/** Whether marks [from, to) read as one number written in groups (or digit by digit). */
function readsAsOneNumber(chain: Chain, from: number, to: number, most: { readonly any: number; readonly regular: number }): boolean {
  const { runOf, runEnd } = runsOf(chain);
  const first = runOf[from] ?? 0;
  const last = runOf[to - 1] ?? 0;
  if (last - first + 1 <= most.any) return true;
  const sizes: number[] = [];
  for (let run = first; run <= last; run += 1) sizes.push(runEnd(run) - (chain.runStarts[run] ?? 0));
  if (sizes.every((size) => size === 1)) return true;
  if (sizes.length > most.regular) return false;
  for (let run = first + 1; run <= last; run += 1) if (chain.listRuns.has(run)) return false;
  return sizes.slice(1, -1).every((size) => size === sizes[1]);
}

/**
 * Every 18-mark window (overlapping ones too) with the area, birth date and check character of a resident ID. Inside
 * one run it may sit anywhere (a 医师资格证书 code ends with its holder's ID); across runs it starts at a run's start
 * or ends at a run's end, as a number written in groups does.
 */
function residentIdsIn(chain: Chain): Found[] {
  const found: Found[] = [];
  const { marks, runStarts } = chain;
  const { runOf, runEnd } = runsOf(chain);
  for (let i = 0; i + 18 <= marks.length; i += 1) {
    const window = marks.slice(i, i + 18);
    const id = window.map((mark) => mark.value).join('');
    if (!RESIDENT_ID_SHAPE.test(id) || residentIdDefect(id) !== undefined) continue;
    const first = runOf[i] ?? 0;
    const last = runOf[i + 17] ?? 0;
    const aligned = first === last || runStarts[first] === i || runEnd(last) === i + 18;
    if (aligned && readsAsOneNumber(chain, i, i + 18, MOST_GROUPS.resident_id)) {
      found.push({ kind: 'resident_id', canonical: id, marks: window, hidden: window.slice(6, 14) });
    }
  }
  return found;
}

/** Whole digit runs (one, or several with skipped characters between) that spell a mobile number, longest first. */
function mobilesIn(chain: Chain): Found[] {
  const found: Found[] = [];
  const { marks, runStarts } = chain;
  const { runEnd } = runsOf(chain);
  for (let first = 0; first < runStarts.length; ) {
    let match: { last: number; mobile: string } | undefined;
    let digits = '';
    for (let last = first; last < runStarts.length; last += 1) {
      digits += marks.slice(runStarts[last], runEnd(last)).map((mark) => mark.value).join('');
      if (digits.length > 15) break;
      const mobile = withoutCountryCode(digits);
      if (MOBILE_SHAPE.test(mobile) && readsAsOneNumber(chain, runEnd(last) - 11, runEnd(last), MOST_GROUPS.mobile)) match = { last, mobile };
    }
    if (!match) {
      first += 1;
      continue;
    }
    const own = marks.slice(runEnd(match.last) - 11, runEnd(match.last));
    found.push({ kind: 'mobile', canonical: match.mobile, marks: own, hidden: own.slice(3, 7) });
    first = match.last + 1;
  }
  return found;
}

/**
 * A mobile number opening or closing a longer run of Chinese numerals only. No certificate number is written in
 * numerals, so the whole-run rule has nothing to protect there, while a name or a word may touch the number
 * (`李四一三八…`, `…八一个`).
 */
function mobilesAtNumeralRunEnds(chain: Chain): Found[] {
  const { runEnd } = runsOf(chain);
  return chain.runStarts.flatMap((start, run) => {
    const runMarks = chain.marks.slice(start, runEnd(run));
    if (runMarks.length <= 11 || !runMarks.every((mark) => mark.numeral)) return [];
    return [runMarks.slice(0, 11), runMarks.slice(-11)].flatMap((own): Found[] => {
      const mobile = own.map((mark) => mark.value).join('');
      return MOBILE_SHAPE.test(mobile) ? [{ kind: 'mobile', canonical: mobile, marks: own, hidden: own.slice(3, 7) }] : [];
    });
  });
}

/** The fewest digits any number the detector looks for has (a mobile number without its country code). */
const FEWEST_SENSITIVE_DIGITS = 11;
/**
 * Code points whose fold holds a decimal digit: \p{Nd} and \p{No} (superscripts, circled, parenthesized, dingbats…) and the
 * CJK compatibility symbols for months, hours, days and units (`㋀` = 1月, `㍘` = 0点, `㏠` = 1日). Checked against
 * every code point by test/unit/domain/mask-fold.test.ts.
 */
export const DIGIT_CARRIERS = String.raw`\p{Nd}\p{No}\u32C0-\u32CB\u3358-\u3370\u3378\u3379\u339F-\u33A6\u33A8\u33AF\u33E0-\u33FE`;
/**
 * Code points whose fold holds two or more digits (`⑬`, `½`, `㉑`, `㏪`, `❿`) or look-alike letters (`Ⅱ`, `Ⅻ`, `㏒`): a
 * count of characters would undercount them.
 */
export const MULTI_DIGIT_CARRIERS = String.raw`\u2161\u2162\u2166\u2167\u216B\u33D2\u33D6\u277F\u2789\u2793\u24FE\u24EB-\u24F4\u00BC-\u00BE\u2150-\u215E\u2189\u2469-\u2473\u247D-\u2487\u2491-\u249B\u3251-\u325F\u32B1-\u32BF\u32C9-\u32CB\u3362-\u3370\u33E9-\u33FE`;
/** Letters whose NFKC form is no letter (a space and a combining mark): the detector skips them, so must the pre-check. */
export const LETTERS_FOLDING_TO_MARKS = String.raw`\u037A\uFC5E-\uFC63\uFE70\uFE72\uFE74\uFE76\uFE78\uFE7A\uFE7C\uFE7E\uFF9E\uFF9F`;
const MULTI_DIGIT = new RegExp(`[${MULTI_DIGIT_CARRIERS}]`, 'u');
/**
 * That many digit-carrying code points (look-alike letters counted as digits) with nothing between them that could
 * end a chain (a letter, an `X`): what every number found contains when no code point carries two digits. One
 * native, linear regex scan (its classes are disjoint) rules out almost every log line and text before the walk, and
 * is right for every spelling: a word such as `Hello` stops it at its first letter that is no look-alike.
 */
const CARRIERS = `${DIGIT_CARRIERS}${CHINESE_NUMERAL_CARRIERS}${LOOKALIKE_CARRIERS}`;
const SHORTEST_SENSITIVE_CHAIN = new RegExp(
  `[${CARRIERS}](?:(?:[^\\p{L}\\p{Nl}${CARRIERS}]|[${LETTERS_FOLDING_TO_MARKS}])*[${CARRIERS}]){${FEWEST_SENSITIVE_DIGITS - 1}}`,
  'u',
);

/**
 * Every number found holds a true digit or a Chinese numeral, since look-alike letters are only 0 and 1 (a mobile
 * number's second digit is 3–9, an ID's birth year starts 19 or 20): a text without one, such as English prose, is
 * ruled out at once, before the chain scan tries every look-alike letter in it.
 */
const HOLDS_DIGIT_OR_NUMERAL = new RegExp(`[${DIGIT_CARRIERS}${CHINESE_NUMERAL_CARRIERS}]`, 'u');

/** True when the text cannot hold any number the detector finds; exported for the test that checks it is sound. */
export function cannotHoldSensitiveNumber(text: string): boolean {
  return !HOLDS_DIGIT_OR_NUMERAL.test(text) || (!SHORTEST_SENSITIVE_CHAIN.test(text) && !MULTI_DIGIT.test(text));
}

/** Every resident ID and mobile number in the text; a mobile number inside an ID it overlaps is the ID's part. */
function findAll(text: string): Found[] {
  if (cannotHoldSensitiveNumber(text)) return [];
  const numerals = HOLDS_CHINESE_NUMERAL.test(text) ? [false, true] : [false];
  const lookalikes = HOLDS_LOOKALIKE.test(text) ? [false, true] : [false];
  const found: Found[] = [];
  // A view that reads more finds again what holds none of what it reads more: keep each number once.
  const spans = new Set<string>();
  for (const view of lookalikes.flatMap((readsLookalikes) => numerals.map((readsNumerals): View => ({ numerals: readsNumerals, lookalikes: readsLookalikes })))) {
    for (const number of numbersIn(chainsOf(text, view))) {
      if (spans.has(spanOf(number))) continue;
      spans.add(spanOf(number));
      found.push(number);
    }
  }
  return found;
}

/**
 * The chain with its runs also cut where each ID found in it begins and ends: digits run on to an ID are a number of
 * their own (`<ID><mobile>`, `<mobile><ID>`), whole runs as far as the mobile rule is concerned, since the ID between
 * them and the rest is no part of a longer certificate number that the rule protects.
 */
function cutAtIds(chain: Chain, ids: readonly Found[]): Chain {
  if (ids.length === 0) return chain;
  const starts = new Set(chain.runStarts);
  for (const { marks } of ids) {
    const first = marks[0] ? chain.marks.indexOf(marks[0]) : -1;
    if (first < 0) continue;
    starts.add(first);
    if (first + marks.length < chain.marks.length) starts.add(first + marks.length);
  }
  const runStarts = [...starts].sort((a, b) => a - b);
  const listStarts = new Set([...chain.listRuns].map((run) => chain.runStarts[run]));
  const listRuns = new Set(runStarts.flatMap((start, run) => (listStarts.has(start) ? [run] : [])));
  return { ...chain, runStarts, listRuns };
}

/** The IDs of the chains, and their mobile numbers that are not part of one. */
function numbersIn(chains: readonly Chain[]): Found[] {
  return chains.flatMap((original) => {
    const ids = residentIdsIn(original);
    const chain = cutAtIds(original, ids);
    const inIds = new Set(ids.flatMap((id) => id.marks));
    const mobiles = [...mobilesIn(chain), ...mobilesAtNumeralRunEnds(chain)];
    return [...ids, ...mobiles.filter((mobile) => !mobile.marks.some((mark) => inIds.has(mark)))];
  });
}

/** Where a number found is written, as UTF-16 bounds of its first and last code point, and its kind. */
function spanOf(number: Found): string {
  return `${number.kind}:${number.marks[0]?.start ?? 0}-${number.marks.at(-1)?.end ?? 0}`;
}

/** True when the text holds a resident ID or a mobile number in any spelling. */
export function containsSensitiveNumber(text: string): boolean {
  return findAll(text).length > 0;
}

/** The canonical form (`370102199003071238`, `13812345678`) of every ID and mobile number in the text, for leak scans. */
export function sensitiveNumbersIn(text: string): string[] {
  return findAll(text).map((number) => number.canonical);
}

/**
 * The text with the hidden digits of every number found replaced by `*`, everything else (the kept digits in their
 * own spelling, separators, prefixes) as written. A code point that folds to several characters (`⑬`, `㋀` = 1月) is
 * written as its fold, with its hidden digits as `*`.
 */
function masked(text: string, found: readonly Found[]): string {
  const hiddenParts = new Map<number, { end: number; parts: Set<number> }>();
  for (const mark of found.flatMap((number) => number.hidden)) {
    const entry = hiddenParts.get(mark.start) ?? { end: mark.end, parts: new Set<number>() };
    entry.parts.add(mark.part);
    hiddenParts.set(mark.start, entry);
  }
  let result = '';
  let position = 0;
  for (const [start, { end, parts }] of [...hiddenParts].sort(([a], [b]) => a - b)) {
    let part = 0;
    const written = Array.from(foldCodePoint(text.slice(start, end)), (char) => {
      if (classOf(char, true) !== 'digit' && !LOOKALIKE_DIGITS.has(char)) return char;
      part += 1;
      return parts.has(part - 1) ? '*' : char;
    }).join('');
    result += text.slice(position, start) + written;
    position = end;
  }
  return result + text.slice(position);
}

/**
 * Masks every resident ID (first 6 and last 4 digits kept) and mobile number (first 3 and last 4 kept). Repeats until
 * nothing is found, because the digits a mask keeps could complete a number with what follows; text without such
 * numbers comes back unchanged.
 */
export function maskSensitiveText(text: string): string {
  let current = text;
  for (let found = findAll(current); found.length > 0; found = findAll(current)) current = masked(current, found);
  return current;
}

/** Digits and `X` of a value as the detector reads them, without anything else. */
function digitsOf(value: string): string {
  let digits = '';
  for (const char of Array.from(value, foldCodePoint).join('')) {
    const kind = classOf(char);
    if (kind === 'digit') digits += digitValue(char);
    else if (kind === 'x') digits += 'X';
  }
  return digits;
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
