import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { DOCUMENT_TYPE_CODES } from '../../shared/domain/codes.js';
import { isNoticeNumber } from '../../shared/domain/editions.js';
import { InvalidInput } from '../../shared/domain/errors.js';
import { parseSignedNote, parseVerifierKeys, verifiedWitnesses } from '../../shared/domain/log/note.js';
import { containsSensitiveNumber } from '../../shared/domain/mask.js';
import type { PublisherIdentity } from '../../shared/domain/publisher.js';
import type { VerificationRecord } from '../../shared/domain/verification-record.js';
import { createApp, type AppEnv } from '../../shared/http/app.js';
import { CHECKPOINT_CACHE, dateQuery, listingCache, lookUpNumber, lookupRateLimit, NOTICE_CACHE, type PublicRecordDeps } from '../../shared/http/public-lookup.js';
import { queryValue } from '../../shared/http/query.js';
import { publicUrl, sitePath } from '../../shared/http/site-url.js';
import { cachedLogKey } from '../../shared/services/log-key-cache.js';
import { offlineProof } from '../../shared/services/transparency-log.js';
import { recordedVerification, recordVerification, VERIFICATION_NOTES } from '../../shared/services/verification.js';
import type { PublicNotice } from '../../shared/store/edition-store.js';
import { latestCheckpoint, readLogHead } from '../../shared/store/log-store.js';
import { InvalidCursor } from '../../shared/store/declaration-store.js';
import { getPublicNotice, latestPublishedDates, listPublishedNotices } from '../../shared/store/public-store.js';
import { localizedPath, otherLanguagePath, pageLocale } from '../../shared/web/page-locale.js';
import { LogPage } from './log-page.js';
import { BadRequestPage, NoticePage, NoticesPage, NotFoundPage, ProofPage, VerifyPage, type PageFrame, type VerifyPageProps } from './pages.js';

export interface PagesDeps extends PublicRecordDeps {
  /** The newspaper named on proofs of publication and notice pages. */
  readonly publisher: PublisherIdentity;
}

const DATES_ON_NOTICES_PAGE = 14;

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

/**
 * The public record's pages for people: verification by number (with its proof of publication and offline check),
 * the published notices, the transparency log. Their own function, apart from the API (functions/verify): a page
 * render costs its environment more than an API lookup, and would tax the lookups that followed it there.
 */
export function createPagesApp(deps: PagesDeps): Hono<AppEnv> {
  const app = createApp(deps.logger);
  const recordContext = { store: deps.store, now: deps.now };

  for (const pages of ['/verify', '/notices', '/notices/*', '/log']) app.use(pages, pageLocale());
  // The page counts against the lookup budget only when it looks a number up: reading it or following a proof's QR
  // link costs nothing.
  const lookups = lookupRateLimit(deps, (c) => c.req.query('number') !== undefined);
  if (lookups) app.use('/verify', lookups);

  app.get('/verify', async (c) => {
    const frame = pageFrame(c);
    const { locale } = frame;
    let number: string | undefined;
    let type: string | undefined;
    let noticeNo: string | undefined;
    let reference: string | undefined;
    let error: string | undefined;
    try {
      [number, type, noticeNo] = [queryValue(c, 'number'), queryValue(c, 'type'), queryValue(c, 'notice')];
      // A reference brings a kept record back, unless a number is checked afresh.
      reference = number === undefined ? queryValue(c, 'ref') : undefined;
    } catch (failure) {
      if (!(failure instanceof InvalidInput)) throw failure;
      number = undefined;
      error = failure.errors.map((fieldError) => fieldError.message[locale]).join(' ');
    }
    const proofNotice =
      noticeNo === undefined ? undefined : { noticeNo, notice: isNoticeNumber(noticeNo) ? await getPublicNotice(deps.store, noticeNo) : undefined };
    let verification: VerifyPageProps['verification'];
    let record: VerificationRecord | undefined;
    if (number !== undefined) {
      try {
        const answer = await lookUpNumber(c, deps, 'page');
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
    let date: string | undefined;
    let page: Awaited<ReturnType<typeof listPublishedNotices>>;
    let dates: Awaited<ReturnType<typeof latestPublishedDates>>;
    try {
      date = dateQuery(c);
      const cursor = queryValue(c, 'cursor');
      [dates, page] = await Promise.all([
        latestPublishedDates(deps.store, DATES_ON_NOTICES_PAGE),
        listPublishedNotices(deps.store, { limit: 20, ...(date ? { date } : {}), ...(cursor ? { cursor } : {}) }),
      ]);
    } catch (failure) {
      // A person followed or typed a bad link: a page saying so, not the API's problem+json.
      if (failure instanceof InvalidInput) {
        const locale = c.get('locale');
        return c.html(<BadRequestPage frame={pageFrame(c)} reasons={failure.errors.map((fieldError) => fieldError.message[locale])} />, 400);
      }
      if (failure instanceof InvalidCursor) return c.html(<BadRequestPage frame={pageFrame(c)} />, 400);
      throw failure;
    }
    const nextQuery = page.next ? new URLSearchParams({ ...(date ? { date } : {}), cursor: page.next }).toString() : undefined;
    c.header('cache-control', listingCache(date, deps.now()));
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

  app.get('/log', async (c) => {
    const [checkpoint, key, head] = await Promise.all([latestCheckpoint(deps.store), cachedLogKey(deps.store), readLogHead(deps.store)]);
    const note = checkpoint ? parseSignedNote(checkpoint.note) : undefined;
    const witnesses = key && note && typeof note !== 'string' ? await verifiedWitnesses(note, parseVerifierKeys(key.witnesses)) : [];
    c.header('cache-control', CHECKPOINT_CACHE);
    return c.html(
      <LogPage frame={pageFrame(c)} treeSize={head.frontier.size} witnesses={witnesses} {...(checkpoint ? { checkpoint } : {})} {...(key ? { logKey: key } : {})} />,
    );
  });

  return app;
}
