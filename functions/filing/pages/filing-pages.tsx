import type { JSX } from 'hono/jsx/jsx-runtime';
import type { DeclarationPreview, DocumentType, FieldError } from '../../../shared/domain/index.js';
import type { NotificationChannels } from '../../../shared/domain/notifications.js';
import type { SubmittedDeclaration } from '../../../shared/services/filing.js';
import type { CitizenPaymentView } from '../../../shared/services/payments.js';
import { DeclarationFields, fieldIdOf } from './declaration-fields.js';
import type { FormState } from './form-values.js';
import { Alert, Page } from './frame.js';
import type { PageContext } from './page-context.js';
import { PaymentInstructions, paymentStatusText } from './payment-section.js';
import { QrCode } from '../../../shared/web/qr-code.js';

const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * The preview box's content: the notice exactly as it will print, with its fee and any warnings, or what is still
 * missing. The filing script fetches the same content from `/file/preview` while the person types.
 */
export function PreviewContent(props: { page: PageContext; preview?: DeclarationPreview | undefined; missing?: readonly FieldError[] | undefined }) {
  const { page, preview } = props;
  const text = page.text.form;
  if (preview) {
    return (
      <>
        <p class="notice-text" id="preview-text">
          {preview.text}
        </p>
        <p class="fee" id="preview-fee">
          {text.fee(yuan(preview.fee.amountFen), preview.fee.characters, preview.fee.lines)}
        </p>
        {preview.warnings.length > 0 ? (
          <ul class="warning">
            {preview.warnings.map((warning) => (
              <li>{warning.message[page.locale]}</li>
            ))}
          </ul>
        ) : null}
        <p class="hint">{text.previewMasked}</p>
      </>
    );
  }
  return (
    <>
      <p class="hint">{text.previewIncomplete}</p>
      {props.missing && props.missing.length > 0 ? (
        <>
          <p>{text.previewMissing}</p>
          <ul>
            {props.missing.map((error) => (
              <li>{error.message[page.locale]}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/**
 * Every field error at the top of a form, so a person sees at once what to fix; each links to its field (where
 * the message is repeated), so a keyboard or screen reader goes straight there.
 */
export function ErrorSummary(props: { page: PageContext; errors: FormState['errors'] }) {
  const errors = Object.entries(props.errors);
  if (errors.length === 0) return null;
  return (
    <div class="alert" role="alert">
      <p>{props.page.text.form.errorsTitle}</p>
      <ul>
        {errors.map(([path, message]) => (
          <li>
            <a href={`#${fieldIdOf(path)}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface FilingFormProps {
  readonly page: PageContext;
  readonly types: readonly DocumentType[];
  readonly type?: DocumentType | undefined;
  readonly state: FormState;
  readonly attachments: readonly string[];
  /** One key per form, so a double submit returns the first declaration (and its receipt) instead of a 409. */
  readonly idempotencyKey: string;
  readonly preview?: DeclarationPreview | undefined;
  readonly missing?: readonly FieldError[] | undefined;
  readonly alert?: string | undefined;
  /** The alert is about a declaration already being handled: it links to the follow page. */
  readonly alertFollows?: boolean | undefined;
}

type DeclarationFormProps = Omit<FilingFormProps, 'types' | 'alert' | 'alertFollows' | 'type'> & { readonly type: DocumentType };

/**
 * A declaration form's body: the fields, and beside them on a wide screen (below on a phone) the notice as it
 * will print with its fee, which the script keeps live (`data-preview` on the form) and the preview button
 * refreshes without it.
 */
export function FormWithPreview(props: {
  page: PageContext;
  fields: JSX.Element;
  preview?: DeclarationPreview | undefined;
  missing?: readonly FieldError[] | undefined;
  submitLabel: string;
}) {
  const { page } = props;
  const text = page.text.form;
  return (
    <>
      <div class="form-columns">
        <div class="form-main">{props.fields}</div>
        <fieldset class="preview-panel">
          <legend>{text.previewLegend}</legend>
          <div id="preview" aria-live="polite">
            <PreviewContent page={page} preview={props.preview} missing={props.missing} />
          </div>
          <button type="submit" name="intent" value="preview" class="secondary" formnovalidate>
            {text.previewButton}
          </button>
        </fieldset>
      </div>
      <button type="submit" name="intent" value="submit">
        {props.submitLabel}
      </button>
    </>
  );
}

/** The filing form proper, for one type: the script also fetches it (`/file/form`) when the first type is chosen. */
export function DeclarationForm(props: DeclarationFormProps) {
  const { page, type, state } = props;
  return (
    <form id="declaration-form" method="post" action={page.link('/file')} data-preview={page.link('/file/preview')}>
      <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      <FormWithPreview
        page={page}
        fields={<DeclarationFields page={page} type={type} state={state} attachments={props.attachments.map((id) => ({ id }))} withProof />}
        preview={props.preview}
        missing={props.missing}
        submitLabel={page.text.form.submit}
      />
    </form>
  );
}

/**
 * The filing page. The type is chosen with its own GET form (`/file?type=…`), so without JavaScript the page
 * re-renders with that type's fields; the script swaps them in place instead and keeps the preview live.
 */
export function FilingPage(props: FilingFormProps) {
  const { page, type, state } = props;
  const text = page.text.form;
  return (
    <Page page={page} title={text.title} script>
      <h1>{text.title}</h1>
      {props.alert ? (
        <Alert>
          {props.alert}
          {props.alertFollows ? (
            <>
              {' '}
              <a href={page.link('/declarations/follow')}>{page.text.home.follow.title}</a>
            </>
          ) : null}
        </Alert>
      ) : null}
      <ErrorSummary page={page} errors={state.errors} />
      <form id="type-form" method="get" action={page.path('/file')} data-fields={page.link('/file/fields')} data-form={page.link('/file/form')}>
        {page.language ? <input type="hidden" name="lang" value={page.language} /> : null}
        <label for="type">{text.typeLabel}</label>
        <div class="type-choice">
          <select id="type" name="type" required>
            <option value="">{text.typePlaceholder}</option>
            {props.types.map((option) => (
              <option value={option.code} selected={option.code === type?.code}>
                {option.label[page.locale]}
              </option>
            ))}
          </select>
          <button type="submit">{text.typeButton}</button>
        </div>
      </form>
      <div id="declaration-slot">{type ? <DeclarationForm {...props} type={type} /> : <p>{text.chooseFirst}</p>}</div>
    </Page>
  );
}

/**
 * The receipt, shown once after filing: the receipt code (which alone opens the declaration), the fee and how to
 * pay, and a QR code that opens the follow page with the code filled in (it travels in the URL fragment, which
 * browsers never send to a server). Printable; its language switch posts the code back rather than linking, so
 * switching language does not lose the only page that shows it.
 */
export function ReceiptPage(props: {
  page: PageContext;
  submitted: SubmittedDeclaration;
  payment: CitizenPaymentView;
  followUrl: string;
  /** How the filer will hear of the review: the last line says so (or that only the follow page will tell). */
  channels: NotificationChannels;
  paymentInstructions?: string | undefined;
}) {
  const { page, submitted, payment } = props;
  const { fee } = payment;
  const text = page.text.receipt;
  const [statusName, statusExplanation] = page.text.statuses[submitted.status];
  const other = page.locale === 'en' ? 'zh' : 'en';
  return (
    <Page page={page} title={text.title} script languageSwitch={false}>
      <div class="receipt-sheet">
        <h1>{text.title}</h1>
        <div class="warning no-print" role="alert">
          <strong>{text.keepTitle}</strong>
          <p>{text.keepBody}</p>
        </div>
        <div class="receipt-main">
          <dl class="facts">
            <dt>{text.receipt}</dt>
            <dd>
              <code class="receipt-code" id="receipt">
                {submitted.receipt}
              </code>
              <button type="button" class="secondary no-print" data-copy="receipt" data-copied={text.copied} hidden>
                {text.copy}
              </button>
            </dd>
            <dt>{text.status}</dt>
            <dd>
              <span class="status-name">{statusName}</span> {statusExplanation}
            </dd>
            <dt>{text.fee}</dt>
            <dd id="receipt-fee">{page.text.form.fee(yuan(fee.amountFen), fee.characters, fee.lines)}</dd>
            {payment.status === 'unpaid' && payment.paidFen !== undefined ? (
              <>
                <dt>{text.owed}</dt>
                <dd id="receipt-owed">{paymentStatusText(page.locale, payment)}</dd>
              </>
            ) : null}
            <dt>{text.id}</dt>
            <dd>
              <code id="declaration-id">{submitted.id}</code>
            </dd>
          </dl>
          <figure class="receipt-qr">
            <span>
              <QrCode text={`${props.followUrl}#r=${submitted.receipt}`} ecc="M" />
            </span>
            <figcaption>{text.qr}</figcaption>
          </figure>
        </div>
        <h2>{text.payTitle}</h2>
        <ol class="pay-steps">
          {text.paySteps(submitted.id).map((step) => (
            <li>{step}</li>
          ))}
        </ol>
        {props.paymentInstructions ? <PaymentInstructions page={page} instructions={props.paymentInstructions} /> : null}
        <h2>{text.text}</h2>
        <p class="notice-text">{submitted.text}</p>
        <p id="receipt-next">{text.next(props.channels)}</p>
      </div>
      <div class="no-print receipt-actions">
        <button type="button" data-print hidden>
          {text.print}
        </button>
        <a href={page.link('/declarations/follow')}>{text.follow}</a>
        <form method="post" action={`${page.path('/file/receipt')}?lang=${other}`} class="inline-form">
          <input type="hidden" name="receipt" value={submitted.receipt} />
          <button type="submit" class="secondary" lang={other === 'en' ? 'en' : 'zh-CN'}>
            {text.otherLanguage}
          </button>
        </form>
      </div>
    </Page>
  );
}
