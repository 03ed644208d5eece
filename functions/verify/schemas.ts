/**
 * The shapes of the public and citizen responses (contract), as zod/mini schemas: the OpenAPI document is generated
 * from them, and the verify routes' responses are typed by them.
 */
import * as z from 'zod/mini';
import { DOCUMENT_TYPE_CODES } from '../../shared/domain/codes.js';
import { DECLARATION_KINDS } from '../../shared/domain/declaration.js';
import { DECLARATION_STATUSES } from '../../shared/domain/lifecycle.js';

export function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

export const editionDate = () => described(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), 'Edition date, YYYY-MM-DD (Asia/Shanghai)');
export const noticeNumber = () => described(z.string().check(z.regex(/^\d{8}-\d{4}$/)), 'Notice number: edition date and position, e.g. 20261123-0007');

export const publicNoticeSchema = z.object({
  noticeNo: noticeNumber(),
  kind: z.enum(DECLARATION_KINDS),
  documentType: described(z.string(), 'A document type code (see /api/v1/document-types)'),
  publishedOn: editionDate(),
  text: described(z.string(), 'The notice as printed, with resident ID and mobile numbers masked'),
  correctsNoticeNo: z.optional(noticeNumber()),
  correctedBy: z.optional(described(z.array(noticeNumber()), 'The corrections (更正声明) published for this notice, oldest first; not part of its log entry')),
  logIndex: z.optional(described(z.number().check(z.int(), z.nonnegative()), 'The index of the notice’s entry in the public transparency log')),
  // The edition it was printed in; publishedOn is the day it became public (the same, or later when published late).
  editionDate: z.optional(editionDate()),
  position: z.optional(
    described(
      z.object({ page: z.int().check(z.positive()), column: z.int().check(z.positive()), order: z.int().check(z.positive()) }),
      'Where the edition set it: page, column, and its order in that column (absent on notices published before positions were kept)',
    ),
  ),
});

export const logProofSchema = z.object({
  hashes: described(z.array(z.string()), 'The proof’s SHA-256 hashes, base64, in RFC 9162 §2.1 order'),
});

export const verificationSchema = z.object({
  number: described(z.string(), 'The number as looked up (normalized), masked like every number shown in public'),
  status: z.enum(['declared_void', 'no_record']),
  notices: z.array(publicNoticeSchema),
  note: described(z.string(), 'What the answer does and does not prove, in the language asked for'),
});

export const batchVerificationSchema = z.object({
  results: described(z.array(verificationSchema), 'One answer per number asked, in the order asked (duplicates answered each time)'),
});

export const batchRequestSchema = z.object({
  numbers: described(z.array(z.string().check(z.maxLength(64))).check(z.minLength(1), z.maxLength(100)), 'Up to 100 certificate numbers, each as for GET /api/v1/verify'),
});

export const apiKeySchema = z.object({
  id: described(z.string(), 'The key’s public id (the key itself is never shown again)'),
  organisation: z.string(),
  kind: z.enum(['verifier', 'agency']),
  dailyQuota: described(z.number().check(z.int()), 'Lookups (verifier) or rows (agency) a day, Asia/Shanghai days'),
  status: z.enum(['active', 'revoked']),
  createdAt: z.string(),
  createdBy: z.string(),
  rotatedAt: z.optional(z.string()),
  revokedAt: z.optional(z.string()),
});

export const organisationStandingSchema = z.object({
  key: apiKeySchema,
  usedToday: z.number().check(z.int()),
  resetsAt: described(z.string(), 'When the next quota day starts (midnight Asia/Shanghai), ISO 8601'),
});

export const noticePageSchema = z.object({
  items: z.array(publicNoticeSchema),
  next: z.optional(described(z.string(), 'Opaque cursor of the next page; absent on the last page')),
});

const watchedNumber = () => described(z.string(), 'The watched number, masked: only its last four characters (the store keeps its keyed hash)');
const watchId = () => described(z.string(), 'The watch’s id');

export const watchCreatedSchema = z.object({
  id: watchId(),
  secret: described(z.string().check(z.regex(/^whsec_/)), 'The Standard Webhooks signing secret (`whsec_` + base64), shown only here: verify each delivery’s `webhook-signature` with it'),
  number: watchedNumber(),
  callbackUrl: z.string(),
  createdAt: z.string(),
});

export const watchListSchema = z.object({
  items: z.array(z.object({ id: watchId(), number: watchedNumber(), callbackUrl: z.string(), createdAt: z.string() })),
});

export const watchDeliveriesSchema = z.object({
  items: described(
    z.array(
      z.object({
        messageId: described(z.string(), 'The delivery’s `webhook-id`'),
        watchId: watchId(),
        noticeNo: noticeNumber(),
        callbackUrl: z.string(),
        state: described(z.enum(['retrying', 'dead', 'delivered']), 'retrying (waiting for its next attempt), dead (given up on) or delivered (after failures)'),
        attempts: z.int(),
        lastError: z.optional(described(z.string(), 'Why the last attempt failed: http_<status>, timeout, a network error code, address_refused, watch_ended')),
        nextAttemptAt: z.optional(z.string()),
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
    ),
    'Deliveries that failed at least once, newest first',
  ),
});

export const webhookEventSchema = z.object({
  type: z.literal('notice.published'),
  timestamp: described(z.string(), 'When the notice was published'),
  data: z.object({
    watchId: watchId(),
    number: watchedNumber(),
    status: z.literal('declared_void'),
    notice: publicNoticeSchema,
  }),
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z.optional(
    z.array(
      z.object({
        path: z.string(),
        message: z.string(),
        row: z.optional(described(z.int(), 'Bundles: the row as the filer sees it (the sheet row, or the array position from 1); 0 for the file as a whole')),
        field: z.optional(described(z.string(), 'Bundles: the field of that row (a declaration body path), or the header cell')),
      }),
    ),
  ),
});

export const documentTypeSchema = z.object({
  code: z.enum(DOCUMENT_TYPE_CODES),
  label: z.string(),
  holder: z.enum(['person', 'organization']),
});

export const previewSchema = z.object({
  text: z.string(),
  characters: z.int(),
  fee: z.unknown(),
  warnings: z.array(z.unknown()),
});

export const submittedSchema = z.object({
  id: z.string(),
  receipt: described(z.string(), 'Secret shown only in this response; needed to follow, edit or withdraw the declaration'),
  status: z.literal('submitted'),
  text: z.string(),
  version: z.int(),
});

export const citizenViewSchema = z.object({
  id: z.string(),
  status: z.enum(DECLARATION_STATUSES),
  text: z.string(),
  version: z.int(),
  reason: z.optional(described(z.string(), "The moderator's reason, when there is one")),
  payment: described(z.unknown(), 'The fee, whether it is paid, what is owed and how to pay'),
  printedNotices: described(
    z.array(
      z.object({
        editionDate: editionDate(),
        noticeNo: noticeNumber(),
        publishedAt: z.string(),
        noticeUrl: described(z.string(), 'The public notice page'),
      }),
    ),
    'Each published edition that printed the notice, earliest first (an edition it was taken out of is not listed)',
  ),
  scheduledEditions: described(
    z.array(z.object({ editionDate: editionDate() })),
    'Editions it is placed in that are not published yet: the notice number is given at publication',
  ),
});

export const bundleFiledSchema = z.object({
  bundleId: described(z.string(), 'Follow the bundle with GET /api/v1/bundles/{bundleId}'),
  declarations: z.array(
    z.object({
      row: described(z.int(), 'The row as the filer sees it: the sheet row (the header is row 1), or the array position from 1'),
      id: z.string(),
      receipt: described(z.string(), 'Secret shown only in this response (and its Idempotency-Key replays); needed to follow, edit or withdraw the declaration'),
      status: z.literal('submitted'),
      text: z.string(),
      version: z.int(),
    }),
  ),
});

export const bundleStatusSchema = z.object({
  bundleId: z.string(),
  state: described(z.enum(['in_progress', 'filed']), 'in_progress while a run is filing it (or finishing it after a failure)'),
  rowCount: z.int(),
  format: z.enum(['csv', 'xlsx', 'json']),
  createdAt: z.string(),
  declarations: z.array(z.object({ row: z.int(), id: z.string(), status: z.optional(z.enum(DECLARATION_STATUSES)) })),
});

export type VerificationBody = z.infer<typeof verificationSchema>;
export type NoticePageBody = z.infer<typeof noticePageSchema>;
