import type { Context, Hono } from 'hono';
import { isEditionDate, addDays, shanghaiDate } from '../../shared/domain/editions.js';
import { addToRequestLog, createApp, type PublicationDeps } from '../../shared/http/app.js';
import { chargeAndLog, requireApiKey, whileCheckingApiKey, type PartnerEnv } from '../../shared/http/api-key-auth.js';
import { countMetricFields } from '../../shared/http/emf.js';
import { fieldProblem, objectBody } from '../../shared/http/fields.js';
import { keyStanding, verificationLog, type ApiKeyContext } from '../../shared/services/api-keys.js';
import { batchNumbers, verifyNumbers } from '../../shared/services/verification.js';
import type { ValueSealer } from '../../shared/services/sealed-values.js';
import type { CallbackRules } from '../../shared/domain/watches.js';
import { registerWatchRoutes } from './watch-routes.js';

export interface PartnersDeps extends PublicationDeps {
  /** Local runs: keys that `npm run api-key` spooled under DATA_DIR (see scripts/local-api-keys.ts). */
  readonly importPendingKeys?: () => Promise<void>;
  /** Seals watches' signing secrets (WEBHOOK_SEAL_KEY); the outbox opens them to sign deliveries. */
  readonly webhookSealer: () => Promise<ValueSealer>;
  /** Where watch callbacks may go: PUBLIC_CALLBACKS in AWS; only the local server allows loopback. */
  readonly callbackRules: CallbackRules;
  /** Resolves callback host names (DNS unless a test replaces it). */
  readonly resolveHost?: (host: string) => Promise<string[]>;
}

/** How far back an organisation's log download reaches by default, and at most. */
const DEFAULT_LOG_DAYS = 30;
const MAX_LOG_DAYS = 400;

function logDate(c: Context<PartnerEnv>, name: 'from' | 'to', fallback: string): string {
  const value = c.req.query(name) ?? fallback;
  if (!isEditionDate(value)) throw fieldProblem(c, name, `${name} 须为 YYYY-MM-DD 格式的真实日期。`, `${name} must be a real date written YYYY-MM-DD.`);
  return value;
}

/**
 * Authorised organisations' routes, with an API key (`X-Api-Key`): batch verification, the organisation's own
 * standing and verification log. Its own function: it reads public lookup items like `verify`, and also the
 * `APIKEY#` partitions (keys, quota counters, logs), which the public function must not touch.
 */
export function createPartnersApp(deps: PartnersDeps): Hono<PartnerEnv> {
  const app = createApp<PartnerEnv>(deps.logger);
  const keys: ApiKeyContext = { store: deps.store, now: deps.now, ...(deps.importPendingKeys ? { importPending: deps.importPendingKeys } : {}) };
  const verification = { store: deps.store, lookupHasher: deps.lookupHasher };
  app.use('/api/v1/organisation', requireApiKey(keys, ['verifier', 'agency']));
  app.use('/api/v1/organisation/*', requireApiKey(keys, ['verifier', 'agency']));

  app.post('/api/v1/verify/batch', async (c) => {
    // The key is read while the numbers are (one round trip, not two); for a refused key the answers are dropped.
    const { key, result: results } = await whileCheckingApiKey(c, keys, ['verifier'], async () =>
      verifyNumbers(verification, batchNumbers((await objectBody(c)).numbers)),
    );
    const at = deps.now().toISOString();
    const requestId = c.get('requestId');
    // Counted and logged in one write, before any answer leaves: over quota, neither (429).
    await chargeAndLog(
      c,
      keys,
      results.map((result) => ({ at, requestId, numberHash: result.numberHash, status: result.status, noticeNumbers: result.notices.map((n) => n.noticeNo) })),
    );
    addToRequestLog(c, {
      apiKeyId: key.id,
      lookups: results.length,
      ...countMetricFields('Verifications', { answer: 'batch' }, deps.now(), results.length),
    });
    c.header('cache-control', 'no-store');
    const locale = c.get('locale');
    return c.json({ results: results.map(({ number, status, notices, note }) => ({ number, status, notices: [...notices], note: note[locale] })) });
  });

  app.get('/api/v1/organisation', async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await keyStanding(keys, c.get('apiKey')));
  });

  app.get('/api/v1/organisation/verifications', async (c) => {
    const today = shanghaiDate(deps.now());
    const from = logDate(c, 'from', addDays(today, 1 - DEFAULT_LOG_DAYS));
    const to = logDate(c, 'to', today);
    if (from > to || addDays(from, MAX_LOG_DAYS) < to) {
      throw fieldProblem(c, 'from', `from 须不晚于 to，且相隔不超过 ${MAX_LOG_DAYS} 天。`, `from must not be after to, at most ${MAX_LOG_DAYS} days apart.`);
    }
    const start = new Date(`${from}T00:00:00+08:00`).toISOString();
    const end = new Date(new Date(`${addDays(to, 1)}T00:00:00+08:00`).getTime() - 1).toISOString();
    const key = c.get('apiKey');
    return c.body(await verificationLog(keys, key, start, end), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="verifications-${key.id}-${from}-${to}.csv"`,
      'cache-control': 'no-store',
    });
  });

  registerWatchRoutes(app, keys, {
    ...verification,
    now: deps.now,
    sealer: deps.webhookSealer,
    rules: deps.callbackRules,
    ...(deps.resolveHost ? { resolve: deps.resolveHost } : {}),
  });

  return app;
}
