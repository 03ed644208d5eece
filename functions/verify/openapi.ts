import * as z from 'zod/mini';
import { DOCUMENT_TYPE_CODES } from '../../shared/domain/codes.js';
import { declarationInputSchema } from '../../shared/domain/declaration.js';
import { watchRequestSchema } from '../../shared/domain/watches.js';
import { DECLARATION_STATUSES } from '../../shared/domain/lifecycle.js';
import { MAX_SEARCH_TEXT } from '../../shared/domain/search.js';
import type { StaffRole } from '../../shared/http/staff-auth.js';
import { QUEUE_STATUSES } from '../../shared/store/declaration-store.js';
import { SECURITY_SCHEMES, type SecuritySchemeName } from './security-schemes.js';
import {
  apiKeySchema,
  batchRequestSchema,
  batchVerificationSchema,
  bundleFiledSchema,
  bundleStatusSchema,
  organisationStandingSchema,
  citizenViewSchema,
  documentTypeSchema,
  noticePageSchema,
  previewSchema,
  problemSchema,
  logProofSchema,
  publicNoticeSchema,
  submittedSchema,
  verificationSchema,
  watchCreatedSchema,
  watchDeliveriesSchema,
  watchListSchema,
  webhookEventSchema,
} from './schemas.js';
import {
  apiKeyListSchema,
  apiKeyRequestSchema,
  correctionPlacedSchema,
  correctionRequestSchema,
  cosignatureAcceptedSchema,
  cosignatureRequestSchema,
  decisionBatchRequestSchema,
  decisionRequestSchema,
  decisionResultsSchema,
  editionDetailSchema,
  editionListSchema,
  editionRequestSchema,
  editionSchema,
  issuedApiKeySchema,
  paymentRequestSchema,
  paymentWaiverRequestSchema,
  placedSchema,
  placementRequestSchema,
  publishedEditionSchema,
  settlementSchema,
  staffDeclarationDetailSchema,
  staffDeclarationPageSchema,
  staffDeclarationSchema,
  staffIdentitySchema,
} from './staff-schemas.js';

type JsonObject = Record<string, unknown>;

/** Components, each generated from its zod schema (JSON Schema 2020-12, the dialect of OpenAPI 3.1). */
const COMPONENTS = {
  DeclarationInput: { schema: declarationInputSchema(), io: 'input' },
  Verification: { schema: verificationSchema, io: 'output' },
  PublicNotice: { schema: publicNoticeSchema, io: 'output' },
  NoticePage: { schema: noticePageSchema, io: 'output' },
  Problem: { schema: problemSchema, io: 'output' },
  DocumentType: { schema: documentTypeSchema, io: 'output' },
  Preview: { schema: previewSchema, io: 'output' },
  Submitted: { schema: submittedSchema, io: 'output' },
  CitizenView: { schema: citizenViewSchema, io: 'output' },
  LogProof: { schema: logProofSchema, io: 'output' },
  BatchRequest: { schema: batchRequestSchema, io: 'input' },
  BatchVerification: { schema: batchVerificationSchema, io: 'output' },
  OrganisationStanding: { schema: organisationStandingSchema, io: 'output' },
  WatchRequest: { schema: watchRequestSchema(), io: 'input' },
  WatchCreated: { schema: watchCreatedSchema, io: 'output' },
  WatchList: { schema: watchListSchema, io: 'output' },
  WatchDeliveries: { schema: watchDeliveriesSchema, io: 'output' },
  WebhookEvent: { schema: webhookEventSchema, io: 'output' },
  BundleFiled: { schema: bundleFiledSchema, io: 'output' },
  BundleStatus: { schema: bundleStatusSchema, io: 'output' },
  StaffIdentity: { schema: staffIdentitySchema, io: 'output' },
  StaffDeclaration: { schema: staffDeclarationSchema, io: 'output' },
  StaffDeclarationPage: { schema: staffDeclarationPageSchema, io: 'output' },
  StaffDeclarationDetail: { schema: staffDeclarationDetailSchema, io: 'output' },
  DecisionRequest: { schema: decisionRequestSchema, io: 'input' },
  DecisionBatchRequest: { schema: decisionBatchRequestSchema, io: 'input' },
  DecisionResults: { schema: decisionResultsSchema, io: 'output' },
  PaymentRequest: { schema: paymentRequestSchema, io: 'input' },
  PaymentWaiverRequest: { schema: paymentWaiverRequestSchema, io: 'input' },
  Settlement: { schema: settlementSchema, io: 'output' },
  EditionRequest: { schema: editionRequestSchema, io: 'input' },
  Edition: { schema: editionSchema, io: 'output' },
  EditionList: { schema: editionListSchema, io: 'output' },
  EditionDetail: { schema: editionDetailSchema, io: 'output' },
  PlacementRequest: { schema: placementRequestSchema, io: 'input' },
  Placed: { schema: placedSchema, io: 'output' },
  CorrectionRequest: { schema: correctionRequestSchema, io: 'input' },
  CorrectionPlaced: { schema: correctionPlacedSchema, io: 'output' },
  PublishedEdition: { schema: publishedEditionSchema, io: 'output' },
  CosignatureRequest: { schema: cosignatureRequestSchema, io: 'input' },
  CosignatureAccepted: { schema: cosignatureAcceptedSchema, io: 'output' },
  ApiKeyRequest: { schema: apiKeyRequestSchema, io: 'input' },
  ApiKey: { schema: apiKeySchema, io: 'output' },
  IssuedApiKey: { schema: issuedApiKeySchema, io: 'output' },
  ApiKeyList: { schema: apiKeyListSchema, io: 'output' },
} as const;

type ComponentName = keyof typeof COMPONENTS;

export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  /** What the service POSTs to callbacks (OpenAPI 3.1 `webhooks`). */
  readonly webhooks: Record<string, Record<string, OpenApiOperation>>;
  readonly components: { readonly schemas: Record<string, JsonObject>; readonly securitySchemes: JsonObject };
  readonly tags: readonly { name: string; description: string }[];
}

export interface OpenApiOperation {
  readonly tags: readonly string[];
  readonly summary: string;
  readonly description?: string;
  readonly parameters?: readonly { name: string; in: string; required?: boolean; description?: string; schema: JsonObject }[];
  readonly requestBody?: { readonly required: boolean; readonly content: Record<string, { schema: JsonObject }> };
  readonly responses: Record<string, { description: string; content?: Record<string, { schema: JsonObject }>; headers?: JsonObject }>;
  readonly security?: readonly Partial<Record<SecuritySchemeName, readonly string[]>>[];
}

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: ComponentName) => ({ 'application/json': { schema: ref(name) } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

const TEXT = { 'text/plain': { schema: { type: 'string' } } };
const BAD_REQUEST = problem('Invalid input: `errors` names each bad field');
const RATE_LIMITED = { ...problem('Too many lookups from this address; see the Retry-After header'), headers: { 'Retry-After': { schema: { type: 'integer' } } } };
const UNAVAILABLE = { ...problem('The store is unavailable or throttled; see the Retry-After header'), headers: { 'Retry-After': { schema: { type: 'integer' } } } };
const ACCEPT_LANGUAGE = {
  name: 'Accept-Language',
  in: 'header',
  description: 'zh-CN (default) or en: the language of messages and notes',
  schema: { type: 'string' },
};
const DECLARATION_ID = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const RECEIPT = [{ receipt: [] }];
const CURSOR = { name: 'cursor', in: 'query', description: 'The `next` of the previous page', schema: { type: 'string' } };
const LIMIT = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } };

const API_KEY = [{ apiKey: [] }];
const KEY_REFUSED = {
  401: { ...problem('No API key, or one that is unknown, rotated away or revoked'), headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } },
  403: problem('A key of the other kind (verifier keys verify, agency keys file bundles)'),
};
const OVER_QUOTA = { ...problem('The key’s daily quota is used up (nothing was counted); see Retry-After (seconds to midnight Asia/Shanghai)'), headers: { 'Retry-After': { schema: { type: 'integer' } } } };

const PARTNER_PATHS: OpenApiDocument['paths'] = {
  '/api/v1/verify/batch': {
    post: {
      tags: ['verifiers and agencies'],
      summary: 'Up to 100 numbers at once (verifier key)',
      description:
        'Each number is normalized, checked and masked exactly as GET /api/v1/verify does; the answers come in the order asked. A bad number is a 400 naming `numbers.<index>` and nothing is looked up or counted. Each lookup takes one unit of the key’s daily quota and is logged for the organisation by the number’s keyed hash, never the number.',
      security: API_KEY,
      parameters: [ACCEPT_LANGUAGE],
      requestBody: { required: true, content: json('BatchRequest') },
      responses: { 200: { description: 'The answers', content: json('BatchVerification') }, 400: BAD_REQUEST, ...KEY_REFUSED, 429: OVER_QUOTA, 503: UNAVAILABLE },
    },
  },
  '/api/v1/organisation': {
    get: {
      tags: ['verifiers and agencies'],
      summary: 'The key’s organisation, kind, quota and what is used of it today (verifier or agency key)',
      security: API_KEY,
      responses: { 200: { description: 'The standing', content: json('OrganisationStanding') }, ...KEY_REFUSED },
    },
  },
  '/api/v1/organisation/verifications': {
    get: {
      tags: ['verifiers and agencies'],
      summary: 'The organisation’s own verification log as CSV, for its compliance files',
      description: 'UTF-8 with BOM, RFC 4180: `at,request_id,number_hash,status,notice_numbers`, one line per keyed lookup; the number only as its keyed hash.',
      security: API_KEY,
      parameters: [
        { name: 'from', in: 'query', description: 'First day (YYYY-MM-DD, Asia/Shanghai); default 29 days before `to`', schema: { type: 'string', format: 'date' } },
        { name: 'to', in: 'query', description: 'Last day; default today', schema: { type: 'string', format: 'date' } },
      ],
      responses: { 200: { description: 'The log', content: { 'text/csv': { schema: { type: 'string' } } } }, 400: BAD_REQUEST, ...KEY_REFUSED },
    },
  },
};

const WATCH_PATHS: OpenApiDocument['paths'] = {
  '/api/v1/watches': {
    post: {
      tags: ['verifiers and agencies'],
      summary: 'Watch a certificate number: be told by webhook when a notice for it is published (verifier key)',
      description:
        'The number is normalized and checked as GET /api/v1/verify does and kept only as its keyed hash. `callbackUrl` must be `https` to a public address: private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback, link-local (169.254/16, fe80::/10), CGNAT (100.64/10), unspecified and reserved addresses are refused, for a literal IP and for every address the host resolves to — now and again when each delivery connects; redirects are not followed. ' +
        'When a notice for the number is published, the callback receives a POST of a `WebhookEvent` signed as Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`, HMAC-SHA256 with the returned `secret`), once per notice; a non-2xx answer or no answer within 10 s is retried with backoff (30 s, 1, 2, 4 … min, 8 attempts), then dead-lettered (see /api/v1/watches/deliveries). A new watch takes one unit of the daily quota.',
      security: API_KEY,
      parameters: [ACCEPT_LANGUAGE],
      requestBody: { required: true, content: json('WatchRequest') },
      responses: {
        201: { description: 'The watch and its signing secret (shown only here)', content: json('WatchCreated') },
        400: BAD_REQUEST,
        ...KEY_REFUSED,
        409: problem('`watch-limit`: the number has as many watches as it may have; `watch-exists` (with `watchId`): the organisation already watches this number (one watch per number and organisation)'),
        429: OVER_QUOTA,
        503: UNAVAILABLE,
      },
    },
    get: {
      tags: ['verifiers and agencies'],
      summary: 'The organisation’s watches (verifier key)',
      security: API_KEY,
      responses: { 200: { description: 'The watches, oldest first', content: json('WatchList') }, ...KEY_REFUSED },
    },
  },
  '/api/v1/watches/{id}': {
    delete: {
      tags: ['verifiers and agencies'],
      summary: 'End a watch: no further deliveries, retries included (verifier key)',
      security: API_KEY,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 204: { description: 'Ended' }, ...KEY_REFUSED, 404: problem('The organisation has no watch with this id') },
    },
  },
  '/api/v1/watches/deliveries': {
    get: {
      tags: ['verifiers and agencies'],
      summary: 'The organisation’s webhook deliveries that failed: retrying, dead-lettered, or delivered after failures (verifier key)',
      security: API_KEY,
      parameters: [{ name: 'limit', in: 'query', description: '1–100, default 20', schema: { type: 'integer', minimum: 1, maximum: 100 } }],
      responses: { 200: { description: 'Newest first', content: json('WatchDeliveries') }, 400: BAD_REQUEST, ...KEY_REFUSED },
    },
  },
};

const SHEET_COLUMNS =
  'Row 1 is the header: each column is a declaration body field as a dot path (`kind`, `declarant.type`, `declarant.name`, `declarant.idNumber`, `declarant.creditCode`, `document.type`, `document.number`, `document.<any document field>`, `lostOn`, `statement`, `contact.phone`, `contact.email`, `attachments`) or its Chinese header from the template (`声明类型`, `证件号码`, `联系电话`…); choice cells take the code or the Chinese word (`loss`/`遗失`, `person`/`个人`, a document type’s code or name).';

const BUNDLE_PATHS: OpenApiDocument['paths'] = {
  '/api/v1/bundles': {
    post: {
      tags: ['verifiers and agencies'],
      summary: 'File many declarations at once, all or nothing (agency key)',
      description: `A CSV (UTF-8 with or without BOM, or GBK as Excel in China saves it; detected), an XLSX workbook (its first sheet) or a JSON array of declaration bodies, at most 1,000 rows and 2 MiB. ${SHEET_COLUMNS} Every row is validated as POST /api/v1/declarations validates one; any bad row is a 400 listing every bad row and field (\`errors[].row\`, \`errors[].field\`), and nothing is stored. Otherwise every row is filed (status submitted) and the 201 gives each row its declaration and receipt, shown only here. Rows count against the key’s daily quota.`,
      security: API_KEY,
      parameters: [
        { name: 'Idempotency-Key', in: 'header', description: 'The same key and body return the same bundle, declarations and receipts (also after a failure midway)', schema: { type: 'string', minLength: 8, maxLength: 128 } },
        ACCEPT_LANGUAGE,
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { type: 'array', maxItems: 1000, items: ref('DeclarationInput') } },
          'text/csv': { schema: { type: 'string' } },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', contentEncoding: 'binary' } },
        },
      },
      responses: {
        201: { description: 'Every row filed', content: json('BundleFiled'), headers: { Location: { schema: { type: 'string' } } } },
        400: problem('Bad rows (every one, with its row and field), or a file that cannot be read; nothing was stored'),
        ...KEY_REFUSED,
        409: { ...problem('The same Idempotency-Key is still being filed; see Retry-After'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
        413: problem('More than 1,000 rows, or a body over 2 MiB'),
        415: problem('Not CSV, XLSX or JSON'),
        422: problem('The Idempotency-Key was used with another body'),
        429: OVER_QUOTA,
        503: UNAVAILABLE,
      },
    },
  },
  '/api/v1/bundles/{id}': {
    get: {
      tags: ['verifiers and agencies'],
      summary: 'A bundle and the status of each row’s declaration (agency key; own bundles only)',
      security: API_KEY,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { 200: { description: 'The bundle', content: json('BundleStatus') }, ...KEY_REFUSED, 404: problem('No such bundle of this organisation') },
    },
  },
  '/api/v1/bundles/template.csv': {
    get: {
      tags: ['verifiers and agencies'],
      summary: 'The bundle template: the header row, UTF-8 with BOM (Excel opens it with the Chinese intact)',
      responses: { 200: { description: 'The template', content: { 'text/csv': { schema: { type: 'string' } } } } },
    },
  },
  '/api/v1/bundles/template.xlsx': {
    get: {
      tags: ['verifiers and agencies'],
      summary: 'The bundle template as an XLSX workbook (every column formatted as text, so ID numbers keep all their digits)',
      responses: { 200: { description: 'The template', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', contentEncoding: 'binary' } } } } },
    },
  },
};

/** Which staff roles may call an operation; holding one of them suffices. */
const ANY_STAFF = ['moderator', 'editor'] as const satisfies readonly StaffRole[];
const EDITOR = ['editor'] as const satisfies readonly StaffRole[];

const STAFF_UNAUTHENTICATED = { ...problem('No bearer token, or one that is malformed, forged or expired'), headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } };
const EDITION_DATE = { name: 'date', in: 'path', required: true, description: 'The edition’s date (Asia/Shanghai); a malformed one is a 400', schema: { type: 'string', format: 'date' } };
const NO_DECLARATION = problem('No such declaration');
const NO_EDITION = problem('No edition of this date');
const API_KEY_ID = { name: 'id', in: 'path', required: true, description: 'The key’s public id', schema: { type: 'string' } };

interface StaffOperation {
  readonly roles: readonly StaffRole[];
  readonly summary: string;
  readonly description?: string;
  readonly parameters?: OpenApiOperation['parameters'];
  /** The JSON body it reads, if any (a body that is not a JSON object is a 400 too). */
  readonly body?: ComponentName;
  /** The answer when it succeeds: status, description and what it carries. */
  readonly ok: readonly [status: number, description: string, content?: ComponentName | Record<string, { schema: JsonObject }>];
  /** Its answers besides 401, 403 and 503, which every staff operation has (and 400, which every one with a body has). */
  readonly refusals?: OpenApiOperation['responses'];
}

/**
 * A staff operation: a bearer token of any of `roles` (one security alternative per role, with its role name as
 * OpenAPI 3.1 allows) and the refusals every staff route shares; the summary ends with the roles, as a keyed
 * route's names its key.
 */
function staffRoute({ roles, summary, body, ok: [status, description, content], refusals = {}, ...rest }: StaffOperation): OpenApiOperation {
  const roleNames = roles.join(' or ');
  return {
    tags: ['staff'],
    summary: `${summary} (${roleNames})`,
    ...rest,
    security: roles.map((role) => ({ staffBearer: [role] })),
    ...(body ? { requestBody: { required: true, content: json(body) } } : {}),
    responses: {
      [status]: { description, ...(content ? { content: typeof content === 'string' ? json(content) : content } : {}) },
      ...(body ? { 400: BAD_REQUEST } : {}),
      401: STAFF_UNAUTHENTICATED,
      403: problem(roles.length === 1 ? `The token lacks the ${roleNames} role` : `The token has none of the roles ${roleNames}`),
      ...refusals,
      503: UNAVAILABLE,
    },
  };
}

/** An operation on one declaration: its id in the path, an unknown one a 404. */
function onDeclaration(operation: StaffOperation): OpenApiOperation {
  return staffRoute({ ...operation, parameters: [DECLARATION_ID, ...(operation.parameters ?? [])], refusals: { 404: NO_DECLARATION, ...operation.refusals } });
}

/** An operation on one edition, for editors: its date in the path, a malformed one a 400, an unknown one a 404. */
function onEdition(operation: Omit<StaffOperation, 'roles'>): OpenApiOperation {
  return staffRoute({ roles: EDITOR, ...operation, parameters: [EDITION_DATE, ...(operation.parameters ?? [])], refusals: { 400: BAD_REQUEST, 404: NO_EDITION, ...operation.refusals } });
}

const MODERATION_PATHS: OpenApiDocument['paths'] = {
  '/api/v1/moderation/me': {
    get: staffRoute({ roles: ANY_STAFF, summary: 'Who the token is: username and staff roles', ok: [200, 'The staff member', 'StaffIdentity'] }),
  },
  '/api/v1/moderation/queue': {
    get: staffRoute({
      roles: ANY_STAFF,
      summary: 'Declarations waiting for staff, oldest first, with full (unmasked) details',
      parameters: [
        { name: 'status', in: 'query', description: 'submitted (to review), changes_requested (waiting for the filer) or approved (to place in an edition)', schema: { type: 'string', enum: [...QUEUE_STATUSES], default: 'submitted' } },
        CURSOR,
        LIMIT,
      ],
      ok: [200, 'One page', 'StaffDeclarationPage'],
      refusals: { 400: BAD_REQUEST },
    }),
  },
  '/api/v1/moderation/declarations': {
    get: staffRoute({
      roles: ANY_STAFF,
      summary: 'Find declarations by declarant name, certificate number (in any spelling the normalizer folds) or id, newest first',
      parameters: [
        { name: 'q', in: 'query', required: true, description: 'The name, number or id, exactly', schema: { type: 'string', minLength: 1, maxLength: MAX_SEARCH_TEXT } },
        { name: 'status', in: 'query', description: 'Only declarations of this status', schema: { type: 'string', enum: [...DECLARATION_STATUSES] } },
        CURSOR,
        LIMIT,
      ],
      ok: [200, 'One page', 'StaffDeclarationPage'],
      refusals: { 400: BAD_REQUEST },
    }),
  },
  '/api/v1/moderation/declarations/{id}': {
    get: onDeclaration({ roles: ANY_STAFF, summary: 'A declaration in full, its fee and payment, and its audit trail', ok: [200, 'The declaration', 'StaffDeclarationDetail'] }),
  },
  '/api/v1/moderation/declarations/{id}/decision': {
    post: onDeclaration({
      roles: ANY_STAFF,
      summary: 'Approve, reject or request changes, on the version seen',
      description: 'Audited. A reason is required to reject or request changes, and the filer is told it.',
      body: 'DecisionRequest',
      ok: [200, 'The declaration in its new state', 'StaffDeclaration'],
      refusals: { 409: problem('`stale-version` (another decision or an edit came first) or `wrong-state`; nothing changed') },
    }),
  },
  '/api/v1/moderation/decisions': {
    post: staffRoute({
      roles: ANY_STAFF,
      summary: 'Many decisions at once (the console’s bulk approve)',
      description: 'Each is version-checked, applied and audited on its own; a bad field anywhere is a 400 and nothing is decided.',
      body: 'DecisionBatchRequest',
      ok: [200, 'Every decision’s outcome, applied or refused', 'DecisionResults'],
    }),
  },
  '/api/v1/moderation/declarations/{id}/payment': {
    post: onDeclaration({
      roles: ANY_STAFF,
      summary: 'Record the fee as paid (audited)',
      description: 'Only paid declarations, or ones an editor waived the fee of, can be placed in an edition. An amount other than what is owed is a 400 on `amount`.',
      body: 'PaymentRequest',
      ok: [201, 'The payment recorded', 'Settlement'],
      refusals: { 409: problem('`already-settled` (paid or waived) or `wrong-state`; nothing changed') },
    }),
  },
  '/api/v1/moderation/declarations/{id}/payment-waiver': {
    post: onDeclaration({
      roles: EDITOR,
      summary: 'Waive the fee, with a reason (audited)',
      body: 'PaymentWaiverRequest',
      ok: [201, 'The waiver recorded', 'Settlement'],
      refusals: { 409: problem('`already-settled` or `wrong-state`; nothing changed') },
    }),
  },
  '/api/v1/moderation/declarations/{id}/attachments/{attachmentId}': {
    get: onDeclaration({
      roles: ANY_STAFF,
      summary: 'Open a proof file of the declaration',
      parameters: [{ name: 'attachmentId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      ok: [302, 'To a short-lived link to the file (Location)'],
      refusals: { 404: problem('No such declaration, or no such file of it') },
    }),
  },
  '/api/v1/moderation/log/cosignatures': {
    post: staffRoute({ roles: EDITOR, summary: 'Relay a witness’s cosignature of the newest checkpoint of the transparency log', body: 'CosignatureRequest', ok: [201, 'Accepted', 'CosignatureAccepted'] }),
  },
};

const API_KEY_PATHS: OpenApiDocument['paths'] = {
  '/api/v1/moderation/api-keys': {
    get: staffRoute({ roles: EDITOR, summary: 'The API keys of authorised verifiers and agencies (never the keys themselves)', ok: [200, 'The keys', 'ApiKeyList'] }),
    post: staffRoute({ roles: EDITOR, summary: 'Issue an API key to an organisation', body: 'ApiKeyRequest', ok: [201, 'The key, shown only here', 'IssuedApiKey'] }),
  },
  '/api/v1/moderation/api-keys/{id}/rotate': {
    post: staffRoute({
      roles: EDITOR,
      summary: 'A new value for a key, same id; the old value stops at once',
      parameters: [API_KEY_ID],
      ok: [200, 'The new value, shown only here', 'IssuedApiKey'],
      refusals: { 404: problem('No active key with this id') },
    }),
  },
  '/api/v1/moderation/api-keys/{id}/revoke': {
    post: staffRoute({ roles: EDITOR, summary: 'Revoke a key; it stops at once', parameters: [API_KEY_ID], ok: [200, 'The revoked key', 'ApiKey'], refusals: { 404: problem('No active key with this id') } }),
  },
};

const EDITION_PATHS: OpenApiDocument['paths'] = {
  '/api/v1/editions': {
    post: staffRoute({
      roles: EDITOR,
      summary: 'Open an edition for a date',
      description: 'From today (Asia/Shanghai) to a year ahead; a date outside that is a 400 on `date`.',
      body: 'EditionRequest',
      ok: [201, 'The edition', 'Edition'],
      refusals: { 409: problem('`edition-exists`') },
    }),
    get: staffRoute({
      roles: EDITOR,
      summary: 'The editions, newest first, and where new placements go by default',
      parameters: [{ name: 'cursor', in: 'query', description: 'The `next` of the previous page', schema: { type: 'string', format: 'date' } }],
      ok: [200, 'One page', 'EditionList'],
      refusals: { 400: BAD_REQUEST },
    }),
  },
  '/api/v1/editions/{date}': {
    get: onEdition({ summary: 'An edition, its notices as laid out and its placements', ok: [200, 'The edition', 'EditionDetail'] }),
    delete: onEdition({ summary: 'Delete an edition opened by mistake, while it has no notices and is not published', ok: [204, 'Deleted'], refusals: { 409: problem('`edition-not-deletable`: it has notices or is published') } }),
  },
  '/api/v1/editions/{date}/notices': {
    post: onEdition({
      summary: 'Place approved, paid (or waived) declarations in the edition, and in the next `days - 1` editions',
      description: 'All or nothing: one unknown, unpaid or unapproved declaration, or one edition of the run missing or closed, refuses the whole request.',
      body: 'PlacementRequest',
      ok: [200, 'Placed', 'Placed'],
      refusals: { 404: problem('An edition of the run, or a declaration, is unknown'), 409: problem('`edition-closed`, `wrong-state` (each refused id under `errors`) or `payment-required`; nothing changed') },
    }),
  },
  '/api/v1/editions/{date}/notices/{id}': {
    delete: onEdition({
      summary: 'Take a declaration (or a correction) out of the edition before its cut-off',
      description: 'It is approved again, or stays in the other editions of its run; the filer is told. A correction is taken out by the id its placement answered (`correctionId` on the edition\'s notices).',
      parameters: [DECLARATION_ID],
      ok: [204, 'Taken out'],
      refusals: { 404: problem('`not-in-edition`'), 409: problem('`gone-to-print`: past the cut-off, or published') },
    }),
  },
  '/api/v1/editions/{date}/corrections': {
    post: onEdition({
      summary: 'Place a correction notice (更正声明) of a published notice in the edition',
      body: 'CorrectionRequest',
      ok: [201, 'The correction placed', 'CorrectionPlaced'],
      refusals: { 404: problem('No such edition, or no such published notice'), 409: problem('`edition-closed`: past its cut-off (15:00 Asia/Shanghai the day before) or published; nothing changed') },
    }),
  },
  '/api/v1/editions/{date}/publish': {
    post: onEdition({
      summary: 'Publish every notice of the edition at once, each with its noticeNo; running it again changes nothing',
      description: 'No body (or an empty one, or {}).',
      ok: [200, 'Published', 'PublishedEdition'],
      refusals: { 409: problem('`edition-not-due` (before its date, Asia/Shanghai) or `edition-empty`; nothing changed') },
    }),
  },
  '/api/v1/editions/{date}/print': {
    get: onEdition({ summary: 'The edition laid out for the newspaper page', ok: [200, 'The page', { 'text/html': { schema: { type: 'string' } } }] }),
  },
};

const PATHS: OpenApiDocument['paths'] = {
  ...PARTNER_PATHS,
  ...WATCH_PATHS,
  ...BUNDLE_PATHS,
  '/api/v1/verify': {
    get: {
      tags: ['public'],
      summary: 'Was this certificate number declared lost or void?',
      description:
        'Exact match on the normalized number (NFKC, separators removed, Latin letters upper-cased, traditional characters simplified); no prefix, wildcard or partial match. Only published notices count. Rate limited per client address.',
      parameters: [
        { name: 'number', in: 'query', required: true, description: 'The certificate number, at most 64 characters', schema: { type: 'string', maxLength: 64 } },
        { name: 'type', in: 'query', description: 'Only notices for this document type', schema: { type: 'string', enum: [...DOCUMENT_TYPE_CODES] } },
        ACCEPT_LANGUAGE,
      ],
      responses: { 200: { description: 'The answer', content: json('Verification') }, 400: BAD_REQUEST, 429: RATE_LIMITED, 503: UNAVAILABLE },
    },
  },
  '/api/v1/notices': {
    get: {
      tags: ['public'],
      summary: 'Published notices, newest first',
      parameters: [
        { name: 'date', in: 'query', description: 'Only the edition of this date (YYYY-MM-DD)', schema: { type: 'string', format: 'date' } },
        CURSOR,
        LIMIT,
      ],
      responses: { 200: { description: 'One page', content: json('NoticePage') }, 400: BAD_REQUEST },
    },
  },
  '/api/v1/notices/{noticeNo}': {
    get: {
      tags: ['public'],
      summary: 'One published notice',
      parameters: [{ name: 'noticeNo', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{8}-\\d{4}$' } }],
      responses: { 200: { description: 'The notice', content: json('PublicNotice') }, 404: problem('No such notice') },
    },
  },
  '/api/v1/log/checkpoint': {
    get: {
      tags: ['public'],
      summary: 'The latest signed checkpoint of the transparency log (C2SP tlog-checkpoint in a C2SP signed note, Ed25519)',
      responses: { 200: { description: 'origin, tree size and base64 root hash, then the signature lines', content: TEXT }, 404: problem('Nothing published yet') },
    },
  },
  '/.well-known/log-key': {
    get: {
      tags: ['public'],
      summary: 'The C2SP note verifier key that checks the checkpoints: <name>+<hex key id>+<base64 key>',
      responses: { 200: { description: 'The verifier key', content: TEXT }, 404: problem('Nothing published yet') },
    },
  },
  '/api/v1/log/entries/{index}': {
    get: {
      tags: ['public'],
      summary: 'One log entry: the notice’s public record as RFC 8785 canonical JSON, byte for byte',
      parameters: [{ name: 'index', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } }],
      responses: { 200: { description: 'The entry’s exact bytes (leaf = SHA-256(0x00 ‖ bytes))', content: { 'application/json': { schema: { type: 'object' } } } }, 400: BAD_REQUEST },
    },
  },
  '/api/v1/log/proof/inclusion': {
    get: {
      tags: ['public'],
      summary: 'Inclusion proof of an entry in the tree of a given size (RFC 9162 §2.1.3)',
      parameters: [
        { name: 'index', in: 'query', required: true, schema: { type: 'integer', minimum: 0 } },
        { name: 'treeSize', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } },
      ],
      responses: { 200: { description: '{ index, treeSize, hashes }', content: json('LogProof') }, 400: BAD_REQUEST },
    },
  },
  '/api/v1/log/proof/consistency': {
    get: {
      tags: ['public'],
      summary: 'Consistency proof between two tree sizes (RFC 9162 §2.1.4)',
      parameters: [
        { name: 'from', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } },
        { name: 'to', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } },
      ],
      responses: { 200: { description: '{ from, to, hashes }', content: json('LogProof') }, 400: BAD_REQUEST },
    },
  },
  '/feed.atom': {
    get: {
      tags: ['public'],
      summary: 'The latest published notices as an Atom feed',
      responses: { 200: { description: 'Atom 1.0', content: { 'application/atom+xml': { schema: { type: 'string' } } } } },
    },
  },
  '/api/v1/document-types': {
    get: {
      tags: ['citizens'],
      summary: 'The document types a declaration can be about',
      parameters: [ACCEPT_LANGUAGE],
      responses: { 200: { description: 'The catalogue', content: { 'application/json': { schema: { type: 'array', items: ref('DocumentType') } } } } },
    },
  },
  '/api/v1/declarations/preview': {
    post: {
      tags: ['citizens'],
      summary: 'The notice exactly as it would be published (masked), without storing anything',
      requestBody: { required: true, content: json('DeclarationInput') },
      responses: { 200: { description: 'The preview', content: json('Preview') }, 400: BAD_REQUEST },
    },
  },
  '/api/v1/declarations': {
    post: {
      tags: ['citizens'],
      summary: 'File a declaration',
      parameters: [
        { name: 'Idempotency-Key', in: 'header', description: 'The same key and body return the same declaration', schema: { type: 'string', minLength: 8, maxLength: 128 } },
        ACCEPT_LANGUAGE,
      ],
      requestBody: { required: true, content: json('DeclarationInput') },
      responses: {
        201: { description: 'Filed; keep the receipt', content: json('Submitted') },
        400: BAD_REQUEST,
        409: problem('An active declaration for this document and number already exists'),
        413: problem('Body over 64 KiB'),
        415: problem('Body is not JSON'),
      },
    },
  },
  '/api/v1/declarations/{id}': {
    get: {
      tags: ['citizens'],
      summary: "The citizen's own view of a declaration",
      security: RECEIPT,
      parameters: [DECLARATION_ID],
      responses: { 200: { description: 'The declaration', content: json('CitizenView') }, 401: problem('No receipt'), 403: problem('Wrong receipt') },
    },
    patch: {
      tags: ['citizens'],
      summary: 'Edit while submitted or changes requested (send the current version)',
      security: RECEIPT,
      parameters: [DECLARATION_ID],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 1 } } } } } },
      responses: { 200: { description: 'Edited, back to submitted', content: json('CitizenView') }, 400: BAD_REQUEST, 403: problem('Wrong receipt'), 409: problem('Stale version or wrong state') },
    },
  },
  '/api/v1/declarations/{id}/withdraw': {
    post: {
      tags: ['citizens'],
      summary: 'Withdraw before publication',
      description:
        'Allowed until published. A scheduled declaration leaves every edition it is placed in, in the same transaction, as long as each can still change (before its cut-off, 15:00 Asia/Shanghai the day before); after that its page has gone to print.',
      security: RECEIPT,
      parameters: [DECLARATION_ID],
      responses: {
        200: { description: 'Withdrawn', content: json('CitizenView') },
        403: problem('Wrong receipt'),
        409: problem('`gone-to-print` (the edition is past its cut-off or being published, or the notice is published: `published`, `date`), `wrong-state` (already withdrawn or rejected) or `stale-version`; nothing changed'),
      },
    },
  },
  ...MODERATION_PATHS,
  ...API_KEY_PATHS,
  ...EDITION_PATHS,
};

function componentSchemas(): Record<string, JsonObject> {
  return Object.fromEntries(
    (Object.keys(COMPONENTS) as ComponentName[]).map((name) => {
      const { schema, io } = COMPONENTS[name];
      const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonObject;
      return [name, jsonSchema];
    }),
  );
}

/**
 * The OpenAPI 3.1 document of the public and citizen routes. Built ahead of time into `openapi.generated.json`
 * (`npx tsx scripts/openapi.ts`; a unit test fails when the file is stale), because zod's JSON Schema generator
 * and the declaration schema would take a fifth of the verify function's bundle budget.
 */
export function buildOpenApiDocument(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: '声明登记 Shengming API',
      version: '1',
      description:
        'Loss and void declarations: citizens file them, everyone can verify a certificate number and read what was published. Errors are application/problem+json (RFC 9457). Resident ID and mobile numbers are never shown in full outside the staff routes.',
    },
    tags: [
      { name: 'public', description: 'Verification and published notices: no credentials' },
      { name: 'citizens', description: 'Filing and following a declaration' },
      { name: 'verifiers and agencies', description: 'Authorised organisations, with an API key issued by the newspaper’s editors (X-Api-Key)' },
      { name: 'staff', description: 'The newspaper’s moderators and editors, with a staff access token (Authorization: Bearer); full, unmasked details' },
    ],
    paths: PATHS,
    webhooks: {
      noticePublished: {
        post: {
          tags: ['verifiers and agencies'],
          summary: 'A notice for a watched number was published (to the watch’s callbackUrl)',
          description:
            'Signed as Standard Webhooks: `webhook-id` (the same on every retry of a delivery, so a repeat can be dropped), `webhook-timestamp` (Unix seconds), `webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>` under the watch’s secret); verify with a Standard Webhooks library, e.g. `new Webhook(secret).verify(body, headers)`. Answer 2xx within 10 s.',
          requestBody: { required: true, content: json('WebhookEvent') },
          responses: { 200: { description: 'Received (any 2xx)' } },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: Object.fromEntries(Object.entries(SECURITY_SCHEMES).map(([name, { scheme }]) => [name, scheme])),
    },
  };
}
