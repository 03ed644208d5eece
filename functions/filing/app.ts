import type { Context, Hono } from 'hono';
import { previewDeclaration, publicCatalogue } from '../../shared/domain/index.js';
import { createApp, readJsonBody, type AppEnv, type PublicationDeps } from '../../shared/http/app.js';
import { declarationIdFrom, idempotencyKeyFrom, objectBody, versionFrom } from '../../shared/http/fields.js';
import { HttpProblem, validationProblem } from '../../shared/http/problem.js';
import { authorizationCredentials } from '../../shared/http/authorization.js';
import { publicUrl, sitePath } from '../../shared/http/site-url.js';
import { perClientRateLimit, rateLimitFromSetting } from '../../shared/http/rate-limit.js';
import {
  citizenView,
  editDeclaration,
  openWithReceipt,
  openWithReceiptAlone,
  submitDeclaration,
} from '../../shared/services/filing.js';
import { shanghaiDate } from '../../shared/domain/editions.js';
import { withdrawDeclaration } from '../../shared/services/unplacement.js';
import { editionsIn, placementsToFollow } from '../../shared/services/placements.js';
import { startUpload } from '../../shared/services/attachments.js';
import { citizenPaymentOf, currentTariff } from '../../shared/services/payments.js';
import type { StoredDeclaration } from '../../shared/store/declaration-store.js';
import type { AttachmentStorage } from '../../shared/store/attachments.js';
import { readTariff } from '../../shared/store/config-store.js';
import { mountFilingPages } from './pages/routes.js';
import type { ValueSealer } from '../../shared/services/sealed-values.js';

export interface FilingDeps extends PublicationDeps {
  readonly attachments: AttachmentStorage;
  /** Seals the personal numbers a form shows again after a round trip (key: Secrets Manager in AWS, DATA_DIR locally). */
  readonly valueSealer: () => Promise<ValueSealer>;
  /** The newspaper's payment instructions (PAYMENT_INSTRUCTIONS: account, WeChat/Alipay reference, the desk). */
  readonly paymentInstructions?: string;
  /** Filing requests per client per minute (FILING_RATE_LIMIT; 0 turns the limiter off). */
  readonly filingRateLimit?: number;
}

/**
 * Filing writes per client address per minute: far above what a person filing, fixing or withdrawing does, far below
 * what probing certificate numbers through the duplicate 409 needs. In AWS the WAF rule FilingRatePerClient is the
 * first line (infra/firewall.ts).
 */
const DEFAULT_FILING_RATE_LIMIT = 20;
/** The routes that write or try numbers: the API's declarations and attachments, and the filing pages' forms. */
const FILING_WRITE_PATHS = /^\/(api\/v1\/(declarations|attachments)|file|declarations)(\/|$)/;
/** The form pages' live preview, which the script posts at every pause in typing: it counts apart, or a person typing a form would spend the limit before submitting it. */
const LIVE_PREVIEW_PATHS = /^\/(file|declarations\/[^/]+)\/preview$/;
const LIVE_PREVIEWS_PER_FILING = 10;

const RECEIPT_REQUIRED = {
  'zh-CN': ['需要回执码', '请在 Authorization 头中提供回执码（Authorization: Receipt …）。'],
  en: ['Receipt required', 'Send the receipt in the Authorization header (Authorization: Receipt …).'],
} as const;

/** A receipt as `Authorization: Receipt` carries it: a code (`XXXX-XXXX-XXXX-XXXX`) or an older 32-character receipt. */
const RECEIPT_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

function receiptFrom(c: Context<AppEnv>): string {
  const receipt = authorizationCredentials(c.req.header('authorization'), 'Receipt');
  if (!receipt || !RECEIPT_SHAPE.test(receipt)) {
    const [title, detail] = RECEIPT_REQUIRED[c.get('locale')];
    throw new HttpProblem(401, 'receipt-required', title, detail, {}, { 'www-authenticate': 'Receipt' });
  }
  return receipt;
}

/** Citizens' routes: the catalogue, preview, filing and following one's own declaration, and their pages. */
export function createFilingApp(deps: FilingDeps): Hono<AppEnv> {
  const app = createApp(deps.logger);
  const context = { store: deps.store, now: deps.now, attachments: deps.attachments, lookupHasher: deps.lookupHasher };
  const perMinute = deps.filingRateLimit ?? rateLimitFromSetting(process.env.FILING_RATE_LIMIT, DEFAULT_FILING_RATE_LIMIT);
  if (perMinute > 0) {
    const livePreview = (c: Context<AppEnv>) => c.req.method === 'POST' && LIVE_PREVIEW_PATHS.test(c.req.path);
    app.use(perClientRateLimit(perMinute, (c) => (c.req.method === 'POST' || c.req.method === 'PATCH') && FILING_WRITE_PATHS.test(c.req.path) && !livePreview(c)));
    app.use(perClientRateLimit(perMinute * LIVE_PREVIEWS_PER_FILING, livePreview));
  }
  const tariff = () => currentTariff(deps.store);
  const paymentInstructions = deps.paymentInstructions ?? (process.env.PAYMENT_INSTRUCTIONS?.trim() || undefined);
  // The fee, whether it is paid, and how to pay (when the newspaper configured it).
  const citizenPayment = async (stored: StoredDeclaration) => ({
    ...(await citizenPaymentOf(deps.store, stored)),
    ...(paymentInstructions ? { instructions: paymentInstructions } : {}),
  });
  // Following one's declaration: the citizen's view, its fee, each edition that printed it (with its public page) and those to come.
  const followed = async (stored: StoredDeclaration) => {
    const [payment, placed] = await Promise.all([citizenPayment(stored), placementsToFollow(deps.store, stored)]);
    const editions = editionsIn(placed);
    const printedNotices = editions.printed.map(({ path, ...notice }) => ({ ...notice, noticeUrl: publicUrl(path) }));
    const scheduledEditions = editions.scheduled.map((editionDate) => ({ editionDate }));
    return { ...citizenView(stored), payment, printedNotices, scheduledEditions };
  };

  // Health reads one item, so it reports whether the store answers, not only whether the code loaded.
  const health = async () => {
    await readTariff(deps.store);
    return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
  };
  app.get('/health', health);
  app.get('/api/v1/health', health);

  app.get('/api/v1/document-types', async (c) => {
    const currentTariff = await tariff();
    return c.json(publicCatalogue(c.get('locale')).map((type) => ({ ...type, tariff: currentTariff })));
  });

  app.post('/api/v1/declarations/preview', async (c) => {
    const result = previewDeclaration(await readJsonBody(c), { today: shanghaiDate(deps.now()), tariff: await tariff() });
    if (!result.ok) throw validationProblem(result.errors, c.get('locale'));
    return c.json(result.preview);
  });

  app.post('/api/v1/declarations', async (c) => {
    const idempotencyKey = idempotencyKeyFrom(c);
    const submitted = await submitDeclaration(context, await readJsonBody(c), idempotencyKey);
    c.header('location', sitePath(c, `/api/v1/declarations/${submitted.id}`));
    return c.json(submitted, 201);
  });

  app.post('/api/v1/attachments', async (c) => {
    const body = await objectBody(c);
    return c.json(await startUpload(deps.attachments, body), 201);
  });

  // The receipt code identifies the declaration by itself: following needs nothing else.
  app.get('/api/v1/declarations/by-receipt', async (c) => {
    const stored = await openWithReceiptAlone(context, receiptFrom(c));
    c.header('cache-control', 'no-store');
    return c.json(await followed(stored));
  });

  app.get('/api/v1/declarations/:id', async (c) => {
    const stored = await openWithReceipt(context, declarationIdFrom(c), receiptFrom(c));
    c.header('cache-control', 'no-store');
    return c.json(await followed(stored));
  });

  app.patch('/api/v1/declarations/:id', async (c) => {
    const id = declarationIdFrom(c);
    const receipt = receiptFrom(c);
    const body = await objectBody(c);
    const version = versionFrom(c, body, true) ?? 0;
    const { version: _version, ...changes } = body;
    const stored = await openWithReceipt(context, id, receipt);
    return c.json(citizenView(await editDeclaration(context, stored, changes, version)));
  });

  app.post('/api/v1/declarations/:id/withdraw', async (c) => {
    const id = declarationIdFrom(c);
    const receipt = receiptFrom(c);
    const body = await objectBody(c, true);
    const stored = await openWithReceipt(context, id, receipt);
    const expectedVersion = versionFrom(c, body, false) ?? stored.version;
    return c.json(citizenView(await withdrawDeclaration(context, stored, expectedVersion)));
  });

  mountFilingPages(app, { context, tariff, sealer: deps.valueSealer, paymentInstructions });

  return app;
}
