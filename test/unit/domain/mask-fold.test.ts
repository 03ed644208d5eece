import { describe, expect, it } from 'vitest';
import {
  CHINESE_NUMERAL_CARRIERS,
  DIGIT_CARRIERS,
  LETTERS_FOLDING_TO_MARKS,
  LOOKALIKE_CARRIERS,
  MULTI_DIGIT_CARRIERS,
  cannotHoldSensitiveNumber,
  containsSensitiveNumber,
} from '../../../shared/domain/mask.js';
import { CHINESE_NUMERAL_VALUES, LOOKALIKE_VALUES } from './reference.js';

/**
 * The masker's cheap pre-check must never rule out a text the full walk would find a number in, for any spelling.
 * These tests prove its character classes against every Unicode code point, as NFKC folds it in this runtime.
 */
const DIGIT = /\p{Nd}/u;
/** The digits NFKC leaves alone that the detector folds itself (its UNFOLDED_DIGITS). */
const UNFOLDED_DIGIT_SPELLINGS = [...'❶❷❸❹❺❻❼❽❾❿➀➁➂➃➄➅➆➇➈➉➊➋➌➍➎➏➐➑➒➓⓵⓶⓷⓸⓹⓺⓻⓼⓽⓾⓫⓬⓭⓮⓯⓰⓱⓲⓳⓴⓿🄋🄌'];
const TWO_DIGIT_DINGBATS = [...'❿➉➓⓾⓫⓬⓭⓮⓯⓰⓱⓲⓳⓴'];
const ENDS_A_CHAIN = /[\p{L}\p{N}]/u;

function* codePoints(): Generator<string> {
  for (let codePoint = 0; codePoint <= 0x10ffff; codePoint += 1) {
    if (codePoint < 0xd800 || codePoint > 0xdfff) yield String.fromCodePoint(codePoint);
  }
}

describe('the pre-check is sound for every code point', () => {
  it('classes every code point the way the walk reads its NFKC fold', () => {
    const carrier = new RegExp(`^[${DIGIT_CARRIERS}]$`, 'u');
    const multi = new RegExp(`^[${MULTI_DIGIT_CARRIERS}]$`, 'u');
    const numeralCarrier = new RegExp(`^[${CHINESE_NUMERAL_CARRIERS}]$`, 'u');
    const lookalikeCarrier = new RegExp(`^[${LOOKALIKE_CARRIERS}]$`, 'u');
    const breaker = new RegExp(`^(?![${LETTERS_FOLDING_TO_MARKS}])[\\p{L}\\p{Nl}]$`, 'u');
    const wrong: string[] = [];
    for (const char of codePoints()) {
      const folded = Array.from(UNFOLDED_DIGIT_SPELLINGS.includes(char) ? '1' : char.normalize('NFKC'));
      const digits = folded.filter((part) => DIGIT.test(part)).length;
      const hex = char.codePointAt(0)?.toString(16);
      if (digits > 0 && !carrier.test(char)) wrong.push(`${hex} carries a digit`);
      const numerals = folded.filter((part) => part in CHINESE_NUMERAL_VALUES).length;
      if (numerals > 0 && !numeralCarrier.test(char)) wrong.push(`${hex} carries a Chinese numeral`);
      if (numerals === 0 && numeralCarrier.test(char)) wrong.push(`${hex} carries no Chinese numeral`);
      if (numerals > 1 || (numerals > 0 && digits > 0)) wrong.push(`${hex} carries several digits`);
      const lookalikes = folded.filter((part) => part in LOOKALIKE_VALUES).length;
      if (lookalikes > 0 && !lookalikeCarrier.test(char)) wrong.push(`${hex} carries a look-alike letter`);
      if (lookalikes === 0 && lookalikeCarrier.test(char)) wrong.push(`${hex} carries no look-alike letter`);
      // The masker counts a hidden code point's digits by what its fold holds in any view: never both kinds in one.
      if (lookalikes > 0 && digits + numerals > 0) wrong.push(`${hex} carries a look-alike letter and a digit`);
      if (digits + lookalikes > 1 && !multi.test(char)) wrong.push(`${hex} carries several digits`);
      if (TWO_DIGIT_DINGBATS.includes(char) && !multi.test(char)) wrong.push(`${hex} carries several digits`);
      // The pre-check may stop a chain only where the walk does: at a letter, another number, or an X.
      if (breaker.test(char) && !folded.some((part) => ENDS_A_CHAIN.test(part))) wrong.push(`${hex} is skipped by the walk`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets through every text the walk finds a number in', () => {
    for (const text of ['一三八〇〇一三八〇〇〇', '壹叁捌 零零壹叁 捌零零零', '㊀㊂㊇〇〇㊀㊂㊇〇〇〇', '1三8〇〇1三8〇〇〇', '❶❸❽❶❷❸❹❺❻❼❽', '⓭❽⓵❷❸❹❺❻❼❽', '13812345678', '１３８\u034F1234\uFE0F5678', '⑬⑧①②③④⑤⑥⑦⑧', '¹³⁸¹²³⁴⁵⁶⁷⁸', '(138)1234-5678', '\uFE70138 1234 5678', '138OO138OOO', 'l38 l234 5678', '|38|2345678', 'ｌ３８ＯＯｌ３８ＯＯＯ', '𝐥𝟑𝟖𝐎𝐎𝐥𝟑𝟖𝐎𝐎𝐎', 'Ⅰ38ⅠⅠ345678', '138Ⅱ234567', '⒧38OO⒧38OOO']) {
      expect(containsSensitiveNumber(text), text).toBe(true);
      expect(cannotHoldSensitiveNumber(text), text).toBe(false);
    }
  });

  it('rules out ordinary log lines', () => {
    const line = '{"level":"INFO","message":"request","timestamp":"2026-12-02T12:40:48.123Z","path":"/api/v1/notices","status":200,"durationMs":12}';
    expect(cannotHoldSensitiveNumber(line)).toBe(true);
    expect(cannotHoldSensitiveNumber('Hello, Olympic Oil Co. — lol, LOL, I told you so: 2026-12-02, No. 12')).toBe(true);
  });

  it('rules out look-alike letters without a true digit: they are only 0 and 1, and no number is made of those alone', () => {
    for (const text of ['lOl lOl lOl lOl lOl', 'IIOIOIIOIOOIOIIOIOII', 'ⅡⅢⅡⅢⅡⅢⅡⅢ', '|||||||||||||']) {
      expect(containsSensitiveNumber(text), text).toBe(false);
      expect(cannotHoldSensitiveNumber(text), text).toBe(true);
    }
  });
});
