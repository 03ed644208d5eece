import { DECLARATION_STATUSES, MAX_REASON_LENGTH } from '../../../shared/domain/lifecycle.js';
import type { Locale } from '../../../shared/http/locale.js';
import type { BundleOverview } from '../../../shared/services/bundles.js';
import { isBundleAction, type BundleAction, type BundleRecord } from '../../../shared/store/bundle-store.js';
import type { Page } from '../../../shared/store/declaration-store.js';
import { actorName } from './declaration-page.js';
import { ConsoleFrame, Grid, shanghaiDateTime } from './frame.js';
import type { ConsolePage } from './page-context.js';
import { documentLabel } from './queue-page.js';

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

/** What a bundle's page reports: a decision applied (counts per outcome), or why none was. */
export type BundleMessage =
  | { readonly kind: 'done'; readonly applied: number; readonly skipped: number; readonly refused: number }
  | { readonly kind: 'reasonRequired' }
  | { readonly kind: 'decidedOtherwise'; readonly action: string };

function messageText(message: BundleMessage, t: (typeof TEXT)[Locale]): { kind: 'ok' | 'alert'; text: string } {
  switch (message.kind) {
    case 'done':
      return { kind: 'ok', text: t.done(message.applied, message.skipped, message.refused) };
    case 'reasonRequired':
      return { kind: 'alert', text: t.reasonRequired };
    case 'decidedOtherwise':
      return { kind: 'alert', text: t.decidedOtherwise(isBundleAction(message.action) ? t.actions[message.action] : message.action) };
  }
}

function decisionText(bundle: BundleRecord, page: ConsolePage): string {
  const t = TEXT[page.locale];
  const { decision } = bundle;
  return decision ? t.decidedBy(t.actions[decision.action], actorName(decision.by, page), shanghaiDateTime(decision.at)) : t.undecided;
}

export function BundlePage(props: { page: ConsolePage; overview: BundleOverview; message?: BundleMessage }) {
  const { page, overview } = props;
  const { bundle, rows } = overview;
  const t = TEXT[page.locale];
  const message = props.message ? messageText(props.message, t) : undefined;
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
            <textarea id="reason" name="reason" maxlength={MAX_REASON_LENGTH} rows={2}>{bundle.decision?.reason ?? ''}</textarea>
            <div class="buttons">
              {bundle.decision?.action !== 'reject' ? <button type="submit" name="action" value="approve" class="approve">{t.approve}</button> : null}
              {bundle.decision?.action !== 'approve' ? <button type="submit" name="action" value="reject" class="reject">{t.reject}</button> : null}
            </div>
          </form>
        )}
      </section>
      <Grid id="bundle-rows" columns={[t.row, t.declarant, t.document, t.status]}>
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
      </Grid>
    </ConsoleFrame>
  );
}

/** `/staff/bundles`: the bundles agencies filed, newest first. */
export function BundlesPage(props: { page: ConsolePage; listing: Page<BundleRecord> }) {
  const { page, listing } = props;
  const t = TEXT[page.locale];
  return (
      <ConsoleFrame page={page} title={t.title} section="bundles">
        {listing.items.length === 0 ? (
          <p>{t.empty}</p>
        ) : (
          <Grid id="bundles" columns={[t.filedAt, t.organisation, t.rows, t.decision]}>
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
          </Grid>
        )}
        {listing.next ? <a href={page.link(`/staff/bundles?cursor=${encodeURIComponent(listing.next)}`)}>{t.next}</a> : null}
      </ConsoleFrame>
  );
}

/** A bundle id the store does not know, with the way back to the list. */
export function BundleNotFoundPage(props: { page: ConsolePage }) {
  const { page } = props;
  const t = TEXT[page.locale];
  return (
      <ConsoleFrame page={page} title={t.notFound} section="bundles">
        <p>
          <a href={page.link('/staff/bundles')}>{t.back}</a>
        </p>
      </ConsoleFrame>
  );
}
