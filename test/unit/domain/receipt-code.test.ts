import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsSensitiveNumber } from '../../../shared/domain/mask.js';
import { RECEIPT_CODE_RANDOM_BYTES, readReceiptCode, receiptCodeFrom } from '../../../shared/domain/receipt-code.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function someCodes(count: number): string[] {
  const codes: string[] = [];
  while (codes.length < count) {
    const code = receiptCodeFrom(randomBytes(RECEIPT_CODE_RANDOM_BYTES));
    if (code) codes.push(code);
  }
  return codes;
}

describe('receipt codes', () => {
  it('are four groups of four Crockford characters, without look-alikes, and read back as themselves', () => {
    for (const code of someCodes(200)) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(readReceiptCode(code)).toEqual({ ok: true, code });
    }
  });

  it('read the way people type them: lower case, no dashes, spaces, full-width, O for 0 and I or L for 1', () => {
    const [code = ''] = someCodes(1).map((c) => c);
    const typed = code.toLowerCase().replace(/-/g, ' ');
    expect(readReceiptCode(typed)).toEqual({ ok: true, code });
    expect(readReceiptCode(code.replace(/-/g, ''))).toEqual({ ok: true, code });
    const fullWidth = [...code].map((char) => (char === '-' ? char : String.fromCodePoint(char.codePointAt(0)! + 0xfee0))).join('');
    expect(readReceiptCode(fullWidth)).toEqual({ ok: true, code });
    const withZero = someCodes(400).find((c) => c.includes('0') || c.includes('1')) ?? '';
    expect(readReceiptCode(withZero.replace(/0/g, 'O').replace(/1/g, 'l'))).toEqual({ ok: true, code: withZero });
  });

  it('read as pasted or typed with a Chinese input method: any dash, a label before, punctuation around', () => {
    const [code = ''] = someCodes(1);
    for (const dash of ['－', '—', '−', 'ー', '～', '/']) expect(readReceiptCode(code.replace(/-/g, dash)), dash).toEqual({ ok: true, code });
    for (const pasted of [`回执码：${code}`, `${code}。`, `“${code}”`, `【${code}】`]) expect(readReceiptCode(pasted), pasted).toEqual({ ok: true, code });
    expect(readReceiptCode('张三')).toEqual({ ok: false, reason: 'shape' });
  });

  it('catch every single wrong character', () => {
    for (const code of someCodes(60)) {
      const chars = code.replace(/-/g, '').split('');
      chars.forEach((original, position) => {
        for (const replacement of ALPHABET) {
          if (replacement === original) continue;
          const wrong = [...chars];
          wrong[position] = replacement;
          expect(readReceiptCode(wrong.join('')), `${code}: ${position} → ${replacement}`).toEqual({ ok: false, reason: 'check' });
        }
      });
    }
  });

  it('catch every swap of two neighbouring characters', () => {
    for (const code of someCodes(500)) {
      const chars = code.replace(/-/g, '').split('');
      for (let position = 0; position + 1 < chars.length; position += 1) {
        if (chars[position] === chars[position + 1]) continue;
        const swapped = [...chars];
        [swapped[position], swapped[position + 1]] = [swapped[position + 1] ?? '', swapped[position] ?? ''];
        expect(readReceiptCode(swapped.join('')), `${code}: swap at ${position}`).toEqual({ ok: false, reason: 'check' });
      }
    }
  });

  it('tell a non-code (an old 32-character receipt, a name) from a mistyped code', () => {
    expect(readReceiptCode('kq3J8aZ0x_2mV9pQ1sT7uY4wE6rB5nCd')).toEqual({ ok: false, reason: 'shape' });
    expect(readReceiptCode('张明')).toEqual({ ok: false, reason: 'shape' });
    expect(readReceiptCode('UUUU-UUUU-UUUU-UUUU')).toEqual({ ok: false, reason: 'shape' });
  });

  it('are issued only with a check character from the plain alphabet, whatever the random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: RECEIPT_CODE_RANDOM_BYTES, maxLength: RECEIPT_CODE_RANDOM_BYTES }), (bytes) => {
        const code = receiptCodeFrom(bytes);
        return code === undefined || readReceiptCode(code).ok;
      }),
    );
  });

  it('are never issued when they would read as a mobile number', () => {
    // The random bytes that spell 13812345678 then a letter: the character at position i is bits 5i..5i+4.
    const bytesSpelling = (data: string): Uint8Array => {
      let bits = 0n;
      [...data].forEach((char, i) => (bits |= BigInt(ALPHABET.indexOf(char)) << BigInt(5 * i)));
      return Uint8Array.from({ length: RECEIPT_CODE_RANDOM_BYTES }, (_, i) =>
        Number((bits >> BigInt(8 * (RECEIPT_CODE_RANDOM_BYTES - 1 - i))) & 0xffn),
      );
    };
    const tails = ['AAAA', 'AAAB', 'AAAC', 'AAAD', 'AAAE', 'AAAF', 'AAAG'];
    const phoneLike = tails.map((tail) => `13812345678${tail}`);
    // Without the guard, at least one of these has a plain check character and reads 138****5678.
    const withCheck = phoneLike.filter((data) => [...ALPHABET].some((c) => readReceiptCode(data + c).ok));
    expect(withCheck.length).toBeGreaterThan(0);
    for (const data of withCheck) {
      const check = [...ALPHABET].find((c) => readReceiptCode(data + c).ok) ?? '';
      expect(containsSensitiveNumber(`${data}${check}`.replace(/(.{4})(?=.)/g, '$1-'))).toBe(true);
      expect(receiptCodeFrom(bytesSpelling(data))).toBeUndefined();
    }
  });

  it('never read as a personal number', () => {
    for (const code of someCodes(2000)) expect(containsSensitiveNumber(code)).toBe(false);
  });
});
