import type { EditionState } from '../../../shared/domain/editions.js';
import type { EditionLayout } from '../../../shared/services/publication.js';
import type { EditionsMessage } from './editions-page.js';
import { ConsoleFrame, Grid, shanghaiDateTime } from './frame.js';
import { documentLabel } from './queue-page.js';
import { editionStateText } from './text.js';
import type { ConsolePage } from './page-context.js';

type LaidOutNotice = EditionLayout['notices'][number];

/** One edition: its notices in print order and, before its cut-off, a way to take each out again. */
export function EditionPage(props: { page: ConsolePage; layout: EditionLayout; state: EditionState; message?: EditionsMessage | undefined }) {
  const { page, layout, state, message } = props;
  const t = page.text.editions;
  const { date } = layout.edition;
  // Before the cut-off every notice can be taken out, a correction too (by its own id).
  const removable = state === 'open';
  return (
    <ConsoleFrame page={page} title={t.editionTitle(date)} section="editions">
      {message ? (
        <p class={message.kind} role="status">
          {message.text}
        </p>
      ) : null}
      <p class="panel">
        {editionStateText(page.locale)[state]} · {t.cutoff} {shanghaiDateTime(layout.edition.cutoffAt)} · {t.notices} {layout.notices.length}
        {state === 'open' ? null : ` · ${t.noTakeOut}`}
      </p>
      {layout.notices.length === 0 ? (
        <p class="muted">{t.noNotices}</p>
      ) : (
        <Grid id="edition-notices" columns={[t.noticeNo, t.documentType, t.text, '']}>
          {layout.notices.map((notice) => (
            <tr data-declaration={notice.declarationId}>
              <td class="when">
                {notice.noticeNo}
                {notice.provisional ? ` ${t.provisional}` : ''}
              </td>
              <td>{documentLabel(notice.documentType, page)}</td>
              <td class="notice">{notice.text}</td>
              <td>
                {removable ? (
                  <form method="post" action={page.link(`/staff/editions/${date}/notices/${notice.correctionId ?? notice.declarationId}/take-out`)}>
                    <button type="submit" class="secondary">
                      {t.takeOut}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </Grid>
      )}
      <p class="actions">
        <a href={page.link(`/staff/editions/${date}/print`)}>{t.print}</a> <a href={page.link('/staff/editions')}>{t.back}</a>
      </p>
    </ConsoleFrame>
  );
}

/** What taking a notice out does, stated before it happens (as publishing asks first). */
export function ConfirmTakeOutPage(props: { page: ConsolePage; date: string; notice: LaidOutNotice }) {
  const { page, date, notice } = props;
  const t = page.text.editions;
  return (
    <ConsoleFrame page={page} title={t.takeOutTitle(date)} section="editions">
      <form method="post" action={page.link(`/staff/editions/${date}/notices/${notice.correctionId ?? notice.declarationId}/take-out`)} id="confirm-take-out" class="panel">
        <p class="notice-text">{notice.text}</p>
        <p>{t.takeOutBody}</p>
        <input type="hidden" name="confirm" value="yes" />
        <p class="actions">
          <button type="submit">{t.takeOutConfirm}</button>
          <a href={page.link(`/staff/editions/${date}`)}>{t.cancel}</a>
        </p>
      </form>
    </ConsoleFrame>
  );
}
