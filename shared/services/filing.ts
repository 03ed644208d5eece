import { randomUUID } from 'node:crypto';
import {
  maskSensitiveText,
  normalizeCertificateNumber,
  renderNotice,
  validateDeclaration,
  type DeclarationInput,
} from '../domain/index.js';
import {
  AccessDenied,
  DeclarationNotFound,
  DuplicateDeclaration,
  IdempotencyKeyReused,
  InvalidInput,
  StaleVersion,
  WrongState,
} from '../domain/errors.js';
import { shanghaiDate } from '../domain/editions.js';
import { maskedCopy } from '../domain/masked-copy.js';
import { isPlaced, nextStatus, type DeclarationStatus, type LifecycleAction } from '../domain/lifecycle.js';
import type { AttachmentStorage, StoredAttachment } from '../store/attachments.js';
import type { StoreContext } from '../store/client.js';
import { checkedAttachments } from './attachments.js';
import { purgeTime } from './retention.js';
import { notificationItems } from './notifications.js';
import type { StatusEvent } from '../domain/notifications.js';
import {
  changeDeclaration,
  createDeclaration,
  declarationIdForReceipt,
  getDeclaration,
  type StoredDeclaration,
} from '../store/declaration-store.js';
import { searchItemWrites } from '../store/search-index.js';
import type { LookupHasher } from './lookup-key.js';
import { searchHashesOf } from './search.js';
import { canonicalJson, hashFor, newReceipt, receiptHash, receiptMatches, sealWith, unsealWith } from './secrets.js';

const IDEMPOTENCY_LIFETIME_SECONDS = 24 * 60 * 60;

/** What moving a declaration through its lifecycle needs. */
export interface LifecycleContext {
  readonly store: StoreContext;
  readonly now: () => Date;
}

/** Filing also checks attachments, and hashes the terms staff search finds the declaration by. */
export interface FilingContext extends LifecycleContext {
  readonly attachments: AttachmentStorage;
  readonly lookupHasher: () => Promise<LookupHasher>;
}

/** What the filer sees of their declaration: never the full ID or phone number (contract, masking rule). */
export interface CitizenView {
  readonly id: string;
  readonly status: DeclarationStatus;
  readonly version: number;
  readonly text: string;
  readonly reason?: string;
  readonly warnings: readonly { code: string; path: string }[];
  readonly declaration: DeclarationInput;
  /** The proof files on file (type and size only), so an edit can keep, remove or add to them. */
  readonly attachments: readonly StoredAttachment[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface SubmittedDeclaration extends CitizenView {
  /** The secret that lets its holder follow, edit and withdraw the declaration; shown only once. */
  readonly receipt: string;
}

export function citizenView(stored: StoredDeclaration): CitizenView {
  return {
    id: stored.id,
    status: stored.status,
    version: stored.version,
    text: stored.text,
    ...(stored.reason ? { reason: maskedCopy(stored.reason) } : {}),
    warnings: stored.warnings.map(({ code, path }) => ({ code, path })),
    declaration: maskedCopy(stored.declaration),
    attachments: stored.attachments.map(({ id, contentType, size }) => ({ id, contentType, size })),
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}

export type CheckedFiling = Pick<StoredDeclaration, 'declaration' | 'warnings' | 'attachments'>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Validates the declaration with the domain and its attachments against storage, reporting every bad field of
 * both at once. `attachments` (ids of uploaded files) travels beside the declaration fields in the body.
 */
export async function validateFiling(context: FilingContext, input: unknown, keptAttachmentIds?: readonly string[]): Promise<CheckedFiling> {
  const { attachments: attachmentIds = keptAttachmentIds, ...fields } = isRecord(input) ? input : {};
  const result = validateDeclaration(isRecord(input) ? fields : input, { today: shanghaiDate(context.now()) });
  let attachments: StoredDeclaration['attachments'] = [];
  let attachmentErrors: InvalidInput['errors'] = [];
  try {
    attachments = await checkedAttachments(context.attachments, result.ok ? result.declaration.document.type : '', attachmentIds);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    attachmentErrors = error.errors;
  }
  if (!result.ok || attachmentErrors.length > 0) throw new InvalidInput([...(result.ok ? [] : result.errors), ...attachmentErrors]);
  return { declaration: result.declaration, warnings: result.warnings, attachments };
}

function numberKeyOf(declaration: DeclarationInput): string | undefined {
  const number = declaration.document.number;
  return number === undefined || number === '' ? undefined : normalizeCertificateNumber(number);
}

/**
 * Files a new declaration (status `submitted`). With an Idempotency-Key, a retry with the same body returns the
 * first response (receipt included); the same key with another body is refused.
 */
export async function submitDeclaration(
  context: FilingContext,
  input: unknown,
  idempotencyKey?: string,
): Promise<SubmittedDeclaration> {
  const now = context.now();
  const checked = await validateFiling(context, input);
  const at = now.toISOString();
  const receipt = newReceipt();
  const stored = newStoredDeclaration(await context.lookupHasher(), checked, receipt, at);
  const response: SubmittedDeclaration = { ...citizenView(stored), receipt };
  const bodyHash = hashFor('body', canonicalJson(input));
  const idempotency = idempotencyKey
    ? {
        keyHash: hashFor('idempotency-key', idempotencyKey),
        bodyHash,
        declarationId: stored.id,
        sealedResponse: sealWith(idempotencyKey, JSON.stringify(response)),
        expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_LIFETIME_SECONDS,
      }
    : undefined;
  const audit = { at, actor: 'citizen', action: 'submit' };
  const outcome = await createDeclaration(context.store, stored, audit, idempotency, searchItemWrites(context.store, undefined, stored));
  switch (outcome.kind) {
    case 'created':
      return response;
    case 'duplicate':
      throw new DuplicateDeclaration(outcome.existingId);
    case 'idempotent':
      if (!idempotencyKey || outcome.record.bodyHash !== bodyHash) throw new IdempotencyKeyReused();
      return JSON.parse(unsealWith(idempotencyKey, outcome.record.sealedResponse)) as SubmittedDeclaration;
  }
}

/** A declaration as first filed (status `submitted`, version 1) from what validateFiling checked; only the receipt's hash is kept. */
export function newStoredDeclaration(hasher: LookupHasher, checked: CheckedFiling, receipt: string, at: string): StoredDeclaration {
  const { declaration, warnings, attachments } = checked;
  const numberKey = numberKeyOf(declaration);
  const id = randomUUID();
  return {
    id,
    status: 'submitted',
    version: 1,
    declaration,
    text: renderNotice(declaration),
    warnings,
    attachments,
    ...(numberKey ? { numberKey } : {}),
    searchHashes: searchHashesOf(hasher, id, declaration),
    receiptHash: receiptHash(receipt),
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
  };
}

/** The declaration a receipt code opens by itself (no id needed); an unknown or mistyped code: not found. */
export async function openWithReceiptAlone(context: LifecycleContext, receipt: string): Promise<StoredDeclaration> {
  const id = await declarationIdForReceipt(context.store, receiptHash(receipt));
  if (!id) throw new DeclarationNotFound();
  return openWithReceipt(context, id, receipt);
}

/** The declaration if `receipt` opens it. Unknown id: not found; any other receipt: access denied. */
export async function openWithReceipt(context: LifecycleContext, id: string, receipt: string): Promise<StoredDeclaration> {
  const stored = await getDeclaration(context.store, id);
  if (!stored) throw new DeclarationNotFound();
  if (!receiptMatches(receipt, stored.receiptHash)) throw new AccessDenied();
  return stored;
}

/**
 * Moves a declaration through one lifecycle step with optimistic concurrency, mapping every store outcome to
 * the declaration or a domain error. Shared by the citizen's edit/withdraw and the staff's decisions.
 */
export async function applyLifecycleAction(
  context: LifecycleContext,
  current: StoredDeclaration,
  action: LifecycleAction,
  change: { expectedVersion: number; actor: string; reason?: string; revise?: (declaration: StoredDeclaration) => StoredDeclaration },
): Promise<StoredDeclaration> {
  if (current.version !== change.expectedVersion) throw new StaleVersion(current.version);
  // A placed declaration leaves its editions with the step (unplacement.ts); this change would leave them behind.
  const status = isPlaced(current.status) ? undefined : nextStatus(current.status, action);
  if (!status) throw new WrongState(current.status, action);
  const next = steppedDeclaration(change.revise ? change.revise(current) : current, status, context.now(), change.reason);
  const audit = { at: next.updatedAt, actor: change.actor, action, ...(change.reason ? { reason: change.reason } : {}) };
  const event = statusEventOf(next);
  const told = event ? notificationItems(context.store, next, event, context.now()) : [];
  const additions = [...searchItemWrites(context.store, current, next), ...told];
  const outcome = await changeDeclaration(context.store, current, next, action, audit, change.expectedVersion, additions);
  switch (outcome.kind) {
    case 'changed':
      return outcome.declaration;
    case 'not_found':
      throw new DeclarationNotFound();
    case 'stale':
      throw new StaleVersion(outcome.current.version);
    case 'wrong_state':
      throw new WrongState(outcome.current.status, action);
    case 'duplicate':
      throw new DuplicateDeclaration(outcome.existingId);
  }
}

/** `current` one lifecycle step on, at `now`, as every status change stores it. */
export function steppedDeclaration(current: StoredDeclaration, status: DeclarationStatus, now: Date, reason?: string): StoredDeclaration {
  const at = now.toISOString();
  // The reason belongs to the decision that gave it; the next step replaces or clears it (the audit keeps all).
  const { reason: _previousReason, ...rest } = current;
  return {
    ...rest,
    status,
    version: current.version + 1,
    updatedAt: at,
    ...(status === 'submitted' ? { submittedAt: at } : {}),
    ...(status === 'withdrawn' ? { purgeAt: purgeTime(now) } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** The staff decisions the filer is told about (their own edits and withdrawals they made themselves). */
function statusEventOf(next: StoredDeclaration): StatusEvent | undefined {
  switch (next.status) {
    case 'approved':
      return { kind: 'approved' };
    case 'changes_requested':
      return { kind: 'changes_requested', reason: next.reason ?? '' };
    case 'rejected':
      return { kind: 'rejected', reason: next.reason ?? '' };
    default:
      return undefined;
  }
}

const PRESERVED_WHEN_MASKED = [
  ['declarant', 'idNumber'],
  ['contact', 'phone'],
  // A resident ID card's or driving licence's number is an ID, shown masked like the others.
  ['document', 'number'],
] as const;

/**
 * What an edit files: top-level fields in `changes` replace the stored ones. A masked value sent back unchanged
 * (the form shows `372522********2211`) keeps the stored full value, so editing never needs the full ID again.
 * The edit form's live preview renders exactly this.
 */
export function editedInput(current: StoredDeclaration, changes: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current.declaration, ...changes };
  for (const [group, field] of PRESERVED_WHEN_MASKED) {
    const sent = merged[group] as Record<string, unknown> | undefined;
    const stored = (current.declaration as unknown as Record<string, Record<string, unknown> | undefined>)[group]?.[field];
    if (sent && typeof stored === 'string' && sent[field] === maskSensitiveText(stored) && sent[field] !== stored) {
      merged[group] = { ...sent, [field]: stored };
    }
  }
  return merged;
}

/** The citizen's edit (see editedInput); `changes.attachments`, when sent, replaces the proof files on file. */
export async function editDeclaration(
  context: FilingContext,
  current: StoredDeclaration,
  changes: Record<string, unknown>,
  expectedVersion: number,
): Promise<StoredDeclaration> {
  const merged = editedInput(current, changes);
  const { declaration, warnings, attachments } = await validateFiling(context, merged, current.attachments.map((attachment) => attachment.id));
  const numberKey = numberKeyOf(declaration);
  const searchHashes = searchHashesOf(await context.lookupHasher(), current.id, declaration);
  return applyLifecycleAction(context, current, 'edit', {
    expectedVersion,
    actor: 'citizen',
    revise: (stored) => {
      const { numberKey: _old, ...rest } = stored;
      return { ...rest, declaration, warnings, attachments, text: renderNotice(declaration), searchHashes, ...(numberKey ? { numberKey } : {}) };
    },
  });
}
