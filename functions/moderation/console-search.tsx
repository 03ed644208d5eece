import type { Hono, MiddlewareHandler } from 'hono';
import { DECLARATION_STATUSES, type DeclarationStatus } from '../../shared/domain/lifecycle.js';
import { MAX_SEARCH_TEXT, searchTerm } from '../../shared/domain/search.js';
import type { Locale } from '../../shared/http/locale.js';
import { sitePath } from '../../shared/http/site-url.js';
import { localizedPath } from '../../shared/web/page-locale.js';
import type { StaffEnv } from '../../shared/http/staff-auth.js';
import { searchDeclarations, type SearchContext } from '../../shared/services/search.js';
import { InvalidCursor, type Page, type StoredDeclaration } from '../../shared/store/declaration-store.js';
import { ConsoleFrame, consolePage, renderConsole } from './console/frame.js';
import { documentLabel } from './console/queue-page.js';

const TEXT: Record<Locale, { title: string; query: string; hint: string; status: string; allStatuses: string; find: string; none: string; next: string; badCursor: string }> = {
  'zh-CN': {
    title: '查找声明',
    query: '姓名、证件号码或声明编号',
    hint: '须完全一致；号码的全角/半角、空格、横线、大小写与繁简写法均可。',
    status: '状态',
    allStatuses: '全部',
    find: '查找',
    none: '没有找到。',
    next: '下一页',
    badCursor: '翻页链接已失效，已从第一页显示。',
  },
  en: {
    title: 'Find declarations',
    query: 'Name, certificate number or declaration id',
    hint: 'Exact match; any width, spacing, dashes, case or traditional characters in a number.',
    status: 'Status',
    allStatuses: 'Any',
    find: 'Find',
    none: 'Nothing found.',
    next: 'Next page',
    badCursor: 'That page link no longer works; showing the first page.',
  },
};

/** A status name a search may filter by (the staff API's `status` too). */
export const isDeclarationStatus = (value: string): value is DeclarationStatus => (DECLARATION_STATUSES as readonly string[]).includes(value);

/**
 * `/staff/search`: the staff search as a console page (a form that works without JavaScript), over the same service
 * as `GET /api/v1/moderation/declarations`. `guard` is the console's sign-in check for staff pages.
 */
export function registerSearchConsole(app: Hono<StaffEnv>, deps: SearchContext & { guard: MiddlewareHandler<StaffEnv> }): void {
  app.use('/staff/search', deps.guard);
  app.get('/staff/search', async (c) => {
    const text = TEXT[c.get('locale')];
    const q = (c.req.query('q') ?? '').trim().slice(0, MAX_SEARCH_TEXT);
    const statusParam = c.req.query('status') ?? '';
    const status = isDeclarationStatus(statusParam) ? statusParam : undefined;
    const cursor = c.req.query('cursor');
    let page: Page<StoredDeclaration> | undefined;
    let notice: string | undefined;
    if (searchTerm(q) !== '') {
      const options = { limit: 20, ...(status ? { status } : {}) };
      try {
        page = await searchDeclarations(deps, q, { ...options, ...(cursor ? { cursor } : {}) });
      } catch (error) {
        if (!(error instanceof InvalidCursor)) throw error;
        notice = text.badCursor;
        page = await searchDeclarations(deps, q, options);
      }
    }
    const nextHref = (next: string) =>
      localizedPath(c, `/staff/search?${new URLSearchParams({ q, ...(status ? { status } : {}), cursor: next }).toString()}`);
    const frame = consolePage(c);
    return renderConsole(
      c,
      frame,
      <ConsoleFrame page={frame} title={text.title} section="search">
        <form class="panel filters" method="get" action={sitePath(c, '/staff/search')} role="search">
          {frame.locale === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
          <div style="flex:1 1 24rem">
            <label for="q">{text.query}</label>
            <input id="q" name="q" type="search" value={q} maxlength={MAX_SEARCH_TEXT} required autofocus style="width:100%" />
          </div>
          <div>
            <label for="status">{text.status}</label>
            <select id="status" name="status">
              <option value="">{text.allStatuses}</option>
              {DECLARATION_STATUSES.map((value) => (
                <option value={value} selected={value === status}>{frame.text.statuses[value]}</option>
              ))}
            </select>
          </div>
          <button type="submit">{text.find}</button>
          <p class="hint" style="flex-basis:100%">{text.hint}</p>
        </form>
        {notice ? <p class="warning">{notice}</p> : null}
        {page && page.items.length === 0 ? <p class="ok">{text.none}</p> : null}
        {page && page.items.length > 0 ? (
          <table class="grid" id="search-results">
            <tbody>
              {page.items.map((declaration) => (
                <tr>
                  <td><span class={`status ${declaration.status}`}>{frame.text.statuses[declaration.status]}</span></td>
                  <td>{declaration.declaration.declarant.name}</td>
                  <td>{documentLabel(declaration.declaration.document.type, frame)} {declaration.declaration.document.number ?? ''}</td>
                  <td class="notice"><a href={frame.link(`/staff/declarations/${declaration.id}`)}>{declaration.text}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {page?.next ? <a href={nextHref(page.next)}>{text.next}</a> : null}
      </ConsoleFrame>,
    );
  });
}
