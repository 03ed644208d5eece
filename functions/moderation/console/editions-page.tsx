import type { Locale } from '../../../shared/http/locale.js';
import type { EditionState } from '../../../shared/domain/editions.js';
import type { EditionList } from '../../../shared/services/edition-list.js';
import type { StoredDeclaration } from '../../../shared/store/declaration-store.js';
import { ConsoleFrame, shanghaiDateTime, type ConsolePage } from './frame.js';
import { documentLabel } from './queue-page.js';
import { editionStateText } from './text.js';

const ZH = {
  title: '版面',
  nextOpen: (date: string, cutoff: string) => `下一期可排版面：${date}，截稿 ${cutoff}（北京时间）`,
  notOpened: '尚未建立',
  list: '版面列表',
  date: '日期',
  state: '状态',
  cutoff: '截稿',
  publish: '发布',
  notices: '声明数',
  print: '打印版面',
  create: '新建版面',
  createDate: '版面日期',
  createButton: '新建',
  approved: (count: number) => `待排版声明（${count}）`,
  noneApproved: '没有待排版的声明。',
  placeDate: '排入版面（截稿：刊登前一日 15:00 北京时间）',
  days: '连续刊登天数',
  place: '排入所选',
  publishTitle: '发布版面',
  publishDate: '要发布的版面日期（下一步确认）',
  publishButton: '发布…',
  invalidDate: '日期无效。',
  created: (date: string) => `已建立 ${date} 版面。`,
  placed: (count: number) => `已排入 ${count} 条。`,
  published: (date: string, count: number) => `${date} 版面已发布，共 ${count} 条。`,
  confirmTitle: (date: string) => `发布 ${date} 版面`,
  alreadyPublished: '这一期已经发布。',
  notYet: (date: string, today: string) => `${date} 的版面须在当天（北京时间）或之后发布，今天是 ${today}。`,
  empty: '这一期没有声明，不能发布。',
  confirmBody: (count: number, first: string, last: string, today: string) =>
    `将立即公开 ${count} 条声明，编号 ${first} 至 ${last}，刊登日期记为 ${today}；发布后不能撤回或修改，只能另登更正声明。`,
  confirm: '确认发布',
  cancel: '取消',
};

const EN: typeof ZH = {
  title: 'Editions',
  nextOpen: (date: string, cutoff: string) => `Next open edition: ${date}, cut-off ${cutoff} (Asia/Shanghai)`,
  notOpened: 'not opened yet',
  list: 'Editions',
  date: 'Date',
  state: 'State',
  cutoff: 'Cut-off',
  publish: 'Publish',
  notices: 'Notices',
  print: 'Print page',
  create: 'New edition',
  createDate: 'Edition date',
  createButton: 'Create',
  approved: (count: number) => `Approved, not yet placed (${count})`,
  noneApproved: 'Nothing is waiting to be placed.',
  placeDate: 'Place in the edition of (cut-off 15:00 the day before, Asia/Shanghai)',
  days: 'Consecutive days',
  place: 'Place selected',
  publishTitle: 'Publish an edition',
  publishDate: 'Edition date to publish (you confirm next)',
  publishButton: 'Publish…',
  invalidDate: 'Invalid date.',
  created: (date: string) => `Edition of ${date} created.`,
  placed: (count: number) => `Placed ${count}.`,
  published: (date: string, count: number) => `Edition of ${date} published: ${count} notices.`,
  confirmTitle: (date: string) => `Publish the edition of ${date}`,
  alreadyPublished: 'It is already published.',
  notYet: (date: string, today: string) => `The edition of ${date} can be published on ${date} or later (Asia/Shanghai); today is ${today}.`,
  empty: 'It has no notices, so it cannot be published.',
  confirmBody: (count: number, first: string, last: string, today: string) =>
    `${count} notices become public now, numbered ${first} to ${last}, dated ${today}. Publication cannot be undone; a mistake needs a correction notice.`,
  confirm: 'Confirm publish',
  cancel: 'Cancel',
};

export function editionsText(locale: Locale): typeof ZH {
  return locale === 'en' ? EN : ZH;
}

export type EditionsMessage = { kind: 'ok' | 'alert'; text: string; link?: string };

/** The editor's desk: editions with their state and times, new edition, placing approved notices, publishing. */
export function EditionsPage(props: { page: ConsolePage; editions: EditionList; approved: readonly StoredDeclaration[]; message?: EditionsMessage }) {
  const { page, editions, approved, message } = props;
  const t = editionsText(page.locale);
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
        <table class="grid" id="editions">
          <thead>
            <tr>
              <th>{t.date}</th>
              <th>{t.state}</th>
              <th>{t.cutoff}</th>
              <th>{t.publish}</th>
              <th>{t.notices}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {editions.items.map((entry) => (
              <tr data-state={entry.state}>
                <td class="when">{entry.date}</td>
                <td>
                  <span class={`status ${entry.state === 'published' ? 'published' : entry.state === 'open' ? 'submitted' : ''}`}>{states[entry.state]}</span>
                </td>
                <td class="when">{when(entry.cutoffAt)}</td>
                <td class="when">{when(entry.publishedAt ?? entry.publishAt)}</td>
                <td>{entry.noticeCount}</td>
                <td>{entry.state === 'upcoming' ? null : <a href={page.link(`/staff/editions/${entry.date}/print`)}>{t.print}</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
  const t = editionsText(page.locale);
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
