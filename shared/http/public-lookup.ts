import type { Context, MiddlewareHandler } from 'hono';
import { isEditionDate, shanghaiDate } from '../domain/editions.js';
import { InvalidInput } from '../domain/errors.js';
import { text } from '../domain/localized.js';
import { verifyNumber, type Verification } from '../services/verification.js';
import { addToRequestLog, type AppEnv, type PublicationDeps } from './app.js';
import { countMetricFields } from './emf.js';
import { queryValue } from './query.js';
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
 * A listing that can still grow: the latest notices, and any day that is not over yet (Asia/Shanghai), whose
 * edition may go out (or a late one follow) at any moment. A cache keeps "nothing published" a minute at most.
 */
export const OPEN_LISTING_CACHE = 'public, max-age=60';

/**
 * How long a listing of notices may be cached: a day that is over keeps its list for good (a notice is listed under
 * the day it was actually published, `publishedOn`, so a late edition lists under a later day).
 */
export function listingCache(date: string | undefined, now: Date): string {
  return date !== undefined && date < shanghaiDate(now) ? NOTICE_CACHE : OPEN_LISTING_CACHE;
}

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
  const type = queryValue(c, 'type');
  const verification = await verifyNumber({ store: deps.store, lookupHasher: deps.lookupHasher }, queryValue(c, 'number'), type);
  addToRequestLog(c, {
    numberHash: verification.numberHash,
    noticeCount: verification.notices.length,
    channel,
    ...(type ? { documentType: type } : {}),
    ...countMetricFields('Verifications', { answer: verification.status }, deps.now()),
  });
  return verification;
}

const DATE_ERROR = text('日期须为 YYYY-MM-DD 格式的真实日期。', 'The date must be a real date written YYYY-MM-DD.');

/** The `date` filter of the notice lists (absent or empty: none), else InvalidInput naming it (a 400, or a page). */
export function dateQuery(c: Context<AppEnv>): string | undefined {
  const date = queryValue(c, 'date');
  if (date === undefined || date === '') return undefined;
  if (!isEditionDate(date)) throw new InvalidInput([{ path: 'date', message: DATE_ERROR }]);
  return date;
}
