import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskSensitiveText, renderNotice, validateDeclaration, type DocumentTypeCode } from '../../../shared/domain/index.js';
import { FIXTURES, TODAY, body } from './fixtures.js';
import { creditCode } from './reference.js';

/**
 * Over-masking: the masker must leave ordinary certificate numbers alone, or the notice and the verification answer
 * become useless. Each generator follows the real structure of the catalogue's numbers (issuing area codes of
 * Shandong and elsewhere, years, sequence ranges); the resident-ID types (居民身份证, 机动车驾驶证) and the 医师资格证书
 * code, which ends with the holder's ID, are masked on purpose and so are not in this corpus.
 */
const AREAS = ['370102', '370103', '370112', '370181', '370202', '370281', '370602', '371302', '110105', '310115', '440305', '510107'];
const digits = (length: number) => fc.stringMatching(new RegExp(`^\\d{${length}}$`));
const area = fc.constantFrom(...AREAS);
const year = fc.integer({ min: 1995, max: 2025 }).map(String);
const seq = (length: number, max: number) => fc.integer({ min: 1, max }).map((value) => String(value).padStart(length, '0'));
const upperAlnum = (length: number) => fc.stringMatching(new RegExp(`^[0-9A-HJ-NP-RTUW-Y]{${length}}$`));
const province = fc.constantFrom('鲁', '京', '沪', '粤', '川');
const city = fc.constantFrom('济南市', '青岛市', '烟台市', '临沂市');

const CREDIT_CODE_KIND = fc.constantFrom('11', '12', '13', '19', '51', '52', '91', '92', '93');
/** Unified social credit codes: old organisation codes (8 digits + check digit or X) and new ones (MA…). */
const creditCodes = fc
  .tuple(CREDIT_CODE_KIND, area, fc.oneof(digits(9), digits(8).map((code) => `${code}X`), upperAlnum(7).map((code) => `MA${code}`)))
  .map(([kind, code, organisation]) => creditCode(`${kind}${code}${organisation}`.slice(0, 17)));

const NUMBERS: Readonly<Partial<Record<DocumentTypeCode, fc.Arbitrary<string>>>> = {
  business_license: fc.oneof(creditCodes, fc.tuple(area, digits(9)).map(([code, rest]) => `${code}${rest}`)),
  finance_seal: fc.tuple(area, digits(7)).map(([code, rest]) => `${code}${rest}`),
  physician_practicing_certificate: fc.tuple(fc.integer({ min: 1, max: 4 }), area, seq(6, 99_999)).map(([level, code, n]) => `1${level}0${code}${n}`),
  nurse_practicing_certificate: fc.tuple(year, fc.constantFrom('37', '11', '44'), seq(6, 99_999)).map(([y, p, n]) => `${y}${p}${n}`),
  medical_institution_license: fc.tuple(upperAlnum(9), area, upperAlnum(7)).map(([a, code, b]) => `${a}${code}${b}`),
  birth_medical_certificate: fc.tuple(fc.constantFrom(...'NOPQR'), digits(9)).map(([letter, rest]) => `${letter}${rest}`),
  drug_business_license: fc.tuple(fc.constantFrom('AA', 'AB', 'CA'), digits(7)).map(([letters, rest]) => `鲁${letters}${rest}`),
  food_business_license: fc.tuple(fc.constantFrom('1', '2', '3'), area, seq(7, 999_999)).map(([kind, code, n]) => `JY${kind}${code}${n}`),
  bank_account_permit: fc.tuple(digits(4), digits(8)).map(([bank, n]) => `${bank}-${n}`),
  invoice: fc.oneof(digits(8), fc.tuple(year, fc.constantFrom('37', '11', '44'), digits(14)).map(([y, p, rest]) => `${y.slice(2)}${p}${rest}`)),
  real_estate_certificate: fc.tuple(province, year, city, seq(7, 999_999)).map(([p, y, c, n]) => `${p}（${y}）${c}不动产权第${n}号`),
  vehicle_license: fc.tuple(province, fc.constantFrom(...'ABCDFGH'), upperAlnum(5)).map(([p, letter, rest]) => `${p}${letter}·${rest}`),
  road_transport_permit: fc.tuple(area, seq(6, 999_999)).map(([code, n]) => `${code}${n}`),
  // School code (10001–14999), kind of schooling, year, level (01 doctor … 06 associate), sequence within the year.
  graduation_certificate: fc
    .tuple(fc.integer({ min: 10_001, max: 14_999 }), fc.constantFrom('1', '6', '7'), year, fc.constantFrom('01', '02', '05', '06'), seq(6, 9_999))
    .map(([school, kind, y, level, n]) => `${school}${kind}${y}${level}${n}`),
  degree_certificate: fc
    .tuple(fc.integer({ min: 10_001, max: 14_999 }), fc.constantFrom('2', '3', '4'), year, seq(6, 9_999))
    .map(([school, level, y, n]) => `${school}${level}${y}${n}`),
  microfinance_license: digits(9).map((rest) => `鲁${rest}`),
};

/** Other numbers notices and statements carry: invoice codes, archive numbers, bank approvals, landlines, dates. */
const OTHER_NUMBERS = fc.oneof(
  fc.tuple(area.map((code) => code.slice(0, 4)), year, digits(4)).map(([code, y, rest]) => `${code}${y.slice(2)}${rest}`),
  fc.tuple(fc.constant('0'), area.map((code) => code.slice(0, 4)), year, digits(5)).map(([zero, code, y, rest]) => `${zero}${code}${y.slice(2)}${rest}`),
  fc.tuple(area, digits(6)).map(([code, rest]) => `${code}${rest}`),
  digits(13).map((rest) => `J${rest}`),
  fc.tuple(fc.constantFrom('0531', '0532', '010', '021'), digits(8)).map(([code, n]) => `${code}-${n}`),
  fc.tuple(fc.constantFrom('0531', '0532'), digits(8)).map(([code, n]) => `（${code}）${n}`),
  digits(7).map((n) => `400-${n.slice(0, 3)}-${n.slice(3)}`),
  fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((date) => date.toISOString().replace('T', ' ').slice(0, 19)),
);

const PER_TYPE = 60;
const corpus = [
  ...Object.entries(NUMBERS).flatMap(([code, numbers]) => fc.sample(numbers, { seed: 11_643, numRuns: PER_TYPE }).map((number) => ({ code: code as DocumentTypeCode, number }))),
  ...fc.sample(OTHER_NUMBERS, { seed: 32_100, numRuns: 300 }).map((number) => ({ code: 'other' as const, number })),
];

const fullWidth = (text: string) => text.replace(/[0-9A-Z]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));

describe('over-masking: ordinary certificate numbers survive the masker', () => {
  it(`holds at least 1,000 real-shaped numbers of the catalogue's types (${corpus.length})`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1_000);
    expect(new Set(corpus.map(({ code }) => code)).size).toBe(Object.keys(NUMBERS).length + 1);
  });

  it('leaves every one unchanged, alone, in full-width, spaced out, and next to each other', () => {
    const changed = corpus.flatMap(({ code, number }) =>
      [number, fullWidth(number), number.replace(/(\d{4})(?=\d)/g, '$1 '), `证号：${number}，`].filter((text) => maskSensitiveText(text) !== text).map((text) => `${code}: ${text}`),
    );
    expect(changed).toEqual([]);
  });

  it('leaves Chinese numerals of ordinary writing alone: dates, amounts, counts, lists, addresses, names', () => {
    const numeral = (digits: string) => [...digits].map((digit) => '〇一二三四五六七八九'.charAt(Number(digit))).join('');
    const tens = (value: number) => (value < 10 ? numeral(String(value)) : `${value >= 20 ? numeral(String(Math.floor(value / 10))) : ''}十${value % 10 ? numeral(String(value % 10)) : ''}`);
    const dates = fc.sample(fc.date({ min: new Date('1950-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }), { seed: 2_026, numRuns: 300 }).flatMap((date) => {
      const [y = '', m = '', d = ''] = date.toISOString().slice(0, 10).split('-');
      return [`${numeral(y)}年${tens(Number(m))}月${tens(Number(d))}日`, `${numeral(y)}${numeral(m)}${numeral(d)}`, `${numeral(y)}.${numeral(m)}.${numeral(d)}，张三、李四、王五到场`];
    });
    const texts = [
      ...dates,
      '人民币壹万贰仟叁佰肆拾伍元整（¥12345.00）',
      '一式三份，各执一份；第一、二、三、四、五、六、七、八、九项',
      '济南市历下区经十路一二三四五号三号楼二单元五〇一室',
      '陆陆续续，一五一十，三三两两，乱七八糟，七上八下，一清二楚',
      '张三、李四、王五、赵六、钱七，共五人，一九九〇年三月七日',
      '编号一二三四五六七八九〇，第二〇二六〇〇一号',
    ];
    expect(texts.filter((text) => maskSensitiveText(text) !== text)).toEqual([]);
  });

  it('leaves lists, scores, pages, times and amounts alone, however many groups they have', () => {
    const texts = [
      '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15',
      '1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13',
      '[6,9,96,134,72,1,101,3,4]',
      '1, 38, 42, 17, 65, 30',
      '138、42、17、65、30',
      '138; 42; 17; 65; 30',
      '6 9 96 134 72 1 101 3 4',
      '第1、3、5、7、9、11、13、15页',
      '见第13页、第80页、第138页',
      '页码 13 14 15 16 17 18 19 20',
      '比分 13:8 10:11 13:9 8:13 11:7',
      '13:30 14:00 15:30 16:00 17:30 18:00',
      '2019 03 07 2020 11 12 2021 05 06',
      '¥1,380,013,800.00 与 ¥13,800.00',
      '1 38 4 217 65 3 0',
      '37 0102 19 90 03 07 77 52 1',
    ];
    expect(texts.filter((text) => maskSensitiveText(text) !== text)).toEqual([]);
  });

  it('leaves every notice built around one of them unchanged', () => {
    const changed: string[] = [];
    for (const { code, number } of corpus) {
      if (code === 'other') continue;
      const fixture = FIXTURES[code];
      // A single invoice: the fixture's run (numberTo, count) belongs to its own first number.
      const { numberTo: _to, count: _count, ...document } = fixture.document;
      const result = validateDeclaration(body(fixture, { document: { ...document, number } }), { today: TODAY });
      if (!result.ok) throw new Error(`${code} ${number}: ${JSON.stringify(result.errors)}`);
      const text = renderNotice(result.declaration);
      if (maskSensitiveText(text) !== text) changed.push(text);
    }
    expect(changed).toEqual([]);
  });
});
