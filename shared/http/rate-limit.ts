import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore, rateLimiter } from 'hono-rate-limiter';
import { clientAddress, type AppEnv } from './app.js';
import { HttpProblem } from './problem.js';

const WINDOW_MS = 60_000;

const TOO_MANY = {
  'zh-CN': ['请求过于频繁', (seconds: number) => `请求次数已达上限，请在 ${seconds} 秒后重试。`],
  en: ['Too many requests', (seconds: number) => `You have reached the request limit; retry in ${seconds} seconds.`],
} as const;

/**
 * Reads the per-client limit (requests per minute) from a setting such as `VERIFY_RATE_LIMIT`: unset means the
 * default, `0` turns the limiter off (contract: for load tests on one machine). Anything else is a deployment
 * mistake worth failing on at start-up.
 */
export function rateLimitFromSetting(value: string | undefined, defaultPerMinute: number): number {
  if (value === undefined || value.trim() === '') return defaultPerMinute;
  const perMinute = Number(value);
  if (!Number.isInteger(perMinute) || perMinute < 0) throw new Error(`a rate limit must be a whole number ≥ 0, not ${JSON.stringify(value)}`);
  return perMinute;
}

/**
 * A fixed-window limit per client address (hono-rate-limiter's in-memory store, which forgets clients idle for a
 * window, so memory stays bounded by the clients of the last two minutes). Over the limit: 429 problem+json with
 * `Retry-After`. In AWS this is the second line behind the WAF rate rule; each Lambda instance counts on its own.
 * `counts` decides which requests count (all by default).
 */
export function perClientRateLimit(perMinute: number, counts: (c: Context<AppEnv>) => boolean = () => true): MiddlewareHandler<AppEnv> {
  const store = new MemoryStore<AppEnv>();
  return rateLimiter<AppEnv>({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: false,
    keyGenerator: (c) => clientAddress(c),
    skip: (c) => !counts(c),
    store,
    handler: (c) => {
      const resetTime = store.get(clientAddress(c))?.resetTime?.getTime() ?? Date.now() + WINDOW_MS;
      const seconds = Math.max(1, Math.ceil((resetTime - Date.now()) / 1000));
      const [title, detail] = TOO_MANY[c.get('locale')];
      throw new HttpProblem(429, 'rate-limited', title, detail(seconds), {}, { 'retry-after': String(seconds) });
    },
  });
}
