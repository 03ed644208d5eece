import { DOCUMENT_TYPES, documentTypeByCode } from '../../../shared/domain/index.js';
import { QUEUE_STATUSES, type QueueStatus, type StoredDeclaration } from '../../../shared/store/declaration-store.js';
import { ConsoleFrame, Grid, KeyLegend, shanghaiDateTime } from './frame.js';
import type { ConsolePage } from './page-context.js';
import { queueParams, withView, type QueueView } from './queue-view.js';

export interface QueueData {
  readonly view: QueueView;
  readonly items: readonly StoredDeclaration[];
  readonly counts: Readonly<Record<QueueStatus, number>>;
  readonly next?: string;
  readonly message?: { kind: 'ok' | 'alert' | 'warning'; text: string };
}

export function documentLabel(code: string, page: ConsolePage, label?: string): string {
  const name = documentTypeByCode(code)?.label[page.locale] ?? code;
  return label ? `${name}（${label}）` : name;
}

/** The moderator's worklist: tabs per status with counts, filters, the declarations oldest first, bulk approve. */
export function QueuePage(props: { page: ConsolePage; data: QueueData }) {
  const { page, data } = props;
  const { text } = page;
  const t = text.queue;
  const { view } = data;
  const decidable = view.status === 'submitted';
  const keys: [string, string][] = [
    ['j', text.keys.next],
    ['k', text.keys.previous],
    ['Enter', text.keys.open],
    ...(decidable ? ([['x', text.keys.select], ['a', text.keys.bulk]] as [string, string][]) : []),
    ['?', text.keys.legend],
  ];
  return (
    <ConsoleFrame page={page} title={t.title} section="queue" keys={<KeyLegend page={page} keys={keys} />}>
      <nav class="tabs" aria-label={t.filters}>
        {QUEUE_STATUSES.map((status) => (
          <a href={page.link(`/staff?${queueParams(view, status).toString()}`)} {...(status === view.status ? { 'aria-current': 'page' } : {})} data-status={status}>
            {text.queueTabs[status]}
            <span class="count">{data.counts[status]}</span>
          </a>
        ))}
      </nav>
      <form class="filters" method="get" action={page.link('/staff').split('?')[0]}>
        <input type="hidden" name="status" value={view.status} />
        {page.locale === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        <div>
          <label for="filter-type">{t.documentType}</label>
          <select id="filter-type" name="type">
            <option value="">{t.anyType}</option>
            {DOCUMENT_TYPES.map((type) => (
              <option value={type.code} selected={type.code === view.documentType}>
                {type.label[page.locale]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-from">{t.filedFrom}</label>
          <input id="filter-from" name="from" type="date" value={view.from ?? ''} />
        </div>
        <div>
          <label for="filter-to">{t.filedTo}</label>
          <input id="filter-to" name="to" type="date" value={view.to ?? ''} />
        </div>
        <button type="submit">{t.apply}</button>
        {view.documentType || view.from || view.to ? <a href={page.link(`/staff?status=${view.status}`)}>{t.clear}</a> : null}
      </form>
      {data.message ? (
        <p class={data.message.kind} role="status">
          {data.message.text}
        </p>
      ) : null}
      <form method="post" action={page.link(withView('/staff/decisions', view))} id="bulk">
        <Grid id="queue" columns={[...(decidable ? [{ ariaLabel: t.select }] : []), t.filed, page.text.declaration.document, t.declarant, t.text, t.flags]}>
          {data.items.length === 0 ? (
            <tr>
              <td colspan={6} class="muted">
                {t.empty}
              </td>
            </tr>
          ) : null}
          {data.items.map((declaration, index) => (
            <tr data-row={declaration.id} class={index === 0 ? 'current' : undefined}>
              {decidable ? (
                <td>
                  <input type="checkbox" name="ids" value={`${declaration.id}:${declaration.version}`} aria-label={`${t.select} ${declaration.declaration.declarant.name}`} />
                </td>
              ) : null}
              <td class="when">{shanghaiDateTime(declaration.submittedAt)}</td>
              <td>{documentLabel(declaration.declaration.document.type, page, declaration.declaration.document.label)}</td>
              <td>{declaration.declaration.declarant.name}</td>
              <td class="notice">
                <a class="open" href={page.link(withView(`/staff/declarations/${declaration.id}`, view))}>
                  {declaration.text}
                </a>
              </td>
              <td>
                {declaration.reviewed ? <span class="tag again">{t.resubmitted}</span> : null}
                {declaration.warnings.length > 0 ? <span class="tag warn" title={declaration.warnings.map((warning) => warning.message[page.locale]).join(' ')}>{t.warnings(declaration.warnings.length)}</span> : null}
                <span class={`tag ${declaration.attachments.length === 0 ? 'none' : 'file'}`}>{t.proof(declaration.attachments.length)}</span>
              </td>
            </tr>
          ))}
        </Grid>
        <div class="bulkbar">
          {decidable && data.items.length > 0 ? (
            <button type="submit" class="approve" id="bulk-approve" name="action" value="approve">
              {t.bulkApprove}
              <kbd>a</kbd>
            </button>
          ) : null}
          <span class="muted">{t.shown(data.items.length, data.counts[view.status])}</span>
          {data.next ? <a href={page.link(withView('/staff', view, { cursor: data.next }))}>{t.next} →</a> : null}
        </div>
      </form>
    </ConsoleFrame>
  );
}
