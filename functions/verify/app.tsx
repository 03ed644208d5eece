import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { isEditionDate, isNoticeNumber } from '../../shared/domain/editions.js';
import { InvalidInput } from '../../shared/domain/errors.js';
import type { PublisherIdentity } from '../../shared/domain/publisher.js';
import { DOCUMENT_TYPE_CODES } from '../../shared/domain/codes.js';
import { containsSensitiveNumber } from '../../shared/domain/mask.js';
import { addToRequestLog, createApp, type AppEnv, type PublicationDeps } from '../../shared/http/app.js';
import { countMetricFields } from '../../shared/http/emf.js';
import { fieldProblem, limitFrom } from '../../shared/http/fields.js';
import { perClientRateLimit, rateLimitFromSetting } from '../../shared/http/rate-limit.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { offlineProof } from '../../shared/services/transparency-log.js';
import { recordedVerification, recordVerification, VERIFICATION_NOTES, verifyNumber, type Verification } from '../../shared/services/verification.js';
import type { VerificationRecord } from '../../shared/domain/verification-record.js';
import type { PublicNotice } from '../../shared/store/edition-store.js';
import { getPublicNotice, latestPublishedDates, listPublishedNotices } from '../../shared/store/public-store.js';
import { cachedLogKey } from './log-key-cache.js';
import { registerLogRoutes } from './log-routes.js';
import { atomFeed, FEED_SIZE } from './feed.js';
import type { OpenApiDocument } from './openapi.js';
import { brotliDecompressSync } from 'node:zlib';
import { OPENAPI_BROTLI_BASE64 } from './openapi.generated.js';
import { publicUrl, sitePath } from '../../shared/http/site-url.js';
import { localizedPath, otherLanguagePath, pageLocale } from '../../shared/web/page-locale.js';
import type { PageFrame, VerifyPageProps } from './pages.js';
import { onDemand } from '../../shared/web/on-demand.js';
import type { NoticePageBody, VerificationBody } from './schemas.js';

// The pages, loaded by the first request that renders one: a cold start that answers the API parses none of them.
const VerifyPage = onDemand(async () => (await import('./pages.js')).VerifyPage);
const NoticesPage = onDemand(async () => (await import('./pages.js')).NoticesPage);
const NoticePage = onDemand(async () => (await import('./pages.js')).NoticePage);
const NotFoundPage = onDemand(async () => (await import('./pages.js')).NotFoundPage);
const ProofPage = onDemand(async () => (await import('./pages.js')).ProofPage);
const DocsPage = onDemand(async () => (await import('./docs-page.js')).DocsPage);

export interface VerifyDeps extends PublicationDeps {
  /** The newspaper named on proofs of publication and notice pages. */
  readonly publisher: PublisherIdentity;
  /** Lookups per client address per minute (0: no limit). Defaults to `VERIFY_RATE_LIMIT`, else 60. */
  readonly verifyRateLimit?: number;
}

let openApi: OpenApiDocument | undefined;
/** The OpenAPI document, unpacked on first use (the bundle carries it brotli-compressed: scripts/openapi.ts). */
const openApiDocument = (): OpenApiDocument =>
  (openApi ??= JSON.parse(brotliDecompressSync(Buffer.from(OPENAPI_BROTLI_BASE64, 'base64')).toString('utf8')) as OpenApiDocument);
const DEFAULT_VERIFY_RATE_LIMIT = 60;
/** Published notices never change: pages and answers about them may be cached a while. */
const NOTICE_CACHE = 'public, max-age=300';
const DATES_ON_NOTICES_PAGE = 14;

const UNKNOWN_NOTICE = {
  'zh-CN': ['未找到', '没有这个编号的已刊登声明。'],
  en: ['Not found', 'No published notice has this number.'],
} as const;

function unknownNotice(c: Context<AppEnv>): HttpProblem {
  const [title, detail] = UNKNOWN_NOTICE[c.get('locale')];
  return new HttpProblem(404, 'notice-not-found', title, detail);
}

function pageFrame(c: Context<AppEnv>): PageFrame {
  // The `lang` that localizedPath keeps in links, if the request made an explicit choice.
  const chosenLanguage = new URLSearchParams(localizedPath(c, '/').split('?')[1] ?? '').get('lang');
  return {
    locale: c.get('locale'),
    link: (path) => localizedPath(c, path),
    path: (path) => sitePath(c, path),
    languageSwitch: otherLanguagePath(c),
    ...(chosenLanguage ? { chosenLanguage } : {}),
  };
}

function dateQuery(c: Context<AppEnv>): string | undefined {
  const date = c.req.query('date');
  if (date === undefined || date === '') return undefined;
  if (!isEditionDate(date)) throw fieldProblem(c, 'date', '日期须为 YYYY-MM-DD 格式的真实日期。', 'The date must be a real date written YYYY-MM-DD.');
  return date;
}

/** Everyone's routes: verification by number and the published notices. Reads public partitions only. */
export function createVerifyApp(deps: VerifyDeps): Hono<AppEnv> {
  const app = createApp(deps.logger);
  const context = { store: deps.store, lookupHasher: deps.lookupHasher };
  const recordContext = { store: deps.store, now: deps.now };
  const perMinute = deps.verifyRateLimit ?? rateLimitFromSetting(process.env.VERIFY_RATE_LIMIT, DEFAULT_VERIFY_RATE_LIMIT);

  for (const pages of ['/verify', '/notices', '/notices/*', '/log']) app.use(pages, pageLocale());

  if (perMinute > 0) {
    // One budget for the API and the page; the page counts only when it looks a number up, so reading it or
    // following a proof's QR link costs nothing.
    const lookups = perClientRateLimit(perMinute, (c) => c.req.path === '/api/v1/verify' || c.req.query('number') !== undefined);
    app.use('/api/v1/verify', lookups);
    app.use('/verify', lookups);
  }

  /**
   * One lookup, counted: the request's log line carries the hash (never the number) and is also the
   * `Verifications` metric (EMF, by answer). Nothing is written to the table, so a lookup stays one read.
   */
  const verify = async (c: Context<AppEnv>, channel: 'api' | 'page'): Promise<Verification> => {
    const type = c.req.query('type');
    const verification = await verifyNumber(context, c.req.query('number'), type);
    addToRequestLog(c, {
      numberHash: verification.numberHash,
      noticeCount: verification.notices.length,
      channel,
      ...(type ? { documentType: type } : {}),
      ...countMetricFields('Verifications', { answer: verification.status }, deps.now()),
    });
    return verification;
  };

  app.get('/api/v1/verify', async (c) => {
    const { number, status, notices, note } = await verify(c, 'api');
    c.header('cache-control', 'no-store');
    return c.json({ number, status, notices: [...notices], note: note[c.get('locale')] } satisfies VerificationBody);
  });

  app.get('/api/v1/notices', async (c) => {
    const date = dateQuery(c);
    const cursor = c.req.query('cursor');
    const page = await listPublishedNotices(deps.store, { limit: limitFrom(c), ...(date ? { date } : {}), ...(cursor ? { cursor } : {}) });
    c.header('cache-control', NOTICE_CACHE);
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
      'cache-control': NOTICE_CACHE,
    });
  });

  app.get('/verify', async (c) => {
    const frame = pageFrame(c);
    const { locale } = frame;
    const number = c.req.query('number');
    const type = c.req.query('type');
    const noticeNo = c.req.query('notice');
    const proofNotice =
      noticeNo === undefined ? undefined : { noticeNo, notice: isNoticeNumber(noticeNo) ? await getPublicNotice(deps.store, noticeNo) : undefined };
    let verification: VerifyPageProps['verification'];
    let record: VerificationRecord | undefined;
    let error: string | undefined;
    // A reference brings a kept record back, unless a number is checked afresh.
    const reference = number === undefined ? c.req.query('ref') : undefined;
    if (number !== undefined) {
      try {
        const answer = await verify(c, 'page');
        verification = answer;
        // Every answer on the page is kept under a reference, so a printed result can be checked later.
        record = await recordVerification(recordContext, answer);
      } catch (failure) {
        if (!(failure instanceof InvalidInput)) throw failure;
        error = failure.errors.map((fieldError) => fieldError.message[locale]).join(' ');
      }
    }
    const recalled = reference !== undefined ? await recordedVerification(recordContext, reference) : undefined;
    if (recalled) {
      record = recalled.record;
      verification = { number: record.number, status: record.status, notices: recalled.notices, note: VERIFICATION_NOTES[record.status] };
    }
    const logKey = await cachedLogKey(deps.store);
    const nonce = randomBytes(16).toString('base64');
    const props: VerifyPageProps = {
      frame,
      ...(logKey ? { offlineCheck: { logKey: logKey.verifierKey, publisher: logKey.publisher, witnesses: logKey.witnesses, nonce } } : {}),
      // The box keeps what was typed unless it holds an ID or phone number, which the page never writes in full.
      ...(number !== undefined && !containsSensitiveNumber(number) ? { number } : {}),
      ...(type && (DOCUMENT_TYPE_CODES as readonly string[]).includes(type) ? { type } : {}),
      ...(proofNotice ? { proofNotice } : {}),
      ...(verification ? { verification } : {}),
      ...(record ? { record } : {}),
      ...(recalled ? { recalled: true } : {}),
      ...(reference !== undefined && !recalled ? { recordMissing: true } : {}),
      ...(error ? { error } : {}),
    };
    c.header('cache-control', 'no-store');
    // The offline check's script may run, and may reach no server at all: its answer owes nothing to this site.
    c.header('content-security-policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; connect-src 'none'; frame-ancestors 'none'; base-uri 'none'`);
    return c.html(<VerifyPage {...props} />, error ? 400 : 200);
  });

  app.get('/notices', async (c) => {
    const date = dateQuery(c);
    const cursor = c.req.query('cursor');
    const [dates, page] = await Promise.all([
      latestPublishedDates(deps.store, DATES_ON_NOTICES_PAGE),
      listPublishedNotices(deps.store, { limit: 20, ...(date ? { date } : {}), ...(cursor ? { cursor } : {}) }),
    ]);
    const nextQuery = page.next ? new URLSearchParams({ ...(date ? { date } : {}), cursor: page.next }).toString() : undefined;
    c.header('cache-control', NOTICE_CACHE);
    return c.html(
      <NoticesPage
        frame={pageFrame(c)}
        dates={dates}
        notices={page.items}
        {...(date ? { date } : {})}
        {...(nextQuery ? { nextHref: `/notices?${nextQuery}` } : {})}
      />,
    );
  });

  /** The notice a page is about, or a 404 page. */
  const noticePage = async (c: Context<AppEnv>, render: (notice: PublicNotice) => Response | Promise<Response>) => {
    const noticeNo = c.req.param('noticeNo') ?? '';
    const notice = isNoticeNumber(noticeNo) ? await getPublicNotice(deps.store, noticeNo) : undefined;
    if (!notice) return c.html(<NotFoundPage frame={pageFrame(c)} />, 404);
    c.header('cache-control', NOTICE_CACHE);
    return render(notice);
  };

  app.get('/notices/:noticeNo', (c) => noticePage(c, (notice) => c.html(<NoticePage frame={pageFrame(c)} notice={notice} publisher={deps.publisher} />)));

  app.get('/notices/:noticeNo/proof', (c) =>
    noticePage(c, async (notice) => {
      const verifyUrl = publicUrl(`/verify?${new URLSearchParams({ notice: notice.noticeNo }).toString()}`);
      const offlineCode = notice.logIndex === undefined ? undefined : await offlineProof(deps.store, notice.logIndex);
      // Until a checkpoint covers the notice the page changes with the next one; after that it is fixed for a while.
      if (!offlineCode) c.header('cache-control', 'no-cache');
      return c.html(<ProofPage frame={pageFrame(c)} notice={notice} publisher={deps.publisher} verifyUrl={verifyUrl} {...(offlineCode ? { offlineCode } : {})} />);
    }),
  );

  registerLogRoutes(app, deps.store, pageFrame);

  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/docs', (c) => c.html(<DocsPage document={openApiDocument()} link={(path) => sitePath(c, path)} />));

  return app;
}
