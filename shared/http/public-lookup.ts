import type { Context, MiddlewareHandler } from 'hono';
import { isEditionDate } from '../domain/editions.js';
import { verifyNumber, type Verification } from '../services/verification.js';
import { addToRequestLog, type AppEnv, type PublicationDeps } from './app.js';
import { countMetricFields } from './emf.js';
import { fieldProblem } from './fields.js';
import { perClientRateLimit, rateLimitFromSetting } from './rate-limit.js';

/**
 * What the two public functions share: `verify` (the API) and `pages` (the pages people read). They are two
 * functions so that a page render never runs in an environment that then answers API lookups (issue 18's pages
 * goal); both read public partitions only.
 */
export interface PublicRecordDeps extends PublicationDeps {
  /** Lookups per client address per minute (0: no limit). Defaults to `VERIFY_RATE_LIMIT`, else 60. */
  readonly verifyRateLimit?: number;
}

const DEFAULT_VERIFY_RATE_LIMIT = 60;

/** Published notices never change: pages and answers about them may be cached a while. */
export const NOTICE_CACHE = 'public, max-age=300';
/** The log's checkpoint moves on after each publication run. */
export const CHECKPOINT_CACHE = 'public, max-age=60';

/**
 * The per-client budget of lookups (in each environment; WAF limits per client across them): `counts` says which
 * requests are lookups (all, by default), or undefined when the limit is off.
 */
export function lookupRateLimit(deps: PublicRecordDeps, counts?: (c: Context<AppEnv>) => boolean): MiddlewareHandler<AppEnv> | undefined {
  const perMinute = deps.verifyRateLimit ?? rateLimitFromSetting(process.env.VERIFY_RATE_LIMIT, DEFAULT_VERIFY_RATE_LIMIT);
  return perMinute > 0 ? perClientRateLimit(perMinute, counts) : undefined;
}

/**
 * One lookup, counted: the request's log line carries the hash (never the number) and is also the
 * `Verifications` metric (EMF, by answer). Nothing is written to the table, so a lookup stays one read.
 */
export async function lookUpNumber(c: Context<AppEnv>, deps: PublicRecordDeps, channel: 'api' | 'page'): Promise<Verification> {
  const type = c.req.query('type');
  const verification = await verifyNumber({ store: deps.store, lookupHasher: deps.lookupHasher }, c.req.query('number'), type);
  addToRequestLog(c, {
    numberHash: verification.numberHash,
    noticeCount: verification.notices.length,
    channel,
    ...(type ? { documentType: type } : {}),
    ...countMetricFields('Verifications', { answer: verification.status }, deps.now()),
  });
  return verification;
}

/** The `date` filter of the notice lists (absent or empty: none), else a 400 naming it. */
export function dateQuery(c: Context<AppEnv>): string | undefined {
  const date = c.req.query('date');
  if (date === undefined || date === '') return undefined;
  if (!isEditionDate(date)) throw fieldProblem(c, 'date', '日期须为 YYYY-MM-DD 格式的真实日期。', 'The date must be a real date written YYYY-MM-DD.');
  return date;
}
