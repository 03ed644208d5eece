import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, claimed, failed, isClaimable, newOutboxItem, retryDelaySeconds } from '../../../shared/domain/outbox.js';

const policy = DEFAULT_RETRY_POLICY;

describe('outbox retry policy', () => {
  it('doubles the wait after each failed attempt up to the cap, without jitter', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => retryDelaySeconds(attempts, policy))).toEqual([30, 60, 120, 240, 480]);
    expect(retryDelaySeconds(20, policy)).toBe(policy.maxDelaySeconds);
  });

  it('keeps jittered waits within ±20 % of the plain one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (attempts, jitter) => {
        const plain = retryDelaySeconds(attempts, policy);
        const jittered = retryDelaySeconds(attempts, policy, jitter);
        return jittered >= Math.floor(plain * 0.8) && jittered <= Math.ceil(plain * 1.2);
      }),
    );
  });

  it('gives an item up after its last attempt, and a claim is taken over only once its lease has run out', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    let item = newOutboxItem({ id: 'm', channel: 'sms', recipient: '13812345678', body: { text: 't' } }, now);
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
      item = claimed(item, `t${attempt}`, now, policy);
      expect(isClaimable(item, now)).toBe(false);
      expect(isClaimable(item, new Date(now.getTime() + policy.leaseSeconds * 1000))).toBe(true);
      item = failed(item, { code: 'Timeout', permanent: false }, now, policy);
    }
    expect(item.state).toBe('dead');
    expect(isClaimable(item, new Date(now.getTime() + 86_400_000))).toBe(false);
  });
});
