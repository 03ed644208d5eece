import type { Context, Hono, MiddlewareHandler } from 'hono';
import { BundleAlreadyDecided, BundleNotFound } from '../../shared/domain/bundle.js';
import { DECLARATION_STATUSES } from '../../shared/domain/lifecycle.js';
import { isRecordId } from '../../shared/domain/record-ids.js';
import type { Locale } from '../../shared/http/locale.js';
import { staffActor, type StaffEnv } from '../../shared/http/staff-auth.js';
import { bundleOverview, decideBundle, type BundleOverview } from '../../shared/services/bundles.js';
import type { LifecycleContext } from '../../shared/services/filing.js';
import { listBundles, type BundleAction, type BundleRecord } from '../../shared/store/bundle-store.js';
import { InvalidCursor } from '../../shared/store/declaration-store.js';
import { localizedPath } from '../../shared/web/page-locale.js';
import { ConsoleFrame, consolePage, formString, renderConsole, shanghaiDateTime, type ConsolePage } from './console/frame.js';
import { actorName } from './console/declaration-page.js';
import { documentLabel } from './console/queue-page.js';

const TEXT = {
  'zh-CN': {
    title: '机构批量提交的声明',
    empty: '还没有机构批量提交的声明。',
    filedAt: '提交时间',
    organisation: '机构',
    rows: '份数',
    decision: '决定',
    undecided: '待决定',
    decidedBy: (action: string, by: string, at: string) => `${action}（${by}，${at}）`,
    next: '下一页',
    bundle: (organisation: string) => `批量声明：${organisation}`,
    notFound: '没有这批声明。',
    back: '返回批量声明列表',
    facts: '这批声明',
    format: '文件格式',
    key: 'API 密钥',
    statuses: '各状态份数',
    row: '行号',
    declarant: '声明人',
    document: '证件',
    status: '状态',
    decide: '对整批作出决定',
    decideHint: (waiting: number) => `将对仍待审核的 ${waiting} 份声明逐份作出同一决定（每份照常记录、通知申报人）；已单独处理的不受影响。`,
    nothingWaiting: '这批声明中已没有待审核的声明。',
    approve: '整批通过',
    reject: '整批驳回',
    reason: '驳回理由（驳回时必填，申报人会看到）',
    reasonRequired: '驳回须填写理由。',
    resume: (action: string) => `已记录的决定“${action}”尚未用于全部声明：再次提交同一决定即可继续。`,
    done: (applied: number, skipped: number, refused: number) =>
      `已处理 ${applied} 份${skipped > 0 ? `，${skipped} 份已不在待审核状态，未改动` : ''}${refused > 0 ? `，${refused} 份因刚被他人修改未处理，请再次提交以继续` : ''}。`,
    decidedOtherwise: (action: string) => `这批声明已被决定为“${action}”，不能改为另一决定；如需不同处理，请逐份审核。`,
    actions: { approve: '通过', reject: '驳回' } satisfies Record<BundleAction, string>,
  },
  en: {
    title: 'Bundles filed by agencies',
    empty: 'No agency has filed a bundle yet.',
    filedAt: 'Filed',
    organisation: 'Organisation',
    rows: 'Declarations',
    decision: 'Decision',
    undecided: 'Not decided',
    decidedBy: (action: string, by: string, at: string) => `${action} (${by}, ${at})`,
    next: 'Next page',
    bundle: (organisation: string) => `Bundle from ${organisation}`,
    notFound: 'There is no such bundle.',
    back: 'Back to the bundles',
    facts: 'This bundle',
    format: 'File format',
    key: 'API key',
    statuses: 'Declarations by status',
    row: 'Row',
    declarant: 'Declarant',
    document: 'Document',
    status: 'Status',
    decide: 'Decide the whole bundle',
    decideHint: (waiting: number) =>
      `The same decision is made on each of the ${waiting} declarations still awaiting review, one by one (each audited, each filer told); those decided on their own are left as they are.`,
    nothingWaiting: 'No declaration of this bundle is awaiting review.',
    approve: 'Approve the bundle',
    reject: 'Reject the bundle',
    reason: 'Reason for a rejection (required; the filers read it)',
    reasonRequired: 'A rejection needs a reason.',
    resume: (action: string) => `The decision "${action}" is recorded but not yet applied to every declaration: submit it again to carry on.`,
    done: (applied: number, skipped: number, refused: number) =>
      `${applied} decided${skipped > 0 ? `; ${skipped} no longer awaiting review, left as they are` : ''}${refused > 0 ? `; ${refused} changed by someone meanwhile, submit again to carry on` : ''}.`,
    decidedOtherwise: (action: string) => `This bundle was decided "${action}"; it cannot be decided otherwise. Review its declarations one by one instead.`,
    actions: { approve: 'Approve', reject: 'Reject' } satisfies Record<BundleAction, string>,
  },
} as const satisfies Record<Locale, unknown>;

const isBundleAction = (value: string): value is BundleAction => value === 'approve' || value === 'reject';

function decisionText(bundle: BundleRecord, page: ConsolePage): string {
  const t = TEXT[page.locale];
  const { decision } = bundle;
  return decision ? t.decidedBy(t.actions[decision.action], actorName(decision.by, page), shanghaiDateTime(decision.at)) : t.undecided;
}

function BundlePage(props: { page: ConsolePage; overview: BundleOverview; message?: { kind: 'ok' | 'alert'; text: string } }) {
  const { page, overview, message } = props;
  const { bundle, rows } = overview;
  const t = TEXT[page.locale];
  const waiting = rows.filter((row) => row.declaration?.status === 'submitted').length;
  const counts = DECLARATION_STATUSES.map((status) => [status, rows.filter((row) => row.declaration?.status === status).length] as const).filter(([, count]) => count > 0);
  return (
    <ConsoleFrame page={page} title={t.bundle(bundle.organisation)} section="bundles">
      <p>
        <a href={page.link('/staff/bundles')}>{t.back}</a>
      </p>
      {message ? <p class={message.kind} role={message.kind === 'alert' ? 'alert' : 'status'}>{message.text}</p> : null}
      <section class="panel">
        <h2>{t.facts}</h2>
        <dl class="facts">
          <dt>{t.organisation}</dt>
          <dd>{bundle.organisation}</dd>
          <dt>{t.key}</dt>
          <dd>{bundle.keyId}</dd>
          <dt>{t.filedAt}</dt>
          <dd>{shanghaiDateTime(bundle.createdAt)}</dd>
          <dt>{t.format}</dt>
          <dd>{bundle.format.toUpperCase()}{bundle.encoding ? ` (${bundle.encoding.toUpperCase()})` : ''}</dd>
          <dt>{t.rows}</dt>
          <dd>{bundle.rowCount}</dd>
          <dt>{t.statuses}</dt>
          <dd id="bundle-counts">{counts.map(([status, count]) => `${page.text.statuses[status]} ${count}`).join(' · ')}</dd>
          <dt>{t.decision}</dt>
          <dd>{decisionText(bundle, page)}</dd>
        </dl>
      </section>
      <section class="panel decision">
        <h2>{t.decide}</h2>
        {waiting === 0 ? (
          <p>{t.nothingWaiting}</p>
        ) : (
          <form method="post" action={page.link(`/staff/bundles/${bundle.id}/decision`)}>
            {bundle.decision ? <p class="warning">{t.resume(t.actions[bundle.decision.action])}</p> : null}
            <p>{t.decideHint(waiting)}</p>
            <label for="reason">{t.reason}</label>
            <textarea id="reason" name="reason" maxlength={500} rows={2}>{bundle.decision?.reason ?? ''}</textarea>
            <div class="buttons">
              {bundle.decision?.action !== 'reject' ? <button type="submit" name="action" value="approve" class="approve">{t.approve}</button> : null}
              {bundle.decision?.action !== 'approve' ? <button type="submit" name="action" value="reject" class="reject">{t.reject}</button> : null}
            </div>
          </form>
        )}
      </section>
      <table class="grid" id="bundle-rows">
        <thead>
          <tr>
            <th>{t.row}</th>
            <th>{t.declarant}</th>
            <th>{t.document}</th>
            <th>{t.status}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ row, declarationId, declaration }) => (
            <tr>
              <td>{row}</td>
              <td>{declaration?.declaration.declarant.name ?? ''}</td>
              <td class="notice">
                <a href={page.link(`/staff/declarations/${declarationId}`)}>
                  {declaration ? `${documentLabel(declaration.declaration.document.type, page)} ${declaration.declaration.document.number ?? ''}` : declarationId}
                </a>
              </td>
              <td>{declaration ? <span class={`status ${declaration.status}`}>{page.text.statuses[declaration.status]}</span> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ConsoleFrame>
  );
}

/**
 * `/staff/bundles`: the bundles agencies filed (newest first) and, per bundle, its declarations and one decision
 * for all of them (shared/services/bundles.ts: each row goes through the same decision as a single declaration).
 * `guard` is the console's sign-in check; the console's CSRF check covers the form.
 */
export function registerBundleConsole(app: Hono<StaffEnv>, deps: LifecycleContext & { guard: MiddlewareHandler<StaffEnv> }): void {
  app.use('/staff/bundles', deps.guard);
  app.use('/staff/bundles/*', deps.guard);

  app.get('/staff/bundles', async (c) => {
    const page = consolePage(c);
    const t = TEXT[page.locale];
    const cursor = c.req.query('cursor');
    const listing = await listBundles(deps.store, { limit: 50, ...(cursor ? { cursor } : {}) }).catch((error: unknown) => {
      if (error instanceof InvalidCursor) return listBundles(deps.store, { limit: 50 });
      throw error;
    });
    return renderConsole(
      c,
      page,
      <ConsoleFrame page={page} title={t.title} section="bundles">
        {listing.items.length === 0 ? (
          <p>{t.empty}</p>
        ) : (
          <table class="grid" id="bundles">
            <thead>
              <tr>
                <th>{t.filedAt}</th>
                <th>{t.organisation}</th>
                <th>{t.rows}</th>
                <th>{t.decision}</th>
              </tr>
            </thead>
            <tbody>
              {listing.items.map((bundle) => (
                <tr>
                  <td class="when">{shanghaiDateTime(bundle.createdAt)}</td>
                  <td class="notice">
                    <a href={page.link(`/staff/bundles/${bundle.id}`)}>{bundle.organisation}</a>
                  </td>
                  <td>{bundle.rowCount}</td>
                  <td>{decisionText(bundle, page)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {listing.next ? <a href={page.link(`/staff/bundles?cursor=${encodeURIComponent(listing.next)}`)}>{t.next}</a> : null}
      </ConsoleFrame>,
    );
  });

  const bundlePage = async (c: Context<StaffEnv>, id: string, message?: { kind: 'ok' | 'alert'; text: string }, status: 200 | 400 | 409 = 200) => {
    const page = consolePage(c);
    const t = TEXT[page.locale];
    try {
      if (!isRecordId(id)) throw new BundleNotFound();
      const overview = await bundleOverview(deps, id);
      return renderConsole(c, page, <BundlePage page={page} overview={overview} {...(message ? { message } : {})} />, status);
    } catch (error) {
      if (!(error instanceof BundleNotFound)) throw error;
      return renderConsole(
        c,
        page,
        <ConsoleFrame page={page} title={t.notFound} section="bundles">
          <p>
            <a href={page.link('/staff/bundles')}>{t.back}</a>
          </p>
        </ConsoleFrame>,
        404,
      );
    }
  };

  app.get('/staff/bundles/:id', (c) => {
    const t = TEXT[c.get('locale')];
    const [applied, skipped, refused] = ['applied', 'skipped', 'refused'].map((name) => Number(c.req.query(name) ?? NaN));
    const done = [applied, skipped, refused].every((count) => Number.isInteger(count));
    return bundlePage(c, c.req.param('id'), done ? { kind: 'ok', text: t.done(applied ?? 0, skipped ?? 0, refused ?? 0) } : undefined);
  });

  app.post('/staff/bundles/:id/decision', async (c) => {
    const id = c.req.param('id');
    const t = TEXT[c.get('locale')];
    const form = await c.req.parseBody();
    const action = formString(form, 'action');
    const reason = formString(form, 'reason').slice(0, 500);
    if (!isRecordId(id) || !isBundleAction(action)) return bundlePage(c, id);
    if (action === 'reject' && !reason) return bundlePage(c, id, { kind: 'alert', text: t.reasonRequired }, 400);
    try {
      const result = await decideBundle(deps, id, { action, ...(action === 'reject' ? { reason } : {}) }, staffActor(c));
      const counts = new URLSearchParams({ applied: String(result.applied), skipped: String(result.skipped), refused: String(result.refused) });
      return c.redirect(localizedPath(c, `/staff/bundles/${id}?${counts.toString()}`), 303);
    } catch (error) {
      if (error instanceof BundleAlreadyDecided) {
        return bundlePage(c, id, { kind: 'alert', text: t.decidedOtherwise(isBundleAction(error.action) ? t.actions[error.action] : error.action) }, 409);
      }
      // Not filed (yet, or ever): the bundle's page says what there is.
      if (error instanceof BundleNotFound) return bundlePage(c, id);
      throw error;
    }
  });
}
