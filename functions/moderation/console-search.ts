import type { Hono, MiddlewareHandler } from 'hono';
import { DECLARATION_STATUSES, type DeclarationStatus } from '../../shared/domain/lifecycle.js';
import { MAX_SEARCH_TEXT, searchTerm } from '../../shared/domain/search.js';
import { sitePath } from '../../shared/http/site-url.js';
import type { StaffEnv } from '../../shared/http/staff-auth.js';
import { searchDeclarations, type SearchContext } from '../../shared/services/search.js';
import { InvalidCursor, type Page, type StoredDeclaration } from '../../shared/store/declaration-store.js';
import { consolePage, renderConsole } from './console/page-context.js';
import { SearchPage } from './console/pages.js';

/** A status name a search may filter by (the staff API's `status` too). */
export const isDeclarationStatus = (value: string): value is DeclarationStatus => (DECLARATION_STATUSES as readonly string[]).includes(value);

/**
 * `/staff/search`: the staff search as a console page (a form that works without JavaScript), over the same service
 * as `GET /api/v1/moderation/declarations`. `guard` is the console's sign-in check for staff pages.
 */
export function registerSearchConsole(app: Hono<StaffEnv>, deps: SearchContext & { guard: MiddlewareHandler<StaffEnv> }): void {
  app.use('/staff/search', deps.guard);
  app.get('/staff/search', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, MAX_SEARCH_TEXT);
    const statusParam = c.req.query('status') ?? '';
    const status = isDeclarationStatus(statusParam) ? statusParam : undefined;
    const cursor = c.req.query('cursor');
    let page: Page<StoredDeclaration> | undefined;
    let badCursor = false;
    if (searchTerm(q) !== '') {
      const options = { limit: 20, ...(status ? { status } : {}) };
      try {
        page = await searchDeclarations(deps, q, { ...options, ...(cursor ? { cursor } : {}) });
      } catch (error) {
        if (!(error instanceof InvalidCursor)) throw error;
        badCursor = true;
        page = await searchDeclarations(deps, q, options);
      }
    }
    const frame = await consolePage(c);
    return renderConsole(
      c,
      frame,
      SearchPage({ page: frame, action: sitePath(c, '/staff/search'), q, ...(status ? { status } : {}), ...(page ? { results: page } : {}), badCursor }),
    );
  });
}
