import { documentTypeByCode, fieldsNamedIn, type DeclarationPreview, type FieldError } from '../../../shared/domain/index.js';
import { localizedDate } from '../../../shared/domain/dates.js';
import { allowedFrom } from '../../../shared/domain/lifecycle.js';
import type { CitizenView } from '../../../shared/services/filing.js';
import { DeclarationFields, type ProofFile } from './declaration-fields.js';
import { ErrorSummary, FormWithPreview } from './filing-pages.js';
import { EMPTY_FORM, formValuesOf, type FormState } from './form-values.js';
import { Alert, Page } from './frame.js';
import type { PageContext } from './page-context.js';
import { PaymentSection } from './payment-section.js';
import type { CitizenPaymentView } from '../../../shared/services/payments.js';
import type { EditionsOfDeclaration } from '../../../shared/services/placements.js';

export type StatusNotice = 'edited' | 'withdrawn';

function updatedAt(page: PageContext, iso: string): string {
  return new Intl.DateTimeFormat(page.locale, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * The filer's view of their declaration: status in plain words, the paper's note, the masked notice text, and
 * what they may still do (edit while submitted or changes are requested, withdraw until its page goes to print).
 */
export function StatusPage(props: {
  page: PageContext;
  view: CitizenView;
  notice?: StatusNotice | undefined;
  alert?: string | undefined;
  /** The edit form as last posted, when it came back with errors or for its preview. */
  editState?: FormState | undefined;
  /** The edit form's preview box: the notice as the form now stands, with its fee, or what is missing. */
  editPreview?: { preview?: DeclarationPreview | undefined; missing?: readonly FieldError[] | undefined };
  /** The proof files as last posted (ticked), when the edit form comes back; otherwise those on file. */
  editAttachments?: readonly ProofFile[] | undefined;
  /** Whether it can be withdrawn now (a scheduled one only until its edition's cut-off: unplacement.ts). */
  withdrawable: boolean;
  /** The fee and whether it is paid, with the newspaper's payment instructions. */
  payment?: { view: CitizenPaymentView; instructions?: string | undefined } | undefined;
  /** The editions that printed it and those it is placed in still to come. */
  editions: EditionsOfDeclaration;
}) {
  const { page, view } = props;
  const text = page.text.status;
  const [statusName, statusExplanation] = page.text.statuses[view.status];
  const type = documentTypeByCode(view.declaration.document.type);
  const canEdit = type !== undefined && allowedFrom('edit').includes(view.status);
  const posted = props.editState ?? { ...EMPTY_FORM, values: formValuesOf(view.declaration) };
  // When the paper asked for changes, its words stand beside each field they name.
  const remarks =
    view.status === 'changes_requested' && view.reason && type
      ? Object.fromEntries(fieldsNamedIn(view.reason, type, view.declaration.kind).map((path) => [path, view.reason ?? '']))
      : undefined;
  const editState: FormState = remarks ? { ...posted, remarks } : posted;
  const base = `/declarations/${view.id}`;
  return (
    <Page page={page} title={text.title} script>
      <h1>{text.title}</h1>
      {props.notice ? (
        <p class="ok" role="status">
          {text[props.notice]}
        </p>
      ) : null}
      {props.alert ? (
        <Alert>{props.alert}</Alert>
      ) : null}
      <dl class="facts">
        <dt>{text.id}</dt>
        <dd>
          <code>{view.id}</code>
        </dd>
        <dt>{text.status}</dt>
        <dd>
          <span class="status-name" id="status-name">
            {statusName}
          </span>
          <p>{statusExplanation}</p>
        </dd>
        <dt>{text.version}</dt>
        <dd>{view.version}</dd>
        <dt>{text.updatedAt}</dt>
        <dd>{updatedAt(page, view.updatedAt)}</dd>
      </dl>
      <InPrint page={page} editions={props.editions} />
      {props.payment ? <PaymentSection page={page} payment={props.payment.view} declarationStatus={view.status} instructions={props.payment.instructions} /> : null}
      {view.reason ? (
        <div class="warning">
          <strong>{text.reason}</strong>
          <p id="reason">{view.reason}</p>
        </div>
      ) : null}
      <h2>{text.text}</h2>
      <p class="notice-text" id="notice-text">
        {view.text}
      </p>
      {canEdit && type ? (
        // Folded away unless the paper asked for changes or the last edit came back with errors.
        <details id="edit" open={view.status === 'changes_requested' || Object.keys(editState.errors).length > 0}>
          <summary>{text.editTitle}</summary>
          <p class="hint">{text.editNote}</p>
          <ErrorSummary page={page} errors={editState.errors} />
          <form id="edit-form" method="post" action={page.link(`${base}/edit`)} data-preview={page.link(`${base}/preview`)}>
            <input type="hidden" name="version" value={String(view.version)} />
            <FormWithPreview
              page={page}
              fields={<DeclarationFields page={page} type={type} state={editState} attachments={props.editAttachments ?? view.attachments} withProof />}
              preview={props.editPreview?.preview}
              missing={props.editPreview?.missing}
              submitLabel={text.editButton}
            />
          </form>
        </details>
      ) : null}
      {props.withdrawable ? (
        <section>
          <h2>{text.withdrawTitle}</h2>
          <p>{text.withdrawBody}</p>
          <form id="withdraw-form" method="post" action={page.link(`${base}/withdraw`)} data-confirm={text.confirmQuestion}>
            <input type="hidden" name="version" value={String(view.version)} />
            <input type="hidden" name="confirm" value="" />
            <button type="submit" class="secondary">
              {text.withdrawButton}
            </button>
          </form>
        </section>
      ) : null}
      <form method="post" action={page.link(`${base}/forget`)}>
        <button type="submit" class="secondary">
          {text.forget}
        </button>
      </form>
    </Page>
  );
}

function EditionDate(props: { page: PageContext; date: string }) {
  return <time datetime={props.date}>{localizedDate(props.date, props.page.locale)}</time>;
}

/**
 * Where the notice is in the paper: per edition that printed it its date, its number there and a link to its public
 * page; then the editions still to print it, by date only (a number comes with publication).
 */
function InPrint(props: { page: PageContext; editions: EditionsOfDeclaration }) {
  const { page } = props;
  const { printed, scheduled } = props.editions;
  const text = page.text.status;
  return (
    <>
      {printed.length > 0 ? (
        <section id="printed-notices">
          <h2>{text.printedTitle}</h2>
          <p>{text.printedBody}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{text.printedEdition}</th>
                <th scope="col">{text.printedNoticeNo}</th>
              </tr>
            </thead>
            <tbody>
              {printed.map((notice) => (
                <tr>
                  <td>
                    <EditionDate page={page} date={notice.editionDate} />
                  </td>
                  <td>
                    <a href={page.link(notice.path)}>{notice.noticeNo}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {scheduled.length > 0 ? (
        <section id="scheduled-editions">
          <h2>{text.scheduledTitle}</h2>
          <p>{text.scheduledBody}</p>
          <ul>
            {scheduled.map((date) => (
              <li>
                <EditionDate page={page} date={date} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** Without JavaScript the withdraw button leads here first: one more explicit click before it cannot be undone. */
export function WithdrawConfirmPage(props: { page: PageContext; id: string; version: string }) {
  const { page } = props;
  const text = page.text.status;
  const base = `/declarations/${props.id}`;
  return (
    <Page page={page} title={text.withdrawTitle}>
      <h1>{text.withdrawTitle}</h1>
      <p class="warning">{text.confirmQuestion}</p>
      <div class="actions">
        <form method="post" action={page.link(`${base}/withdraw`)}>
          <input type="hidden" name="version" value={props.version} />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit">{text.confirmButton}</button>
        </form>
        <a href={page.link(base)}>{text.cancel}</a>
      </div>
    </Page>
  );
}

/** The receipt as a person types or pastes it: no autocomplete, no auto-capitals, no spell check. */
function ReceiptField(props: { page: PageContext }) {
  const text = props.page.text.status;
  return (
    <>
      <label for="receipt">{text.receipt}</label>
      <input
        id="receipt"
        name="receipt"
        type="text"
        required
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        placeholder="XXXX-XXXX-XXXX-XXXX"
        aria-describedby="receipt-hint"
      />
      <p class="hint" id="receipt-hint">
        {text.receiptHint}
      </p>
    </>
  );
}

/** Asks for the receipt of one declaration; a wrong one gets the same answer whether or not the id exists. */
export function ReceiptPromptPage(props: { page: PageContext; id: string; wrongReceipt?: boolean }) {
  const { page } = props;
  const text = page.text.status;
  return (
    <Page page={page} title={text.promptTitle}>
      <h1>{text.promptTitle}</h1>
      {props.wrongReceipt ? (
        <Alert>{text.wrongReceipt}</Alert>
      ) : null}
      <p>{text.promptBody}</p>
      <form method="post" action={page.link(`/declarations/${props.id}`)}>
        <dl class="facts">
          <dt>{text.id}</dt>
          <dd>
            <code>{props.id}</code>
          </dd>
        </dl>
        <ReceiptField page={page} />
        <button type="submit">{page.text.status.open}</button>
      </form>
    </Page>
  );
}

/** Following a declaration from scratch: its number and its receipt. */
export function FollowPage(props: { page: PageContext; id?: string; wrongReceipt?: boolean; mistyped?: boolean }) {
  const { page } = props;
  const text = page.text.status;
  return (
    <Page page={page} title={page.text.home.follow.title} script>
      <h1>{page.text.home.follow.title}</h1>
      {props.wrongReceipt ? <Alert>{props.mistyped ? text.mistypedReceipt : text.wrongReceipt}</Alert> : null}
      <p>{text.promptBody}</p>
      <form method="post" action={page.link('/declarations/follow')} id="follow-form">
        <ReceiptField page={page} />
        <details open={props.id ? true : undefined}>
          <summary>{text.oldReceipt}</summary>
          <label for="id">{text.id}</label>
          <input id="id" name="id" type="text" value={props.id ?? ''} autocomplete="off" spellcheck={false} aria-describedby="id-hint" />
          <p class="hint" id="id-hint">
            {text.idHint}
          </p>
        </details>
        <button type="submit">{text.open}</button>
      </form>
    </Page>
  );
}
