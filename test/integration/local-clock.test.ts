import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { localStaffAuth } from '../../scripts/local-auth.js';
import { InvalidClock, localClock, parseClock } from '../../scripts/local-clock.js';
import { createLocalSystem } from '../../scripts/local-server.js';
import { createTestStore } from '../support/store.js';

const run = promisify(execFile);

function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'shengming-clock-'));
}

/** A real-time source the test moves by hand. */
function manualTime(start: number) {
  let value = start;
  return { realNow: () => value, advance: (ms: number) => (value += ms) };
}

describe('local clock (CLOCK)', () => {
  it('starts at CLOCK and runs on from there', () => {
    const time = manualTime(Date.parse('2026-12-02T12:00:00Z'));
    const clock = localClock({ dataDir: freshDataDir(), clock: '2030-01-14T10:00:00+08:00', realNow: time.realNow });
    expect(clock.now().toISOString()).toBe('2030-01-14T02:00:00.000Z');
    time.advance(90_000);
    expect(clock.now().toISOString()).toBe('2030-01-14T02:01:30.000Z');
  });

  it('is the real time without CLOCK', () => {
    const clock = localClock({ dataDir: freshDataDir() });
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it('refuses an instant without an offset or a date that does not exist', () => {
    for (const value of ['2030-01-14T10:00:00', '2030-01-14', 'tomorrow', '2030-02-30T10:00:00+08:00x']) {
      expect(() => parseClock(value)).toThrow(InvalidClock);
    }
    expect(parseClock('2030-01-14T10:00+08:00').toISOString()).toBe('2030-01-14T02:00:00.000Z');
  });

  it('moves on with a later CLOCK on the same data, and never runs backwards', () => {
    const dataDir = freshDataDir();
    const time = manualTime(Date.parse('2026-12-02T12:00:00Z'));
    const first = localClock({ dataDir, clock: '2030-01-14T10:00:00+08:00', realNow: time.realNow });
    time.advance(3_600_000);
    first.save();
    expect(JSON.parse(readFileSync(join(dataDir, 'clock.json'), 'utf8'))).toEqual({ lastSeen: '2030-01-14T03:00:00.000Z' });

    const later = localClock({ dataDir, clock: '2030-01-15T09:00:00+08:00', realNow: time.realNow });
    expect(later.now().toISOString()).toBe('2030-01-15T01:00:00.000Z');

    const earlier = localClock({ dataDir, clock: '2030-01-01T00:00:00+08:00', realNow: time.realNow });
    expect(earlier.now().toISOString()).toBe('2030-01-14T03:00:00.000Z');
    expect(earlier.description).toContain('carries on');
    const none = localClock({ dataDir, realNow: time.realNow });
    expect(none.now().toISOString()).toBe('2030-01-14T03:00:00.000Z');
  });

  it('npm run token dates the token by CLOCK, and the local server checks its expiry against its own clock', async () => {
    const dataDir = freshDataDir();
    const { stdout } = await run(join('node_modules', '.bin', 'tsx'), ['scripts/token.ts', 'editor'], {
      env: { ...process.env, DATA_DIR: dataDir, CLOCK: '2030-01-14T10:00:00+08:00' },
    });
    const token = stdout.trim();
    expect(decodeJwt(token).iat).toBe(Date.parse('2030-01-14T02:00:00Z') / 1000);

    const store = await createTestStore();
    const serverAt = async (instant: string) => {
      const clock = localClock({ dataDir, clock: instant });
      const auth = await localStaffAuth(dataDir, clock.now);
      return createLocalSystem({ store, staffAuth: auth.config, lookupKey: 'k', dataDir, now: clock.now });
    };
    const me = (system: Awaited<ReturnType<typeof serverAt>>) =>
      system.fetch(new Request('http://127.0.0.1/api/v1/moderation/me', { headers: { authorization: `Bearer ${token}` } }));
    expect((await me(await serverAt('2030-01-14T10:05:00+08:00'))).status).toBe(200);
    // Nine hours on, the eight-hour token has expired by the local clock (though not by the real one).
    expect((await me(await serverAt('2030-01-14T19:00:00+08:00'))).status).toBe(401);
  });

  it('npm run token refuses a CLOCK it cannot read', async () => {
    await expect(
      run(join('node_modules', '.bin', 'tsx'), ['scripts/token.ts', 'editor'], {
        env: { ...process.env, DATA_DIR: freshDataDir(), CLOCK: 'next tuesday' },
      }),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('CLOCK=next tuesday') });
  });

  it('is never read by the code that runs in AWS (functions, shared, infra)', () => {
    const sources = (directory: string): string[] =>
      readdirSync(directory).flatMap((name) => {
        const path = join(directory, name);
        return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
      });
    const readers = ['functions', 'shared', 'infra']
      .flatMap(sources)
      .filter((path) => /\bCLOCK\b/.test(readFileSync(path, 'utf8')));
    expect(readers).toEqual([]);
    for (const handler of ['filing', 'moderation', 'verify', 'publisher']) {
      expect(readFileSync(join('functions', handler, 'handler.ts'), 'utf8')).toContain('now: () => new Date()');
    }
  });
});
