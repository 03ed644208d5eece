import type { Context } from 'hono';
import { maskSensitiveText, type DeclarationInput, type DocumentType, type FieldError } from '../../../shared/domain/index.js';
import type { AppEnv } from '../../../shared/http/app.js';
import type { Locale } from '../../../shared/http/locale.js';
import { HttpProblem } from '../../../shared/http/problem.js';

/**
 * A posted page form, field by field under its dotted name (`declarant.name`, `document.number`); `attachments`
 * is the one field that repeats (one hidden input per uploaded proof file).
 */
export interface PostedForm {
  readonly values: Readonly<Record<string, string>>;
  readonly attachments: readonly string[];
}

/** What a form shows: the values to fill in and, per field, the message to put next to it. */
export interface FormState {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
  /** Fields shown masked whose full value travels sealed (shared/services/sealed-values.ts), by field name. */
  readonly sealed?: Readonly<Record<string, string>>;
  /** The moderator's request for changes, beside each field it names (and `attachments`). */
  readonly remarks?: Readonly<Record<string, string>>;
}

/** The hidden field that carries a sealed value beside the field it belongs to: `sealed.contact.phone`. */
export const SEALED_FIELD_PREFIX = 'sealed.';

/**
 * Puts sealed values back: a field still showing the masked form of its sealed value gets the full value again
 * (a field the filer changed keeps what they typed). `expired`: fields whose seal no longer opens (too old, or
 * not made for this form) and that still show only the masked number, so they must be typed again.
 */
export function openSealedValues(
  values: PostedForm['values'],
  open: (field: string, token: string) => string | undefined,
): { values: Record<string, string>; expired: string[] } {
  const opened: Record<string, string> = Object.create(null) as Record<string, string>;
  const expired: string[] = [];
  for (const [name, value] of Object.entries(values)) if (!name.startsWith(SEALED_FIELD_PREFIX)) opened[name] = value;
  for (const [name, token] of Object.entries(values)) {
    if (!name.startsWith(SEALED_FIELD_PREFIX)) continue;
    const field = name.slice(SEALED_FIELD_PREFIX.length);
    const shown = opened[field];
    if (shown === undefined) continue;
    const full = open(field, token);
    if (full !== undefined && shown === maskSensitiveText(full)) opened[field] = full;
    else if (full === undefined && shown !== '' && maskSensitiveText(shown) === shown && shown.includes('*')) expired.push(field);
  }
  return { values: opened, expired };
}

export const EMPTY_FORM: FormState = { values: {}, errors: {} };

/** Reads a form-urlencoded (or multipart) page post; file parts are ignored, proof goes straight to storage. */
const MALFORMED_FORM: Record<Locale, [title: string, detail: string]> = {
  'zh-CN': ['表单内容有误', '提交的表单内容不完整或格式错误，请回到页面重新提交。'],
  en: ['Malformed form', 'The form data sent is incomplete or malformed; go back to the page and send it again.'],
};

/** The posted form; a body that is not a well-formed form (a cut-off multipart, no boundary) is a 400, not a 500. */
export async function readPostedForm(c: Context<AppEnv>): Promise<PostedForm> {
  const body = await c.req.parseBody({ all: true }).catch((error: unknown) => {
    // Fetch's form parsing rejects a malformed body with a TypeError; anything else (the parser not loading) is ours.
    if (!(error instanceof TypeError)) throw error;
    const [title, detail] = MALFORMED_FORM[c.get('locale')];
    throw new HttpProblem(400, 'malformed-form', title, detail);
  });
  // No prototype: a field named `__proto__` or `constructor` is just an unknown field.
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  const attachments: string[] = [];
  for (const [name, entry] of Object.entries(body)) {
    const strings = (Array.isArray(entry) ? entry : [entry]).filter((value): value is string => typeof value === 'string');
    if (name === 'attachments') attachments.push(...strings);
    else if (strings.length > 0) values[name] = strings[strings.length - 1] ?? '';
  }
  return { values, attachments };
}

/**
 * The declaration a filing or edit form describes, in the API's body shape, so the same services validate it.
 * Only the chosen type's document fields are read, and only the identifier that fits the declarant type; blank
 * fields stay blank strings, which validation reads as "not given" (and an edit as "cleared").
 */
export function declarationFromForm(values: PostedForm['values'], type: DocumentType): Record<string, unknown> {
  const document: Record<string, unknown> = { type: type.code };
  for (const field of type.fields) {
    const raw = values[`document.${field.name}`];
    if (raw === undefined) continue;
    if (field.kind === 'boolean') {
      if (raw === 'true') document[field.name] = true;
    } else if (field.kind === 'integer' && /^\s*\d+\s*$/.test(raw)) {
      document[field.name] = Number(raw);
    } else {
      document[field.name] = raw;
    }
  }
  const declarantType = values['declarant.type'];
  const identifier =
    declarantType === 'person'
      ? { idNumber: values['declarant.idNumber'] ?? '' }
      : declarantType === 'organization'
        ? { creditCode: values['declarant.creditCode'] ?? '' }
        : {};
  return {
    kind: values.kind,
    declarant: { type: declarantType, name: values['declarant.name'] ?? '', ...identifier },
    document,
    lostOn: values.lostOn ?? '',
    statement: values.statement ?? '',
    contact: { phone: values['contact.phone'] ?? '', email: values['contact.email'] ?? '' },
  };
}

/** A stored (masked) declaration as form values, to prefill the edit form. */
export function formValuesOf(declaration: DeclarationInput): Record<string, string> {
  const values: Record<string, string> = {};
  const visit = (value: unknown, name: string): void => {
    if (value !== null && typeof value === 'object') {
      for (const [key, entry] of Object.entries(value)) visit(entry, name ? `${name}.${key}` : key);
    } else if (value !== undefined) {
      values[name] = String(value);
    }
  };
  visit(declaration, '');
  return values;
}

/**
 * One message per field path, in the page's language. Messages are masked too: a message may quote an example
 * number, and no page may show one in full.
 */
export function errorsByPath(errors: readonly FieldError[], locale: Locale): Record<string, string> {
  return Object.fromEntries(errors.map((error) => [error.path, maskSensitiveText(error.message[locale])]));
}

/** Free prose: a number in it is printed masked anyway, so showing it masked loses nothing. */
const PROSE_FIELDS = new Set(['statement']);

/**
 * Posted values as a re-rendered form may show them: no page shows a full resident ID or mobile number, the
 * filer's own included. In prose the number is masked; in any other field the number is the whole value, and a
 * masked one would not pass validation, so the field goes back to `fallback` (empty, or the stored masked value
 * when editing) and is listed in `withheld` so the page can ask for it again.
 */
export function valuesShownAgain(
  values: PostedForm['values'],
  fallback: Readonly<Record<string, string>> = {},
): { values: Record<string, string>; withheld: string[] } {
  const shown: Record<string, string> = {};
  const withheld: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const masked = maskSensitiveText(value);
    if (masked === value || PROSE_FIELDS.has(name)) {
      shown[name] = masked;
    } else {
      shown[name] = Object.hasOwn(fallback, name) ? (fallback[name] ?? '') : '';
      withheld.push(name);
    }
  }
  return { values: shown, withheld };
}
