import type { Hono } from 'hono';
import type { Context } from 'hono';
import { createApp, domainProblemOnDemand } from '../../shared/http/app.js';
import { declarationIdFrom, fieldProblem, limitFrom, objectBody } from '../../shared/http/fields.js';
import { requireStaff, staffActor, type StaffEnv, type StaffVerifier } from '../../shared/http/staff-auth.js';
import type { ValueSealer } from '../../shared/services/sealed-values.js';
import type { StaffSignIn } from '../../shared/services/staff-sign-in.js';
import { staffTokenRevocations } from '../../shared/services/staff-revocation.js';
import { proofLink } from '../../shared/services/attachments.js';
import { decide, decideEach, isStaffDecision, MAX_BATCH_DECISIONS, staffView, type DecisionRequest } from '../../shared/services/moderation.js';
import { getDeclaration, isQueueStatus, listAudit, listQueue } from '../../shared/store/declaration-store.js';
import { validationProblem, type LocalizedFieldError } from '../../shared/http/problem.js';
import { DeclarationNotFound, NotInEdition } from '../../shared/domain/errors.js';
import { isEditionDate, isNoticeNumber, MAX_RUN_DAYS, placementIds } from '../../shared/domain/editions.js';
import { MAX_CORRECTION_TEXT } from '../../shared/domain/corrections.js';
import { isRecordId } from '../../shared/domain/record-ids.js';
import { DECLARATION_STATUSES, MAX_REASON_LENGTH } from '../../shared/domain/lifecycle.js';
import { MAX_SEARCH_TEXT, searchTerm } from '../../shared/domain/search.js';
import { searchDeclarations } from '../../shared/services/search.js';
import { MAX_PAYMENT_REFERENCE } from '../../shared/domain/payment.js';
import { paymentOf, recordPayment, waivePayment } from '../../shared/services/payments.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { deleteEdition, editionLayout, openEdition, placeCorrectionNotice, placeInEditions, publishEdition } from '../../shared/services/publication.js';
import { publishingContext, type PublishingDeps } from '../../shared/services/publishing-context.js';
import { readEditionWithPlacements } from '../../shared/store/edition-store.js';
import { editionList } from '../../shared/services/edition-list.js';
import { takeOutOfEdition } from '../../shared/services/unplacement.js';
import type { AttachmentStorage } from '../../shared/store/attachments.js';
import { registerConsole } from './console.js';
import { isDeclarationStatus, registerSearchConsole } from './console-search.js';
import { registerBundleConsole } from './console-bundles.js';
import { registerPaymentConsole } from './console-payment.js';
import { registerApiKeyRoutes } from './api-key-routes.js';
import type { ApiKeyGateway } from '../../shared/services/api-keys.js';
import { PrintPage } from './console/pages.js';
import type { PublisherIdentity } from '../../shared/domain/publisher.js';

export interface ModerationDeps extends PublishingDeps {
  /** The newspaper whose masthead heads the print page. */
  readonly publisher: PublisherIdentity;
  readonly verifyStaff: StaffVerifier;
  readonly attachments: AttachmentStorage;
  /** The console's sign-in at the staff identity provider (Cognito, any OIDC issuer, the local provider). */
  readonly staffSignIn: StaffSignIn;
  /** Seals the console's session cookies (lifetime STAFF_SESSION_SECONDS). */
  readonly sessionSealer: () => Promise<ValueSealer>;
  /** AWS: registers issued keys with API Gateway's usage plan. */
  readonly apiKeyGateway?: ApiKeyGateway;
}

const WAIVER_FORBIDDEN = {
  'zh-CN': ['权限不足', '只有编辑（editor）可以免除刊登费；审核员可以登记已收到的付款。'],
  en: ['Forbidden', 'Only an editor may waive the fee; a moderator may record a payment received.'],
} as const;

function editionDateFrom(c: Context<StaffEnv>, value: unknown, path: string): string {
  if (typeof value !== 'string' || !isEditionDate(value)) {
    throw fieldProblem(c, path, '日期须为 YYYY-MM-DD 格式的真实日期。', 'The date must be a real date written YYYY-MM-DD.');
  }
  return value;
}

type Decision = Omit<DecisionRequest, 'id'>;

/** One decision's fields (`action`, `reason`, `version`), or every bad one under `prefix` (`decisions[2].` in a batch). */
function parseDecision(body: Record<string, unknown>, prefix: string): { decision: Decision } | { errors: LocalizedFieldError[] } {
  const errors: LocalizedFieldError[] = [];
  const { action, version } = body;
  if (!isStaffDecision(action)) {
    errors.push({ path: `${prefix}action`, message: { 'zh-CN': 'action 须为 approve、reject 或 request_changes。', en: 'action must be approve, reject or request_changes.' } });
  }
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  if ((action !== 'approve' && reason === '') || reason.length > MAX_REASON_LENGTH) {
    errors.push({
      path: `${prefix}reason`,
      message: {
        'zh-CN': `驳回或要求修改时须填写理由（不超过 ${MAX_REASON_LENGTH} 字）。`,
        en: `A reason (at most ${MAX_REASON_LENGTH} characters) is required to reject or request changes.`,
      },
    });
  }
  const versionValid = typeof version === 'number' && Number.isInteger(version) && version >= 1;
  if (!versionValid) {
    errors.push({ path: `${prefix}version`, message: { 'zh-CN': '请提供当前版本号 version（正整数）。', en: 'Send the current version (a positive integer).' } });
  }
  if (errors.length > 0 || !isStaffDecision(action) || !versionValid) return { errors };
  return { decision: { action, expectedVersion: version, ...(reason && action !== 'approve' ? { reason } : {}) } };
}

/** Staff routes: every `/api/v1/moderation/*` and `/api/v1/editions*` route needs a staff token. */
export function createModerationApp(deps: ModerationDeps): Hono<StaffEnv> {
  const app = createApp<StaffEnv>(deps.logger);
  const context = { store: deps.store, now: deps.now };
  const revoked = staffTokenRevocations(deps.store);
  app.use('/api/v1/moderation/*', requireStaff(deps.verifyStaff, revoked, ['moderator', 'editor']));
  app.use('/api/v1/editions', requireStaff(deps.verifyStaff, revoked, ['editor']));
  app.use('/api/v1/editions/*', requireStaff(deps.verifyStaff, revoked, ['editor']));
  app.use('/api/v1/moderation/log/*', requireStaff(deps.verifyStaff, revoked, ['editor']));

  app.get('/api/v1/moderation/me', (c) => {
    const { username, roles } = c.get('staff');
    return c.json({ username, roles });
  });

  app.get('/api/v1/moderation/queue', async (c) => {
    const status = c.req.query('status') ?? 'submitted';
    if (!isQueueStatus(status)) {
      throw fieldProblem(
        c,
        'status',
        'status 须为 submitted（待审核）、changes_requested（待申报人修改）或 approved（待排版）。',
        'status must be submitted, changes_requested or approved.',
      );
    }
    const cursor = c.req.query('cursor');
    const page = await listQueue(deps.store, status, { limit: limitFrom(c), ...(cursor ? { cursor } : {}) });
    return c.json({ items: page.items.map(staffView), ...(page.next ? { next: page.next } : {}) });
  });

  app.get('/api/v1/moderation/declarations', async (c) => {
    const q = c.req.query('q')?.trim() ?? '';
    if (searchTerm(q) === '' || q.length > MAX_SEARCH_TEXT) {
      throw fieldProblem(c, 'q', `请填写要查找的姓名、证件号码或声明编号（不超过 ${MAX_SEARCH_TEXT} 字）。`, `Give a name, certificate number or declaration id to look for (at most ${MAX_SEARCH_TEXT} characters).`);
    }
    const status = c.req.query('status');
    if (status !== undefined && !isDeclarationStatus(status)) {
      throw fieldProblem(c, 'status', `status 须为 ${DECLARATION_STATUSES.join('、')} 之一。`, `status must be one of ${DECLARATION_STATUSES.join(', ')}.`);
    }
    const cursor = c.req.query('cursor');
    const page = await searchDeclarations(deps, q, {
      limit: limitFrom(c),
      ...(status ? { status } : {}),
      ...(cursor ? { cursor } : {}),
    });
    return c.json({ items: page.items.map(staffView), ...(page.next ? { next: page.next } : {}) });
  });

  app.get('/api/v1/moderation/declarations/:id', async (c) => {
    const id = declarationIdFrom(c);
    const declaration = await getDeclaration(deps.store, id);
    if (!declaration) throw new DeclarationNotFound();
    const [audit, payment] = await Promise.all([listAudit(deps.store, id), paymentOf(deps.store, declaration)]);
    return c.json({ ...staffView(declaration), payment, audit });
  });

  app.post('/api/v1/moderation/declarations/:id/payment', async (c) => {
    const id = declarationIdFrom(c);
    const body = await objectBody(c);
    const { amount } = body;
    const reference = typeof body.reference === 'string' ? body.reference.trim() : '';
    const errors = [
      ...(typeof amount === 'number' && Number.isInteger(amount) && amount >= 0
        ? []
        : [{ path: 'amount', message: { 'zh-CN': '金额 amount 须为以分计的整数（即 payment.owedFen 的数值：首次为预览中的 fee.amountFen）。', en: 'amount must be a whole number of fen (as payment.owedFen states it: at first the preview\'s fee.amountFen).' } }]),
      ...(reference !== '' && reference.length <= MAX_PAYMENT_REFERENCE && !/\p{Cc}/u.test(reference)
        ? []
        : [{ path: 'reference', message: { 'zh-CN': `请填写付款凭据（转账流水号、微信/支付宝单号或收据号，不超过 ${MAX_PAYMENT_REFERENCE} 字）。`, en: `Give the payment's reference (transfer, WeChat/Alipay or receipt number; at most ${MAX_PAYMENT_REFERENCE} characters).` } }]),
    ];
    if (errors.length > 0) throw validationProblem(errors, c.get('locale'));
    return c.json(await recordPayment(context, id, { amountFen: amount as number, reference }, staffActor(c)), 201);
  });

  // Editors only, checked here rather than by path so the refusal can say why.
  app.post('/api/v1/moderation/declarations/:id/payment-waiver', async (c) => {
    if (!c.get('staff').roles.includes('editor')) {
      const [title, detail] = WAIVER_FORBIDDEN[c.get('locale')];
      throw new HttpProblem(403, 'forbidden', title, detail, { requiredRole: 'editor' });
    }
    const id = declarationIdFrom(c);
    const body = await objectBody(c);
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (reason === '' || reason.length > MAX_REASON_LENGTH) {
      throw fieldProblem(c, 'reason', `免费须写明理由（不超过 ${MAX_REASON_LENGTH} 字）。`, `A waiver needs a reason (at most ${MAX_REASON_LENGTH} characters).`);
    }
    return c.json(await waivePayment(context, id, reason, staffActor(c)), 201);
  });

  // Staff open proof files through a short-lived link; only files the declaration refers to.
  app.get('/api/v1/moderation/declarations/:id/attachments/:attachmentId', async (c) => {
    const link = await proofLink(deps.store, deps.attachments, declarationIdFrom(c), c.req.param('attachmentId'));
    if (!link) throw new DeclarationNotFound();
    return c.redirect(link, 302);
  });

  app.post('/api/v1/moderation/declarations/:id/decision', async (c) => {
    const id = declarationIdFrom(c);
    const parsed = parseDecision(await objectBody(c), '');
    if ('errors' in parsed) throw validationProblem(parsed.errors, c.get('locale'));
    return c.json(staffView(await decide(context, { id, ...parsed.decision }, staffActor(c))));
  });

  /**
   * Many decisions at once (the console's bulk approve): each is version-checked, applied and audited on its own;
   * the answer reports every item — applied (200) or refused (its problem: 409 stale or decided, 404 unknown).
   */
  app.post('/api/v1/moderation/decisions', async (c) => {
    const { decisions } = await objectBody(c);
    if (!Array.isArray(decisions) || decisions.length === 0 || decisions.length > MAX_BATCH_DECISIONS) {
      throw fieldProblem(c, 'decisions', `decisions 须为 1 到 ${MAX_BATCH_DECISIONS} 项决定。`, `decisions must list 1 to ${MAX_BATCH_DECISIONS} decisions.`);
    }
    const requests: DecisionRequest[] = [];
    const errors: LocalizedFieldError[] = [];
    decisions.forEach((item: unknown, index) => {
      const path = `decisions[${index}]`;
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        errors.push({ path, message: { 'zh-CN': '每项决定须为一个 JSON 对象。', en: 'Each decision must be a JSON object.' } });
        return;
      }
      const { id } = item as Record<string, unknown>;
      if (!isRecordId(id)) errors.push({ path: `${path}.id`, message: { 'zh-CN': '请填写声明编号 id。', en: 'Give the declaration id.' } });
      const parsed = parseDecision(item as Record<string, unknown>, `${path}.`);
      if ('errors' in parsed) errors.push(...parsed.errors);
      else if (isRecordId(id)) requests.push({ id, ...parsed.decision });
    });
    if (errors.length > 0) throw validationProblem(errors, c.get('locale'));
    const outcomes = await decideEach(context, requests, staffActor(c));
    return c.json({
      results: await Promise.all(
        outcomes.map(async (outcome) => {
          if (outcome.applied) return { id: outcome.id, status: 200, declaration: staffView(outcome.declaration) };
          const problem = await domainProblemOnDemand(outcome.refusal, c.get('locale'));
          return { id: outcome.id, status: problem?.status ?? 409, ...(problem ? { problem: problem.toDetails() } : {}) };
        }),
      ),
    });
  });

  const publication = publishingContext(deps);

  app.post('/api/v1/editions', async (c) => {
    const body = await objectBody(c);
    const edition = await openEdition(publication, editionDateFrom(c, body.date, 'date'), staffActor(c));
    return c.json(edition, 201);
  });

  app.get('/api/v1/editions', async (c) => {
    const cursor = c.req.query('cursor');
    if (cursor !== undefined && !isEditionDate(cursor)) {
      throw fieldProblem(c, 'cursor', 'cursor 不是本列表给出的游标，请从第一页重新开始。', 'The cursor was not issued by this list; start again from the first page.');
    }
    return c.json(await editionList(publication, cursor ? { before: cursor } : {}));
  });

  app.get('/api/v1/editions/:date', async (c) => {
    const date = editionDateFrom(c, c.req.param('date'), 'date');
    const layout = await editionLayout(publication, date);
    const { placements } = await readEditionWithPlacements(deps.store, date);
    return c.json({ ...layout.edition, notices: layout.notices, placements });
  });

  /** An edition opened by mistake: 204 while it has no notices and is not published, else 409 edition-not-deletable. */
  app.delete('/api/v1/editions/:date', async (c) => {
    await deleteEdition(publication, editionDateFrom(c, c.req.param('date'), 'date'));
    return c.body(null, 204);
  });

  app.post('/api/v1/editions/:date/notices', async (c) => {
    const date = editionDateFrom(c, c.req.param('date'), 'date');
    const body = await objectBody(c);
    const ids = placementIds(body.ids);
    const days = body.days ?? 1;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_RUN_DAYS) {
      throw fieldProblem(c, 'days', `days 须为 1 到 ${MAX_RUN_DAYS} 的整数。`, `days must be a whole number from 1 to ${MAX_RUN_DAYS}.`);
    }
    return c.json(await placeInEditions(publication, date, ids, days, staffActor(c)));
  });

  // Before the edition's cut-off: the declaration is approved again (or stays in the other editions of its run).
  app.delete('/api/v1/editions/:date/notices/:id', async (c) => {
    const date = editionDateFrom(c, c.req.param('date'), 'date');
    const id = c.req.param('id');
    if (!isRecordId(id)) throw new NotInEdition(date, id);
    await takeOutOfEdition(publication, date, id, staffActor(c));
    return c.body(null, 204);
  });

  app.post('/api/v1/editions/:date/corrections', async (c) => {
    const date = editionDateFrom(c, c.req.param('date'), 'date');
    const body = await objectBody(c);
    const noticeNo = body.noticeNo;
    if (typeof noticeNo !== 'string' || !isNoticeNumber(noticeNo)) {
      throw fieldProblem(c, 'noticeNo', '请填写被更正声明的编号（如 20261123-0007）。', 'Give the number of the notice being corrected (e.g. 20261123-0007).');
    }
    const texts = (['item', 'wrong', 'correct'] as const).map((field) => {
      const value = body[field];
      if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_CORRECTION_TEXT || /\p{Cc}/u.test(value)) {
        throw fieldProblem(c, field, `请填写 ${field}（不超过 ${MAX_CORRECTION_TEXT} 字）。`, `${field} is required (at most ${MAX_CORRECTION_TEXT} characters).`);
      }
      return value.trim();
    });
    const [item = '', wrong = '', correct = ''] = texts;
    return c.json(await placeCorrectionNotice(publication, date, { noticeNo, item, wrong, correct }, staffActor(c)), 201);
  });

  app.post('/api/v1/editions/:date/publish', async (c) => {
    const date = editionDateFrom(c, c.req.param('date'), 'date');
    // The body is optional (contract), but one sent must be JSON: a garbled request publishes nothing.
    await objectBody(c, true);
    return c.json(await publishEdition(publication, date, staffActor(c)));
  });

  app.get('/api/v1/editions/:date/print', async (c) => {
    const date = editionDateFrom(c, c.req.param('date'), 'date');
    return c.html(await PrintPage({ layout: await editionLayout(publication, date), publisher: deps.publisher }));
  });

  /** A witness's cosignature of the newest checkpoint (c2sp.org/tlog-cosignature), relayed by an editor. */
  app.post('/api/v1/moderation/log/cosignatures', async (c) => {
    const { cosignature } = await objectBody(c);
    const refuse = (reason: string) => fieldProblem(c, 'cosignature', `见证联署无效：${reason}`, `The cosignature is not accepted: ${reason}`);
    if (typeof cosignature !== 'string' || cosignature.length > 10_000) throw refuse('a signature line (— <name> <base64>) is required');
    // The log's code with the first cosignature, as with the first publication (shared/services/publishing-context.ts).
    const { acceptCosignature, CosignatureRefused } = await import('../../shared/services/transparency-log.js');
    try {
      return c.json(await acceptCosignature(deps.store, await deps.logSigner(), cosignature), 201);
    } catch (error) {
      if (error instanceof CosignatureRefused) throw refuse(error.reason);
      throw error;
    }
  });

  registerApiKeyRoutes(app, deps.verifyStaff, { store: deps.store, now: deps.now, ...(deps.apiKeyGateway ? { gateway: deps.apiKeyGateway } : {}) });

  const staffPage = registerConsole(app, {
    store: deps.store,
    now: deps.now,
    verifyStaff: deps.verifyStaff,
    signIn: deps.staffSignIn,
    sealer: deps.sessionSealer,
    attachments: deps.attachments,
    publication,
    publisher: deps.publisher,
  });
  // After the console: its sign-in guard and CSRF check on /staff/declarations/* must run first.
  registerPaymentConsole(app, context);
  registerSearchConsole(app, { store: deps.store, lookupHasher: deps.lookupHasher, guard: staffPage(['moderator', 'editor']) });
  registerBundleConsole(app, { store: deps.store, now: deps.now, guard: staffPage(['moderator', 'editor']) });

  return app;
}
