import type { Context, Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { editionState, isEditionDate, placementIds, shanghaiDate } from '../../shared/domain/editions.js';
import { EditionNotFound, NotInEdition, StaleVersion, WrongState } from '../../shared/domain/errors.js';
import { MAX_REASON_LENGTH } from '../../shared/domain/lifecycle.js';
import { isRecordId } from '../../shared/domain/record-ids.js';
import { editionList } from '../../shared/services/edition-list.js';
import { readEditionWithPlacements } from '../../shared/store/edition-store.js';
import { domainProblemOnDemand } from '../../shared/http/app.js';
import { sameSiteForms } from '../../shared/http/same-site-forms.js';
import { sitePath } from '../../shared/http/site-url.js';
import { staffActor, type StaffEnv, type StaffRole } from '../../shared/http/staff-auth.js';
import { proofLink } from '../../shared/services/attachments.js';
import { decide, decideEach, isStaffDecision, queueCounts } from '../../shared/services/moderation.js';
import { deleteEdition, editionLayout, openEdition, placeInEditions, publishEdition, type PublicationContext } from '../../shared/services/publication.js';
import { takeOutOfEdition } from '../../shared/services/unplacement.js';
import type { AttachmentStorage } from '../../shared/store/attachments.js';
import { getDeclaration, InvalidCursor, listAudit, listQueue, queueNeighbour } from '../../shared/store/declaration-store.js';
import { localizedPath, pageLocale } from '../../shared/web/page-locale.js';
import type { EditionsMessage } from './console/editions-page.js';
import { consolePage, consoleText, formString, renderConsole } from './console/page-context.js';
import {
  ConfirmPublishPage,
  ConfirmTakeOutPage,
  DeclarationNotFoundPage,
  DeclarationPage,
  EditionPage,
  EditionsPage,
  PrintPage,
  QueuePage,
} from './console/pages.js';
import { queueFilter, queueViewFrom, withView, type QueueView } from './console/queue-view.js';
import type { PublisherIdentity } from '../../shared/domain/publisher.js';
import { registerStaffSession, type StaffSessionDeps } from './staff-session.js';

/**
 * The staff console: server-rendered pages over the same services as the staff API, behind the staff session
 * (staff-session.ts: sign-in at the identity provider, its tokens sealed in HttpOnly cookies). Forms work without
 * JavaScript; the one script only adds keyboard shortcuts.
 */
export interface ConsoleDeps extends StaffSessionDeps {
  readonly publication: PublicationContext;
  /** The newspaper whose masthead heads the print page. */
  readonly publisher: PublisherIdentity;
  readonly attachments: AttachmentStorage;
}

const QUEUE_PAGE_SIZE = 50;

/**
 * How staff open a proof file (the one place the console builds it): a console route, checked by the session
 * cookie, that redirects to a short-lived signed link; an <img> or a new tab sends no Authorization header.
 */
function proofUrl(c: Context<StaffEnv>, declarationId: string, attachmentId: string): string {
  return sitePath(c, `/staff/declarations/${declarationId}/attachments/${attachmentId}`);
}

/** The console's routes; returns the guard of its pages, for other console pages (search) to use. */
export function registerConsole(app: Hono<StaffEnv>, deps: ConsoleDeps): (roles: readonly StaffRole[]) => MiddlewareHandler<StaffEnv> {
  for (const path of ['/staff', '/staff/*']) {
    app.use(path, pageLocale());
  }
  app.use('/staff/*', sameSiteForms());
  const staffPage = registerStaffSession(app, deps);
  app.use('/staff', staffPage(['moderator', 'editor']));
  app.use('/staff/decisions', staffPage(['moderator', 'editor']));
  app.use('/staff/declarations/*', staffPage(['moderator', 'editor']));
  app.use('/staff/editions', staffPage(['editor']));
  app.use('/staff/editions/*', staffPage(['editor']));

  // ---- The review queue ---------------------------------------------------------------------------------------

  app.get('/staff', async (c) => {
    const page = await consolePage(c);
    const view = queueViewFrom((name) => c.req.query(name));
    const filter = queueFilter(view);
    const cursor = c.req.query('cursor');
    // A page link that no longer fits (edited by hand, from another filter) shows the first page instead.
    const listing = (from?: string) => listQueue(deps.store, view.status, { limit: QUEUE_PAGE_SIZE, filter, ...(from ? { cursor: from } : {}) });
    const [listed, counts] = await Promise.all([
      listing(cursor).catch((error: unknown) => {
        if (error instanceof InvalidCursor) return listing();
        throw error;
      }),
      queueCounts(deps, filter),
    ]);
    const approved = Number(c.req.query('approved') ?? NaN);
    const refused = Number(c.req.query('refused') ?? 0);
    const t = page.text.queue;
    const message =
      c.req.query('emptied') !== undefined
        ? { kind: 'ok' as const, text: t.queueEmptyAfterDecision }
        : c.req.query('none') !== undefined
          ? { kind: 'warning' as const, text: t.bulkNone }
          : Number.isInteger(approved)
            ? { kind: refused > 0 ? ('warning' as const) : ('ok' as const), text: `${t.bulkDone(approved)}${refused > 0 ? ` ${t.bulkRefused(refused)}` : ''}` }
            : undefined;
    return renderConsole(c, page, QueuePage({ page, data: { view, items: listed.items, counts, ...(listed.next ? { next: listed.next } : {}), ...(message ? { message } : {}) } }));
  });

  /** Bulk approve from the queue: each ticked declaration at the version shown, each decided and audited on its own. */
  app.post('/staff/decisions', async (c) => {
    const view = queueViewFrom((name) => c.req.query(name));
    const form = await c.req.parseBody({ all: true });
    const requests = ([] as unknown[])
      .concat(form.ids ?? [])
      .filter((value): value is string => typeof value === 'string')
      .map((value) => value.split(':'))
      .filter(([id, version]) => isRecordId(id) && /^\d+$/.test(version ?? ''))
      .map(([id = '', version = '']) => ({ id, action: 'approve' as const, expectedVersion: Number(version) }));
    if (requests.length === 0) return c.redirect(localizedPath(c, withView('/staff', view, { none: '1' })), 303);
    const outcomes = await decideEach(deps, requests, staffActor(c));
    const approved = outcomes.filter((outcome) => outcome.applied).length;
    return c.redirect(localizedPath(c, withView('/staff', view, { approved: String(approved), refused: String(outcomes.length - approved) })), 303);
  });

  // ---- One declaration ----------------------------------------------------------------------------------------

  const detailPage = async (c: Context<StaffEnv>, id: string, view: QueueView, message?: { kind: 'ok' | 'alert'; text: string }, status: 200 | 400 | 409 = 200) => {
    const page = await consolePage(c);
    const declaration = isRecordId(id) ? await getDeclaration(deps.store, id) : undefined;
    if (!declaration) return renderConsole(c, page, DeclarationNotFoundPage({ page, view }), 404);
    const filter = queueFilter(view);
    const position = { submittedAt: declaration.submittedAt, id };
    const [audit, previous, next] = await Promise.all([
      listAudit(deps.store, id),
      queueNeighbour(deps.store, view.status, filter, position, 'before'),
      queueNeighbour(deps.store, view.status, filter, position, 'after'),
    ]);
    return renderConsole(
      c,
      page,
      DeclarationPage({
        page,
        data: {
          declaration,
          audit,
          view,
          proofUrl: (attachmentId) => proofUrl(c, id, attachmentId),
          payment: { c, store: deps.store },
          ...(previous ? { previous } : {}),
          ...(next ? { next } : {}),
          ...(message ? { message } : {}),
        },
      }),
      status,
    );
  };

  app.get('/staff/declarations/:id', async (c) => {
    const view = queueViewFrom((name) => c.req.query(name));
    const decided = c.req.query('decided');
    const of = c.req.query('of');
    const previous = isStaffDecision(decided) && of && isRecordId(of) ? await getDeclaration(deps.store, of) : undefined;
    const text = await consoleText(c.get('locale'));
    const message = previous && isStaffDecision(decided) ? { kind: 'ok' as const, text: text.declaration.decidedPrevious(text.decided[decided], previous.declaration.declarant.name) } : undefined;
    return detailPage(c, c.req.param('id'), view, message);
  });

  app.get('/staff/declarations/:id/attachments/:attachmentId', async (c) => {
    const link = await proofLink(deps.store, deps.attachments, c.req.param('id'), c.req.param('attachmentId'));
    return link ? c.redirect(link, 302) : c.notFound();
  });

  app.post('/staff/declarations/:id/decision', async (c) => {
    const id = c.req.param('id');
    const view = queueViewFrom((name) => c.req.query(name));
    const text = (await consoleText(c.get('locale'))).declaration;
    const form = await c.req.parseBody();
    const action = formString(form, 'action');
    // A common reason and free text together make the reason (either alone is enough).
    const reason = [formString(form, 'preset'), formString(form, 'reason')].filter(Boolean).join(' ');
    const current = isRecordId(id) ? await getDeclaration(deps.store, id) : undefined;
    if (!current || !isStaffDecision(action)) return detailPage(c, id, view);
    if (action !== 'approve' && !reason) return detailPage(c, id, view, { kind: 'alert', text: text.reasonRequired }, 400);
    try {
      await decide(deps, { id, action, expectedVersion: Number(formString(form, 'version')), ...(action !== 'approve' ? { reason: reason.slice(0, MAX_REASON_LENGTH) } : {}) }, staffActor(c));
    } catch (error) {
      if (error instanceof StaleVersion || error instanceof WrongState) return detailPage(c, id, view, { kind: 'alert', text: text.conflict }, 409);
      throw error;
    }
    // After a decision the next declaration to review opens: the one after it in the queue, else the first.
    const filter = queueFilter(view);
    const next =
      (await queueNeighbour(deps.store, 'submitted', filter, { submittedAt: current.submittedAt, id }, 'after')) ??
      (await listQueue(deps.store, 'submitted', { limit: 1, filter })).items[0];
    const nextView = { ...view, status: 'submitted' as const };
    if (!next) return c.redirect(localizedPath(c, withView('/staff', nextView, { emptied: '1' })), 303);
    return c.redirect(localizedPath(c, withView(`/staff/declarations/${next.id}`, nextView, { decided: action, of: id })), 303);
  });

  // ---- Editions -----------------------------------------------------------------------------------------------

  const editionsPage = async (c: Context<StaffEnv>, message?: EditionsMessage) => {
    const page = await consolePage(c);
    const [approved, editions] = await Promise.all([listQueue(deps.store, 'approved', { limit: 100 }), editionList(deps.publication)]);
    return renderConsole(c, page, EditionsPage({ page, editions, approved: approved.items, ...(message ? { message } : {}) }), message?.kind === 'alert' ? (message.status ?? 409) : 200);
  };

  /** Runs an editor's form action for a date; domain refusals (closed edition, stale version…) become a message. */
  const withDate = async (c: Context<StaffEnv>, run: (date: string, form: Record<string, unknown>) => Promise<{ text: string; printable: boolean }>) => {
    const form = await c.req.parseBody({ all: true });
    const date = formString(form, 'date');
    const t = (await consoleText(c.get('locale'))).editions;
    if (!isEditionDate(date)) return editionsPage(c, { kind: 'alert', text: t.invalidDate, status: 400 });
    try {
      const done = await run(date, form);
      return editionsPage(c, { kind: 'ok', text: done.text, ...(done.printable ? { link: localizedPath(c, `/staff/editions/${date}/print`) } : {}) });
    } catch (error) {
      const refused = error instanceof Error ? await domainProblemOnDemand(error, c.get('locale')) : undefined;
      // A refusal naming fields (a date outside the window, a malformed id) says what each is; others say why.
      const fields = refused?.toDetails().errors?.map((field) => field.message).join(' ');
      if (refused) return editionsPage(c, { kind: 'alert', text: fields || refused.detail, status: refused.status === 400 ? 400 : 409 });
      throw error;
    }
  };

  app.get('/staff/editions', (c) => editionsPage(c));
  app.post('/staff/editions', (c) =>
    withDate(c, async (date) => {
      await openEdition(deps.publication, date, staffActor(c));
      return { text: (await consoleText(c.get('locale'))).editions.created(date), printable: true };
    }),
  );
  app.post('/staff/editions/delete', (c) =>
    withDate(c, async (date) => {
      await deleteEdition(deps.publication, date);
      return { text: (await consoleText(c.get('locale'))).editions.deleted(date), printable: false };
    }),
  );
  app.post('/staff/editions/place', (c) =>
    withDate(c, async (date, form) => {
      // Checked as the API checks its ids (an uploaded file instead of a box's value is not an id either).
      const ids = placementIds(([] as unknown[]).concat(form.ids ?? []));
      const days = Math.min(5, Math.max(1, Number(formString(form, 'days')) || 1));
      const { placed } = await placeInEditions(deps.publication, date, ids, days, staffActor(c));
      return { text: (await consoleText(c.get('locale'))).editions.placed(placed.length), printable: true };
    }),
  );
  app.post('/staff/editions/publish', async (c) => {
    const form = await c.req.parseBody();
    const date = formString(form, 'date');
    if (formString(form, 'confirm') !== 'yes' && isEditionDate(date)) return confirmPublishPage(c, date);
    return withDate(c, async (confirmed) => {
      const result = await publishEdition(deps.publication, confirmed, staffActor(c));
      return { text: (await consoleText(c.get('locale'))).editions.published(confirmed, result.noticeCount), printable: true };
    });
  });
  const confirmPublishPage = async (c: Context<StaffEnv>, date: string) => {
    const page = await consolePage(c);
    const t = page.text.editions;
    const { placements, edition } = await readEditionWithPlacements(deps.store, date);
    if (!edition) return editionsPage(c, { kind: 'alert', text: (await domainProblemOnDemand(new EditionNotFound(), page.locale))?.detail ?? '' });
    const today = shanghaiDate(deps.now());
    const count = placements.length;
    const refusal = edition.status === 'published' ? t.alreadyPublished : today < date ? t.notYet(date, today) : count === 0 ? t.empty : undefined;
    return renderConsole(c, page, ConfirmPublishPage({ page, date, count, today, ...(refusal ? { refusal } : {}) }), refusal ? 409 : 200);
  };
  // ---- One edition: its notices, and taking one out before the cut-off -------------------------------------------

  const editionPage = async (c: Context<StaffEnv>, date: string, message?: EditionsMessage, status: 200 | 404 | 409 = 200) => {
    const page = await consolePage(c);
    try {
      const layout = await editionLayout(deps.publication, date);
      return await renderConsole(c, page, EditionPage({ page, layout, state: editionState(layout.edition, deps.now()), message }), status);
    } catch (error) {
      if (error instanceof EditionNotFound) return c.notFound();
      throw error;
    }
  };
  /** A refusal on the edition's page, in the problem's words and with its status (404 not in it, 409 gone to print). */
  const refusedOnEditionPage = async (c: Context<StaffEnv>, date: string, error: Error) => {
    const refused = await domainProblemOnDemand(error, c.get('locale'));
    if (!refused) throw error;
    return editionPage(c, date, { kind: 'alert', text: refused.detail }, refused.status === 404 ? 404 : 409);
  };

  app.get('/staff/editions/:date', (c) => {
    const date = c.req.param('date');
    return isEditionDate(date) ? editionPage(c, date) : c.notFound();
  });
  app.post('/staff/editions/:date/notices/:id/take-out', async (c) => {
    const { date, id } = c.req.param();
    if (!isEditionDate(date)) return c.notFound();
    const form = await c.req.parseBody();
    if (formString(form, 'confirm') !== 'yes') {
      const layout = await editionLayout(deps.publication, date).catch((error: unknown) => {
        if (error instanceof EditionNotFound) return undefined;
        throw error;
      });
      if (!layout) return c.notFound();
      const notice = layout.notices.find((placed) => (placed.correctionId ?? placed.declarationId) === id);
      if (!notice) return refusedOnEditionPage(c, date, new NotInEdition(date, id));
      const page = await consolePage(c);
      return renderConsole(c, page, ConfirmTakeOutPage({ page, date, notice }));
    }
    try {
      if (!isRecordId(id)) throw new NotInEdition(date, id);
      await takeOutOfEdition(deps.publication, date, id, staffActor(c));
    } catch (error) {
      if (error instanceof Error) return refusedOnEditionPage(c, date, error);
      throw error;
    }
    return editionPage(c, date, { kind: 'ok', text: (await consoleText(c.get('locale'))).editions.takenOut });
  });

  app.get('/staff/editions/:date/print', async (c) => {
    const date = c.req.param('date');
    if (!isEditionDate(date)) return c.notFound();
    return c.html(await PrintPage({ layout: await editionLayout(deps.publication, date), publisher: deps.publisher }));
  });

  return staffPage;
}
