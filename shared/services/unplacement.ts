/**
 * Taking a notice out of its editions before they go to print: the filer's withdrawal of a scheduled declaration
 * and the editor's take-out. Either undoes what placement wrote, in one transaction (edition-store.ts).
 */
import { editionState } from '../domain/editions.js';
import { EditionNotFound, GoneToPrint, NotInEdition, StaleVersion, WrongState } from '../domain/errors.js';
import { allowedFrom, isPlaced, LIFECYCLE_ACTIONS } from '../domain/lifecycle.js';
import { getDeclaration, type AuditEntry, type StoredDeclaration } from '../store/declaration-store.js';
import { getEdition, readEditionWithPlacements, unplaceCorrection, unplaceDeclaration, type Edition, type PlacedIn } from '../store/edition-store.js';
import type { TransactItem } from '../store/transact.js';
import { applyLifecycleAction, steppedDeclaration, type LifecycleContext } from './filing.js';
import { notificationItems } from './notifications.js';
import { placementsOf } from './placements.js';

/** The first placement whose edition can no longer change: past its cut-off, publishing or published (the rule placement follows). */
function goneToPrint(placed: readonly PlacedIn[], now: Date): PlacedIn | undefined {
  return placed.find(({ edition }) => editionState(edition, now) !== 'open');
}

function refusal({ edition }: PlacedIn): GoneToPrint {
  return new GoneToPrint(edition.status === 'published', edition.date);
}

/**
 * Whether the filer may withdraw it now: a scheduled one only while every edition it is in (`placed`, as
 * placementsToFollow reads them) can still change.
 */
export function canWithdraw(declaration: StoredDeclaration, placed: readonly PlacedIn[], now: Date): boolean {
  if (!allowedFrom('withdraw').includes(declaration.status)) return false;
  return !isPlaced(declaration.status) || goneToPrint(placed, now) === undefined;
}

async function unplace(
  context: LifecycleContext,
  current: StoredDeclaration,
  next: StoredDeclaration,
  dates: readonly string[],
  audit: AuditEntry,
  told: readonly TransactItem[] = [],
) {
  const outcome = await unplaceDeclaration(context.store, current, next, dates, audit, told);
  if (outcome === 'unplaced') return next;
  if (outcome === 'edition_closed') throw new GoneToPrint(false);
  const latest = await getDeclaration(context.store, current.id);
  if (latest?.status === 'published') throw new GoneToPrint(true);
  throw new StaleVersion(latest?.version ?? current.version);
}

/**
 * The filer's withdrawal (contract: allowed until published). A scheduled declaration also leaves every edition
 * it is placed in, which each must still be able to change; a published one never changes.
 */
export async function withdrawDeclaration(context: LifecycleContext, current: StoredDeclaration, expectedVersion: number): Promise<StoredDeclaration> {
  if (current.status === 'published') throw new GoneToPrint(true);
  if (!isPlaced(current.status)) return applyLifecycleAction(context, current, 'withdraw', { expectedVersion, actor: 'citizen' });
  if (current.version !== expectedVersion) throw new StaleVersion(current.version);
  const now = context.now();
  const placed = await placementsOf(context.store, current);
  const printed = goneToPrint(placed, now);
  if (printed) throw refusal(printed);
  const next = steppedDeclaration(current, LIFECYCLE_ACTIONS.withdraw.to, now);
  const dates = placed.map(({ placement }) => placement.date);
  return unplace(context, current, next, dates, { at: next.updatedAt, actor: 'citizen', action: 'withdraw' });
}

/**
 * A correction (更正声明, `id` the one its placement answered) taken out of its edition before the cut-off: one
 * placed twice, or wrongly, never reaches print. Nobody is told: the filer was not told of its placement either.
 */
async function takeCorrectionOut(context: LifecycleContext, edition: Edition, id: string, actor: string): Promise<void> {
  const { placements } = await readEditionWithPlacements(context.store, edition.date);
  const placement = placements.find((placed) => placed.correction?.id === id);
  if (!placement?.correction) throw new NotInEdition(edition.date, id);
  const now = context.now();
  if (goneToPrint([{ edition, placement }], now)) throw refusal({ edition, placement });
  const audit = { at: now.toISOString(), actor, action: 'unschedule_correction', reason: `${edition.date} ${placement.correction.correctsNoticeNo}` };
  if (!(await unplaceCorrection(context.store, { ...placement, correction: placement.correction }, audit))) throw new GoneToPrint(false, edition.date);
}

/**
 * An editor takes a scheduled notice out of the edition of `date` before its cut-off. The declaration is approved
 * again, to be placed anew, unless a run keeps it in other editions (then it stays scheduled there). The filer is
 * told which edition it left and, in a run, which it is still in.
 */
export async function takeOutOfEdition(context: LifecycleContext, date: string, id: string, actor: string): Promise<void> {
  const [edition, current] = await Promise.all([getEdition(context.store, date), getDeclaration(context.store, id)]);
  if (!edition) throw new EditionNotFound(`no edition for ${date}`);
  if (!current) return takeCorrectionOut(context, edition, id, actor);
  const placed = current ? await placementsOf(context.store, current) : [];
  const here = placed.find(({ placement }) => placement.date === date);
  if (!current || !here) throw new NotInEdition(date, id);
  const now = context.now();
  if (goneToPrint([here], now)) throw refusal(here);
  if (!isPlaced(current.status)) throw new WrongState(current.status, 'unschedule');
  const remaining = placed.map(({ placement }) => placement.date).filter((other) => other !== date);
  const next = steppedDeclaration(current, remaining.length > 0 ? current.status : LIFECYCLE_ACTIONS.unschedule.to, now);
  // The filer is told with the change itself, as at every staff step (their own withdrawal they made themselves).
  const told = notificationItems(context.store, next, { kind: 'unscheduled', date, remaining }, now);
  await unplace(context, current, next, [date], { at: next.updatedAt, actor, action: 'unschedule', reason: date }, told);
}
