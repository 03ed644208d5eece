import { DeclarationNotFound, InvalidInput, StaleVersion, WrongState } from '../domain/errors.js';
import { hasInvisibleCharacters } from '../domain/validation.js';
import type { ReviewedVersion } from '../domain/review.js';
import {
  countQueue,
  getDeclaration,
  QUEUE_STATUSES,
  type QueueFilter,
  type QueueStatus,
  type StoredDeclaration,
} from '../store/declaration-store.js';
import { applyLifecycleAction, type LifecycleContext } from './filing.js';

/** What staff see: everything (unmasked: staff routes only), except the receipt's hash and the search hashes. */
export function staffView(declaration: StoredDeclaration): Omit<StoredDeclaration, 'receiptHash' | 'searchHashes'> {
  const { receiptHash: _receiptHash, searchHashes: _searchHashes, ...view } = declaration;
  return view;
}

export const STAFF_DECISIONS = ['approve', 'reject', 'request_changes'] as const;
/** At most this many decisions are made by one request (the console's bulk approve). */
export const MAX_BATCH_DECISIONS = 100;
export type StaffDecision = (typeof STAFF_DECISIONS)[number];

export function isStaffDecision(value: unknown): value is StaffDecision {
  return typeof value === 'string' && (STAFF_DECISIONS as readonly string[]).includes(value);
}

/** One moderator's decision on one declaration, based on the version they saw. */
export interface DecisionRequest {
  readonly id: string;
  readonly action: StaffDecision;
  readonly expectedVersion: number;
  /** Required for reject and request_changes (the routes check it). */
  readonly reason?: string;
}

/**
 * Refuses (InvalidInput on `path`) a staff reason holding characters that print as nothing (control or bidi
 * characters): the filer would read another reason than the one recorded. Every way staff give a reason checks it
 * here, before anything is written.
 */
export function requireReadableReason(reason: string | undefined, path: string): void {
  if (reason === undefined || !hasInvisibleCharacters(reason)) return;
  throw new InvalidInput([
    {
      path,
      message: {
        'zh-CN': '理由中含有控制字符或不可见字符（如零宽字符、文字方向控制符），请删除后重新填写。',
        en: 'The reason holds control or invisible characters (zero-width or text-direction characters): remove them.',
      },
    },
  ]);
}

/** The declaration as the decision was made on it, kept so a resubmission can be compared with it. */
function reviewedVersion(declaration: StoredDeclaration, action: StaffDecision, at: string): ReviewedVersion {
  return {
    version: declaration.version,
    at,
    action,
    declaration: declaration.declaration,
    text: declaration.text,
    attachmentIds: declaration.attachments.map((attachment) => attachment.id),
  };
}

/** Applies one staff decision: version-checked, audited, the filer told — all in one transaction. */
export async function decide(context: LifecycleContext, request: DecisionRequest, actor: string): Promise<StoredDeclaration> {
  requireReadableReason(request.reason, 'reason');
  const current = await getDeclaration(context.store, request.id);
  if (!current) throw new DeclarationNotFound();
  const at = context.now().toISOString();
  return applyLifecycleAction(context, current, request.action, {
    expectedVersion: request.expectedVersion,
    actor,
    ...(request.reason && request.action !== 'approve' ? { reason: request.reason } : {}),
    revise: (stored) => ({ ...stored, reviewed: reviewedVersion(stored, request.action, at) }),
  });
}

export type DecisionOutcome =
  | { readonly id: string; readonly applied: true; readonly declaration: StoredDeclaration }
  | { readonly id: string; readonly applied: false; readonly refusal: DeclarationNotFound | StaleVersion | WrongState };

/** How many decisions of a batch are written at once: enough to be quick, few enough not to throttle the table. */
const BATCH_CONCURRENCY = 8;

/**
 * Applies each decision on its own (its own version check, transaction and audit entry), so one stale or already
 * decided declaration is reported without holding back the others. Outcomes come back in the order asked.
 */
export async function decideEach(context: LifecycleContext, requests: readonly DecisionRequest[], actor: string): Promise<DecisionOutcome[]> {
  // Every reason first: a batch is refused whole on one, never after some of it was decided.
  requests.forEach((request, index) => requireReadableReason(request.reason, `decisions[${index}].reason`));
  const outcomes: DecisionOutcome[] = [];
  for (let start = 0; start < requests.length; start += BATCH_CONCURRENCY) {
    const chunk = requests.slice(start, start + BATCH_CONCURRENCY);
    outcomes.push(
      ...(await Promise.all(
        chunk.map(async (request): Promise<DecisionOutcome> => {
          try {
            return { id: request.id, applied: true, declaration: await decide(context, request, actor) };
          } catch (error) {
            if (error instanceof DeclarationNotFound || error instanceof StaleVersion || error instanceof WrongState) {
              return { id: request.id, applied: false, refusal: error };
            }
            throw error;
          }
        }),
      )),
    );
  }
  return outcomes;
}

/** How many declarations wait in each queue status under a filter (the console's tabs). */
export async function queueCounts(context: Pick<LifecycleContext, 'store'>, filter: QueueFilter): Promise<Record<QueueStatus, number>> {
  const counts = await Promise.all(QUEUE_STATUSES.map((status) => countQueue(context.store, status, filter)));
  return Object.fromEntries(QUEUE_STATUSES.map((status, index) => [status, counts[index] ?? 0])) as Record<QueueStatus, number>;
}
