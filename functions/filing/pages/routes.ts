import { randomBytes, randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { JSX } from 'hono/jsx/jsx-runtime';
import {
  DOCUMENT_TYPES,
  documentTypeByCode,
  previewDeclaration,
  type DocumentType,
  type PreviewResult,
  type Tariff,
} from '../../../shared/domain/index.js';
import { allowedFrom } from '../../../shared/domain/lifecycle.js';
import { shanghaiDate } from '../../../shared/domain/editions.js';
import {
  AccessDenied,
  DeclarationNotFound,
  DuplicateDeclaration,
  GoneToPrint,
  IdempotencyKeyReused,
  InvalidInput,
  StaleVersion,
  WrongState,
} from '../../../shared/domain/errors.js';
import type { AppEnv } from '../../../shared/http/app.js';
import { sameSiteForms } from '../../../shared/http/same-site-forms.js';
import { publicUrl, sitePath } from '../../../shared/http/site-url.js';
import { isRecordId } from '../../../shared/domain/record-ids.js';
import {
  citizenView,
  editDeclaration,
  editedInput,
  openWithReceipt,
  openWithReceiptAlone,
  submitDeclaration,
  type FilingContext,
  type SubmittedDeclaration,
} from '../../../shared/services/filing.js';
import { readReceiptCode } from '../../../shared/domain/receipt-code.js';
import { maskSensitiveText } from '../../../shared/domain/mask.js';
import { notificationChannels, type NotificationChannels } from '../../../shared/domain/notifications.js';
import type { ValueSealer } from '../../../shared/services/sealed-values.js';
import type { StoredDeclaration } from '../../../shared/store/declaration-store.js';
import { startFormUploads } from '../../../shared/services/attachments.js';
import { attachmentIdFromKey } from '../../../shared/store/attachments.js';
import { explicitLanguage, localizedPath, otherLanguagePath, pageLocale } from '../../../shared/web/page-locale.js';
import {
  declarationFromForm,
  EMPTY_FORM,
  errorsByPath,
  formValuesOf,
  openSealedValues,
  readPostedForm,
  valuesShownAgain,
  type FormState,
  type PostedForm,
} from './form-values.js';
import type { FilingFormProps } from './filing-pages.js';
import { pageContextFor, type PageContext } from './page-context.js';
import type { StatusNotice } from './status-pages.js';
import { citizenPaymentOf } from '../../../shared/services/payments.js';
import { canWithdraw, withdrawDeclaration } from '../../../shared/services/unplacement.js';
import { editionsIn, placementsToFollow } from '../../../shared/services/placements.js';
import { onDemand } from '../../../shared/web/on-demand.js';

// The pages themselves, loaded by the first request that renders one: the API's requests never parse them.
const DeclarationForm = onDemand(async () => (await import('./filing-pages.js')).DeclarationForm);
const FilingPage = onDemand(async () => (await import('./filing-pages.js')).FilingPage);
const PreviewContent = onDemand(async () => (await import('./filing-pages.js')).PreviewContent);
const ReceiptPage = onDemand(async () => (await import('./filing-pages.js')).ReceiptPage);
const HomePage = onDemand(async () => (await import('./home-page.js')).HomePage);
const UploadPage = onDemand(async () => (await import('./upload-page.js')).UploadPage);
const TypeFields = onDemand(async () => (await import('./declaration-fields.js')).TypeFields);
const FollowPage = onDemand(async () => (await import('./status-pages.js')).FollowPage);
const ReceiptPromptPage = onDemand(async () => (await import('./status-pages.js')).ReceiptPromptPage);
const StatusPage = onDemand(async () => (await import('./status-pages.js')).StatusPage);
const WithdrawConfirmPage = onDemand(async () => (await import('./status-pages.js')).WithdrawConfirmPage);

export interface FilingPagesDeps {
  readonly context: FilingContext;
  readonly tariff: () => Promise<Tariff>;
  /** The newspaper's payment instructions (PAYMENT_INSTRUCTIONS), on the receipt and the status page. */
  readonly paymentInstructions?: string | undefined;
  /** Seals personal numbers a form shows again (resolved lazily: in AWS the key comes from Secrets Manager). */
  readonly sealer: () => Promise<ValueSealer>;
}

type PageStatus = 200 | 400 | 403 | 404 | 409 | 422;

/** The cookie that remembers a receipt for one declaration's pages only (its Path is that declaration). */
const RECEIPT_COOKIE = 'receipt';
const MAX_RECEIPT_LENGTH = 128;
const DONE_NOTICES: readonly StatusNotice[] = ['edited', 'withdrawn'];

function pageContext(c: Context<AppEnv>): Promise<PageContext> {
  const language = explicitLanguage(c);
  return pageContextFor({
    locale: c.get('locale'),
    link: (path) => localizedPath(c, path),
    path: (path) => sitePath(c, path),
    languageSwitch: otherLanguagePath(c),
    nonce: randomBytes(16).toString('base64'),
    ...(language ? { language } : {}),
  });
}

/** What the preview box shows for a preview: the notice and fee, or what is still missing. */
const previewShown = (result: PreviewResult) => (result.ok ? { preview: result.preview } : { missing: result.errors });

/**
 * A page answer: never cached (pages carry a person's own declaration), and a Content-Security-Policy that runs
 * only the page's own inline script and posts forms only to this site (the upload page also to the storage).
 */
async function render(
  c: Context<AppEnv>,
  page: PageContext,
  body: Promise<JSX.Element>,
  status: PageStatus = 200,
  options: { postsToStorage?: boolean } = {},
): Promise<Response> {
  c.header('cache-control', 'no-store');
  c.header(
    'content-security-policy',
    [
      "default-src 'self'",
      `script-src 'nonce-${page.nonce}'`,
      "style-src 'unsafe-inline'",
      "img-src 'self' data:",
      // Proof files go straight to the storage's upload form, which in AWS is an S3 URL.
      "connect-src 'self' https:",
      // The no-script upload page posts its forms to the storage (an S3 URL in AWS) too.
      options.postsToStorage ? "form-action 'self' https:" : "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join('; '),
  );
  return c.html(await body, status);
}

/** Sends the browser to a page after a successful post, so reloading never posts again. */
function redirectTo(c: Context<AppEnv>, path: string): Response {
  return c.redirect(localizedPath(c, path), 303);
}

function receiptCookie(c: Context<AppEnv>): string | undefined {
  const receipt = getCookie(c, RECEIPT_COOKIE);
  return receipt && receipt.length <= MAX_RECEIPT_LENGTH ? receipt : undefined;
}

function rememberReceipt(c: Context<AppEnv>, id: string, receipt: string): void {
  setCookie(c, RECEIPT_COOKIE, receipt, {
    path: sitePath(c, `/declarations/${id}`),
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
  });
}

function forgetReceipt(c: Context<AppEnv>, id: string): void {
  deleteCookie(c, RECEIPT_COOKIE, { path: sitePath(c, `/declarations/${id}`) });
}

/**
 * A posted form shown again, with its errors. A field holding a personal number is shown masked and its full
 * value sealed beside it (`seal`), so the filer need not type it again and the page never holds it in plain.
 * Without a sealer (or for a value the stored declaration already holds) it goes back to `fallback`.
 */
function shownAgain(
  values: PostedForm['values'],
  errors: Readonly<Record<string, string>>,
  seal: (field: string, value: string) => string,
  fallback?: Readonly<Record<string, string>>,
): FormState {
  const shown = valuesShownAgain(values, fallback);
  const sealed: Record<string, string> = {};
  const shownValues: Record<string, string> = { ...shown.values };
  for (const name of shown.withheld) {
    const value = values[name] ?? '';
    shownValues[name] = maskSensitiveText(value);
    sealed[name] = seal(name, value);
  }
  return { values: shownValues, errors: { ...errors }, sealed };
}

/**
 * The version a confirmation page carries on: the posted one when it could be this declaration's (a stale one must
 * stay stale), else the current one. A version above the current never existed, so it is never written back: it is
 * not a version but whatever was posted as one, and that may be a phone number.
 */
function versionShown(posted: string | undefined, stored: StoredDeclaration): number {
  const version = Number(posted);
  return Number.isInteger(version) && version >= 1 && version <= stored.version ? version : stored.version;
}

/** Opens a declaration with its receipt code alone; undefined when the code opens nothing. */
async function openAloneOrUndefined(context: FilingContext, receipt: string): Promise<StoredDeclaration | undefined> {
  if (receipt === '' || receipt.length > MAX_RECEIPT_LENGTH) return undefined;
  try {
    return await openWithReceiptAlone(context, receipt);
  } catch (error) {
    if (error instanceof DeclarationNotFound || error instanceof AccessDenied) return undefined;
    throw error;
  }
}

/** Opens a declaration with a receipt; a wrong receipt and an unknown id are one and the same answer. */
async function openOrUndefined(context: FilingContext, id: string, receipt: string | undefined): Promise<StoredDeclaration | undefined> {
  if (!receipt || receipt.length > MAX_RECEIPT_LENGTH || !isRecordId(id)) return undefined;
  try {
    return await openWithReceipt(context, id, receipt);
  } catch (error) {
    if (error instanceof AccessDenied || error instanceof DeclarationNotFound) return undefined;
    throw error;
  }
}

/** Citizens' web pages: home, the filing form and its receipt, and following one's own declaration. */
export function mountFilingPages(app: Hono<AppEnv>, deps: FilingPagesDeps): void {
  const { context } = deps;
  const today = () => shanghaiDate(context.now());

  for (const path of ['/', '/file', '/file/*', '/declarations/*']) {
    app.use(path, pageLocale());
    // Page forms are the browser's own posts: refuse any that another site makes it send (Origin check).
    app.use(path, sameSiteForms());
  }

  app.get('/', async (c) => {
    const page = await pageContext(c);
    return render(c, page, HomePage({ page }));
  });

  // ---- Filing -------------------------------------------------------------------------------------------------

  const filingForm = async (c: Context<AppEnv>, props: Omit<FilingFormProps, 'page' | 'types'>, status: PageStatus = 200) => {
    const page = await pageContext(c);
    return render(c, page, FilingPage({ page, types: DOCUMENT_TYPES, ...props }), status);
  };

  /** The form a type starts with: a loss, declared by the type's usual holder. */
  const initialState = (type: DocumentType | undefined): FormState =>
    type ? { values: { kind: 'loss', 'declarant.type': type.holder }, errors: {} } : EMPTY_FORM;

  /**
   * The no-script upload: the form as typed (numbers included) is sealed into the address the storage sends the
   * browser back to, bound to this form (`binding`) and short-lived like every sealed value.
   */
  const DRAFT_FIELD = 'draft';
  const uploadPage = async (c: Context<AppEnv>, path: string, binding: string, values: Record<string, string>, attachments: readonly string[]) => {
    const draft = (await deps.sealer()).seal(JSON.stringify({ values, attachments }), { form: binding, field: DRAFT_FIELD });
    const backUrl = publicUrl(`${path}?${new URLSearchParams({ form: binding, draft })}`);
    const page = await pageContext(c);
    const uploads = await startFormUploads(context.attachments, backUrl);
    return render(c, page, UploadPage({ page, uploads, backUrl }), 200, { postsToStorage: true });
  };
  /** The form an upload came back to, with the uploaded file added; undefined when the seal no longer opens. */
  const openDraft = async (c: Context<AppEnv>, binding: string): Promise<{ values: Record<string, string>; attachments: string[] } | undefined> => {
    const opened = (await deps.sealer()).open(c.req.query('draft') ?? '', { form: binding, field: DRAFT_FIELD });
    if (opened === undefined) return undefined;
    const draft = JSON.parse(opened) as { values: Record<string, string>; attachments: string[] };
    const added = attachmentIdFromKey(c.req.query('key') ?? '');
    return { values: draft.values, attachments: [...new Set([...draft.attachments, ...(added ? [added] : [])])] };
  };

  app.get('/file/attached', async (c) => {
    const formKey = c.req.query('form') ?? '';
    const draft = isRecordId(formKey) ? await openDraft(c, formKey) : undefined;
    if (!draft) return filingForm(c, { state: EMPTY_FORM, attachments: [], idempotencyKey: randomUUID(), alert: (await pageContext(c)).text.form.draftExpired }, 400);
    const sealer = await deps.sealer();
    const state = shownAgain(draft.values, {}, (field, value) => sealer.seal(value, { form: formKey, field }));
    const type = documentTypeByCode(draft.values['document.type'] ?? '');
    // Back with everything typed: the preview shows the notice and its fee as they stand, not an empty box.
    const preview = type ? previewShown(await previewOf(draft.values, type)) : {};
    return filingForm(c, { type, state, attachments: draft.attachments, idempotencyKey: formKey, ...preview });
  });

  app.get('/file', (c) => {
    const type = documentTypeByCode(c.req.query('type') ?? '');
    return filingForm(c, { type, state: initialState(type), attachments: [], idempotencyKey: randomUUID() });
  });

  // The script's type switch: the whole form for the first choice, then only the type's fields block.
  const fragmentForType = async (c: Context<AppEnv>, fragment: (page: PageContext, type: DocumentType) => Promise<JSX.Element>) => {
    const type = documentTypeByCode(c.req.query('type') ?? '');
    if (!type) return c.html('', 404);
    const page = await pageContext(c);
    return render(c, page, fragment(page, type));
  };
  app.get('/file/form', (c) =>
    fragmentForType(c, (page, type) => DeclarationForm({ page, type, state: initialState(type), attachments: [], idempotencyKey: randomUUID() })),
  );
  app.get('/file/fields', (c) =>
    fragmentForType(c, (page, type) => TypeFields({ page, type, state: initialState(type), withProof: true })),
  );

  const previewOf = async (values: PostedForm['values'], type: DocumentType) =>
    previewDeclaration(declarationFromForm(values, type), { today: today(), tariff: await deps.tariff() });

  // The script's live preview: the same preview box content, for the form as typed so far.
  app.post('/file/preview', async (c) => {
    const form = await readPostedForm(c);
    const type = documentTypeByCode(form.values['document.type'] ?? '');
    const page = await pageContext(c);
    if (!type) return render(c, page, PreviewContent({ page }));
    const sealer = await deps.sealer();
    const formKey = form.values.idempotencyKey ?? '';
    const { values } = openSealedValues(form.values, (field, token) => sealer.open(token, { form: formKey, field }));
    const result = await previewOf(values, type);
    return render(c, page, PreviewContent({ page, ...previewShown(result) }));
  });

  app.post('/file', async (c) => {
    const form = await readPostedForm(c);
    const type = documentTypeByCode(form.values['document.type'] ?? '');
    const formKey = form.values.idempotencyKey;
    // The form's key is a UUID of our making, the same shape as a declaration id.
    const idempotencyKey = formKey && isRecordId(formKey) ? formKey : randomUUID();
    const text = (await pageContext(c)).text.form;
    // Sealed values are bound to this form: its key.
    const sealer = await deps.sealer();
    const opened = openSealedValues(form.values, (field, token) => sealer.open(token, { form: idempotencyKey, field }));
    const values = opened.values;
    const again = (errors: Record<string, string>, extra: Partial<FilingFormProps> = {}, status: PageStatus = 400) => {
      const key = extra.idempotencyKey ?? idempotencyKey;
      const state = shownAgain(values, errors, (field, value) => sealer.seal(value, { form: key, field }));
      return filingForm(c, { type, state, attachments: form.attachments, idempotencyKey, ...extra }, status);
    };
    if (!type) return filingForm(c, { state: EMPTY_FORM, attachments: [], idempotencyKey }, 400);
    if (opened.expired.length > 0) return again(Object.fromEntries(opened.expired.map((name) => [name, text.sealedExpired])));

    if (values.intent === 'upload') return uploadPage(c, '/file/attached', idempotencyKey, values, form.attachments);
    if (values.intent === 'preview') {
      const result = await previewOf(values, type);
      return again({}, previewShown(result), 200);
    }
    try {
      const input = { ...declarationFromForm(values, type), ...(form.attachments.length > 0 ? { attachments: form.attachments } : {}) };
      const submitted = await submitDeclaration(context, input, idempotencyKey);
      // The contact as stored (validated): how the filer will be told is the receipt's last line.
      const stored = await openWithReceipt(context, submitted.id, submitted.receipt);
      return await receiptPage(c, submitted, notificationChannels(stored.declaration.contact));
    } catch (error) {
      if (error instanceof InvalidInput) return again(errorsByPath(error.errors, c.get('locale')));
      if (error instanceof DuplicateDeclaration) return again({}, { alert: text.duplicate, alertFollows: true }, 409);
      if (error instanceof IdempotencyKeyReused) return again({}, { alert: text.formReused, idempotencyKey: randomUUID() }, 422);
      throw error;
    }
  });

  const receiptPage = async (c: Context<AppEnv>, submitted: SubmittedDeclaration, channels: NotificationChannels) => {
    const page = await pageContext(c);
    const payment = await citizenPaymentOf(context.store, submitted);
    const followUrl = publicUrl('/declarations/follow');
    return render(c, page, ReceiptPage({ page, submitted, payment, followUrl, channels, paymentInstructions: deps.paymentInstructions }));
  };

  // The receipt page's language switch: the receipt comes back in the body (never in a URL) and must open the declaration.
  app.post('/file/receipt', async (c) => {
    const receipt = ((await readPostedForm(c)).values.receipt ?? '').trim();
    const stored = await openAloneOrUndefined(context, receipt);
    if (!stored) {
      const page = await pageContext(c);
      return render(c, page, FollowPage({ page, wrongReceipt: true }), 403);
    }
    const reading = readReceiptCode(receipt);
    return await receiptPage(c, { ...citizenView(stored), receipt: reading.ok ? reading.code : receipt }, notificationChannels(stored.declaration.contact));
  });

  // ---- Following one's declaration ------------------------------------------------------------------------------

  app.get('/declarations/follow', async (c) => {
    const page = await pageContext(c);
    return render(c, page, FollowPage({ page }));
  });

  app.post('/declarations/follow', async (c) => {
    const { values } = await readPostedForm(c);
    const id = (values.id ?? '').trim().toLowerCase();
    const receipt = (values.receipt ?? '').trim();
    // A receipt code opens the declaration by itself; a receipt issued before codes needs the id beside it.
    const stored = id === '' ? await openAloneOrUndefined(context, receipt) : await openOrUndefined(context, id, receipt);
    if (stored) {
      rememberReceipt(c, stored.id, receipt);
      return redirectTo(c, `/declarations/${stored.id}`);
    }
    const page = await pageContext(c);
    const typo = readReceiptCode(receipt);
    // The id box is typed back as sent only when it holds an id: anything else may be a number typed in the wrong box.
    const shownId = isRecordId(id) ? id : maskSensitiveText(id);
    return render(c, page, FollowPage({ page, id: shownId, wrongReceipt: true, mistyped: !typo.ok && typo.reason === 'check' }), 403);
  });

  /** The receipt prompt for an id; anything that cannot be an id gets the follow form, which asks for both. */
  const prompt = async (c: Context<AppEnv>, id: string, outcome: { wrongReceipt: boolean; status: PageStatus }) => {
    const page = await pageContext(c);
    if (!isRecordId(id)) return render(c, page, FollowPage({ page, wrongReceipt: outcome.wrongReceipt }), 404);
    return render(c, page, ReceiptPromptPage({ page, id, wrongReceipt: outcome.wrongReceipt }), outcome.status);
  };
  const refused = { wrongReceipt: true, status: 403 } as const;

  const editPreviewOf = async (stored: StoredDeclaration, changes: Record<string, unknown>) =>
    previewDeclaration(editedInput(stored, changes), { today: today(), tariff: await deps.tariff() });
  type StatusPageExtra = Omit<Parameters<typeof StatusPage>[0], 'page' | 'view' | 'withdrawable' | 'editions'>;
  const statusPage = async (c: Context<AppEnv>, stored: StoredDeclaration, extra: StatusPageExtra = {}, status: PageStatus = 200) => {
    const page = await pageContext(c);
    // The edit form opens with the notice as it stands, and its fee.
    const editPreview = extra.editPreview ?? (allowedFrom('edit').includes(stored.status) ? previewShown(await editPreviewOf(stored, {})) : undefined);
    const [paymentView, placed] = await Promise.all([citizenPaymentOf(context.store, stored), placementsToFollow(context.store, stored)]);
    const withdrawable = canWithdraw(stored, placed, context.now());
    const editions = editionsIn(placed);
    const payment = { view: paymentView, instructions: deps.paymentInstructions };
    return render(c, page, StatusPage({ page, view: citizenView(stored), payment, ...(editPreview ? { editPreview } : {}), ...extra, withdrawable, editions }), status);
  };

  /** The declaration the remembered receipt opens, or the receipt prompt (with an error when one was sent). */
  const withReceipt = async (
    c: Context<AppEnv>,
    then: (stored: StoredDeclaration, id: string) => Promise<Response> | Response,
  ): Promise<Response> => {
    const id = c.req.param('id') ?? '';
    const receipt = receiptCookie(c);
    const stored = await openOrUndefined(context, id, receipt);
    if (!stored) {
      if (receipt) forgetReceipt(c, id);
      // A post without a remembered receipt (the browser was closed) is refused, but is not a wrong receipt.
      const status = receipt !== undefined || c.req.method === 'POST' ? 403 : 200;
      return prompt(c, id, { wrongReceipt: receipt !== undefined, status });
    }
    return then(stored, id);
  };

  app.get('/declarations/:id', (c) =>
    withReceipt(c, (stored) => {
      const done = c.req.query('done');
      const notice = DONE_NOTICES.find((candidate) => candidate === done);
      return statusPage(c, stored, notice ? { notice } : {});
    }),
  );

  app.post('/declarations/:id', async (c) => {
    const id = c.req.param('id');
    const receipt = ((await readPostedForm(c)).values.receipt ?? '').trim();
    if (!(await openOrUndefined(context, id, receipt))) return prompt(c, id, refused);
    rememberReceipt(c, id, receipt);
    return redirectTo(c, `/declarations/${id}`);
  });

  /** A stale version or a state that no longer allows the action: the page again, as it now stands. */
  const conflict = async (c: Context<AppEnv>, id: string, error: StaleVersion | WrongState | GoneToPrint) => {
    const receipt = receiptCookie(c);
    const current = await openOrUndefined(context, id, receipt);
    if (!current) return prompt(c, id, refused);
    const text = (await pageContext(c)).text.status;
    const alert = error instanceof StaleVersion ? text.stale : error instanceof GoneToPrint ? (error.published ? text.published : text.goneToPrint) : text.wrongState;
    return statusPage(c, current, { alert }, 409);
  };

  // An edit form's sealed values are bound to the declaration and the version it edits.
  const editBinding = (stored: StoredDeclaration) => `${stored.id}:v${stored.version}`;
  const isEarlierEditBinding = (stored: StoredDeclaration, binding: string) => {
    const version = new RegExp(`^${stored.id}:v(\\d+)$`).exec(binding)?.[1];
    return version !== undefined && Number(version) < stored.version;
  };
  /** The edit form shown again: its numbers sealed (shown masked) and its proof files as ticked. */
  const editFormAgain = (sealer: ValueSealer, stored: StoredDeclaration, values: Record<string, string>, attachments: readonly string[], errors: Record<string, string> = {}) => ({
    editState: shownAgain(values, errors, (field, value) => sealer.seal(value, { form: editBinding(stored), field }), formValuesOf(citizenView(stored).declaration)),
    editAttachments: attachments.map((id) => stored.attachments.find((file) => file.id === id) ?? { id }),
  });
  /** An edit form as posted: its values with sealed numbers opened, and its proof files as ticked. */
  const postedEdit = async (c: Context<AppEnv>, stored: StoredDeclaration, type: DocumentType) => {
    const form = await readPostedForm(c);
    const sealer = await deps.sealer();
    const { values, expired } = openSealedValues(form.values, (field, token) => sealer.open(token, { form: editBinding(stored), field }));
    const again = (errors: Record<string, string>) => editFormAgain(sealer, stored, values, form.attachments, errors);
    return { values, expired, fields: declarationFromForm(values, type), attachments: form.attachments, again };
  };

  // The edit form's live preview (the script posts the form here as the filer types).
  app.post('/declarations/:id/preview', (c) =>
    withReceipt(c, async (stored) => {
      const page = await pageContext(c);
      const type = documentTypeByCode(stored.declaration.document.type);
      if (!type) return render(c, page, PreviewContent({ page }));
      const { fields } = await postedEdit(c, stored, type);
      return render(c, page, PreviewContent({ page, ...previewShown(await editPreviewOf(stored, fields)) }));
    }),
  );

  app.post('/declarations/:id/edit', (c) =>
    withReceipt(c, async (stored, id) => {
      const type = documentTypeByCode(stored.declaration.document.type);
      if (!type) return statusPage(c, stored, { alert: (await pageContext(c)).text.status.wrongState }, 409);
      const { values, expired, fields, attachments, again } = await postedEdit(c, stored, type);
      if (expired.length > 0) {
        const { text } = await pageContext(c);
        return statusPage(c, stored, again(Object.fromEntries(expired.map((name) => [name, text.form.sealedExpired]))), 400);
      }
      if (values.intent === 'upload') return uploadPage(c, `/declarations/${id}/attached`, editBinding(stored), values, attachments);
      if (values.intent === 'preview') {
        return statusPage(c, stored, { ...again({}), editPreview: previewShown(await editPreviewOf(stored, fields)) });
      }
      try {
        // The type stays the stored one: the edit form has no type switch.
        await editDeclaration(context, stored, { ...fields, attachments }, Number(values.version));
        return redirectTo(c, `/declarations/${id}?done=edited`);
      } catch (error) {
        if (error instanceof InvalidInput) return statusPage(c, stored, again(errorsByPath(error.errors, c.get('locale'))), 400);
        if (error instanceof StaleVersion || error instanceof WrongState) return conflict(c, id, error);
        throw error;
      }
    }),
  );

  // Back from a no-script upload: the edit form as it was, with the new file.
  app.get('/declarations/:id/attached', (c) =>
    withReceipt(c, async (stored) => {
      // A draft of an earlier version (the back button after the edit was saved) has not expired: it is out of date.
      if (isEarlierEditBinding(stored, c.req.query('form') ?? '')) return statusPage(c, stored, { alert: (await pageContext(c)).text.status.stale }, 409);
      const draft = await openDraft(c, editBinding(stored));
      if (!draft) return statusPage(c, stored, { alert: (await pageContext(c)).text.form.draftExpired }, 400);
      const type = documentTypeByCode(stored.declaration.document.type);
      const editPreview = type ? { editPreview: previewShown(await editPreviewOf(stored, declarationFromForm(draft.values, type))) } : {};
      return statusPage(c, stored, { ...editFormAgain(await deps.sealer(), stored, draft.values, draft.attachments), ...editPreview });
    }),
  );

  app.post('/declarations/:id/withdraw', (c) =>
    withReceipt(c, async (stored, id) => {
      const { values } = await readPostedForm(c);
      if (values.confirm !== 'yes') {
        const page = await pageContext(c);
        return render(c, page, WithdrawConfirmPage({ page, id, version: String(versionShown(values.version, stored)) }));
      }
      try {
        await withdrawDeclaration(context, stored, Number(values.version));
        return redirectTo(c, `/declarations/${id}?done=withdrawn`);
      } catch (error) {
        if (error instanceof StaleVersion || error instanceof WrongState || error instanceof GoneToPrint) return conflict(c, id, error);
        throw error;
      }
    }),
  );

  app.post('/declarations/:id/forget', (c) => {
    const id = c.req.param('id');
    if (isRecordId(id)) forgetReceipt(c, id);
    return redirectTo(c, isRecordId(id) ? `/declarations/${id}` : '/declarations/follow');
  });
}
