import type { FunctionName } from '../functions/routes.js';
import { API_KEY_PARTITION_PREFIX } from '../shared/store/api-key-store.js';
import { BUNDLE_PARTITION_PREFIX } from '../shared/store/bundle-store.js';
import { EDITION_LIST_PARTITION } from '../shared/store/edition-store.js';
import { OUTBOX_PARTITION_PREFIX } from '../shared/store/outbox-store.js';
import { SEARCH_PARTITION_PREFIX } from '../shared/store/search-index.js';
import { REVOKED_TOKEN_PARTITION_PREFIX } from '../shared/store/revoked-token-store.js';
import { PUBLIC_PARTITION_PREFIX } from '../shared/store/table-definition.js';
import { VERIFICATION_RECORD_PARTITION_PREFIX } from '../shared/store/verification-record-store.js';
import { ORGANISATION_WATCHES_PREFIX, WATCH_PARTITION_PREFIX, WEBHOOK_DELIVERY_PREFIX } from '../shared/store/watch-store.js';

/** Item-level DynamoDB actions. TransactWriteItems is authorized per contained Put/Update/Delete/ConditionCheck. */
export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

/** Some actions on the partitions whose key matches one of `partitions` (IAM `StringLike` patterns). */
export interface TableGrant {
  readonly actions: readonly TableAction[];
  readonly partitions: readonly string[];
  /** Also on the work index, whose partition keys (list names) these patterns match too. */
  readonly workIndex?: boolean;
}

/**
 * Everything one Lambda may touch and how it is sized. The stack derives both the IAM policy and the
 * environment variables from this, so a function never gets a variable for something it may not use.
 */
export interface FunctionProfile {
  readonly description: string;
  readonly memoryMiB: number;
  readonly timeoutSeconds: number;
  readonly table: readonly TableGrant[];
  /** `Query` on the sparse moderation-queue index. */
  readonly queueIndex?: boolean;
  /** Reads the HMAC key that turns certificate numbers into lookup hashes. */
  readonly lookupKey?: boolean;
  /** Reads the key that seals personal numbers a form keeps across a round trip (FORM_SEAL_KEY_SECRET_ARN). */
  readonly formSealKey?: boolean;
  /** Proof attachments: `put` signs upload forms (PutObject) and sniffs their first bytes (GetObject), `get` reads them (staff; bundles' checks). */
  readonly attachments?: 'put' | 'get';
  /** Verifies staff tokens itself and signs staff in (the staff issuer: USER_POOL_ID or STAFF_ISSUER, STAFF_CLIENT_ID…). */
  readonly staffPool?: boolean;
  /** Reads the key that seals the staff console's session cookies (STAFF_SESSION_KEY_SECRET_ARN). */
  readonly staffSessionKey?: boolean;
  /** Reads the key that seals watches' webhook signing secrets (WEBHOOK_SEAL_KEY_SECRET_ARN). */
  readonly webhookSealKey?: boolean;
  /** Publishes, so signs the log's checkpoints: kms:Sign and kms:GetPublicKey on the log key alone (LOG_KEY_ID). */
  readonly logSigning?: boolean;
  /** Manages partner API keys in API Gateway's partners usage plan (PARTNERS_USAGE_PLAN_NAME). */
  readonly partnerKeys?: boolean;
  /** Names the newspaper on its pages or log (PUBLISHER_*: the publisher identity, from stack context). */
  readonly publisherIdentity?: boolean;
  /** Sends SMS (SNS direct publish to phone numbers, never to a topic) and e-mail (SES, from the stack's identity). */
  readonly messaging?: boolean;
}

const PUBLIC = `${PUBLIC_PARTITION_PREFIX}*`;
const API_KEYS = `${API_KEY_PARTITION_PREFIX}*`;
const SEARCH = `${SEARCH_PARTITION_PREFIX}*`;
/** Status changes enqueue the filer's notifications (outbox items, written in the change's transaction). */
const ENQUEUE: TableGrant = { actions: ['PutItem'], partitions: [`${OUTBOX_PARTITION_PREFIX}*`] };
const WATCHES = `${WATCH_PARTITION_PREFIX}*`;
const WEBHOOK_DELIVERIES = `${WEBHOOK_DELIVERY_PREFIX}*`;
/** Publication enqueues a webhook per watch on the notice's number: it finds them by the number's hash. */
const FIND_WATCHES: TableGrant = { actions: ['Query'], partitions: [WATCHES] };
const WRITE: readonly TableAction[] = ['PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'];
/** BatchGetItem: a log proof reads its O(log n) subtree hashes in one request. */
const READ_WRITE: readonly TableAction[] = ['GetItem', 'BatchGetItem', 'Query', ...WRITE];

export const FUNCTION_PROFILES: Readonly<Record<FunctionName, FunctionProfile>> = {
  filing: {
    description: 'Citizens: file, follow, edit and withdraw declarations (a scheduled one leaves its editions)',
    memoryMiB: 1024,
    timeoutSeconds: 10,
    table: [
      { actions: ['GetItem', ...WRITE], partitions: ['DECL#*', 'UNIQ#*', 'IDEM#*', 'RCPT#*'] },
      // Filing and editing write the declaration's staff-search items in the same transaction; it never reads them.
      { actions: ['PutItem', 'DeleteItem'], partitions: [SEARCH] },
      // The tariff is public configuration: the filer reads it to quote the fee, and cannot write any PUB# item.
      { actions: ['GetItem'], partitions: [`${PUBLIC_PARTITION_PREFIX}CONFIG`] },
      // Withdrawing a scheduled declaration finds its editions (the list, read only) and, in the withdrawal's
      // transaction, checks each is still open and deletes its placement there (shared/services/unplacement.ts).
      { actions: ['Query'], partitions: [EDITION_LIST_PARTITION] },
      { actions: ['BatchGetItem', 'ConditionCheckItem', 'DeleteItem'], partitions: ['EDITION#*'] },
    ],
    attachments: 'put',
    formSealKey: true,
    // Search items are keyed by the terms' keyed hashes.
    lookupKey: true,
  },
  moderation: {
    description: 'Staff: moderation queue, decisions, editions (editors may publish at once)',
    memoryMiB: 1024,
    timeoutSeconds: 15,
    table: [
      // The edition list partition too: editors open and delete (list entry written with the edition) and list editions.
      // Bundles too: the console lists them and records a moderator's decision on a whole bundle.
      { actions: READ_WRITE, partitions: ['DECL#*', 'UNIQ#*', 'EDITION#*', EDITION_LIST_PARTITION, PUBLIC, `${BUNDLE_PARTITION_PREFIX}*`] },
      ENQUEUE,
      FIND_WATCHES,
      // Staff search reads the search items; only filing writes them.
      { actions: ['Query'], partitions: [SEARCH] },
      // Editors issue, rotate and revoke partner API keys (hashes only).
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], partitions: [API_KEYS] },
      // Revoking a key ends its organisation's watches: its list, each watch and the number's count.
      { actions: ['GetItem', 'Query', 'DeleteItem', 'UpdateItem'], partitions: [`${ORGANISATION_WATCHES_PREFIX}*`] },
      { actions: ['DeleteItem', 'UpdateItem'], partitions: [WATCHES] },
      // A console sign-out records its session's tokens as revoked (hashes only); every staff request reads them.
      { actions: ['BatchGetItem', 'PutItem'], partitions: [`${REVOKED_TOKEN_PARTITION_PREFIX}*`] },
    ],
    queueIndex: true,
    lookupKey: true,
    attachments: 'get',
    staffPool: true,
    staffSessionKey: true,
    logSigning: true,
    partnerKeys: true,
    publisherIdentity: true,
  },
  verify: {
    description: 'Everyone: verification lookups and published notices (public partitions only)',
    memoryMiB: 1024,
    timeoutSeconds: 5,
    // Reads the public partitions only and writes nothing: each lookup is logged (keyed by the number's hash) to
    // CloudWatch with an EMF metric.
    table: [{ actions: ['GetItem', 'BatchGetItem', 'Query'], partitions: [PUBLIC] }],
    lookupKey: true,
  },
  pages: {
    description: 'Everyone: the verify, notice, proof and log pages (public partitions only)',
    memoryMiB: 1024,
    timeoutSeconds: 5,
    // Like verify, the public partitions only; its one write is the record of a page verification (masked number,
    // answer, notice numbers), under its own partitions, which no other function reads.
    table: [
      { actions: ['GetItem', 'BatchGetItem', 'Query'], partitions: [PUBLIC] },
      { actions: ['GetItem', 'PutItem'], partitions: [`${VERIFICATION_RECORD_PARTITION_PREFIX}*`] },
    ],
    lookupKey: true,
    publisherIdentity: true,
  },
  partners: {
    description: 'Authorised verifiers and agencies (API key): batch verification, watches, own standing and verification log',
    memoryMiB: 1024,
    timeoutSeconds: 10,
    table: [
      // Like verify, public lookup items only (never a declaration); plus keys, quota counters and lookup logs.
      { actions: ['GetItem', 'BatchGetItem'], partitions: [PUBLIC] },
      { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], partitions: [API_KEYS] },
      // Watches: the item under the number's hash (with its count) and the organisation's list, made and ended together.
      { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], partitions: [WATCHES, `${ORGANISATION_WATCHES_PREFIX}*`] },
      { actions: ['Query'], partitions: [`${ORGANISATION_WATCHES_PREFIX}*`, WEBHOOK_DELIVERIES] },
    ],
    lookupKey: true,
    webhookSealKey: true,
  },
  bundles: {
    description: 'Agencies (API key): bundles of declarations filed all or nothing, and followed by bundle id',
    memoryMiB: 1024,
    // A bundle of 1,000 rows is a few dozen transactions to stage and as many to make visible.
    timeoutSeconds: 60,
    table: [
      // Files declarations as filing does (no tariff, no idempotency records: bundles keep their own), and its bundles.
      { actions: ['GetItem', 'BatchGetItem', 'Query', ...WRITE], partitions: ['DECL#*', 'UNIQ#*', 'RCPT#*', `${BUNDLE_PARTITION_PREFIX}*`] },
      { actions: ['PutItem', 'DeleteItem'], partitions: [SEARCH] },
      // The agency's key and its daily counter (rows filed count against the quota).
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], partitions: [API_KEYS] },
    ],
    // Unfinished bundles are found on the work index (DUE#bundle) and finished or undone.
    queueIndex: true,
    // A row's proof files are checked as filing checks them (present, first bytes of their type): reads only.
    attachments: 'get',
    lookupKey: true,
  },
  publisher: {
    description: 'Scheduled publication of due editions',
    memoryMiB: 1024,
    timeoutSeconds: 60,
    table: [{ actions: READ_WRITE, partitions: ['EDITION#*', 'DECL#*', PUBLIC, 'UNIQ#*'] }, ENQUEUE, FIND_WATCHES],
    // Due editions and due purges are found through the work index.
    queueIndex: true,
    lookupKey: true,
    logSigning: true,
    publisherIdentity: true,
  },
  outbox: {
    description: 'Delivers outbox messages (SMS, e-mail, webhooks) once each, with retries and a dead-letter state',
    memoryMiB: 512,
    timeoutSeconds: 60,
    table: [
      // Outbox items only: it cannot read a declaration, only the messages written for it.
      { actions: ['GetItem', 'Query', 'PutItem'], partitions: [`${OUTBOX_PARTITION_PREFIX}*`], workIndex: true },
      // A webhook reads its watch (callback, sealed secret; gone once ended) and records failed deliveries for the organisation.
      { actions: ['GetItem'], partitions: [WATCHES] },
      { actions: ['PutItem'], partitions: [WEBHOOK_DELIVERIES] },
      // A webhook goes only to an organisation whose key is still active.
      { actions: ['GetItem'], partitions: [API_KEYS] },
    ],
    messaging: true,
    // Opens watches' signing secrets to sign webhooks; callbacks are reached over the Internet (the function is in no VPC).
    webhookSealKey: true,
  },
};

/** The usage plan partner keys join (infra/api.ts), found by this name at run time (its id would be a cycle). */
export function partnersUsagePlanName(stackName: string): string {
  return `${stackName}-partners`;
}
