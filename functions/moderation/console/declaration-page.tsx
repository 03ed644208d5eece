import { DOCUMENT_FIELDS } from '../../../shared/domain/catalogue.js';
import { MAX_REASON_LENGTH } from '../../../shared/domain/lifecycle.js';
import { changesSinceReview, type FieldChange } from '../../../shared/domain/review.js';
import type { AuditEntry, StoredDeclaration } from '../../../shared/store/declaration-store.js';
import { ConsoleFrame, Grid, KeyLegend, shanghaiDateTime } from './frame.js';
import type { ConsolePage } from './page-context.js';
import { documentLabel } from './queue-page.js';
import { withView, type QueueView } from './queue-view.js';
import { commonReasons } from './text.js';
import { PaymentPanel, type PaymentPanelProps } from './payment-panel.js';

export interface DeclarationData {
  readonly declaration: StoredDeclaration;
  readonly audit: readonly AuditEntry[];
  readonly view: QueueView;
  readonly previous?: StoredDeclaration;
  readonly next?: StoredDeclaration;
  /** Where each proof file opens (the one place that knows how staff reach a file). */
  readonly proofUrl: (attachmentId: string) => string;
  readonly message?: { kind: 'ok' | 'alert'; text: string };
  /** What the fee panel (payment-panel.tsx) reads the settlement with. */
  readonly payment?: Omit<PaymentPanelProps, 'declaration'>;
}

/** Who did it, in words: the filer, the scheduled publisher, or a named member of staff. */
export function actorName(actor: string, page: ConsolePage): string {
  const { actors } = page.text;
  if (actor === 'citizen') return actors.citizen;
  if (actor === 'publisher') return actors.publisher;
  if (actor.startsWith('agency:')) return actors.agency(actor.slice('agency:'.length));
  return actor.startsWith('staff:') ? actors.staff(actor.slice('staff:'.length)) : actor;
}

/** A changed field's name in words: a document field by the catalogue's label, the others by the console's. */
function fieldName(path: string, page: ConsolePage): string {
  const t = page.text.declaration;
  const [head, field] = path.split('.');
  if (head === 'document' && field) {
    return field === 'type' ? t.document : (DOCUMENT_FIELDS[field as keyof typeof DOCUMENT_FIELDS]?.label[page.locale] ?? path);
  }
  const names: Record<string, string> = {
    text: t.notice,
    attachments: t.proof,
    kind: page.locale === 'en' ? 'Kind of notice' : '声明类别',
    'declarant.name': t.declarant,
    'declarant.type': t.declarant,
    'declarant.idNumber': t.idNumber,
    'declarant.creditCode': t.creditCode,
    lostOn: t.lostOn,
    statement: t.statement,
    'contact.phone': t.phone,
    'contact.email': t.email,
  };
  return names[path] ?? path;
}

function Changes(props: { page: ConsolePage; declaration: StoredDeclaration }) {
  const { page, declaration } = props;
  const reviewed = declaration.reviewed;
  if (!reviewed || declaration.status !== 'submitted') return null;
  const t = page.text.declaration;
  const changes: FieldChange[] = changesSinceReview(reviewed, {
    declaration: declaration.declaration,
    text: declaration.text,
    attachmentIds: declaration.attachments.map((attachment) => attachment.id),
  });
  const action = page.text.auditActions[reviewed.action] ?? reviewed.action;
  return (
    <section class="panel" id="changes">
      <h2>{t.changes}</h2>
      <p>{t.changesLead(shanghaiDateTime(reviewed.at), action)}</p>
      {changes.length === 0 ? (
        <p class="muted">{t.noChanges}</p>
      ) : (
        <table class="grid changes">
          <thead>
            <tr>
              <th>{t.field}</th>
              <th>{t.before}</th>
              <th>{t.after}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <tr>
                <th scope="row">{fieldName(change.path, page)}</th>
                <td class="before">{change.before ?? '—'}</td>
                <td class="after">{change.after ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Proof(props: { page: ConsolePage; declaration: StoredDeclaration; proofUrl: (id: string) => string }) {
  const { page, declaration } = props;
  const t = page.text.declaration;
  return (
    <section class="panel proof" id="proof">
      <h2>{t.proof}</h2>
      {declaration.attachments.length === 0 ? <p class="tag none">{t.noProof}</p> : null}
      {declaration.attachments.map((attachment, index) => {
        const url = props.proofUrl(attachment.id);
        return (
          <figure>
            {attachment.contentType === 'application/pdf' ? (
              <object data={url} type="application/pdf">
                <p>
                  {t.pdfFallback} <a href={url}>{t.openProof(index + 1)}</a>
                </p>
              </object>
            ) : (
              <img src={url} alt={`${t.proof} ${index + 1}`} />
            )}
            <figcaption class="muted">
              <a href={url} target="_blank" rel="noopener">
                {t.openProof(index + 1)}
              </a>{' '}
              · {Math.ceil(attachment.size / 1024)} KiB
            </figcaption>
          </figure>
        );
      })}
    </section>
  );
}

function Decision(props: { page: ConsolePage; declaration: StoredDeclaration; view: QueueView }) {
  const { page, declaration } = props;
  const t = page.text.declaration;
  const modes = ['request_changes', 'reject'] as const;
  return (
    <form method="post" action={page.link(withView(`/staff/declarations/${declaration.id}/decision`, props.view))} id="decision" class="panel decision">
      <h2>{t.decide}</h2>
      <input type="hidden" name="version" value={String(declaration.version)} />
      <div class="reasons">
        {modes.map((mode) => (
          <fieldset data-for={mode}>
            <legend>{t.reasonsFor[mode]}</legend>
            {commonReasons(mode, page.locale).map((reason, index) => (
              <label>
                <input type="radio" name="preset" value={reason.text} />
                <kbd>{index + 1}</kbd> {reason.label}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      <label for="reason">{t.freeText}</label>
      <textarea id="reason" name="reason" rows={2} maxlength={MAX_REASON_LENGTH} />
      <div class="buttons">
        <button type="submit" name="action" value="approve" class="approve" data-mode-for="approve">
          {page.text.decisions.approve}
          <kbd>a</kbd>
        </button>
        <button type="submit" name="action" value="request_changes" class="changes" data-mode-for="request_changes">
          {page.text.decisions.request_changes}
          <kbd>c</kbd>
        </button>
        <button type="submit" name="action" value="reject" class="reject" data-mode-for="reject">
          {page.text.decisions.reject}
          <kbd>r</kbd>
        </button>
      </div>
    </form>
  );
}

/** One line of the filed facts; nothing when the declaration has no such value. */
function Fact(props: { term: string; value: string | undefined }) {
  if (!props.value) return null;
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.value}</dd>
    </>
  );
}

/** One declaration under review: what will be printed, what was filed, what changed, the proof beside it. */
export function DeclarationPage(props: { page: ConsolePage; data: DeclarationData }) {
  const { page, data } = props;
  const { declaration, view } = data;
  const t = page.text.declaration;
  const { declarant, document, contact } = declaration.declaration;
  const decidable = declaration.status === 'submitted';
  const keys: [string, string][] = [
    ['j', page.text.keys.next],
    ['k', page.text.keys.previous],
    ...(decidable
      ? ([
          ['a', page.text.keys.approve],
          ['c', page.text.keys.changes],
          ['r', page.text.keys.reject],
          ['1–9', page.text.keys.pick],
          ['Enter', page.text.keys.confirm],
          ['Esc', page.text.keys.cancel],
        ] as [string, string][])
      : []),
    ['u', t.back],
    ['?', page.text.keys.legend],
  ];
  return (
    <ConsoleFrame
      page={page}
      title={`${documentLabel(document.type, page, document.label)} · ${declarant.name}`}
      section="queue"
      keys={<KeyLegend page={page} keys={keys} />}
    >
      <div class="pager">
        <a rel="up" href={page.link(withView('/staff', view))}>
          ← {t.back}
        </a>
        <span class={`status ${declaration.status}`} id="status">
          {page.text.statuses[declaration.status]}
        </span>
        <span class="spacer" />
        {data.previous ? (
          <a rel="prev" href={page.link(withView(`/staff/declarations/${data.previous.id}`, view))}>
            ← {t.previous} <kbd>k</kbd>
          </a>
        ) : null}
        {data.next ? (
          <a rel="next" href={page.link(withView(`/staff/declarations/${data.next.id}`, view))}>
            {t.next} <kbd>j</kbd> →
          </a>
        ) : null}
      </div>
      {data.message ? (
        <p class={data.message.kind} role={data.message.kind === 'alert' ? 'alert' : 'status'}>
          {data.message.text}
        </p>
      ) : null}
      {!decidable ? <p class="muted">{t.notDecidable(page.text.statuses[declaration.status])}</p> : null}
      <div class="review">
        <div>
          <section class="panel">
            <h2>{t.notice}</h2>
            <p class="notice-text">{declaration.text}</p>
          </section>
          <Changes page={page} declaration={declaration} />
          {decidable ? <Decision page={page} declaration={declaration} view={view} /> : null}
          <section class="panel">
            <h2>{t.facts}</h2>
            <dl class="facts">
              <Fact term={t.kind[declaration.declaration.kind]} value={documentLabel(document.type, page, document.label)} />
              <Fact term={t.declarant} value={declarant.name} />
              <Fact term={t.idNumber} value={declarant.type === 'person' ? declarant.idNumber : undefined} />
              <Fact term={t.creditCode} value={declarant.type === 'organization' ? declarant.creditCode : undefined} />
              <Fact term={t.number} value={document.number} />
              <Fact term={t.lostOn} value={declaration.declaration.lostOn} />
              <Fact term={t.statement} value={declaration.declaration.statement} />
              <Fact term={t.phone} value={contact.phone} />
              <Fact term={t.email} value={contact.email} />
              <Fact term={t.filed} value={shanghaiDateTime(declaration.submittedAt)} />
              <Fact term={t.version} value={String(declaration.version)} />
              <Fact term={t.warnings} value={declaration.warnings.map((warning) => warning.message[page.locale]).join(' ') || undefined} />
              <Fact term={t.reason} value={declaration.reason} />
              {declaration.bundleId ? (
                <>
                  <dt>{t.bundle}</dt>
                  <dd>
                    <a href={page.link(`/staff/bundles/${declaration.bundleId}`)}>{t.bundleLink}</a>
                  </dd>
                </>
              ) : null}
            </dl>
          </section>
          {data.payment ? (
            <div class="panel">
              <PaymentPanel {...data.payment} declaration={declaration} />
            </div>
          ) : null}
          <section class="panel">
            <h2>{t.audit}</h2>
            <Grid id="audit" columns={[t.at, t.actor, t.action, t.why]}>
              {data.audit.map((entry) => (
                <tr>
                  <td class="when">{shanghaiDateTime(entry.at)}</td>
                  <td>{actorName(entry.actor, page)}</td>
                  <td>{page.text.auditActions[entry.action] ?? entry.action}</td>
                  <td>{entry.reason ?? ''}</td>
                </tr>
              ))}
            </Grid>
          </section>
        </div>
        <Proof page={page} declaration={declaration} proofUrl={data.proofUrl} />
      </div>
    </ConsoleFrame>
  );
}

/** A declaration id the store does not know (or not an id at all), with the way back to the queue. */
export function DeclarationNotFoundPage(props: { page: ConsolePage; view: QueueView }) {
  const { page } = props;
  return (
    <ConsoleFrame page={page} title={page.text.declaration.notFound} section="queue">
      <p>
        <a href={page.link(withView('/staff', props.view))}>{page.text.declaration.back}</a>
      </p>
    </ConsoleFrame>
  );
}
