/**
 * The shapes of the staff routes' bodies (functions/moderation), as zod/mini schemas for the OpenAPI document. The
 * routes check their input by hand, with these same bounds; the answers are described loosely (every object may
 * carry more members than listed), and truthfully.
 */
import * as z from 'zod/mini';
import { ORGANISATION_KINDS, MAX_DAILY_QUOTA, DEFAULT_DAILY_QUOTA, MAX_ORGANISATION_LENGTH } from '../../shared/domain/api-keys.js';
import { MAX_CORRECTION_TEXT } from '../../shared/domain/corrections.js';
import { MAX_PLACEMENT_IDS, MAX_RUN_DAYS } from '../../shared/domain/editions.js';
import { DECLARATION_STATUSES } from '../../shared/domain/lifecycle.js';
import { RECORD_ID } from '../../shared/domain/record-ids.js';
import { MAX_PAYMENT_REFERENCE } from '../../shared/domain/payment.js';
import { STAFF_ROLES } from '../../shared/http/staff-auth.js';
import { MAX_BATCH_DECISIONS, STAFF_DECISIONS } from '../../shared/services/moderation.js';
import { MAX_REASON_LENGTH } from '../../shared/domain/lifecycle.js';
import { apiKeySchema, described, editionDate, noticeNumber, problemSchema } from './schemas.js';

const declarationId = () => described(z.string().check(z.regex(RECORD_ID)), 'A declaration id (lower-case UUID)');
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

const decisionFields = {
  action: z.enum(STAFF_DECISIONS),
  reason: z.optional(described(z.string().check(z.maxLength(MAX_REASON_LENGTH)), 'Required to reject or request changes; the filer sees it')),
  version: described(z.int().check(z.gte(1)), 'The version decided on: a stale one is a 409 and changes nothing'),
};

export const decisionRequestSchema = z.object(decisionFields);

export const decisionBatchRequestSchema = z.object({
  decisions: z.array(z.object({ id: declarationId(), ...decisionFields })).check(z.minLength(1), z.maxLength(MAX_BATCH_DECISIONS)),
});

export const paymentRequestSchema = z.object({
  amount: described(z.int().check(z.gte(0)), 'In fen, exactly what `payment.owedFen` states (at first the preview’s `fee.amountFen`)'),
  reference: described(text(MAX_PAYMENT_REFERENCE), 'The transfer, WeChat/Alipay or receipt number'),
});

export const paymentWaiverRequestSchema = z.object({ reason: text(MAX_REASON_LENGTH) });

export const editionRequestSchema = z.object({ date: editionDate() });

export const placementRequestSchema = z.object({
  ids: z.array(declarationId()).check(z.minLength(1), z.maxLength(MAX_PLACEMENT_IDS)),
  days: z._default(described(z.int().check(z.gte(1), z.lte(MAX_RUN_DAYS)), 'How many consecutive editions, from this one, the notices run in'), 1),
});

export const correctionRequestSchema = z.object({
  noticeNo: described(noticeNumber(), 'The published notice being corrected'),
  item: described(text(MAX_CORRECTION_TEXT), 'What is corrected, as printed (e.g. 证件号码)'),
  wrong: text(MAX_CORRECTION_TEXT),
  correct: text(MAX_CORRECTION_TEXT),
});

export const cosignatureRequestSchema = z.object({
  cosignature: described(z.string(), 'A witness’s signature line of the newest checkpoint (c2sp.org/tlog-cosignature): — <name> <base64>'),
});

export const apiKeyRequestSchema = z.object({
  organisation: text(MAX_ORGANISATION_LENGTH),
  kind: described(z.enum(ORGANISATION_KINDS), 'verifier (batch checks, watches) or agency (bundles)'),
  dailyQuota: z._default(z.int().check(z.gte(1), z.lte(MAX_DAILY_QUOTA)), DEFAULT_DAILY_QUOTA),
});

export const staffIdentitySchema = z.object({ username: z.string(), roles: z.array(z.enum(STAFF_ROLES)) });

export const staffDeclarationSchema = z.looseObject({
  id: z.string(),
  status: z.enum(DECLARATION_STATUSES),
  version: z.int(),
  declaration: described(z.record(z.string(), z.unknown()), 'The declaration as filed (DeclarationInput), unmasked until its personal numbers are purged'),
  text: described(z.string(), 'The notice text (masked, as it would be published)'),
  warnings: z.array(z.unknown()),
  attachments: z.array(z.looseObject({ id: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string(),
  reason: z.optional(z.string()),
  bundleId: z.optional(described(z.string(), 'The agency bundle that filed it')),
});

export const staffDeclarationPageSchema = z.object({
  items: z.array(staffDeclarationSchema),
  next: z.optional(described(z.string(), 'Opaque cursor of the next page; absent on the last page')),
});

export const staffDeclarationDetailSchema = z.looseObject({
  ...staffDeclarationSchema.def.shape,
  payment: described(z.looseObject({ status: z.string(), fee: z.unknown() }), 'The fee and how it stands: unpaid, paid or waived, with what is owed'),
  audit: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), reason: z.optional(z.string()) })),
});

export const decisionResultsSchema = z.object({
  results: described(
    z.array(z.object({ id: z.string(), status: described(z.int(), '200 applied, else the refusal’s status (404, 409)'), declaration: z.optional(staffDeclarationSchema), problem: z.optional(problemSchema) })),
    'One result per decision, in the order asked; each applied or refused on its own',
  ),
});

export const settlementSchema = z.looseObject({ kind: z.enum(['paid', 'waived']), by: z.string(), at: z.string() });

export const editionSchema = z.looseObject({
  date: editionDate(),
  status: z.enum(['open', 'publishing', 'published']),
  cutoffAt: described(z.string(), 'After this (15:00 Asia/Shanghai the day before) nothing is placed in or taken out of it'),
  publishAt: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  publishedAt: z.optional(z.string()),
  noticeCount: z.optional(z.int()),
  issueNo: z.optional(described(z.int(), '第 N 期, given at publication')),
});

export const editionListSchema = z.looseObject({
  items: z.array(z.looseObject({ date: editionDate(), state: z.enum(['upcoming', 'open', 'closed', 'published']), cutoffAt: z.string(), publishAt: z.string(), noticeCount: z.int() })),
  next: z.optional(z.string()),
  nextOpen: described(z.object({ date: editionDate(), cutoffAt: z.string(), exists: z.boolean() }), 'Where new placements go by default'),
});

export const editionDetailSchema = z.looseObject({
  ...editionSchema.def.shape,
  notices: described(z.array(z.looseObject({})), 'The notices as laid out on the page'),
  placements: z.array(z.looseObject({ date: editionDate(), declarationId: z.string(), placedAt: z.string(), noticeNo: z.optional(noticeNumber()) })),
});

export const placedSchema = z.object({ placed: described(z.array(z.string()), 'The declarations placed (each once)') });

export const correctionPlacedSchema = z.object({ id: z.string(), text: described(z.string(), 'The correction notice as it will be printed') });

export const publishedEditionSchema = z.object({
  date: editionDate(),
  status: z.literal('published'),
  noticeCount: z.int(),
  publishedNow: described(z.int(), 'Notices this run published (0 when the edition was already published)'),
});

export const cosignatureAcceptedSchema = z.object({ treeSize: z.int(), witness: z.string() });

export const issuedApiKeySchema = z.object({
  key: apiKeySchema,
  apiKey: described(z.string(), 'The key, `smk_<id>_<secret>`, shown only in this answer (Cache-Control: no-store): hand it to the organisation'),
});

export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });
