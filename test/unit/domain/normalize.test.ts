import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsSensitiveNumber, maskedCertificateNumber, normalizeCertificateNumber } from '../../../shared/domain/index.js';
import { readFileSync } from 'node:fs';
import { MAYBE_TRADITIONAL } from '../../../shared/domain/normalize.js';
import { unpackText } from '../../../shared/domain/packed-text.js';
import { TS_CHARACTERS_BROTLI_BASE64 } from '../../../shared/domain/traditional-characters.generated.js';
import { TRADITIONAL_CHARACTERS_FILE, traditionalCharactersFileContent } from '../../../scripts/traditional-characters.js';

describe('normalizeCertificateNumber', () => {
  it('makes 魯142019017, 鲁 142019017 and 鲁142019017 one number (contract)', () => {
    expect(new Set(['魯142019017', '鲁 142019017', '鲁142019017'].map(normalizeCertificateNumber))).toEqual(new Set(['鲁142019017']));
  });

  it.each([
    ['full-width digits and letters', 'ＪＹ２３７０１０２００１２３４５', 'JY23701020012345'],
    ['lower-case Latin', 'jy23701020012345', 'JY23701020012345'],
    ['surrounding and inner white space, ideographic space, tab', ' JY2370 1020\u3000012345\t', 'JY23701020012345'],
    ['hyphen, en and em dash, full-width hyphen, minus', '4510-0123‐45–6—7－8−9', '45100123456789'],
    ['middle dots in plates', '鲁A·12345', '鲁A12345'],
    ['katakana middle dot and bullet', '鲁A・123•45', '鲁A12345'],
    ['dots and slashes', '12.34/56\\78', '12345678'],
    ['zero-width characters', '1234\u200b5678\ufeff', '12345678'],
    ['half-width brackets', '鲁(2019)济南市不动产权第0123456号', '鲁2019济南市不动产权第0123456号'],
    ['full-width and square brackets', '鲁（2019）济南市不动产权第0123456号', '鲁2019济南市不动产权第0123456号'],
    ['lenticular brackets', '鲁【2019】济南市不动产权第0123456号', '鲁2019济南市不动产权第0123456号'],
    ['traditional characters in a 不动产权 number', '魯（2019）濟南市不動產權第0123456號', '鲁2019济南市不动产权第0123456号'],
    ['a two-step traditional chain (薴 → 苧 → 苎)', '薴1', '苎1'],
    ['the ID check character', '37010219900307123x', '37010219900307123X'],
    ['already normal', 'PDY12345637010217D2192', 'PDY12345637010217D2192'],
  ])('%s', (_name, raw, expected) => {
    expect(normalizeCertificateNumber(raw)).toBe(expected);
  });

  it('keeps characters that distinguish numbers', () => {
    expect(normalizeCertificateNumber('鲁A12345')).not.toBe(normalizeCertificateNumber('鲁B12345'));
    expect(normalizeCertificateNumber('J4510001234567')).not.toBe(normalizeCertificateNumber('4510001234567'));
  });

  it('is idempotent on these cases', () => {
    for (const raw of ['魯１４２-019 017', 'e-\u0301', '鲁（2019）', 'ab·CD']) {
      const once = normalizeCertificateNumber(raw);
      expect(normalizeCertificateNumber(once)).toBe(once);
    }
  });
});

describe('maskedCertificateNumber', () => {
  it.each(['l38OOl38OOO', 'l38 OOl3 8OOO', 'ｌ３８ＯＯｌ３８ＯＯＯ', '138OO138OOO', 'I38OOI38OOO'])('masks a mobile number the normalizer upper-cased out of look-alike letters: %s', (typed) => {
    const normalized = normalizeCertificateNumber(typed);
    const shown = maskedCertificateNumber(normalized);
    expect(shown).toContain('****');
    expect(containsSensitiveNumber(shown.replace(/L/g, 'l'))).toBe(false);
  });

  it.each(['LA2024001', 'BL1234567', 'GL-2026-0001', 'ABC12345678901234'])('shows a certificate number with letters as normalized: %s', (typed) => {
    const normalized = normalizeCertificateNumber(typed);
    expect(maskedCertificateNumber(normalized)).toBe(normalized);
  });
});

describe('the dictionary normalizeCertificateNumber folds with', () => {
  it('converts no character outside MAYBE_TRADITIONAL, so skipping the conversion for such numbers changes nothing', async () => {
    const { default: pairs } = await import('opencc-js/dict/TSCharacters');
    const sources = pairs.split('|').flatMap((pair) => Array.from(pair.split(' ')[0] ?? ''));
    expect(sources.length).toBeGreaterThan(3000);
    expect(sources.filter((character) => !MAYBE_TRADITIONAL.test(character))).toEqual([]);
  });

  it('is the table of the installed opencc-js (run `npx tsx scripts/traditional-characters.ts` when this fails)', async () => {
    const { default: pairs } = await import('opencc-js/dict/TSCharacters');
    expect(unpackText(TS_CHARACTERS_BROTLI_BASE64)).toBe(pairs);
    expect(readFileSync(TRADITIONAL_CHARACTERS_FILE, 'utf8')).toBe(traditionalCharactersFileContent());
  });

  it('folds a traditional character of each plane the table covers, after the table is unpacked', async () => {
    const { default: pairs } = await import('opencc-js/dict/TSCharacters');
    const table = pairs.split('|').map((pair) => pair.split(' '));
    const sources = new Set(table.map(([traditional]) => traditional));
    // Pairs that fold in one step and that NFKC leaves alone: the first of the basic plane and of the planes above.
    const folding = table.filter(([traditional = '', simplified = '']) => !sources.has(simplified) && traditional.normalize('NFKC') === traditional);
    const [basic, astral] = [false, true].map((wide) => folding.find(([traditional = '']) => (traditional.codePointAt(0) ?? 0) > 0xffff === wide) ?? []);
    expect(astral).toHaveLength(2);
    for (const [traditional = '', simplified = ''] of [basic ?? [], astral ?? []]) {
      expect(normalizeCertificateNumber(`${traditional}2019-0123`)).toBe(`${simplified}20190123`);
    }
  });
});

describe('normalizeCertificateNumber reads digits of every script as one number', () => {
  /** The same digits in another script whose zero is `zero` (Unicode encodes each script's 0–9 in a row). */
  const spelledIn = (number: string, zero: number) => number.replace(/[0-9]/g, (digit) => String.fromCodePoint(zero + Number(digit)));
  const scripts = { arabicIndic: 0x660, extendedArabicIndic: 0x6f0, devanagari: 0x966, fullWidth: 0xff10, bengali: 0x9e6, mathematicalBold: 0x1d7ce };

  it('a number and its Arabic-Indic, full-width, Devanagari… spellings normalize equal (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{1,30}$/), fc.constantFrom(...Object.values(scripts)), (number, zero) => {
        expect(normalizeCertificateNumber(spelledIn(number, zero))).toBe(normalizeCertificateNumber(number));
      }),
    );
  });

  it.each([
    ['Arabic-Indic digits', '١١٠١٠٥١٩٤٩١٢٣١٠٠٢X', '11010519491231002X'],
    ['Chinese numerals', '一一〇一〇五一九四九一二三一〇〇二X', '11010519491231002X'],
    ['financial numerals, traditional ones and 幺, with separators', '壹贰-叁肆 伍陸貳幺零', '123456210'],
    ['numerals and Latin letters', 'ab一二三四五', 'AB12345'],
  ])('folds %s', (_name, raw, expected) => {
    expect(normalizeCertificateNumber(raw)).toBe(expected);
  });

  it.each([
    ['a number with a province character', '鲁AA1234567', '鲁AA1234567'],
    ['a case number with other CJK characters', '（2019）鲁01民初一号', '2019鲁01民初一号'],
    ['a name made of numerals', '伍六一', '伍六一'],
    ['a one-character surname', '陆', '陆'],
    ['digits read aloud, which only the masker reads', '洞幺两拐勾', '洞幺两拐勾'],
    ['traditional 兩, folded but not read', '兩兩兩兩兩', '两两两两两'],
  ])('keeps the numerals of %s', (_name, raw, expected) => {
    expect(normalizeCertificateNumber(raw)).toBe(expected);
  });
});
