import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_LENGTH } from '../../shared/domain/declaration.js';
import { countMetricFields } from '../../shared/http/emf.js';
import { rateLimitFromSetting } from '../../shared/http/rate-limit.js';
import { lookupNumber, MAX_LOOKUP_NUMBER_LENGTH } from '../../shared/services/verification.js';
import { createLookupHasher } from '../../shared/services/lookup-key.js';
import { maskSensitiveText } from '../../shared/domain/mask.js';
import { COMPRESSED_OPENAPI_FILE, compressedOpenApiFileContent, OPENAPI_FILE, openApiFileContent } from '../../scripts/openapi.js';

describe('the verify function', () => {
  it('serves an OpenAPI document generated from the current zod schemas (run `npx tsx scripts/openapi.ts` when this fails)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(openApiFileContent());
    expect(readFileSync(COMPRESSED_OPENAPI_FILE, 'utf8')).toBe(compressedOpenApiFileContent());
  });

  it('makes lookup hashes that the log masker leaves whole (a hex hash reads as a phone number now and then)', () => {
    const hash = createLookupHasher('unit-test-key');
    const mangled = Array.from({ length: 3_000 }, (_, i) => hash(`1103701${String(i).padStart(8, '0')}`)).filter(
      (value) => maskSensitiveText(value) !== value,
    );
    expect(mangled).toEqual([]);
  });

  it('bounds a looked-up number like a filed one', () => {
    expect(MAX_LOOKUP_NUMBER_LENGTH).toBe(MAX_LENGTH.number);
    const longest = `鲁${'1'.repeat(MAX_LENGTH.number - 1)}`;
    expect(lookupNumber(longest)).toBe(longest);
    expect(() => lookupNumber(`${longest}1`)).toThrow();
  });

  it.each(['张明', 'Zhang Ming', '济南某某有限公司'])('asks for the certificate number when given the name %s', (name) => {
    expect(() => lookupNumber(name)).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ path: 'number', message: expect.objectContaining({ 'zh-CN': expect.stringContaining('证件上印的编号') }) })] }));
  });

  it('reads VERIFY_RATE_LIMIT: unset is the default, 0 is off, anything but a whole number is refused', () => {
    expect(rateLimitFromSetting(undefined, 60)).toBe(60);
    expect(rateLimitFromSetting('', 60)).toBe(60);
    expect(rateLimitFromSetting('0', 60)).toBe(0);
    expect(rateLimitFromSetting('120', 60)).toBe(120);
    for (const bad of ['-1', '1.5', 'many']) expect(() => rateLimitFromSetting(bad, 60)).toThrow();
  });

  it('writes a counted event as CloudWatch EMF fields', () => {
    const at = new Date('2026-11-23T00:00:00Z');
    expect(countMetricFields('Verifications', { answer: 'no_record' }, at)).toEqual({
      _aws: {
        Timestamp: at.getTime(),
        CloudWatchMetrics: [{ Namespace: 'Shengming', Dimensions: [['service', 'answer']], Metrics: [{ Name: 'Verifications', Unit: 'Count' }] }],
      },
      answer: 'no_record',
      Verifications: 1,
    });
  });
});
