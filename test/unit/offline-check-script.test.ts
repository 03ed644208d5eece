import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OFFLINE_CHECK_FILE, offlineCheckFileContent } from '../../scripts/offline-check-bundle.js';

describe('the verify page offline check script', () => {
  it('is the current bundle of offline-check/browser.ts and the domain code (run `npx tsx scripts/offline-check-bundle.ts` when this fails)', () => {
    expect(readFileSync(OFFLINE_CHECK_FILE, 'utf8')).toBe(offlineCheckFileContent());
  });

  it('makes no network call of its own', () => {
    const script = readFileSync(OFFLINE_CHECK_FILE, 'utf8');
    for (const api of ['fetch(', 'XMLHttpRequest', 'sendBeacon', 'WebSocket', 'EventSource']) expect(script).not.toContain(api);
  });
});
