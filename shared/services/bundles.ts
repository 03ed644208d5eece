/**
 * Filing a bundle of declarations all or nothing, beyond one DynamoDB transaction (100 items: a few dozen rows).
 *
 * 1. Every row is validated exactly as the citizen's form is (validateFiling); rows naming the same document,
 *    and rows whose number an active declaration holds, are bad rows too. Any bad row: 400, nothing written.
 * 2. The header is written `staging` with an attempt id and a lease; the rows are staged a few per transaction,
 *    each transaction also checking the header (bundle-store.ts). A staged declaration is invisible (no queue,
 *    no search item, no ordinary read sees it) but its uniqueness claim is real, so two bundles (or a citizen)
 *    cannot both take a number.
 * 3. One conditional write flips the header to `committed`: the bundle is filed from then on, whatever happens.
 * 4. The rows are made visible a few per transaction (queue, search items, first audit entry) and the header
 *    becomes `filed`, on the console's list.
 *
 * A failure during 2 undoes what was staged at once (rolling_back → rolled_back); a crash leaves the header on
 * the `DUE#bundle` list, and once its lease has run out the next bundle request (anyone's) undoes it if it was
 * staging or finishes it if it was committed. A retry with the same Idempotency-Key does the same for its own
 * bundle at once (or answers 409 while the first run may still be alive), then files again or replays the 201.
 * Between a crash and that clean-up, nothing of the bundle is visible; its staged claims only make a citizen
 * filing the same document meanwhile hear "duplicate".
 */
import { randomUUID } from 'node:crypto';
import { BundleAlreadyDecided, BundleInProgress, BundleNotFound, InvalidBundle, type BundleFieldError, type BundleRow } from '../domain/bundle.js';
import type { ApiKeyRecord } from '../domain/api-keys.js';
import { IdempotencyKeyReused, InvalidInput } from '../domain/errors.js';
import { text } from '../domain/localized.js';
import {
  activateRows,
  ACTIVATION_ITEMS,
  bundleRows,
  createBundle,
  getBundle,
  listStaleBundles,
  replaceBundle,
  stageRows,
  STAGED_ROW_ITEMS,
  UNSTAGED_ROW_ITEMS,
  unstageRows,
  type BundleAction,
  type BundleFormat,
  type BundleRecord,
  type BundleRowRecord,
} from '../store/bundle-store.js';
import { claimedNumbers, getDeclarations, getStagedDeclarations, type StoredDeclaration } from '../store/declaration-store.js';
import { searchItemWrites } from '../store/search-index.js';
import type { QuotaRelease } from './api-keys.js';
import { citizenView, newStoredDeclaration, validateFiling, type FilingContext, type LifecycleContext, type SubmittedDeclaration } from './filing.js';
import { decideEach, requireReadableReason, type DecisionOutcome } from './moderation.js';
import { hashFor, newReceipt, sealWith, unsealWith } from './secrets.js';

/** A transaction holds at most 100 items; one is the header's check. */
const TRANSACTION_ITEMS = 100;
/** How long a run may hold its bundle before others may finish or undo it: well past the function's timeout. */
const LEASE_MS = 5 * 60 * 1000;
/** Stale bundles the next request tidies before its own (a bound, so one request never does a backlog). */
const STALE_PER_REQUEST = 3;
/** Rows read (and made visible, or decided) per pass: one BatchGetItem's worth. */
const ROWS_PER_PASS = 100;
/** Rows validated at once (each may read its attachments from storage). */
const VALIDATION_CONCURRENCY = 25;

export interface BundleSubmission {
  readonly rows: readonly BundleRow[];
  readonly format: BundleFormat;
  readonly encoding?: string;
  readonly key: ApiKeyRecord;
  /** The canonical body's hash: an Idempotency-Key replayed with another body is refused. */
  readonly bodyHash: string;
  readonly idempotencyKey?: string;
  /** Takes the rows from the key's daily quota; called only when rows are about to be written. */
  readonly charge: (rows: number) => Promise<QuotaRelease>;
}

export interface FiledRow extends SubmittedDeclaration {
  readonly row: number;
}

export interface FiledBundle {
  readonly bundleId: string;
  readonly declarations: readonly FiledRow[];
}

/** The bundle id an Idempotency-Key stands for (per key, so two agencies' keys never meet): a retry finds its bundle. */
function bundleIdFor(keyId: string, idempotencyKey: string): string {
  const hash = hashFor('bundle-id', `${keyId}\n${idempotencyKey}`);
  return [hash.slice(0, 8), hash.slice(8, 12), hash.slice(12, 16), hash.slice(16, 20), hash.slice(20, 32)].join('-');
}

function chunksOf<T>(items: readonly T[], size: (item: T) => number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let used = 1;
  for (const item of items) {
    if (current.length > 0 && used + size(item) > TRANSACTION_ITEMS) {
      chunks.push(current);
      current = [];
      used = 1;
    }
    current.push(item);
    used += size(item);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

const DUPLICATE_MESSAGE = text(
  '这份证件已有一份声明正在办理，不能重复提交。',
  'A declaration for this document is already being handled; it cannot be filed again.',
);

interface CheckedRow {
  readonly row: number;
  readonly declaration: StoredDeclaration;
  readonly receipt: string;
}

/** Validates every row as the citizen form would, and the bundle's documents against each other and the register. */
async function checkedRows(context: FilingContext, rows: readonly BundleRow[], at: string, bundleId: string): Promise<CheckedRow[]> {
  const errors: BundleFieldError[] = [];
  const hasher = await context.lookupHasher();
  const checked: CheckedRow[] = [];
  for (let start = 0; start < rows.length; start += VALIDATION_CONCURRENCY) {
    const results = await Promise.all(
      rows.slice(start, start + VALIDATION_CONCURRENCY).map(async ({ row, input }): Promise<CheckedRow | undefined> => {
        try {
          const receipt = newReceipt();
          const declaration = newStoredDeclaration(hasher, await validateFiling(context, input), receipt, at);
          return { row, declaration: { ...declaration, bundleId }, receipt };
        } catch (error) {
          if (!(error instanceof InvalidInput)) throw error;
          errors.push(...error.errors.map((fieldError) => ({ row, field: fieldError.path, message: fieldError.message })));
          return undefined;
        }
      }),
    );
    checked.push(...results.filter((result): result is CheckedRow => result !== undefined));
  }
  const claimOf = (declaration: StoredDeclaration) => (declaration.numberKey === undefined ? undefined : `${declaration.declaration.document.type}#${declaration.numberKey}`);
  const firstRowOf = new Map<string, number>();
  for (const { row, declaration } of checked) {
    const claim = claimOf(declaration);
    if (claim === undefined) continue;
    const first = firstRowOf.get(claim);
    if (first === undefined) firstRowOf.set(claim, row);
    else errors.push({ row, field: 'document.number', message: text(`与第 ${first} 行是同一份证件。`, `The same document as row ${first}.`) });
  }
  const claimed = await claimedNumbers(
    context.store,
    checked.flatMap(({ declaration }) => (declaration.numberKey === undefined ? [] : [{ documentType: declaration.declaration.document.type, numberKey: declaration.numberKey }])),
  );
  for (const { row, declaration } of checked) {
    const claim = claimOf(declaration);
    if (claim !== undefined && claimed.has(claim)) errors.push({ row, field: 'document.number', message: DUPLICATE_MESSAGE });
  }
  if (errors.length > 0) throw new InvalidBundle([...errors].sort((a, b) => a.row - b.row));
  return checked;
}

/** Undoes a bundle that never committed: the header first (so its writer stops), then every staged row. */
async function rollBack(context: FilingContext, bundle: BundleRecord): Promise<void> {
  let current = bundle;
  if (current.state === 'staging') {
    const undoing: BundleRecord = { ...current, state: 'rolling_back', updatedAt: context.now().toISOString() };
    if (!(await replaceBundle(context.store, undoing, current))) return;
    current = undoing;
  }
  if (current.state !== 'rolling_back') return;
  const rows = await bundleRows(context.store, current.id);
  for (const chunk of chunksOf(rows, () => UNSTAGED_ROW_ITEMS)) await unstageRows(context.store, current, chunk);
  await replaceBundle(context.store, { ...current, state: 'rolled_back', updatedAt: context.now().toISOString() }, current);
}

/** Finishes a committed bundle: every staged row made visible (a few per transaction), then the header `filed`. */
async function rollForward(context: FilingContext, bundle: BundleRecord, actor: string): Promise<void> {
  const ids = (await bundleRows(context.store, bundle.id)).map((row) => row.declarationId);
  const audit = { at: bundle.createdAt, actor, action: 'submit' };
  for (let start = 0; start < ids.length; start += ROWS_PER_PASS) {
    // A few tries: another run finishing the same bundle may have made some of these visible meanwhile.
    let shown = false;
    for (let attempt = 0; attempt < 5 && !shown; attempt += 1) {
      const staged = await getStagedDeclarations(context.store, ids.slice(start, start + ROWS_PER_PASS), bundle.id);
      const writes = staged.map((declaration) => ({ declaration, audit, additions: searchItemWrites(context.store, undefined, declaration) }));
      const done = await Promise.all(chunksOf(writes, (write) => ACTIVATION_ITEMS + write.additions.length).map((chunk) => activateRows(context.store, bundle, chunk)));
      shown = done.every(Boolean);
    }
    // Still committed and on the list of unfinished bundles: a retry or the next request carries on.
    if (!shown) throw new Error('a committed bundle could not be made visible; it is finished later');
  }
  await replaceBundle(context.store, { ...bundle, state: 'filed', updatedAt: context.now().toISOString() }, bundle);
}

/** The refusal of a second run while `bundle`'s lease lasts, with how long it may still last. */
function inProgress(context: FilingContext, bundle: BundleRecord): BundleInProgress {
  const seconds = Math.ceil((new Date(bundle.leaseUntil).getTime() - context.now().getTime()) / 1000);
  return new BundleInProgress(Math.min(Math.max(seconds, 1), LEASE_MS / 1000));
}

/** Who filed a bundle's declarations, in their audit entries. */
const agencyActor = (bundle: Pick<BundleRecord, 'keyId'>) => `agency:${bundle.keyId}`;

/** Brings an unfinished bundle to an end: undone before its commit, finished after it. */
async function settle(context: FilingContext, bundle: BundleRecord): Promise<void> {
  if (bundle.state === 'committed') await rollForward(context, bundle, agencyActor(bundle));
  else if (bundle.state === 'staging' || bundle.state === 'rolling_back') await rollBack(context, bundle);
}

/** Bundles the scheduled sweep settles per run (each a few transactions per hundred rows). */
export const STALE_PER_SWEEP = 25;

/**
 * Finishes or undoes bundles whose run died (their lease ran out), at most `limit`, each at most once per call:
 * a little at every bundle request, the rest by the scheduled sweep, so that a dead bundle's claims on its
 * certificate numbers never outlive its lease by more than a sweep's interval.
 */
export async function settleStaleBundles(context: FilingContext, limit = STALE_PER_REQUEST): Promise<number> {
  const stale = await listStaleBundles(context.store, context.now(), limit);
  for (const bundle of stale) await settle(context, bundle);
  return stale.length;
}

/** The 201's rows for a filed bundle, from its declarations now and the receipts its Idempotency-Key unseals. */
async function filedRows(context: FilingContext, bundle: BundleRecord, idempotencyKey: string): Promise<FiledRow[]> {
  const rows = await bundleRows(context.store, bundle.id);
  const declarations = await getDeclarations(context.store, rows.map((row) => row.declarationId));
  return rows.flatMap((row) => {
    const declaration = declarations.get(row.declarationId);
    if (!declaration || !row.sealedReceipt) return [];
    return [{ row: row.row, ...citizenView(declaration), receipt: unsealWith(idempotencyKey, row.sealedReceipt) }];
  });
}

/** Stages every row of a fresh attempt, then commits it; any failure before the commit undoes it. */
async function stageAndCommit(context: FilingContext, bundle: BundleRecord, rows: readonly CheckedRow[], idempotencyKey: string | undefined): Promise<BundleRecord> {
  const records = rows.map(({ row, declaration, receipt }) => ({
    declaration,
    record: {
      row,
      declarationId: declaration.id,
      documentType: declaration.declaration.document.type,
      ...(declaration.numberKey === undefined ? {} : { numberKey: declaration.numberKey }),
      receiptHash: declaration.receiptHash,
      ...(idempotencyKey ? { sealedReceipt: sealWith(idempotencyKey, receipt) } : {}),
    } satisfies BundleRowRecord,
  }));
  try {
    for (const chunk of chunksOf(records, () => STAGED_ROW_ITEMS)) {
      const outcome = await stageRows(context.store, bundle, chunk);
      if (outcome.kind === 'lost') throw inProgress(context, bundle);
      if (outcome.kind === 'duplicates') throw new InvalidBundle(outcome.rows.map((row) => ({ row, field: 'document.number', message: DUPLICATE_MESSAGE })));
    }
  } catch (error) {
    // Undo what this attempt staged; if undoing fails too, the lease runs out and the next request undoes it.
    await rollBack(context, bundle).catch(() => undefined);
    throw error;
  }
  const committed: BundleRecord = { ...bundle, state: 'committed', updatedAt: context.now().toISOString() };
  if (!(await replaceBundle(context.store, committed, bundle))) throw inProgress(context, bundle);
  return committed;
}

/**
 * Files a bundle (see the top of this file). With an Idempotency-Key the bundle's id follows from it, so a retry
 * finds the first run's bundle: filed → the same declarations and receipts again; unfinished → finished or
 * undone first; the same key with another body → IdempotencyKeyReused.
 */
export async function fileBundle(context: FilingContext, submission: BundleSubmission): Promise<FiledBundle> {
  await settleStaleBundles(context);
  const now = context.now();
  const { key, idempotencyKey } = submission;
  const id = idempotencyKey ? bundleIdFor(key.id, idempotencyKey) : randomUUID();
  let previous = idempotencyKey ? await getBundle(context.store, id) : undefined;
  if (previous && idempotencyKey) {
    if (previous.bodyHash !== submission.bodyHash) throw new IdempotencyKeyReused();
    if (previous.state === 'staging' && new Date(previous.leaseUntil) > now) throw inProgress(context, previous);
    await settle(context, previous);
    previous = await getBundle(context.store, id);
    if (previous?.state === 'filed') return { bundleId: id, declarations: await filedRows(context, previous, idempotencyKey) };
    // Only an undone bundle is filed afresh; anything else means another retry got there first.
    if (previous && previous.state !== 'rolled_back') throw inProgress(context, previous);
  }
  const at = now.toISOString();
  const rows = await checkedRows(context, submission.rows, at, id);
  const release = await submission.charge(rows.length);
  const bundle: BundleRecord = {
    id,
    keyId: key.id,
    organisation: key.organisation,
    state: 'staging',
    rowCount: rows.length,
    format: submission.format,
    ...(submission.encoding ? { encoding: submission.encoding } : {}),
    createdAt: at,
    updatedAt: at,
    attempt: randomUUID(),
    leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
    bodyHash: submission.bodyHash,
  };
  let committed: BundleRecord;
  try {
    // A fresh bundle, or a new attempt at one whose earlier attempt was undone.
    const started = previous ? await replaceBundle(context.store, bundle, previous) : await createBundle(context.store, bundle);
    if (!started) throw inProgress(context, bundle);
    committed = await stageAndCommit(context, bundle, rows, idempotencyKey);
  } catch (error) {
    // Nothing of this attempt will be filed (it is undone, now or after its lease): its rows go back to the quota.
    // If the table cannot be reached to give them back, they stay taken; the request's own error is the answer.
    await release().catch(() => undefined);
    throw error;
  }
  // Committed: the rows will be filed, by this run or, after a crash, by the next one.
  await rollForward(context, committed, agencyActor(bundle));
  return { bundleId: id, declarations: rows.map(({ row, declaration, receipt }) => ({ row, ...citizenView(declaration), receipt })) };
}

/** A bundle and its rows' declarations now (absent while the bundle is not filed). */
export interface BundleOverview {
  readonly bundle: BundleRecord;
  readonly rows: readonly { readonly row: number; readonly declarationId: string; readonly declaration?: StoredDeclaration }[];
}

export async function bundleOverview(context: Pick<FilingContext, 'store'>, id: string, keyId?: string): Promise<BundleOverview> {
  const bundle = await getBundle(context.store, id);
  // Another organisation's bundle is as unknown as a missing one.
  if (!bundle || (keyId !== undefined && bundle.keyId !== keyId) || bundle.state === 'rolled_back') throw new BundleNotFound();
  const rows = await bundleRows(context.store, id);
  const declarations = await getDeclarations(context.store, rows.map((row) => row.declarationId));
  return {
    bundle,
    rows: rows.map((row) => {
      const declaration = declarations.get(row.declarationId);
      return { row: row.row, declarationId: row.declarationId, ...(declaration ? { declaration } : {}) };
    }),
  };
}

export interface BundleDecisionResult {
  readonly bundle: BundleRecord;
  /** Rows decided by this call. */
  readonly applied: number;
  /** Rows no longer waiting for review (decided one by one, withdrawn, or by an earlier run of this decision). */
  readonly skipped: number;
  /** Rows changed by someone else while this ran (stale version): deciding again picks them up. */
  readonly refused: number;
}


/**
 * A moderator's decision on a whole filed bundle: recorded on the bundle first, then applied to each row still
 * waiting for review through the same decision as one declaration's (version check, audit, the filer told), a
 * transaction each. Interrupted, it is resumed by deciding the same again; a different decision is refused.
 */
export async function decideBundle(
  context: LifecycleContext,
  id: string,
  request: { readonly action: BundleAction; readonly reason?: string },
  actor: string,
): Promise<BundleDecisionResult> {
  requireReadableReason(request.reason, 'reason');
  const overview = await bundleOverview(context, id);
  const { rows } = overview;
  let { bundle } = overview;
  if (bundle.state !== 'filed') throw new BundleNotFound();
  if (bundle.decision && bundle.decision.action !== request.action) throw new BundleAlreadyDecided(bundle.decision.action);
  if (!bundle.decision) {
    const at = context.now().toISOString();
    const decided: BundleRecord = { ...bundle, decision: { action: request.action, ...(request.reason ? { reason: request.reason } : {}), by: actor, at }, updatedAt: at };
    if (!(await replaceBundle(context.store, decided, { ...bundle, undecided: true }))) return decideBundle(context, id, request, actor);
    bundle = decided;
  }
  const reason = bundle.decision?.reason;
  const waiting = rows.flatMap((row) => (row.declaration?.status === 'submitted' ? [row.declaration] : []));
  const outcomes: DecisionOutcome[] = [];
  for (let start = 0; start < waiting.length; start += ROWS_PER_PASS) {
    const requests = waiting.slice(start, start + ROWS_PER_PASS).map((declaration) => ({
      id: declaration.id,
      action: request.action,
      expectedVersion: declaration.version,
      ...(reason && request.action !== 'approve' ? { reason } : {}),
    }));
    outcomes.push(...(await decideEach(context, requests, actor)));
  }
  const applied = outcomes.filter((outcome) => outcome.applied).length;
  const visible = rows.filter((row) => row.declaration !== undefined).length;
  return { bundle, applied, skipped: visible - waiting.length, refused: outcomes.length - applied };
}
