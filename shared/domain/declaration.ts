/**
 * The declaration a citizen files (contract body of `POST /api/v1/declarations`), as a zod/mini schema: the
 * structure only (types, enums, no unknown keys). Lengths, dates, identifiers and per-type rules are checked in
 * validation.ts, which also reports every problem in both languages. Length limits count characters (code
 * points) and are attached as JSON Schema `maxLength` metadata so `z.toJSONSchema` shows them.
 */
import * as z from 'zod/mini';
import { DOCUMENT_TYPE_CODES } from './codes.js';

export const MAX_LENGTH = { name: 50, number: 64, term: 30, statement: 200, phone: 32, email: 254 } as const;

function bounded(maxLength: number) {
  return z.string().register(z.globalRegistry, { maxLength });
}

const nameText = () => bounded(MAX_LENGTH.name);
const numberText = () => bounded(MAX_LENGTH.number);
const termText = () => bounded(MAX_LENGTH.term);
const isoDate = () => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const isoMonthOrDate = () => z.string().check(z.regex(/^\d{4}-\d{2}(-\d{2})?$/));

export const DECLARATION_KINDS = ['loss', 'void'] as const;
export const COPIES = ['original', 'duplicate', 'both'] as const;
export const CHILD_RELATIONS = ['son', 'daughter'] as const;

function buildDeclarationInputSchema() {
  const personDeclarant = z.strictObject({
    type: z.literal('person'),
    name: nameText(),
    idNumber: z.optional(numberText()),
  });

  const organizationDeclarant = z.strictObject({
    type: z.literal('organization'),
    name: nameText(),
    creditCode: z.optional(numberText()),
  });

  /** Every field any document type may carry; the catalogue says which apply to a type and which it requires. */
  const documentSchema = z.strictObject({
    type: z.enum(DOCUMENT_TYPE_CODES),
    /** The certificate's number; for invoices the first of a range, for a vehicle licence the plate. */
    number: z.optional(numberText()),
    issuer: z.optional(nameText()),
    /** `YYYY-MM` or `YYYY-MM-DD`, as printed on the document. */
    issuedOn: z.optional(isoMonthOrDate()),
    copy: z.optional(z.enum(COPIES)),
    /** The document's name, for type `other`. */
    label: z.optional(termText()),
    invoiceKind: z.optional(termText()),
    invoiceCode: z.optional(numberText()),
    numberTo: z.optional(numberText()),
    count: z.optional(z.int().check(z.minimum(1), z.maximum(9999))),
    blank: z.optional(z.boolean()),
    childName: z.optional(nameText()),
    childRelation: z.optional(z.enum(CHILD_RELATIONS)),
    fatherName: z.optional(nameText()),
    motherName: z.optional(nameText()),
    birthDate: z.optional(isoDate()),
    bankName: z.optional(nameText()),
    approvalNumber: z.optional(numberText()),
    plateNumber: z.optional(numberText()),
    vehicleKind: z.optional(termText()),
    archiveNumber: z.optional(numberText()),
    level: z.optional(termText()),
    category: z.optional(termText()),
    school: z.optional(nameText()),
    educationLevel: z.optional(termText()),
    major: z.optional(termText()),
    /** `YYYY`: the year the certificate was awarded. */
    year: z.optional(z.string().check(z.regex(/^\d{4}$/))),
    employer: z.optional(nameText()),
    sealHolderName: z.optional(nameText()),
    operatorName: z.optional(nameText()),
  });

  return z.strictObject({
    kind: z.enum(DECLARATION_KINDS),
    declarant: z.discriminatedUnion('type', [personDeclarant, organizationDeclarant]),
    document: documentSchema,
    /** For a loss, the day it was lost; for a void, the day from which the document is void. */
    lostOn: z.optional(isoDate()),
    statement: z.optional(bounded(MAX_LENGTH.statement)),
    // The e-mail address is optional: status notifications go to the phone by SMS, and to it as well when given.
    contact: z.strictObject({ phone: bounded(MAX_LENGTH.phone), email: z.optional(z.email().check(z.maxLength(MAX_LENGTH.email))) }),
  });
}

let schema: ReturnType<typeof buildDeclarationInputSchema> | undefined;

/** The schema, built on first use: building zod schemas costs cold-start time that routes which never validate need not pay. */
export function declarationInputSchema(): ReturnType<typeof buildDeclarationInputSchema> {
  return (schema ??= buildDeclarationInputSchema());
}

export type DeclarationInput = z.infer<ReturnType<typeof buildDeclarationInputSchema>>;
export type DeclarationKind = DeclarationInput['kind'];
export type Declarant = DeclarationInput['declarant'];
export type DocumentInput = DeclarationInput['document'];
export type DocumentFieldName = Exclude<keyof DocumentInput, 'type'>;
export type Copy = (typeof COPIES)[number];
