import type { Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import { documentTypeByCode } from '../../shared/domain/index.js';
import { isEditionDate, shanghaiDate, type EditionState } from '../../shared/domain/editions.js';
import { editionList } from '../../shared/services/edition-list.js';
import { readEditionWithPlacements } from '../../shared/store/edition-store.js';
import { EditionNotFound, StaleVersion, WrongState } from '../../shared/domain/errors.js';
import { domainProblem } from '../../shared/http/domain-problems.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { sitePath } from '../../shared/http/site-url.js';
import { requireStaff, STAFF_TOKEN_COOKIE, type StaffEnv, type StaffRole, type StaffVerifier } from '../../shared/http/staff-auth.js';
import { applyLifecycleAction } from '../../shared/services/filing.js';
import { editionLayout, openEdition, placeInEditions, publishEdition, type PublicationContext } from '../../shared/services/publication.js';
import type { StoreContext } from '../../shared/store/client.js';
import { getDeclaration, listAudit, listQueue, type StoredDeclaration } from '../../shared/store/declaration-store.js';
import { Layout } from '../../shared/web/layout.js';
import { PrintPage } from './print-page.js';

/**
 * The staff console: server-rendered pages over the same services as the staff API, guarded by the same
 * `requireStaff` check reading the token from an HttpOnly cookie. Forms work without JavaScript.
 */
export interface ConsoleDeps {
  readonly store: StoreContext;
  readonly now: () => Date;
  readonly verifyStaff: StaffVerifier;
  readonly publication: PublicationContext;
  /** Only the local server has this: it issues a token for a local staff user (in AWS, staff paste a Cognito token). */
  readonly issueLocalToken?: (role: StaffRole) => Promise<string>;
}

const DECISION_LABELS = { approve: '通过 Approve', reject: '驳回 Reject', request_changes: '要求修改 Request changes' } as const;
type Decision = keyof typeof DECISION_LABELS;

const EDITION_STATE_LABELS: Record<EditionState, string> = {
  upcoming: '未建立 Not opened',
  open: '收稿中 Open',
  closed: '已截稿 Closed',
  published: '已发布 Published',
};

/** An instant as editors read it: date and time in Asia/Shanghai. */
function shanghaiClock(iso: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

/** `c` places the console's links under the request's base path (see sitePath). */
function Page(props: { c: Context; title: string; children: unknown; staff?: string }) {
  const to = (path: string) => sitePath(props.c, path);
  return (
    <Layout locale="zh-CN" title={props.title} linkTo={to}>
      <main style="max-width:60rem">
        <p class="actions">
          <a href={to('/staff')}>审核队列 Queue</a>
          <a href={to('/staff/editions')}>版面 Editions</a>
          <a href={to('/staff/search')}>查找 Search</a>
          {props.staff ? (
            <form method="post" action={to('/staff/sign-out')}>
              <button class="secondary" type="submit">退出 {props.staff}</button>
            </form>
          ) : null}
        </p>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </Layout>
  );
}

/** Pages redirect to sign-in instead of answering 401, and show a page for 403. */
export function staffPage(verify: StaffVerifier, roles: readonly StaffRole[]): MiddlewareHandler<StaffEnv> {
  const check = requireStaff(verify, roles);
  return async (c, next) => {
    try {
      await check(c, next);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 401) return c.redirect(sitePath(c, '/staff/sign-in'), 303);
      if (error instanceof HttpProblem && error.status === 403) {
        return c.html(<Page c={c} title="无权访问 Forbidden"><p class="alert">此页面仅限编辑（editor）。This page is for editors.</p></Page>, 403);
      }
      throw error;
    }
  };
}

function DeclarationRow(props: { declaration: StoredDeclaration; href: string }) {
  const { declaration } = props;
  return (
    <tr>
      <td>{declaration.submittedAt.slice(0, 16).replace('T', ' ')}</td>
      <td>{documentTypeByCode(declaration.declaration.document.type)?.label['zh-CN'] ?? declaration.declaration.document.type}</td>
      <td>
        <a href={props.href}>{declaration.text}</a>
        {declaration.warnings.length > 0 ? <p class="warning">{declaration.warnings.map((warning) => warning.message['zh-CN']).join(' ')}</p> : null}
      </td>
    </tr>
  );
}

function formString(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
}

export function registerConsole(app: Hono<StaffEnv>, deps: ConsoleDeps): void {
  app.use('/staff/*', csrf());
  app.use('/staff', staffPage(deps.verifyStaff, ['moderator', 'editor']));
  app.use('/staff/declarations/*', staffPage(deps.verifyStaff, ['moderator', 'editor']));
  app.use('/staff/editions', staffPage(deps.verifyStaff, ['editor']));
  app.use('/staff/editions/*', staffPage(deps.verifyStaff, ['editor']));

  const signInPage = (c: Context<StaffEnv>, error?: string) =>
    c.html(
      <Page c={c} title="工作人员登录 Staff sign-in">
        {error ? <p class="alert">{error}</p> : null}
        <form method="post" action={sitePath(c, '/staff/sign-in')}>
          <label for="token">访问令牌 Access token</label>
          <textarea id="token" name="token" rows={4} required />
          <button type="submit">登录 Sign in</button>
        </form>
        {deps.issueLocalToken ? (
          <form method="post" action={sitePath(c, '/staff/sign-in')} class="actions">
            <p class="hint">本机开发环境 Local development:</p>
            <button type="submit" name="local" value="moderator">以审核员登录 Moderator</button>
            <button type="submit" name="local" value="editor">以编辑登录 Editor</button>
          </form>
        ) : null}
      </Page>,
      error ? 401 : 200,
    );

  app.get('/staff/sign-in', (c) => signInPage(c));
  app.post('/staff/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const local = formString(form, 'local');
    const token =
      deps.issueLocalToken && (local === 'moderator' || local === 'editor') ? await deps.issueLocalToken(local) : formString(form, 'token');
    try {
      await deps.verifyStaff(token);
    } catch {
      return signInPage(c, '令牌无效或已过期。The token is invalid or expired.');
    }
    setCookie(c, STAFF_TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: sitePath(c, '/'), secure: new URL(c.req.url).protocol === 'https:' });
    return c.redirect(sitePath(c, '/staff'), 303);
  });
  app.post('/staff/sign-out', (c) => {
    deleteCookie(c, STAFF_TOKEN_COOKIE, { path: sitePath(c, '/') });
    return c.redirect(sitePath(c, '/staff/sign-in'), 303);
  });

  app.get('/staff', async (c) => {
    const cursor = c.req.query('cursor');
    const page = await listQueue(deps.store, 'submitted', { limit: 20, ...(cursor ? { cursor } : {}) });
    return c.html(
      <Page c={c} title="审核队列 Moderation queue" staff={c.get('staff').username}>
        {page.items.length === 0 ? <p class="ok">没有待审核的声明。Nothing to review.</p> : null}
        <table>
          <tbody>
            {page.items.map((declaration) => (
              <DeclarationRow declaration={declaration} href={sitePath(c, `/staff/declarations/${declaration.id}`)} />
            ))}
          </tbody>
        </table>
        {page.next ? <a href={sitePath(c, `/staff?cursor=${encodeURIComponent(page.next)}`)}>下一页 Next</a> : null}
      </Page>,
    );
  });

  const detailPage = async (c: Context<StaffEnv>, id: string, message?: { kind: 'ok' | 'alert'; text: string }) => {
    const declaration = await getDeclaration(deps.store, id);
    if (!declaration) return c.html(<Page c={c} title="未找到 Not found"><p>没有这份声明。</p></Page>, 404);
    const audit = await listAudit(deps.store, id);
    const { declarant, document, contact } = declaration.declaration;
    return c.html(
      <Page c={c} title="声明详情 Declaration" staff={c.get('staff').username}>
        {message ? <p class={message.kind}>{message.text}</p> : null}
        <p class="notice-text">{declaration.text}</p>
        <table>
          <tbody>
            <tr><th>状态 Status</th><td>{declaration.status}（版本 version {declaration.version}）</td></tr>
            <tr><th>声明人 Declarant</th><td>{declarant.name} {declarant.type === 'person' ? declarant.idNumber ?? '' : declarant.creditCode ?? ''}</td></tr>
            <tr><th>证件 Document</th><td>{documentTypeByCode(document.type)?.label['zh-CN'] ?? document.type} {document.number ?? ''}</td></tr>
            <tr><th>联系电话 Phone</th><td>{contact.phone}</td></tr>
            <tr><th>提醒 Warnings</th><td>{declaration.warnings.map((warning) => warning.message['zh-CN']).join(' ') || '—'}</td></tr>
            <tr>
              <th>附件 Proof</th>
              <td>
                {declaration.attachments.length === 0
                  ? '—'
                  : declaration.attachments.map((attachment) => (
                      <a href={sitePath(c, `/api/v1/moderation/declarations/${id}/attachments/${attachment.id}`)}>{attachment.contentType} </a>
                    ))}
              </td>
            </tr>
          </tbody>
        </table>
        {declaration.status === 'submitted' ? (
          <form method="post" action={sitePath(c, `/staff/declarations/${id}/decision`)}>
            <input type="hidden" name="version" value={String(declaration.version)} />
            <label for="reason">理由（驳回或要求修改时必填）Reason</label>
            <textarea id="reason" name="reason" rows={2} />
            <p class="actions">
              {(Object.keys(DECISION_LABELS) as Decision[]).map((action) => (
                <button type="submit" name="action" value={action}>{DECISION_LABELS[action]}</button>
              ))}
            </p>
          </form>
        ) : null}
        <h2>记录 Audit trail</h2>
        <table>
          <tbody>
            {audit.map((entry) => (
              <tr><td>{entry.at}</td><td>{entry.actor}</td><td>{entry.action}</td><td>{entry.reason ?? ''}</td></tr>
            ))}
          </tbody>
        </table>
      </Page>,
      message?.kind === 'alert' ? 409 : 200,
    );
  };

  app.get('/staff/declarations/:id', (c) => detailPage(c, c.req.param('id')));
  app.post('/staff/declarations/:id/decision', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const action = formString(form, 'action');
    const reason = formString(form, 'reason');
    const current = await getDeclaration(deps.store, id);
    if (!current || !(action in DECISION_LABELS)) return detailPage(c, id);
    if (action !== 'approve' && !reason) return detailPage(c, id, { kind: 'alert', text: '请填写理由。A reason is required.' });
    try {
      await applyLifecycleAction(deps, current, action as Decision, {
        expectedVersion: Number(formString(form, 'version')),
        actor: `staff:${c.get('staff').username}`,
        ...(action !== 'approve' ? { reason } : {}),
      });
    } catch (error) {
      if (error instanceof StaleVersion || error instanceof WrongState) {
        return detailPage(c, id, { kind: 'alert', text: '这份声明已被他人处理或修改，请查看最新状态。Someone else changed it; see its current state.' });
      }
      throw error;
    }
    return detailPage(c, id, { kind: 'ok', text: `已记录：${DECISION_LABELS[action as Decision]}` });
  });

  const editionsPage = async (c: Context<StaffEnv>, message?: { kind: 'ok' | 'alert'; text: string; link?: string }) => {
    const approved = await listQueue(deps.store, 'approved', { limit: 100 });
    const editions = await editionList(deps.publication);
    const { nextOpen } = editions;
    return c.html(
      <Page c={c} title="版面 Editions" staff={c.get('staff').username}>
        {message ? (
          <p class={message.kind}>
            {message.text} {message.link ? <a href={message.link}>打印版面 Print page</a> : null}
          </p>
        ) : null}
        <p class="hint" id="next-open">
          下一期可排版面 Next open edition: <strong>{nextOpen.date}</strong>，截稿 cut-off <strong>{shanghaiClock(nextOpen.cutoffAt)}</strong>（北京时间 Asia/Shanghai）
          {nextOpen.exists ? '' : '，尚未建立 not opened yet'}
        </p>
        <table id="editions">
          <thead>
            <tr><th>日期 Date</th><th>状态 State</th><th>截稿 Cut-off</th><th>发布 Publish</th><th>声明 Notices</th><th /></tr>
          </thead>
          <tbody>
            {editions.items.map((entry) => (
              <tr data-state={entry.state}>
                <td>{entry.date}</td>
                <td>{EDITION_STATE_LABELS[entry.state]}</td>
                <td>{shanghaiClock(entry.cutoffAt)}</td>
                <td>{shanghaiClock(entry.publishedAt ?? entry.publishAt)}</td>
                <td>{entry.noticeCount}</td>
                <td>{entry.state === 'upcoming' ? null : <a href={sitePath(c, `/staff/editions/${entry.date}/print`)}>打印 Print</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="hint">
          {(Object.keys(EDITION_STATE_LABELS) as EditionState[]).map((state) => `${EDITION_STATE_LABELS[state]} ${editions.counts[state]}`).join(' · ')}
        </p>
        <form method="post" action={sitePath(c, '/staff/editions')}>
          <label for="date">新建版面日期 New edition date</label>
          <input id="date" name="date" type="date" value={nextOpen.exists ? '' : nextOpen.date} required />
          <button type="submit">新建 Create</button>
        </form>
        <h2>待排版 Approved, not yet placed</h2>
        <form method="post" action={sitePath(c, '/staff/editions/place')}>
          <table>
            <tbody>
              {approved.items.map((declaration) => (
                <tr>
                  <td><input type="checkbox" name="ids" value={declaration.id} aria-label={declaration.text} /></td>
                  <td>{declaration.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <label for="place-date">排入版面 Edition date（截稿：刊登前一日 15:00 北京时间 Cut-off 15:00 the day before）</label>
          <input id="place-date" name="date" type="date" value={nextOpen.date} required />
          <label for="days">连续刊登天数 Consecutive days</label>
          <input id="days" name="days" type="number" min="1" max="5" value="1" />
          <button type="submit">排入 Place</button>
        </form>
        <form method="post" action={sitePath(c, '/staff/editions/publish')}>
          <label for="publish-date">发布 Publish（先确认 you confirm on the next page）</label>
          <input id="publish-date" name="date" type="date" required />
          <button type="submit">发布 Publish</button>
        </form>
      </Page>,
      message?.kind === 'alert' ? 409 : 200,
    );
  };

  const actor = (c: Context<StaffEnv>) => `staff:${c.get('staff').username}`;
  /** Runs an editor's form action for a date; domain refusals (closed edition, stale version…) become a message. */
  const withDate = async (c: Context<StaffEnv>, run: (date: string, form: Record<string, unknown>) => Promise<string>) => {
    const form = await c.req.parseBody({ all: true });
    const date = formString(form, 'date');
    if (!isEditionDate(date)) return editionsPage(c, { kind: 'alert', text: '日期无效。Invalid date.' });
    try {
      return editionsPage(c, { kind: 'ok', text: await run(date, form), link: sitePath(c, `/staff/editions/${date}/print`) });
    } catch (error) {
      const refused = error instanceof Error ? domainProblem(error, 'zh-CN') : undefined;
      if (refused) return editionsPage(c, { kind: 'alert', text: refused.detail });
      throw error;
    }
  };

  app.get('/staff/editions', (c) => editionsPage(c));
  app.post('/staff/editions', (c) => withDate(c, async (date) => (await openEdition(deps.publication, date, actor(c)), `已建立 ${date} 版面。`)));
  app.post('/staff/editions/place', (c) =>
    withDate(c, async (date, form) => {
      const ids = ([] as unknown[]).concat(form.ids ?? []).filter((id): id is string => typeof id === 'string');
      const days = Math.min(5, Math.max(1, Number(formString(form, 'days')) || 1));
      const { placed } = await placeInEditions(deps.publication, date, ids, days, actor(c));
      return `已排入 ${placed.length} 条。Placed ${placed.length}.`;
    }),
  );
  app.post('/staff/editions/publish', async (c) => {
    const form = await c.req.parseBody();
    const date = formString(form, 'date');
    if (formString(form, 'confirm') !== 'yes' && isEditionDate(date)) return confirmPublishPage(c, date);
    return publishNow(c);
  });
  const confirmPublishPage = async (c: Context<StaffEnv>, date: string) => {
    const { placements, edition } = await readEditionWithPlacements(deps.store, date);
    if (!edition) return editionsPage(c, { kind: 'alert', text: domainProblem(new EditionNotFound(), 'zh-CN')?.detail ?? '' });
    const today = shanghaiDate(deps.now());
    const count = placements.length;
    const refusal = edition.status === 'published' ? '这一期已经发布。Already published.' : today < date ? `${date} 的版面须在当天（北京时间）或之后发布，今天是 ${today}。It can be published on ${date} or later; today is ${today}.` : count === 0 ? '这一期没有声明，不能发布。It has no notices.' : undefined;
    const compact = date.replaceAll('-', '');
    return c.html(
      <Page c={c} title={`发布 ${date} 版面 Publish the edition of ${date}`} staff={c.get('staff').username}>
        {refusal ? (
          <p class="alert">{refusal}</p>
        ) : (
          <form method="post" action={sitePath(c, '/staff/editions/publish')} id="confirm-publish">
            <p>
              将立即公开 {count} 条声明，编号 {compact}-0001 至 {compact}-{String(count).padStart(4, '0')}，刊登日期记为 {today}；发布后不能撤回或修改，只能另登更正声明。
            </p>
            <p>
              {count} notices become public now, numbered {compact}-0001 to {compact}-{String(count).padStart(4, '0')}, dated {today}. Publication cannot be undone; a mistake needs a correction notice.
            </p>
            <input type="hidden" name="date" value={date} />
            <input type="hidden" name="confirm" value="yes" />
            <p class="actions">
              <button type="submit">确认发布 Confirm publish</button>
              <a href={sitePath(c, '/staff/editions')}>取消 Cancel</a>
            </p>
          </form>
        )}
      </Page>,
      refusal ? 409 : 200,
    );
  };
  const publishNow = (c: Context<StaffEnv>) =>
    withDate(c, async (date) => {
      const result = await publishEdition(deps.publication, date, actor(c));
      return `${date} 已发布，共 ${result.noticeCount} 条。Published ${result.noticeCount}.`;
    });
  app.get('/staff/editions/:date/print', async (c) => {
    const date = c.req.param('date');
    if (!isEditionDate(date)) return c.notFound();
    return c.html(<PrintPage layout={await editionLayout(deps.publication, date)} />);
  });
}
