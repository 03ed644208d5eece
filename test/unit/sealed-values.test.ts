import { describe, expect, it } from 'vitest';
import { createValueSealer, SEALED_VALUE_LIFETIME_SECONDS } from '../../shared/services/sealed-values.js';

const binding = { form: '7e0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', field: 'contact.phone' };

function clock() {
  let at = Date.parse('2030-01-14T02:00:00Z');
  return { now: () => new Date(at), advance: (seconds: number) => (at += seconds * 1000) };
}

describe('sealed form values', () => {
  it('open with the same key, form and field, and show nothing of the value', () => {
    const time = clock();
    const sealer = createValueSealer('k'.repeat(32), time.now);
    const token = sealer.seal('13812345678', binding);
    expect(token).not.toContain('13812345678');
    expect(token).not.toMatch(/\d{11}/);
    expect(sealer.open(token, binding)).toBe('13812345678');
  });

  it('refuse a tampered token', () => {
    const sealer = createValueSealer('k'.repeat(32), clock().now);
    const token = sealer.seal('13812345678', binding);
    const parts = token.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    expect(sealer.open([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), binding)).toBeUndefined();
    expect(sealer.open(`${token}x`, binding)).toBeUndefined();
    expect(sealer.open('s1.garbage', binding)).toBeUndefined();
    expect(createValueSealer('other key'.repeat(4), clock().now).open(token, binding)).toBeUndefined();
  });

  it('refuse an expired token', () => {
    const time = clock();
    const sealer = createValueSealer('k'.repeat(32), time.now);
    const token = sealer.seal('13812345678', binding);
    time.advance(SEALED_VALUE_LIFETIME_SECONDS - 1);
    expect(sealer.open(token, binding)).toBe('13812345678');
    time.advance(1);
    expect(sealer.open(token, binding)).toBeUndefined();
  });

  it('refuse a token from another form or another field', () => {
    const sealer = createValueSealer('k'.repeat(32), clock().now);
    const token = sealer.seal('13812345678', binding);
    expect(sealer.open(token, { ...binding, form: 'a7e0f1a2-3c4d-4e5f-8a9b-0c1d2e3f4a5b' })).toBeUndefined();
    expect(sealer.open(token, { ...binding, field: 'declarant.idNumber' })).toBeUndefined();
  });
});
