import type { Context, Hono, MiddlewareHandler } from 'hono';
import { MAX_REASON_LENGTH } from '../../shared/domain/lifecycle.js';
import { isRecordId } from '../../shared/domain/record-ids.js';
import { staffActor, type StaffEnv } from '../../shared/http/staff-auth.js';
import type { LifecycleContext } from '../../shared/services/filing.js';
import { InvalidCursor } from '../../shared/store/declaration-store.js';
import { localizedPath } from '../../shared/web/page-locale.js';
import { consolePage, formString, renderConsole } from './console/page-context.js';
import { BundleNotFoundPage, BundlePage, BundlesPage } from './console/pages.js';
import type { BundleMessage } from './console/bundles-pages.js';

/**
 * The bundle code, imported by the first bundle page: moderators open bundles now and then, and every other staff
 * request of a cold start would parse it for nothing (docs/BENCHMARKS.md, "Cold start and bundle size").
 */
const bundleCode = () => import('./bundle-code.js');

/**
 * `/staff/bundles`: the bundles agencies filed (newest first) and, per bundle, its declarations and one decision
 * for all of them (shared/services/bundles.ts: each row goes through the same decision as a single declaration).
 * `guard` is the console's sign-in check; the console's CSRF check covers the form.
 */
export function registerBundleConsole(app: Hono<StaffEnv>, deps: LifecycleContext & { guard: MiddlewareHandler<StaffEnv> }): void {
  app.use('/staff/bundles', deps.guard);
  app.use('/staff/bundles/*', deps.guard);

  app.get('/staff/bundles', async (c) => {
    const page = await consolePage(c);
    const cursor = c.req.query('cursor');
    const { listBundles } = await bundleCode();
    const listing = await listBundles(deps.store, { limit: 50, ...(cursor ? { cursor } : {}) }).catch((error: unknown) => {
      if (error instanceof InvalidCursor) return listBundles(deps.store, { limit: 50 });
      throw error;
    });
    return renderConsole(
      c,
      page,
      BundlesPage({ page, listing }),
    );
  });

  const bundlePage = async (c: Context<StaffEnv>, id: string, message?: BundleMessage, status: 200 | 400 | 409 = 200) => {
    const page = await consolePage(c);
    const { BundleNotFound, bundleOverview } = await bundleCode();
    try {
      if (!isRecordId(id)) throw new BundleNotFound();
      const overview = await bundleOverview(deps, id);
      return renderConsole(c, page, BundlePage({ page, overview, ...(message ? { message } : {}) }), status);
    } catch (error) {
      if (!(error instanceof BundleNotFound)) throw error;
      return renderConsole(c, page, BundleNotFoundPage({ page }), 404);
    }
  };

  app.get('/staff/bundles/:id', (c) => {
    const [applied, skipped, refused] = ['applied', 'skipped', 'refused'].map((name) => Number(c.req.query(name) ?? NaN));
    const done = [applied, skipped, refused].every((count) => Number.isInteger(count));
    return bundlePage(c, c.req.param('id'), done ? { kind: 'done', applied: applied ?? 0, skipped: skipped ?? 0, refused: refused ?? 0 } : undefined);
  });

  app.post('/staff/bundles/:id/decision', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const action = formString(form, 'action');
    const reason = formString(form, 'reason').slice(0, MAX_REASON_LENGTH);
    const { BundleAlreadyDecided, BundleNotFound, decideBundle, isBundleAction } = await bundleCode();
    if (!isRecordId(id) || !isBundleAction(action)) return bundlePage(c, id);
    if (action === 'reject' && !reason) return bundlePage(c, id, { kind: 'reasonRequired' }, 400);
    try {
      const result = await decideBundle(deps, id, { action, ...(action === 'reject' ? { reason } : {}) }, staffActor(c));
      const counts = new URLSearchParams({ applied: String(result.applied), skipped: String(result.skipped), refused: String(result.refused) });
      return c.redirect(localizedPath(c, `/staff/bundles/${id}?${counts.toString()}`), 303);
    } catch (error) {
      if (error instanceof BundleAlreadyDecided) {
        return bundlePage(c, id, { kind: 'decidedOtherwise', action: error.action }, 409);
      }
      // Not filed (yet, or ever): the bundle's page says what there is.
      if (error instanceof BundleNotFound) return bundlePage(c, id);
      throw error;
    }
  });
}
