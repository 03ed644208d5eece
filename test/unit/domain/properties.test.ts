import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_FIELDS,
  DOCUMENT_TYPE_CODES,
  containsSensitiveNumber,
  maskSensitiveText,
  normalizeCertificateNumber,
  refusedNameCharacter,
  renderNotice,
  validateDeclaration,
  type DocumentTypeCode,
} from '../../../shared/domain/index.js';
import { FIXTURES, TODAY, body } from './fixtures.js';
import { digitProjection, residentId, sensitiveNumbersIn } from './reference.js';

/** Fixed seed: CI runs the same cases every time; a failure prints the counterexample. */
const RUNS = { seed: 42, numRuns: 500 } as const;

const AREAS = ['370102', '110101', '440305', '510104', '650102', '371702', '820000', '937156'];
const birthDates = fc
  .integer({ min: 0, max: 45_000 })
  .map((days) => new Date(Date.UTC(1900, 0, 1) + days * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''));
const residentIds = fc
  .tuple(fc.constantFrom(...AREAS), birthDates, fc.integer({ min: 0, max: 999 }))
  .map(([area, birth, sequence]) => residentId(area, birth, String(sequence).padStart(3, '0')));
const mobiles = fc.tuple(fc.constantFrom(...'3456789'), fc.stringMatching(/^\d{9}$/)).map(([second, rest]) => `1${second}${rest}`);

/**
 * Separators people put inside numbers. Declarations get single printable ones (runs of two would overflow the
 * length limits); the masker alone also gets invisible ones (format characters, combining marks, variation
 * selectors, which validation refuses in a declaration) and runs of up to four.
 */
const PRINTABLE_SEPARATORS = [' ', '-', '\u3000', '–', '—', '－', '.', '·', '/', '(', ')', '（', '）', '【', '】', '*', '_', ',', '、', '~'];
const ALL_SEPARATORS = [...PRINTABLE_SEPARATORS, '\u200b', '\u00a0', '\t', '\u034f', '\ufe0f', '\u200d', '\u200c', '\u0301', '\u2060', '\u20e3'];
/** What the structured ID field takes (validation folds it with NFKC and drops white space, dashes and dots). */
const ID_FIELD_SEPARATORS = [' ', '-', '\u3000', '–', '—', '－', '.', '·'];
const COUNTRY_CODES = ['', '+86', '+86 ', '+86-', '0086', '0086 ', '86', '＋86 ', '(+86)'];

/**
 * The ways a digit (0–9) is written that NFKC folds, decimal digits of another script, digits as read aloud, and 0 and
 * 1 as letters that look like them.
 */
const DIGIT_SPELLINGS: Readonly<Record<string, (digit: number) => string>> = {
  half: (digit) => String(digit),
  full: (digit) => String.fromCodePoint(0xff10 + digit),
  circled: (digit) => (digit === 0 ? '⓪' : String.fromCodePoint(0x245f + digit)),
  superscript: (digit) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.charAt(digit),
  subscript: (digit) => String.fromCodePoint(0x2080 + digit),
  bold: (digit) => String.fromCodePoint(0x1d7ce + digit),
  arabicIndic: (digit) => String.fromCodePoint(0x0660 + digit),
  devanagari: (digit) => String.fromCodePoint(0x0966 + digit),
  readAloud: (digit) => '洞么两三四五六拐八勾'.charAt(digit),
  lookalike: (digit) => (digit === 0 ? 'O' : digit === 1 ? 'l' : String(digit)),
  lookalikeFull: (digit) => (digit === 0 ? 'ｏ' : digit === 1 ? 'Ｉ' : String.fromCodePoint(0xff10 + digit)),
  lookalikeBar: (digit) => (digit === 0 ? '𝐎' : digit === 1 ? '|' : String(digit)),
};
const SPELLING_NAMES = Object.keys(DIGIT_SPELLINGS);
/** The spellings NFKC folds to ASCII digits (other scripts' digits are refused in the structured ID field). */
const NFKC_SPELLING_NAMES = ['half', 'full', 'circled', 'superscript', 'subscript', 'bold'];
/** Every `X` NFKC or case folding makes an X: the check character of an ID. */
const CHECK_X_SPELLINGS = ['X', 'x', 'Ｘ', 'ｘ', 'Ⅹ', 'ⅹ', 'ⓧ', 'Ⓧ', '𝐗', '🅇'];

interface Planted {
  readonly text: string;
  readonly number: string;
}

/** A number as someone might write it: any digit spelling (or a mix), any X, up to three separator runs inside. */
function spelled(
  number: string,
  separators: readonly string[],
  prefixes: readonly string[] = [''],
  spellingNames: readonly string[] = SPELLING_NAMES,
  checkXs: readonly string[] = CHECK_X_SPELLINGS,
): fc.Arbitrary<Planted> {
  const runLength = separators === ALL_SEPARATORS ? 4 : 1;
  return fc
    .record({
      spellings: fc.array(fc.constantFrom(...spellingNames), { minLength: 1, maxLength: 3 }),
      checkX: fc.constantFrom(...checkXs),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: number.length - 1 }), { maxLength: 3 }),
      separator: fc.array(fc.constantFrom(...separators), { minLength: 1, maxLength: runLength }).map((chars) => chars.join('')),
      prefix: fc.constantFrom(...prefixes),
    })
    .map(({ spellings, checkX, cuts, separator, prefix }) => {
      const chars = [...number].map((char, index) => {
        const spelling = DIGIT_SPELLINGS[spellings[index % spellings.length] ?? 'half'] ?? String;
        return `${cuts.includes(index) ? separator : ''}${char === 'X' ? checkX : spelling(Number(char))}`;
      });
      return { text: `${prefix}${chars.join('')}`, number };
    });
}

const WORDS = [...'张三李四王五济南市历下区某某有限公司号第年月日证书编码遗失什么两个勾选拐弯山洞', ...'ABCxyzXxOolI|', ...'0123456789', ...'，。：（）、,.:() -'];
/** Boundaries between pieces: never digits, so a planted mobile number stays a whole digit run. */
const BOUNDARIES = ['，', '：', '号', '（', '）', '、', '电话', '证号'];

/** What generated text is written with. */
interface Alphabet {
  readonly words: readonly string[];
  readonly boundaries: readonly string[];
  readonly spellingNames: readonly string[];
  readonly checkXs: readonly string[];
  readonly countryCodes: readonly string[];
}
const FREE_TEXT: Alphabet = { words: WORDS, boundaries: BOUNDARIES, spellingNames: SPELLING_NAMES, checkXs: CHECK_X_SPELLINGS, countryCodes: COUNTRY_CODES };
/** Names refuse symbols (①, 🅇, `+`, `、`): numbers hide in them only in what a name may hold, which is still plenty. */
const inName = (texts: readonly string[]) => texts.filter((text) => refusedNameCharacter(text) === undefined);
const NAME_TEXT: Alphabet = {
  words: inName(WORDS),
  boundaries: inName(BOUNDARIES),
  spellingNames: SPELLING_NAMES.filter((name) => inName([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((digit) => DIGIT_SPELLINGS[name]?.(digit) ?? '')).length === 10),
  checkXs: inName(CHECK_X_SPELLINGS),
  countryCodes: inName(COUNTRY_CODES),
};

function plantedNumbers(separators: readonly string[], alphabet: Alphabet): fc.Arbitrary<Planted> {
  return fc.oneof(
    residentIds.chain((id) => spelled(id, separators, [''], alphabet.spellingNames, alphabet.checkXs)),
    mobiles.chain((mobile) => spelled(mobile, separators, alphabet.countryCodes, alphabet.spellingNames)),
  );
}

const freeText = (maxLength: number, words: readonly string[]) => fc.string({ unit: fc.constantFrom(...words), maxLength }).map((text) => ({ text, number: '' }));

/**
 * Free text with resident IDs and mobile numbers written into it; `numbers` are the canonical planted ones. The text
 * may end right after a number, so the notice's own digits (`3份`, `2015年`) can follow it directly.
 */
function mixedText(pieces: number, separators: readonly string[], alphabet = FREE_TEXT): fc.Arbitrary<{ text: string; numbers: string[] }> {
  const parts = fc.array(
    fc.tuple(fc.oneof(freeText(8, alphabet.words), plantedNumbers(separators, alphabet)), fc.constantFrom(...alphabet.boundaries)),
    { minLength: 1, maxLength: pieces },
  );
  return fc.tuple(parts, fc.boolean()).map(([list, endsWithBoundary]) => {
    const text = list.map(([piece, boundary]) => `${piece.text}${boundary}`).join('');
    const lastBoundary = list.at(-1)?.[1] ?? '';
    return {
      text: endsWithBoundary ? text : text.slice(0, text.length - lastBoundary.length),
      numbers: list.map(([piece]) => piece.number).filter((number) => number !== ''),
    };
  });
}

/** Text fields of each document type that take free text; numbers with strict formats are left as in the fixture. */
const FREE_DOCUMENT_FIELDS: Readonly<Partial<Record<DocumentTypeCode, readonly string[]>>> = {
  business_license: ['operatorName', 'issuer'],
  legal_representative_seal: ['sealHolderName'],
  official_seal: ['number'],
  physician_practicing_certificate: ['number', 'employer', 'issuer'],
  physician_qualification_certificate: ['number', 'level', 'category', 'issuer'],
  nurse_practicing_certificate: ['number', 'employer'],
  medical_institution_license: ['number', 'issuer'],
  birth_medical_certificate: ['number', 'childName', 'fatherName', 'motherName', 'issuer'],
  drug_business_license: ['number'],
  food_business_license: ['number'],
  bank_account_permit: ['number', 'bankName', 'approvalNumber'],
  invoice: ['invoiceKind', 'invoiceCode'],
  real_estate_certificate: ['number', 'issuer'],
  driving_license: ['archiveNumber'],
  vehicle_license: ['number', 'vehicleKind'],
  road_transport_permit: ['number', 'plateNumber'],
  graduation_certificate: ['number', 'school', 'major', 'educationLevel'],
  degree_certificate: ['number', 'school', 'major'],
  microfinance_license: ['number'],
  other: ['number', 'label', 'issuer'],
};

const kindOf = (field: string) => DOCUMENT_FIELDS[field as keyof typeof DOCUMENT_FIELDS]?.kind;
/** Room for at most one planted number plus a little text in a short field. */
const piecesFor = (field: string) => (kindOf(field) === 'term' ? 1 : 2);
const fieldText = (field: string) =>
  kindOf(field) === 'name' ? mixedText(piecesFor(field), inName(PRINTABLE_SEPARATORS), NAME_TEXT) : mixedText(piecesFor(field), PRINTABLE_SEPARATORS);

const declarations = fc
  .record({
    code: fc.constantFrom(...DOCUMENT_TYPE_CODES),
    kind: fc.constantFrom('loss', 'void'),
    name: mixedText(2, inName(PRINTABLE_SEPARATORS), NAME_TEXT),
    statement: fc.option(mixedText(6, PRINTABLE_SEPARATORS), { nil: undefined }),
    idSpelling: residentIds.chain((id) => spelled(id, ID_FIELD_SEPARATORS, [''], NFKC_SPELLING_NAMES)),
    lostOn: fc.option(fc.constantFrom('2024-03-01', TODAY, '2000-02-29'), { nil: undefined }),
  })
  .chain((base) => {
    const fields = FREE_DOCUMENT_FIELDS[base.code] ?? [];
    return fc.tuple(fc.constant(base), fc.tuple(...fields.map((field) => fieldText(field).map((text) => [field, text] as const))));
  })
  .map(([base, fieldTexts]) => {
    const fixture = FIXTURES[base.code];
    const document: Record<string, unknown> = { ...fixture.document };
    // Required free fields get a leading character so that trimming can never leave them empty.
    for (const [field, mixed] of fieldTexts) document[field] = `某${mixed.text}`;
    const idDocument = base.code === 'resident_id_card' || base.code === 'driving_license';
    if (idDocument) document.number = base.idSpelling.text;
    const input = body(
      { declarant: { type: fixture.declarant.type, name: `某${base.name.text}` }, document: { ...document, type: base.code } },
      { kind: base.kind, ...(base.lostOn ? { lostOn: base.lostOn } : {}), ...(base.statement ? { statement: base.statement.text } : {}) },
    );
    const planted = [
      ...base.name.numbers,
      ...(base.statement?.numbers ?? []),
      ...fieldTexts.flatMap(([, mixed]) => mixed.numbers),
      ...(idDocument ? [base.idSpelling.number] : []),
    ];
    return { input, planted };
  });

describe('properties', () => {
  it('(a) a rendered notice never shows a resident ID or a mobile number, however they were written', () => {
    fc.assert(
      fc.property(declarations, ({ input, planted }) => {
        const result = validateDeclaration(input, { today: TODAY });
        if (!result.ok) throw new Error(`generated declaration refused: ${JSON.stringify(result.errors)}`);
        const text = renderNotice(result.declaration);
        expect(sensitiveNumbersIn(text)).toEqual([]);
        const digits = digitProjection(text);
        for (const number of planted) expect(digits).not.toContain(number);
        expect(containsSensitiveNumber(text)).toBe(false);
      }),
      RUNS,
    );
  });

  it('(b) normalizing a certificate number twice changes nothing', () => {
    const interesting = fc.string({
      unit: fc.constantFrom(...'魯鲁濟济薴苧-–—·・ ()（）【】.xX０９ａＡ', 'e\u0301', '\u200b', '\u3000', 'ﬁ', '㈠', ...'0123456789abcXYZ'),
    });
    fc.assert(
      fc.property(fc.oneof(interesting, fc.string({ unit: 'binary' })), (raw) => {
        const once = normalizeCertificateNumber(raw);
        expect(normalizeCertificateNumber(once)).toBe(once);
      }),
      RUNS,
    );
  });

  it('(c) masking leaves text without such numbers unchanged', () => {
    const texts = fc.oneof(
      fc.string({ unit: fc.constantFrom(...WORDS, ...ALL_SEPARATORS, '+', '１', '３', '８'), maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      mixedText(4, ALL_SEPARATORS).map((mixed) => mixed.text),
    );
    fc.assert(
      fc.property(texts, (text) => {
        fc.pre(sensitiveNumbersIn(text).length === 0);
        expect(containsSensitiveNumber(text)).toBe(false);
        expect(maskSensitiveText(text)).toBe(text);
      }),
      RUNS,
    );
  });

  it('the masker finds exactly what the reference finds, and leaves nothing behind', () => {
    fc.assert(
      fc.property(mixedText(5, ALL_SEPARATORS), ({ text, numbers }) => {
        expect(containsSensitiveNumber(text)).toBe(sensitiveNumbersIn(text).length > 0);
        const masked = maskSensitiveText(text);
        expect(sensitiveNumbersIn(masked)).toEqual([]);
        const digits = digitProjection(masked);
        for (const number of numbers) expect(digits).not.toContain(number);
        expect(maskSensitiveText(masked)).toBe(masked);
      }),
      RUNS,
    );
  });

  it('validation never throws, whatever the body', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...DOCUMENT_TYPE_CODES), fc.constantFrom(...Object.keys(DOCUMENT_FIELDS)), fc.jsonValue())
      .map(([code, field, value]) => body(FIXTURES[code], { document: { ...FIXTURES[code].document, [field]: value } }));
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), mutated), (input) => {
        const result = validateDeclaration(input, { today: TODAY });
        if (result.ok) expect(typeof renderNotice(result.declaration)).toBe('string');
        else for (const error of result.errors) expect(error.message['zh-CN'].length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});
