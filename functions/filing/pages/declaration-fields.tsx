import type { Child } from 'hono/jsx';
import { MAX_LENGTH, type DocumentType, type DocumentTypeField } from '../../../shared/domain/index.js';
import { isRecordId } from '../../../shared/domain/record-ids.js';
import { ATTACHMENT_CONTENT_TYPES } from '../../../shared/store/attachments.js';
import { SEALED_FIELD_PREFIX, type FormState } from './form-values.js';
import type { PageContext } from './page-context.js';

const idOf = (name: string) => `f-${name.replace(/\./g, '-')}`;
/** The element a field's error points to: its control, or for the proof files their fieldset. */
export const fieldIdOf = (name: string) => (name === 'attachments' ? 'proof' : idOf(name));

/** The attributes that tie a control to its label, hint and error message. */
function controlAttributes(name: string, state: FormState, hint: string | undefined) {
  const id = idOf(name);
  const error = state.errors[name];
  const remark = state.remarks?.[name];
  const describedBy = [remark ? `${id}-remark` : '', hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    id,
    name,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    ...(error ? { 'aria-invalid': 'true' } : {}),
  };
}

interface FieldProps {
  readonly page: PageContext;
  readonly state: FormState;
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
  readonly hint?: string | undefined;
  /** Shown only for one declarant type once the script runs (both show without it). */
  readonly declarant?: 'person' | 'organization';
}

/** The moderator's words beside a field they named. */
function Remark(props: { page: PageContext; state: FormState; name: string }) {
  const remark = props.state.remarks?.[props.name];
  if (!remark) return null;
  return (
    <p class="remark" id={`${idOf(props.name)}-remark`}>
      <strong>{props.page.text.form.remarkLabel}</strong>
      {remark}
    </p>
  );
}

/** Label, (the moderator's remark,) control, hint and the field's error message, in that order. */
function FieldFrame(props: FieldProps & { children: Child; labelFor?: boolean }) {
  const id = idOf(props.name);
  const error = props.state.errors[props.name];
  const sealed = props.state.sealed?.[props.name];
  return (
    <div class="field" data-declarant={props.declarant}>
      <label for={props.labelFor === false ? undefined : id}>
        {props.label}
        <span class="requirement">{props.required ? props.page.text.form.required : props.page.text.form.optional}</span>
      </label>
      <Remark page={props.page} state={props.state} name={props.name} />
      {props.children}
      {sealed ? (
        <>
          <input type="hidden" name={`${SEALED_FIELD_PREFIX}${props.name}`} value={sealed} />
          <button type="button" class="secondary change-sealed" data-clear={id} hidden>
            {props.page.text.form.change}
          </button>
          <p class="hint sealed-hint" id={`${id}-sealed`}>
            {props.page.text.form.sealedKept}
          </p>
        </>
      ) : null}
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function TextField(
  props: FieldProps & {
    type?: 'text' | 'date' | 'tel' | 'number' | 'email';
    maxLength?: number | undefined;
    placeholder?: string;
    inputMode?: 'numeric' | 'tel' | 'email' | 'text';
    autocomplete?: string;
    /** Numbers and codes: capitals, and no spell checker "correcting" them. */
    code?: boolean;
    min?: number;
    max?: number;
  },
) {
  return (
    <FieldFrame {...props}>
      <input
        {...controlAttributes(props.name, props.state, props.hint)}
        type={props.type ?? 'text'}
        value={props.state.values[props.name] ?? ''}
        required={props.required}
        maxlength={props.maxLength}
        placeholder={props.placeholder}
        inputmode={props.inputMode}
        autocomplete={props.autocomplete ?? 'off'}
        autocapitalize={props.code ? 'characters' : undefined}
        spellcheck={props.code ? false : undefined}
        min={props.min}
        max={props.max}
      />
    </FieldFrame>
  );
}

function SelectField(props: FieldProps & { choices: readonly { value: string; label: string }[] }) {
  const selected = props.state.values[props.name] ?? '';
  return (
    <FieldFrame {...props}>
      <select {...controlAttributes(props.name, props.state, props.hint)} required={props.required}>
        <option value="">{props.page.text.form.choose}</option>
        {props.choices.map((choice) => (
          <option value={choice.value} selected={choice.value === selected}>
            {choice.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

function RadioField(props: FieldProps & { choices: readonly { value: string; label: string }[] }) {
  const selected = props.state.values[props.name] ?? '';
  const { id, ...attributes } = controlAttributes(props.name, props.state, props.hint);
  return (
    <FieldFrame {...props} labelFor={false}>
      <div class="choices" role="radiogroup" id={id}>
        {props.choices.map((choice) => (
          <label>
            <input {...attributes} type="radio" value={choice.value} checked={choice.value === selected} required={props.required} />
            {choice.label}
          </label>
        ))}
      </div>
    </FieldFrame>
  );
}

function CheckboxField(props: FieldProps) {
  return (
    <FieldFrame {...props}>
      <div class="choices">
        <label>
          <input {...controlAttributes(props.name, props.state, props.hint)} type="checkbox" value="true" checked={props.state.values[props.name] === 'true'} />
          {props.page.text.form.yes}
        </label>
      </div>
    </FieldFrame>
  );
}

/** A number whose shape is digits only (`/^\d{15}$/`) gets the phone's numeric keypad. */
const DIGITS_ONLY_SOURCE = /^\^\\d\{\d+(?:,\d+)?\}\$$/;
const digitsOnly = (pattern: RegExp | undefined): boolean => pattern !== undefined && DIGITS_ONLY_SOURCE.test(pattern.source);

/** One document field, with the control its kind calls for (the catalogue says which fields a type has). */
function DocumentField(props: { page: PageContext; state: FormState; field: DocumentTypeField }) {
  const { page, state, field } = props;
  const common = {
    page,
    state,
    name: `document.${field.name}`,
    label: field.label[page.locale],
    required: field.required,
    hint: field.hint?.[page.locale],
  };
  switch (field.kind) {
    case 'choice':
      return <SelectField {...common} choices={(field.choices ?? []).map((choice) => ({ value: choice.value, label: choice.label[page.locale] }))} />;
    case 'boolean':
      return <CheckboxField {...common} />;
    case 'integer':
      return <TextField {...common} type="number" min={1} max={9999} inputMode="numeric" />;
    case 'date':
      return <TextField {...common} type="date" />;
    case 'month_or_date':
      return <TextField {...common} placeholder="2015-07 / 2015-07-01" maxLength={10} />;
    case 'year':
      return <TextField {...common} placeholder="2015" maxLength={4} inputMode="numeric" />;
    case 'number':
      return <TextField {...common} maxLength={field.maxLength} code inputMode={digitsOnly(field.pattern) ? 'numeric' : 'text'} />;
    case 'name':
    case 'term':
      return <TextField {...common} maxLength={field.maxLength} />;
  }
}

/**
 * The proof files: those already uploaded are ticked boxes (untick to remove one, with or without the script);
 * the script uploads new files straight to storage and adds them ticked.
 */
function ProofFields(props: { page: PageContext; type: DocumentType; state: FormState; attachments: readonly ProofFile[]; error?: string | undefined }) {
  const { page, type } = props;
  const text = page.text.form;
  // A box only for what can be an uploaded file's id; every other posted value names no file, and may be a phone number.
  const files = props.attachments.filter((file) => isRecordId(file.id));
  return (
    <fieldset id={fieldIdOf('attachments')} aria-describedby={props.error ? 'proof-error' : undefined}>
      <legend>{text.proofLegend}</legend>
      {type.proof ? <p>{text.proofNeeded(type.proof[page.locale])}</p> : null}
      <Remark page={page} state={props.state} name="attachments" />
      {/* Without the script: the form goes to the upload page and comes back with the file (and all it held). */}
      <noscript>
        <p class="hint">{text.proofNoScriptHow}</p>
        <button type="submit" name="intent" value="upload" class="secondary" formnovalidate>
          {text.proofUploadNoScript}
        </button>
      </noscript>
      <div id="proof-upload" hidden>
        <label for="proof-file">{text.proofUpload}</label>
        <input
          type="file"
          id="proof-file"
          accept={ATTACHMENT_CONTENT_TYPES.join(',')}
          multiple
          data-start={page.path('/api/v1/attachments')}
          data-uploading={text.proofUploading}
          data-uploaded={text.proofUploaded}
          data-failed={text.proofFailed}
        />
        <p id="proof-status" class="hint" aria-live="polite"></p>
      </div>
      <ul id="proof-list" class="choices">
        {files.map((file, index) => (
          <li>
            <label>
              <input type="checkbox" name="attachments" value={file.id} checked />
              {text.proofKept(index + 1, file.contentType ? text.proofKinds[file.contentType] ?? file.contentType : undefined, file.size)}
            </label>
          </li>
        ))}
      </ul>
      {files.length > 0 ? <p class="hint">{text.proofUntick}</p> : null}
      {props.error ? (
        <p class="error" id="proof-error">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A proof file on the form: its id, and its type and size when it is on file already. */
export interface ProofFile {
  readonly id: string;
  readonly contentType?: string;
  readonly size?: number;
}

/**
 * Everything that depends on the document type: its fields, and the proof upload when the type needs proof.
 * The filing form's script swaps this block (fetched from `/file/fields`) when the type changes.
 */
export function TypeFields(props: { page: PageContext; type: DocumentType; state: FormState; attachments?: readonly ProofFile[]; withProof: boolean }) {
  const { page, type, state } = props;
  const attachments = props.attachments ?? [];
  // A type that needs no proof still takes a file the paper asked for, and keeps one already on file.
  const proofWanted = type.requiresProof || attachments.length > 0 || state.remarks?.attachments !== undefined;
  return (
    <div id="type-fields" data-holder={type.holder}>
      <fieldset>
        <legend>{page.text.form.documentLegend(type.label[page.locale])}</legend>
        {type.fields.map((field) => (
          <DocumentField page={page} state={state} field={field} />
        ))}
      </fieldset>
      {props.withProof && proofWanted ? (
        <ProofFields page={page} type={type} state={state} attachments={attachments} error={state.errors.attachments} />
      ) : null}
    </div>
  );
}

/** The declaration's fields, shared by the filing form and the edit form on the status page. */
export function DeclarationFields(props: { page: PageContext; type: DocumentType; state: FormState; attachments?: readonly ProofFile[]; withProof: boolean }) {
  const { page, type, state } = props;
  const text = page.text.form;
  const common = { page, state };
  return (
    <>
      <input type="hidden" name="document.type" value={type.code} />
      <RadioField
        {...common}
        name="kind"
        label={text.kindLegend}
        required
        choices={[
          { value: 'loss', label: text.kinds.loss },
          { value: 'void', label: text.kinds.void },
        ]}
      />
      <fieldset id="declarant">
        <legend>{text.declarantLegend}</legend>
        <RadioField
          {...common}
          name="declarant.type"
          label={text.declarantType}
          required
          choices={[
            { value: 'person', label: text.declarantTypes.person },
            { value: 'organization', label: text.declarantTypes.organization },
          ]}
        />
        <TextField {...common} name="declarant.name" label={text.declarantName} hint={text.declarantNameHint} required maxLength={MAX_LENGTH.name} autocomplete="name" />
        <TextField {...common} name="declarant.idNumber" label={text.idNumber} hint={text.idNumberHint} required={false} maxLength={MAX_LENGTH.number} code declarant="person" />
        <TextField
          {...common}
          name="declarant.creditCode"
          label={text.creditCode}
          hint={text.creditCodeHint}
          required={false}
          maxLength={MAX_LENGTH.number}
          code
          declarant="organization"
        />
      </fieldset>
      <TypeFields page={page} type={type} state={state} withProof={props.withProof} {...(props.attachments ? { attachments: props.attachments } : {})} />
      <fieldset>
        <legend>{text.detailsLegend}</legend>
        <TextField {...common} name="lostOn" label={text.lostOn} type="date" required={false} />
        <FieldFrame {...common} name="statement" label={text.statement} hint={text.statementHint} required={false}>
          <textarea {...controlAttributes('statement', state, text.statementHint)} rows={3} maxlength={MAX_LENGTH.statement}>
            {state.values.statement ?? ''}
          </textarea>
        </FieldFrame>
      </fieldset>
      <fieldset>
        <legend>{text.contactLegend}</legend>
        <TextField
          {...common}
          name="contact.phone"
          label={text.phone}
          hint={text.phoneHint}
          required
          type="tel"
          inputMode="tel"
          autocomplete="tel"
          maxLength={MAX_LENGTH.phone}
        />
        <TextField
          {...common}
          name="contact.email"
          label={text.email}
          hint={text.emailHint}
          required={false}
          type="email"
          inputMode="email"
          autocomplete="email"
          maxLength={MAX_LENGTH.email}
        />
      </fieldset>
    </>
  );
}
