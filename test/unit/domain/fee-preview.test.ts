import { describe, expect, it } from 'vitest';
import { DEFAULT_TARIFF, estimateFee, previewDeclaration, renderNotice, validateDeclaration } from '../../../shared/domain/index.js';
import { COMPANY, FIXTURES, TODAY, body } from './fixtures.js';

describe('estimateFee', () => {
  it('defaults to 13 characters a line', () => {
    expect(DEFAULT_TARIFF).toEqual({ charactersPerLine: 13, pricePerLineFen: 3000 });
  });

  it.each([
    ['', 0, 0],
    ['字', 1, 1],
    ['字'.repeat(13), 13, 1],
    ['字'.repeat(14), 14, 2],
    ['字'.repeat(26), 26, 2],
    ['字'.repeat(27), 27, 3],
  ])('%j: %i characters, %i lines', (text, characters, lines) => {
    expect(estimateFee(text, DEFAULT_TARIFF)).toEqual({ characters, lines, amountFen: lines * 3000, currency: 'CNY' });
  });

  it('counts a character outside the BMP once', () => {
    expect(estimateFee('𠮷'.repeat(13), DEFAULT_TARIFF)).toMatchObject({ characters: 13, lines: 1 });
  });

  it('uses the tariff it is given', () => {
    expect(estimateFee('某某公司遗失公章一枚，声明作废。', { charactersPerLine: 10, pricePerLineFen: 1250 })).toEqual({
      characters: 16,
      lines: 2,
      amountFen: 2500,
      currency: 'CNY',
    });
  });

  it('refuses a tariff that cannot be applied', () => {
    expect(() => estimateFee('字', { charactersPerLine: 0, pricePerLineFen: 3000 })).toThrow(RangeError);
    expect(() => estimateFee('字', { charactersPerLine: 12.5, pricePerLineFen: 3000 })).toThrow(RangeError);
    expect(() => estimateFee('字', { charactersPerLine: 13, pricePerLineFen: -1 })).toThrow(RangeError);
  });
});

describe('previewDeclaration', () => {
  const options = { today: TODAY, tariff: DEFAULT_TARIFF };

  it('returns the published text, its length and its fee', () => {
    expect(previewDeclaration(body(FIXTURES.official_seal), options)).toEqual({
      ok: true,
      preview: {
        text: '某某公司遗失公章一枚，声明作废。',
        characters: 16,
        fee: { characters: 16, lines: 2, amountFen: 6000, currency: 'CNY' },
        warnings: [],
      },
    });
  });

  it('renders what validation accepted, masked', () => {
    const input = body(FIXTURES.driving_license);
    const validated = validateDeclaration(input, { today: TODAY });
    const result = previewDeclaration(input, options);
    expect(validated.ok && result.ok && result.preview.text === renderNotice(validated.declaration)).toBe(true);
    expect(result.ok && result.preview.text).toContain('370102********');
  });

  it('carries the warnings for the moderator', () => {
    const result = previewDeclaration(body({ ...FIXTURES.official_seal, declarant: { type: 'person', name: '张三' } }), options);
    expect(result.ok && result.preview.warnings.map((warning) => warning.code)).toEqual(['unusual_declarant_type']);
  });

  it('returns the field errors of invalid input', () => {
    const input = body(FIXTURES.official_seal, { declarant: { ...COMPANY, creditCode: 'short' } });
    const validated = validateDeclaration(input, { today: TODAY });
    expect(previewDeclaration(input, options)).toEqual({ ok: false, errors: validated.ok ? [] : validated.errors });
    expect(validated.ok).toBe(false);
  });
});
