import { describe, expect, it } from 'vitest';
import { validateContactPhone, validateCreditCode, validateDate, validateMobile, validateResidentId } from '../../../shared/domain/index.js';
import { creditCode, residentId, withWrongCheck } from './reference.js';

const today = '2025-01-15';
const fullWidth = (value: string) => value.replace(/[0-9A-Za-z+]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));

function rejected(result: { ok: boolean; message?: { 'zh-CN': string; en: string } }): { zh: string; en: string } {
  expect(result.ok).toBe(false);
  return { zh: result.message?.['zh-CN'] ?? '', en: result.message?.en ?? '' };
}

describe('validateResidentId (GB 11643)', () => {
  const id = residentId('370102', '19900307', '123');
  const idWithX = residentId('110101', '19851224', '007');

  it('accepts a valid ID and returns it canonical', () => {
    expect(validateResidentId(id, { today })).toEqual({ ok: true, value: id });
  });

  it('accepts the check character X, also typed lower-case or full-width', () => {
    expect(idWithX.endsWith('X')).toBe(true);
    expect(validateResidentId(idWithX.toLowerCase(), { today })).toEqual({ ok: true, value: idWithX });
    expect(validateResidentId(fullWidth(idWithX.toLowerCase()), { today })).toEqual({ ok: true, value: idWithX });
  });

  it('accepts spaces and dashes people type inside', () => {
    expect(validateResidentId(`${id.slice(0, 6)} ${id.slice(6, 14)}-${id.slice(14)}`, { today })).toEqual({ ok: true, value: id });
  });

  it('refuses a wrong check character', () => {
    const { zh, en } = rejected(validateResidentId(withWrongCheck(id), { today }));
    expect(zh).toContain('校验码');
    expect(en).toContain('check character');
  });

  it('knows leap years: 29 February 2000 and 2024 exist, 1900 and 2023 do not', () => {
    expect(validateResidentId(residentId('370102', '20000229', '001'), { today }).ok).toBe(true);
    expect(validateResidentId(residentId('370102', '20240229', '001'), { today }).ok).toBe(true);
    expect(rejected(validateResidentId(residentId('370102', '19000229', '001'), { today })).zh).toContain('出生日期');
    expect(rejected(validateResidentId(residentId('370102', '20230229', '001'), { today })).zh).toContain('出生日期');
  });

  it('refuses impossible dates and births before 1900', () => {
    expect(rejected(validateResidentId(residentId('370102', '19901301', '001'), { today })).zh).toContain('出生日期');
    expect(rejected(validateResidentId(residentId('370102', '19900431', '001'), { today })).zh).toContain('出生日期');
    expect(rejected(validateResidentId(residentId('370102', '18991231', '001'), { today })).zh).toContain('出生日期');
  });

  it('refuses a birth date after today, and accepts one born today', () => {
    expect(rejected(validateResidentId(residentId('370102', '20250116', '001'), { today })).zh).toContain('晚于今天');
    expect(validateResidentId(residentId('370102', '20250115', '001'), { today }).ok).toBe(true);
  });

  it('refuses the old 15-digit form with its own message', () => {
    const { zh, en } = rejected(validateResidentId('370102900307123', { today }));
    expect(zh).toContain('15 位');
    expect(en).toContain('15-digit');
  });

  it('refuses 17 or 19 characters and says how many there are', () => {
    expect(rejected(validateResidentId(id.slice(0, 17), { today })).zh).toContain('现在是 17 位');
    expect(rejected(validateResidentId(`${id}1`, { today })).en).toContain('this one has 19');
  });

  it('refuses letters other than a final X, and unknown provinces', () => {
    expect(rejected(validateResidentId(`${id.slice(0, 10)}A${id.slice(11)}`, { today })).zh).toContain('前 17 位应为数字');
    expect(rejected(validateResidentId(residentId('990102', '19900307', '123'), { today })).zh).toContain('省份');
  });

  it('accepts the foreigners’ permanent residence ID (9 + province)', () => {
    expect(validateResidentId(residentId('937156', '19900307', '123'), { today }).ok).toBe(true);
  });
});

describe('validateCreditCode (GB 32100)', () => {
  it('accepts the standard’s example code and computed ones', () => {
    for (const code of ['91350100M000100Y43', creditCode('91370102MA3C12345'), creditCode('12100000400010398'), creditCode('52370000MJD612345')]) {
      expect(validateCreditCode(code)).toEqual({ ok: true, value: code, checkCharMatches: true });
    }
  });

  it('a check character 0 comes from 31 − 0 (31 → 0)', () => {
    const zeroCheck = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']
      .map((digit) => creditCode(`9137010200000000${digit}`))
      .find((code) => code.endsWith('0'));
    expect(zeroCheck).toBeDefined();
    expect(validateCreditCode(zeroCheck ?? '')).toMatchObject({ ok: true, checkCharMatches: true });
  });

  it('canonicalizes lower case, spaces and full-width', () => {
    const code = creditCode('91370102MA3C12345');
    expect(validateCreditCode(` ${fullWidth(code.toLowerCase()).slice(0, 9)} ${code.slice(9)}`)).toEqual({ ok: true, value: code, checkCharMatches: true });
  });

  it('accepts a wrong check character but reports it', () => {
    const code = creditCode('91370102MA3C12345');
    const wrong = `${code.slice(0, 17)}${code.endsWith('1') ? '2' : '1'}`;
    expect(validateCreditCode(wrong)).toEqual({ ok: true, value: wrong, checkCharMatches: false });
  });

  it('refuses the wrong length', () => {
    expect(rejected(validateCreditCode('91370102MA3C1234')).zh).toContain('现在是 16 位');
    expect(rejected(validateCreditCode('91370102MA3C1234567')).en).toContain('this one has 19');
  });

  it.each(['I', 'O', 'S', 'V', 'Z', '*'])('refuses the character %s', (char) => {
    expect(rejected(validateCreditCode(`91370102MA3C1234${char}5`)).zh).toContain('I、O、S、V、Z');
  });
});

describe('validateMobile', () => {
  it.each([
    '13812345678',
    '138 1234 5678',
    '138-1234-5678',
    '+86 138 1234 5678',
    '+86-138-1234-5678',
    '+8613812345678',
    '0086 13812345678',
    '8613812345678',
    '(+86) 13812345678',
    fullWidth('+86 13812345678'),
  ])('accepts %s as 13812345678', (phone) => {
    expect(validateMobile(phone)).toEqual({ ok: true, value: '13812345678' });
  });

  it.each(['12812345678', '1381234567', '138123456789', '0531-12345678', '+1 202 555 0123', '+87 13812345678', 'abc'])('refuses %s', (phone) => {
    expect(rejected(validateMobile(phone)).zh).toContain('11 位');
  });

  it('accepts every second digit from 3 to 9', () => {
    for (const second of '3456789') expect(validateMobile(`1${second}012345678`).ok).toBe(true);
  });
});

describe('validateContactPhone', () => {
  it.each([
    ['0531-88886666', '0531-88886666'],
    ['(0531) 8888 6666', '0531-88886666'],
    ['010-66668888', '010-66668888'],
    ['02166668888', '021-66668888'],
    ['0633-7654321', '0633-7654321'],
    [fullWidth('0531-88886666'), '0531-88886666'],
  ])('lets an organisation give its landline %s, kept as %s', (phone, kept) => {
    expect(validateContactPhone(phone, 'organization')).toEqual({ ok: true, value: kept });
  });

  it('takes a mobile from anyone', () => {
    expect(validateContactPhone('+86 138 1234 5678', 'person')).toEqual({ ok: true, value: '13812345678' });
    expect(validateContactPhone('138-1234-5678', 'organization')).toEqual({ ok: true, value: '13812345678' });
  });

  it('asks a person for a mobile (the SMS notices go there), not a landline', () => {
    expect(rejected(validateContactPhone('0531-88886666', 'person')).zh).toContain('11 位');
  });

  it.each(['0531-888', '531-88886666', '0531-888866661', '0000-88886666'])('refuses %s from an organisation, naming both forms', (phone) => {
    const error = rejected(validateContactPhone(phone, 'organization'));
    expect(error.zh).toContain('固定电话');
    expect(error.en).toContain('landline');
  });
});

describe('validateDate', () => {
  it('accepts real dates up to today', () => {
    expect(validateDate('2024-02-29', { today })).toEqual({ ok: true, value: '2024-02-29' });
    expect(validateDate(today, { today }).ok).toBe(true);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-04-31', '2024-3-1', '20240301', '2024-03-01T00:00'])('refuses %s', (date) => {
    expect(rejected(validateDate(date, { today })).zh).toContain('YYYY-MM-DD');
  });

  it('refuses tomorrow', () => {
    expect(rejected(validateDate('2025-01-16', { today })).zh).toContain('不能晚于今天');
  });
});
