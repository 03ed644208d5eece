import type { Context, Hono } from 'hono';
import { isNoticeNumber } from '../../shared/domain/editions.js';
import { createApp, type AppEnv } from '../../shared/http/app.js';
import { limitFrom } from '../../shared/http/fields.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { queryValue } from '../../shared/http/query.js';
import { dateQuery, listingCache, lookUpNumber, lookupRateLimit, NOTICE_CACHE, OPEN_LISTING_CACHE, type PublicRecordDeps } from '../../shared/http/public-lookup.js';
import { publicUrl, sitePath } from '../../shared/http/site-url.js';
import { getPublicNotice, listPublishedNotices } from '../../shared/store/public-store.js';
import { onDemand } from '../../shared/web/on-demand.js';
import { registerLogRoutes } from './log-routes.js';
import { atomFeed, FEED_SIZE } from './feed.js';
import type { OpenApiDocument } from './openapi.js';
import { OPENAPI_BROTLI_BASE64 } from './openapi.generated.js';
import { unpackText } from '../../shared/domain/packed-text.js';
import type { NoticePageBody, VerificationBody } from './schemas.js';

// The API's documentation page, loaded by the first request for it: a cold start that answers the API parses none of it.
const DocsPage = onDemand(async () => (await import('./docs-page.js')).DocsPage);

export type VerifyDeps = PublicRecordDeps;

let openApi: OpenApiDocument | undefined;
/** The OpenAPI document, unpacked on first use (the bundle carries it brotli-compressed: scripts/openapi.ts). */
const openApiDocument = (): OpenApiDocument =>
  (openApi ??= JSON.parse(unpackText(OPENAPI_BROTLI_BASE64)) as OpenApiDocument);

const UNKNOWN_NOTICE = {
  'zh-CN': ['未找到', '没有这个编号的已刊登声明。'],
  en: ['Not found', 'No published notice has this number.'],
} as const;

function unknownNotice(c: Context<AppEnv>): HttpProblem {
  const [title, detail] = UNKNOWN_NOTICE[c.get('locale')];
  return new HttpProblem(404, 'notice-not-found', title, detail);
}

/**
 * Everyone's API: verification by number, the published notices, their feed, the transparency log's routes and the
 * API's documentation. Reads public partitions only. The pages people read are the `pages` function's.
 */
export function createVerifyApp(deps: VerifyDeps): Hono<AppEnv> {
  const app = createApp(deps.logger);
  const lookups = lookupRateLimit(deps);
  if (lookups) app.use('/api/v1/verify', lookups);

  app.get('/api/v1/verify', async (c) => {
    const { number, status, notices, note } = await lookUpNumber(c, deps, 'api');
    c.header('cache-control', 'no-store');
    return c.json({ number, status, notices: [...notices], note: note[c.get('locale')] } satisfies VerificationBody);
  });

  app.get('/api/v1/notices', async (c) => {
    const date = dateQuery(c);
    const cursor = queryValue(c, 'cursor');
    const page = await listPublishedNotices(deps.store, { limit: limitFrom(c), ...(date ? { date } : {}), ...(cursor ? { cursor } : {}) });
    c.header('cache-control', listingCache(date, deps.now()));
    return c.json({ items: [...page.items], ...(page.next ? { next: page.next } : {}) } satisfies NoticePageBody);
  });

  app.get('/api/v1/notices/:noticeNo', async (c) => {
    const noticeNo = c.req.param('noticeNo');
    const notice = isNoticeNumber(noticeNo) ? await getPublicNotice(deps.store, noticeNo) : undefined;
    if (!notice) throw unknownNotice(c);
    c.header('cache-control', NOTICE_CACHE);
    return c.json(notice);
  });

  app.get('/feed.atom', async (c) => {
    const { items } = await listPublishedNotices(deps.store, { limit: FEED_SIZE });
    return c.body(atomFeed(items, publicUrl, deps.now()), 200, {
      'content-type': 'application/atom+xml; charset=utf-8',
      'cache-control': OPEN_LISTING_CACHE,
    });
  });

  registerLogRoutes(app, deps.store);

  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/docs', (c) => c.html(<DocsPage document={openApiDocument()} link={(path) => sitePath(c, path)} />));

  return app;
}
