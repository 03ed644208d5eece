/**
 * Every spelling class of a resident ID or mobile number that a reader would still take for one (contract, "What is
 * never shown"; issue 12), for the unit, corpus and fuzz suites. Each entry is the text and the canonical number it
 * spells; `spellingClass` names how, so a failure says which class leaked.
 */
import { residentId } from './ids.js';

export interface Spelling {
  readonly spellingClass: string;
  readonly text: string;
  readonly number: string;
}

const from = (zero: number) => (digit: number) => String.fromCodePoint(zero + digit);
/** Digits with 0 and 1 written as letters that look like them, the other digits as `others` writes them. */
const lookalike = (zero: string, one: string, others: (digit: number) => string = String) => (digit: number) => (digit === 0 ? zero : digit === 1 ? one : others(digit));
/** Ways to write the digits 0–9: decimal digits of other scripts, compatibility forms NFKC folds, look-alike letters. */
export const DIGIT_SPELLINGS: Readonly<Record<string, (digit: number) => string>> = {
  ascii: String,
  'full-width': from(0xff10),
  circled: (digit) => (digit === 0 ? '⓪' : from(0x245f)(digit)),
  'negative circled': (digit) => (digit === 0 ? '⓿' : from(0x2775)(digit)),
  parenthesized: (digit) => (digit === 0 ? '0' : from(0x2473)(digit)),
  'with full stop': (digit) => (digit === 0 ? '🄀' : from(0x2487)(digit)),
  'with comma': from(0x1f101),
  superscript: (digit) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.charAt(digit),
  subscript: from(0x2080),
  'mathematical bold': from(0x1d7ce),
  'mathematical double-struck': from(0x1d7d8),
  'mathematical monospace': from(0x1d7f6),
  'segmented (legacy computing)': from(0x1fbf0),
  'Arabic-Indic': from(0x0660),
  'extended Arabic-Indic': from(0x06f0),
  Devanagari: from(0x0966),
  Bengali: from(0x09e6),
  Thai: from(0x0e50),
  Tibetan: from(0x0f20),
  'Chinese numerals': (digit) => '〇一二三四五六七八九'.charAt(digit),
  'Chinese numerals with 零 and 幺': (digit) => '零幺二三四五六七八九'.charAt(digit),
  'financial Chinese numerals': (digit) => '零壹贰叁肆伍陆柒捌玖'.charAt(digit),
  'traditional financial Chinese numerals': (digit) => '零壹貳參肆伍陸柒捌玖'.charAt(digit),
  'digits read aloud (洞 幺 两 拐 勾)': (digit) => '洞幺两三四五六拐八勾'.charAt(digit),
  'digits read aloud (么 兩)': (digit) => '洞么兩三四五六拐八勾'.charAt(digit),
  'Suzhou numerals': (digit) => '〇〡〢〣〤〥〦〧〨〩'.charAt(digit),
  'circled ideographs': (digit) => (digit === 0 ? '〇' : String.fromCodePoint(0x327f + digit)),
  'look-alike letters O and l': lookalike('O', 'l'),
  'look-alike letters o and I': lookalike('o', 'I'),
  'look-alike O and |': lookalike('O', '|'),
  'full-width look-alike letters': lookalike('Ｏ', 'ｌ', from(0xff10)),
  'mathematical bold look-alike letters': lookalike('𝐎', '𝐈', from(0x1d7ce)),
};

const LOOKALIKE_VALUES: Readonly<Record<string, number>> = { O: 0, o: 0, l: 1, I: 1, '|': 1 };
/**
 * Every code point of planes 0 and 1 (the BMP, the mathematical alphanumerics, the enclosed letters…) that NFKC
 * folds to one letter a reader takes for 0 (`O`, `o`) or 1 (`l`, `I`, `|`): `Ｏ`, `ℴ`, `𝐎`, `ℓ`, `Ⅰ`, `ⓞ`, `🄾`…
 */
export const LOOKALIKE_LETTERS: readonly { readonly char: string; readonly digit: number }[] = Array.from({ length: 0x20000 }, (_, codePoint) => String.fromCodePoint(codePoint))
  .filter((char) => !/\p{Cs}/u.test(char) && Object.hasOwn(LOOKALIKE_VALUES, char.normalize('NFKC')))
  .map((char) => ({ char, digit: LOOKALIKE_VALUES[char.normalize('NFKC')] ?? 0 }));
/** A mobile number with both a 0 and a 1, for the look-alike letters of each. */
export const SAMPLE_MOBILE_WITH_ZEROS = '13800138000';

/** What people (or attackers) put between the digits: punctuation of every kind, spaces, marks, invisible characters. */
export const SEPARATORS: Readonly<Record<string, string>> = {
  space: ' ',
  'ideographic space': '\u3000',
  'no-break space': '\u00a0',
  'thin space': '\u2009',
  tab: '\t',
  'line break': '\n',
  hyphen: '-',
  'en dash': '–',
  'em dash': '—',
  'full-width hyphen': '－',
  minus: '\u2212',
  slash: '/',
  'full-width slash': '／',
  backslash: '\\',
  dot: '.',
  'middle dot': '·',
  comma: ',',
  'ideographic comma': '、',
  colon: ':',
  underscore: '_',
  star: '*',
  tilde: '~',
  'full-width brackets': '）（',
  brackets: ')(',
  'lenticular brackets': '】【',
  'corner brackets': '」「',
  'combining acute accent': '\u0301',
  'combining grapheme joiner': '\u034f',
  'variation selector 16': '\ufe0f',
  'variation selector 15': '\ufe0e',
  'variation selector 17': '\u{e0100}',
  'zero-width joiner': '\u200d',
  'zero-width non-joiner': '\u200c',
  'zero-width space': '\u200b',
  'word joiner': '\u2060',
  'soft hyphen': '\u00ad',
  'left-to-right mark': '\u200e',
  'combining keycap': '\u20e3',
  'two spaces and a dash': '  - ',
};

/** The separators that make digits a list (`[6,9,96,134]`, `1、2、3`): a number is read across more groups only without them. */
export const LIST_SEPARATORS: readonly string[] = ['comma', 'ideographic comma'];

/** Every character NFKC or case folding turns into X, as the check character. */
export const CHECK_X_SPELLINGS = ['X', 'x', 'Ｘ', 'ｘ', 'Ⅹ', 'ⅹ', 'Ⓧ', 'ⓧ', '⒳', '𝐗', '𝑥', '𝕏', '🅇', '🄧'];

export const SAMPLE_ID = residentId('370102', '19900307', '123');
export const SAMPLE_ID_WITH_X = residentId('110101', '19851224', '007');
export const SAMPLE_MOBILE = '13812345678';

function write(number: string, spell: (digit: number) => string, checkX = 'X'): string[] {
  return [...number].map((char) => (char === 'X' ? checkX : spell(Number(char))));
}

/** Groups of digits (6-8-4 for an ID, 3-4-4 for a mobile), joined by the separator; `every` puts it between all. */
function grouped(chars: readonly string[], sizes: readonly number[] | 'every', separator: string): string {
  if (sizes === 'every') return chars.join(separator);
  const groups: string[] = [];
  let at = 0;
  for (const size of sizes) {
    groups.push(chars.slice(at, at + size).join(''));
    at += size;
  }
  return groups.join(separator);
}

/** Each digit spelling × each separator (both groupings), each X, the issue's own examples and mixed combinations. */
export function spellingCorpus(): Spelling[] {
  const corpus: Spelling[] = [];
  const add = (spellingClass: string, text: string, number: string) => corpus.push({ spellingClass, text, number });
  for (const [digitName, spell] of Object.entries(DIGIT_SPELLINGS)) {
    add(`ID in ${digitName} digits`, write(SAMPLE_ID, spell).join(''), SAMPLE_ID);
    add(`mobile in ${digitName} digits`, write(SAMPLE_MOBILE, spell).join(''), SAMPLE_MOBILE);
    for (const [separatorName, separator] of Object.entries(SEPARATORS)) {
      add(`ID in ${digitName} digits, grouped by ${separatorName}`, grouped(write(SAMPLE_ID, spell), [6, 8, 4], separator), SAMPLE_ID);
      add(`ID in ${digitName} digits, ${separatorName} between every digit`, grouped(write(SAMPLE_ID, spell), 'every', separator), SAMPLE_ID);
      add(`mobile in ${digitName} digits, grouped by ${separatorName}`, grouped(write(SAMPLE_MOBILE, spell), [3, 4, 4], separator), SAMPLE_MOBILE);
      add(`mobile in ${digitName} digits, ${separatorName} between every digit`, grouped(write(SAMPLE_MOBILE, spell), 'every', separator), SAMPLE_MOBILE);
    }
  }
  for (const checkX of CHECK_X_SPELLINGS) {
    add(`ID with ${checkX} as the check character`, write(SAMPLE_ID_WITH_X, String, checkX).join(''), SAMPLE_ID_WITH_X);
    add(`ID with ${checkX} after a space`, `${SAMPLE_ID_WITH_X.slice(0, 17)} ${checkX}`, SAMPLE_ID_WITH_X);
    add(`ID in circled digits with ${checkX}`, write(SAMPLE_ID_WITH_X, DIGIT_SPELLINGS.circled ?? String, checkX).join(''), SAMPLE_ID_WITH_X);
  }
  const prefixes = ['+86', '+86 ', '0086', '0086-', '86', '(+86)', '＋８６', '+86\u200b'];
  for (const prefix of prefixes) add(`mobile after ${prefix}`, `${prefix}${SAMPLE_MOBILE}`, SAMPLE_MOBILE);
  // The examples, as written there.
  add('issue: ID after a name and bracketed area', `张（370102）${SAMPLE_ID.slice(6)}`, SAMPLE_ID);
  add('issue: ID with slashes', `370102/${SAMPLE_ID.slice(6, 14)}/${SAMPLE_ID.slice(14)}`, SAMPLE_ID);
  add('issue: ID in circled digits', write(SAMPLE_ID, DIGIT_SPELLINGS.circled ?? String).join(''), SAMPLE_ID);
  add('issue: ID with U+034F', `${SAMPLE_ID.slice(0, 9)}\u034f${SAMPLE_ID.slice(9)}`, SAMPLE_ID);
  add('issue: ID with U+FE0F', `${SAMPLE_ID.slice(0, 9)}\ufe0f${SAMPLE_ID.slice(9)}`, SAMPLE_ID);
  add('issue: mobile (138)1234-5678', '(138)1234-5678', SAMPLE_MOBILE);
  add('issue: mobile 138/1234/5678', '138/1234/5678', SAMPLE_MOBILE);
  // A name ending in a numeral (张三, 王五, the surname 陆) right before the number: the name is no digit of it.
  add('mobile right after 张三', `张三${SAMPLE_MOBILE}`, SAMPLE_MOBILE);
  add('mobile right after 王五 and a space', `王五 ${SAMPLE_MOBILE}`, SAMPLE_MOBILE);
  add('ID right after the surname 陆', `陆${SAMPLE_ID}`, SAMPLE_ID);
  add('mobile in Chinese numerals right after 李四', `李四${write(SAMPLE_MOBILE, DIGIT_SPELLINGS['Chinese numerals'] ?? String).join('')}`, SAMPLE_MOBILE);
  // An extension right after a mobile number: an `x` there is no check character, which only ever closes 17 digits.
  const extensions = ['x2', 'x123', 'X', 'X12', 'ｘ８', ' x 12', 'x\u200b12', 'ext123', 'ext.12', 'Ext 5', '转123', '转 8', '分机12', '#123', ' # 12', ',,123'];
  for (const extension of extensions) {
    add(`mobile with the extension ${extension}`, `Tel: ${SAMPLE_MOBILE}${extension}`, SAMPLE_MOBILE);
    add(`mobile in Chinese numerals with the extension ${extension}`, `电话${write(SAMPLE_MOBILE, DIGIT_SPELLINGS['Chinese numerals'] ?? String).join('')}${extension}`, SAMPLE_MOBILE);
  }
  add('mobile grouped 3-4-4 with the extension x2', '138 1234 5678x2', SAMPLE_MOBILE);
  add('mobile after +86 with the extension X', `+86 ${SAMPLE_MOBILE}X`, SAMPLE_MOBILE);
  // What follows an ID's check X does not undo it: a Latin word (`Xuan`), a CJK word, a digit, a second X.
  for (const after of ['uan', 'a', 'A', 'u 张三', '号', '张三', '1', 'X', 'ｕａｎ', ' uan']) {
    add(`ID with its check X before ${after}`, `身份证号：${SAMPLE_ID_WITH_X}${after}`, SAMPLE_ID_WITH_X);
    add(`ID grouped 6-8-4 with its check X before ${after}`, grouped(write(SAMPLE_ID_WITH_X, String), [6, 8, 4], ' ') + after, SAMPLE_ID_WITH_X);
    add(`ID in Chinese numerals with its check X before ${after}`, write(SAMPLE_ID_WITH_X, DIGIT_SPELLINGS['Chinese numerals'] ?? String).join('') + after, SAMPLE_ID_WITH_X);
  }
  for (const checkX of CHECK_X_SPELLINGS) add(`ID with ${checkX} as the check character before a Latin letter`, `ID ${SAMPLE_ID_WITH_X.slice(0, 17)}${checkX}a`, SAMPLE_ID_WITH_X);
  // Regular groups (pairs, triples) beyond 4 (mobile) or 6 (ID) groups: the first and last may differ in size.
  const regularGroupings: readonly { readonly number: string; readonly sizes: readonly number[] }[] = [
    ...[[3, 2, 2, 2, 2], [1, 2, 2, 2, 4], [2, 2, 2, 2, 3], [1, 2, 2, 2, 2, 2], [2, 2, 2, 2, 2, 1]].map((sizes) => ({ number: SAMPLE_MOBILE, sizes })),
    ...[[2, 2, 2, 2, 2, 2, 2, 2, 2], [6, 2, 2, 2, 2, 2, 2], [4, 2, 2, 2, 2, 2, 2, 2]].map((sizes) => ({ number: SAMPLE_ID, sizes })),
    { number: SAMPLE_ID_WITH_X, sizes: [2, 2, 2, 2, 2, 2, 2, 2, 2] },
  ];
  const groupSeparators = Object.entries(SEPARATORS).filter(([name]) => !LIST_SEPARATORS.includes(name));
  for (const { number, sizes } of regularGroupings) {
    const kind = number.length === 18 ? 'ID' : 'mobile';
    for (const [digitName, spell] of Object.entries(DIGIT_SPELLINGS)) add(`${kind} in ${digitName} digits, in groups ${sizes.join('-')}`, grouped(write(number, spell), sizes, ' '), number);
    for (const [separatorName, separator] of groupSeparators) add(`${kind} in groups ${sizes.join('-')} by ${separatorName}`, grouped(write(number, String), sizes, separator), number);
  }
  // Every look-alike letter NFKC makes, in place of its digit; letters that fold to two (`Ⅱ`) or in brackets (`⒧`).
  for (const { char, digit } of LOOKALIKE_LETTERS) {
    const name = `U+${char.codePointAt(0)?.toString(16).toUpperCase()} ${char} for ${digit}`;
    const spell = (value: number) => (value === digit ? char : String(value));
    add(`look-alike ${name} in an ID`, `证号${write(SAMPLE_ID, spell).join('')}`, SAMPLE_ID);
    add(`look-alike ${name} in a mobile`, `电话 ${write(SAMPLE_MOBILE_WITH_ZEROS, spell).join('')}`, SAMPLE_MOBILE_WITH_ZEROS);
  }
  add('look-alike Ⅱ for 11 in a mobile', '138Ⅱ234567', '13811234567');
  add('look-alikes ⒧ and ⒪ in a mobile', '⒧38⒪⒪⒧38⒪⒪⒪', SAMPLE_MOBILE_WITH_ZEROS);
  // A word before or after look-alike letters keeps its own letters, and the number its digits.
  add('look-alike mobile right after Tel', 'Tel138OO138OOO', SAMPLE_MOBILE_WITH_ZEROS);
  add('look-alike mobile with the extension x2', 'l38OOl38OOOx2', SAMPLE_MOBILE_WITH_ZEROS);
  add('look-alike mobile before a word', 'l38OOl38OOO call me', SAMPLE_MOBILE_WITH_ZEROS);
  add('look-alike ID ending in its check X', `ID: ${write(SAMPLE_ID_WITH_X, lookalike('O', 'l')).join('')}`, SAMPLE_ID_WITH_X);
  // Combinations: a different spelling per digit, several separators, and in a sentence.
  const names = Object.keys(DIGIT_SPELLINGS);
  const separators = Object.values(SEPARATORS);
  for (let offset = 0; offset < names.length; offset += 1) {
    const mixed = (number: string) =>
      [...number]
        .map((char, index) => `${index > 0 && index % 3 === 0 ? (separators[(offset + index) % separators.length] ?? '') : ''}${
          char === 'X' ? (CHECK_X_SPELLINGS[offset % CHECK_X_SPELLINGS.length] ?? 'X') : (DIGIT_SPELLINGS[names[(offset + index) % names.length] ?? 'ascii'] ?? String)(Number(char))
        }`)
        .join('');
    add(`ID in mixed spellings #${offset}`, `身份证号${mixed(SAMPLE_ID)}遗失`, SAMPLE_ID);
    add(`ID with X in mixed spellings #${offset}`, `证号：${mixed(SAMPLE_ID_WITH_X)}，`, SAMPLE_ID_WITH_X);
    add(`mobile in mixed spellings #${offset}`, `电话${mixed(SAMPLE_MOBILE)}联系`, SAMPLE_MOBILE);
  }
  return corpus;
}
