import type { EditionState } from '../../../shared/domain/editions.js';
import type { EditionList, EditionListEntry } from '../../../shared/services/edition-list.js';
import type { StoredDeclaration } from '../../../shared/store/declaration-store.js';
import { ConsoleFrame, Grid, shanghaiDateTime } from './frame.js';
import { documentLabel } from './queue-page.js';
import { editionStateText } from './text.js';
import type { ConsolePage } from './page-context.js';

/** What the last form did; an alert answers 409 unless it says otherwise (400: the form's own fields were wrong). */
export type EditionsMessage = { kind: 'ok' | 'alert'; text: string; link?: string; status?: 400 | 409 };

/** An edition an editor may delete: opened, with nothing placed, not published (publication needs notices). */
const deletable = (entry: EditionListEntry) => (entry.state === 'open' || entry.state === 'closed') && entry.noticeCount === 0;

/** The editor's desk: editions with their state and times, new edition, placing approved notices, publishing. */
export function EditionsPage(props: { page: ConsolePage; editions: EditionList; approved: readonly StoredDeclaration[]; message?: EditionsMessage }) {
  const { page, editions, approved, message } = props;
  const t = page.text.editions;
  const states = editionStateText(page.locale);
  const { nextOpen } = editions;
  const when = (iso: string) => shanghaiDateTime(iso);
  return (
    <ConsoleFrame page={page} title={t.title} section="editions">
      {message ? (
        <p class={message.kind} role="status">
          {message.text} {message.link ? <a href={message.link}>{t.print}</a> : null}
        </p>
      ) : null}
      <p class="panel" id="next-open">
        <strong>{t.nextOpen(nextOpen.date, when(nextOpen.cutoffAt))}</strong>
        {nextOpen.exists ? '' : ` · ${t.notOpened}`}
      </p>
      <section class="panel">
        <h2>{t.list}</h2>
        <p class="muted">
          {(Object.keys(states) as EditionState[]).map((state) => `${states[state]} ${editions.counts[state]}`).join(' · ')}
        </p>
        <Grid id="editions" columns={[t.date, t.state, t.cutoff, t.publish, t.notices, '']}>
          {editions.items.map((entry) => (
            <tr data-state={entry.state}>
              <td class="when">{entry.state === 'upcoming' ? entry.date : <a href={page.link(`/staff/editions/${entry.date}`)}>{entry.date}</a>}</td>
              <td>
                <span class={`status ${entry.state === 'published' ? 'published' : entry.state === 'open' ? 'submitted' : ''}`}>{states[entry.state]}</span>
              </td>
              <td class="when">{when(entry.cutoffAt)}</td>
              <td class="when">{when(entry.publishedAt ?? entry.publishAt)}</td>
              <td>{entry.noticeCount}</td>
              <td>
                {entry.state === 'upcoming' ? null : <a href={page.link(`/staff/editions/${entry.date}/print`)}>{t.print}</a>}
                {deletable(entry) ? (
                  <form method="post" action={page.link('/staff/editions/delete')} class="inline">
                    <input type="hidden" name="date" value={entry.date} />
                    <button type="submit" aria-label={t.deleteLabel(entry.date)}>
                      {t.delete}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </Grid>
      </section>
      <div class="review">
        <form class="panel" method="post" action={page.link('/staff/editions/place')}>
          <h2>{t.approved(approved.length)}</h2>
          {approved.length === 0 ? <p class="muted">{t.noneApproved}</p> : null}
          <table class="grid">
            <tbody>
              {approved.map((declaration) => (
                <tr>
                  <td>
                    <input type="checkbox" name="ids" value={declaration.id} aria-label={declaration.text} />
                  </td>
                  <td>{documentLabel(declaration.declaration.document.type, page)}</td>
                  <td class="notice">{declaration.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <label for="place-date">{t.placeDate}</label>
          <input id="place-date" name="date" type="date" value={nextOpen.date} required />
          <label for="days">{t.days}</label>
          <input id="days" name="days" type="number" min="1" max="5" value="1" />
          <button type="submit">{t.place}</button>
        </form>
        <div>
          <form class="panel" method="post" action={page.link('/staff/editions')}>
            <h2>{t.create}</h2>
            <label for="date">{t.createDate}</label>
            <input id="date" name="date" type="date" value={nextOpen.exists ? '' : nextOpen.date} required />
            <button type="submit">{t.createButton}</button>
          </form>
          <form class="panel" method="post" action={page.link('/staff/editions/publish')}>
            <h2>{t.publishTitle}</h2>
            <label for="publish-date">{t.publishDate}</label>
            <input id="publish-date" name="date" type="date" required />
            <button type="submit">{t.publishButton}</button>
          </form>
        </div>
      </div>
    </ConsoleFrame>
  );
}

/** What publishing will do, stated before it happens; or why it cannot happen. */
export function ConfirmPublishPage(props: { page: ConsolePage; date: string; count: number; today: string; refusal?: string }) {
  const { page, date, count, today, refusal } = props;
  const t = page.text.editions;
  const compact = date.replaceAll('-', '');
  return (
    <ConsoleFrame page={page} title={t.confirmTitle(date)} section="editions">
      {refusal ? (
        <p class="alert">{refusal}</p>
      ) : (
        <form method="post" action={page.link('/staff/editions/publish')} id="confirm-publish" class="panel">
          <p>{t.confirmBody(count, `${compact}-0001`, `${compact}-${String(count).padStart(4, '0')}`, today)}</p>
          <input type="hidden" name="date" value={date} />
          <input type="hidden" name="confirm" value="yes" />
          <p class="actions">
            <button type="submit">{t.confirm}</button>
            <a href={page.link('/staff/editions')}>{t.cancel}</a>
          </p>
        </form>
      )}
    </ConsoleFrame>
  );
}
