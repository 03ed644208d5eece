import { DECLARATION_STATUSES, type DeclarationStatus } from '../../../shared/domain/lifecycle.js';
import { MAX_SEARCH_TEXT } from '../../../shared/domain/search.js';
import type { Locale } from '../../../shared/http/locale.js';
import type { Page, StoredDeclaration } from '../../../shared/store/declaration-store.js';
import { ConsoleFrame } from './frame.js';
import type { ConsolePage } from './page-context.js';
import { documentLabel } from './queue-page.js';

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

/**
 * `/staff/search`'s page: the form (it works without JavaScript) and, once something was asked, what was found.
 * `action`: the form's target; `badCursor`: the page link no longer worked, the first page is shown.
 */
export function SearchPage(props: { page: ConsolePage; action: string; q: string; status?: DeclarationStatus; results?: Page<StoredDeclaration>; badCursor: boolean }) {
  const { page: frame, q, status, results: page } = props;
  const text = TEXT[frame.locale];
  const nextHref = (next: string) => frame.link(`/staff/search?${new URLSearchParams({ q, ...(status ? { status } : {}), cursor: next }).toString()}`);
  return (
      <ConsoleFrame page={frame} title={text.title} section="search">
        <form class="panel filters" method="get" action={props.action} role="search">
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
        {props.badCursor ? <p class="warning">{text.badCursor}</p> : null}
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
      </ConsoleFrame>
  );
}
