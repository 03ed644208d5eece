import { AlreadySettled, DeclarationNotFound, InvalidInput, PaymentRequired, WrongState } from '../domain/errors.js';
import { DEFAULT_TARIFF, estimateFee, type FeeEstimate } from '../domain/fee.js';
import type { DeclarationStatus } from '../domain/lifecycle.js';
import { paymentStanding, yuan, type PaymentRecord, type PaymentStanding, type RecordedPayment, type Settlement } from '../domain/payment.js';
import type { StoreContext } from '../store/client.js';
import { readTariff } from '../store/config-store.js';
import { getDeclaration, getDeclarations, type AuditEntry, type StoredDeclaration } from '../store/declaration-store.js';
import { requireReadableReason } from './moderation.js';
import { getSettlement, getSettlements, recordSettlement, recordTopUp, type SettleOutcome } from '../store/payment-store.js';

export interface PaymentContext {
  readonly store: StoreContext;
  readonly now: () => Date;
}

/** A fee is taken for a declaration still on its way to print (not for a withdrawn or rejected one, nor twice). */
const PAYABLE_STATUSES: readonly DeclarationStatus[] = ['submitted', 'changes_requested', 'approved'];

/** The newspaper's current tariff (kept in the table), or the default one. */
export async function currentTariff(store: StoreContext) {
  return (await readTariff(store)) ?? DEFAULT_TARIFF;
}

/** What the declaration costs now: the preview's `fee` for its text at the current tariff. */
export async function feeOf(store: StoreContext, declaration: Pick<StoredDeclaration, 'text'>): Promise<FeeEstimate> {
  return estimateFee(declaration.text, await currentTariff(store));
}

export type PaymentView = PaymentStanding & { readonly fee: FeeEstimate; readonly settlement?: Settlement };

/** The fee and how it stands against what was paid, for staff (with the settlement as recorded). */
export async function paymentOf(store: StoreContext, declaration: Pick<StoredDeclaration, 'id' | 'text'>): Promise<PaymentView> {
  const [fee, settlement] = await Promise.all([feeOf(store, declaration), getSettlement(store, declaration.id)]);
  return { ...paymentStanding(fee, settlement), fee, ...(settlement ? { settlement } : {}) };
}

type SettleAction = 'record_payment' | 'waive_payment';

/** Runs a settlement write (with its audit entry) and turns a refusal into the error that says why. */
async function settle(context: PaymentContext, id: string, action: SettleAction, write: () => Promise<SettleOutcome>): Promise<void> {
  const outcome = await write();
  if (outcome === 'recorded') return;
  if (outcome === 'not_payable') {
    const current = await getDeclaration(context.store, id);
    if (!current) throw new DeclarationNotFound();
    throw new WrongState(current.status, action);
  }
  const existing = await getSettlement(context.store, id);
  throw new AlreadySettled(existing?.kind ?? 'paid');
}

const auditOf = (action: SettleAction, record: { by: string; at: string }, reason: string): AuditEntry => ({ at: record.at, actor: record.by, action, reason });

async function payable(context: PaymentContext, id: string, action: string): Promise<StoredDeclaration> {
  const declaration = await getDeclaration(context.store, id);
  if (!declaration) throw new DeclarationNotFound();
  if (!PAYABLE_STATUSES.includes(declaration.status)) throw new WrongState(declaration.status, action);
  return declaration;
}

/** A wrong amount, refused with the one that is due: the fee, or after an edit made the notice dearer, the difference. */
function wrongAmount(fee: FeeEstimate, owedFen: number, paidFen: number | undefined): InvalidInput {
  const message =
    paidFen === undefined
      ? {
          'zh-CN': `金额须为本声明的刊登费 ${fee.amountFen} 分（${yuan(fee.amountFen)}）。`,
          en: `The amount must be this notice's fee, ${fee.amountFen} fen (${yuan(fee.amountFen)}).`,
        }
      : {
          'zh-CN': `金额须为尚欠的 ${owedFen} 分（${yuan(owedFen)}）：修改后的刊登费 ${yuan(fee.amountFen)} 减去已付的 ${yuan(paidFen)}。`,
          en: `The amount must be what is still owed, ${owedFen} fen (${yuan(owedFen)}): the fee after the edit, ${yuan(fee.amountFen)}, less the ${yuan(paidFen)} paid.`,
        };
  return new InvalidInput([{ path: 'amount', message }]);
}

/**
 * Records a payment taken by staff at the desk (or from a transfer's reference). The amount must be what is owed
 * exactly, in fen as the staff view's `payment.owedFen` states it: the whole fee at first, or after an edit made the
 * notice dearer than what was paid, the difference (recorded as a top-up of the settlement). A cashier who typed
 * another figure is told the right one; a declaration paid in full or waived is AlreadySettled.
 */
export async function recordPayment(
  context: PaymentContext,
  id: string,
  payment: { amountFen: number; reference: string },
  actor: string,
): Promise<RecordedPayment> {
  const declaration = await payable(context, id, 'record_payment');
  const { fee, settlement, status, owedFen = 0, paidFen } = await paymentOf(context.store, declaration);
  if (status !== 'unpaid') throw new AlreadySettled(status);
  if (payment.amountFen !== owedFen) throw wrongAmount(fee, owedFen, paidFen);
  const record: PaymentRecord = { amountFen: owedFen, characters: fee.characters, reference: payment.reference, by: actor, at: context.now().toISOString() };
  const audit = auditOf('record_payment', record, `${yuan(owedFen)} ${payment.reference}`);
  await settle(context, id, 'record_payment', () =>
    settlement?.kind === 'paid'
      ? recordTopUp(context.store, id, record, settlement.topUps?.length ?? 0, audit, PAYABLE_STATUSES)
      : recordSettlement(context.store, id, { kind: 'paid', ...record }, audit, PAYABLE_STATUSES),
  );
  return { kind: 'paid', ...record };
}

/** An editor's waiver of the fee, with the reason (audited); refused once a payment or waiver is recorded. */
export async function waivePayment(context: PaymentContext, id: string, reason: string, actor: string): Promise<Settlement> {
  requireReadableReason(reason, 'reason');
  await payable(context, id, 'waive_payment');
  const waiver: Settlement = { kind: 'waived', reason, by: actor, at: context.now().toISOString() };
  await settle(context, id, 'waive_payment', () => recordSettlement(context.store, id, waiver, auditOf('waive_payment', waiver, reason), PAYABLE_STATUSES));
  return waiver;
}

/**
 * Refuses (PaymentRequired, naming them) when any of the declarations is neither paid nor waived, or was paid for a
 * shorter text than it now has (the difference is owed); unknown ids: not found.
 */
export async function requireSettled(store: StoreContext, ids: readonly string[]): Promise<void> {
  const [settlements, declarations, tariff] = await Promise.all([getSettlements(store, ids), getDeclarations(store, ids), currentTariff(store)]);
  const unsettled = ids.filter((id) => {
    const declaration = declarations.get(id);
    if (!declaration) throw new DeclarationNotFound(`no declaration ${id}`);
    return paymentStanding(estimateFee(declaration.text, tariff), settlements.get(id)).status === 'unpaid';
  });
  if (unsettled.length > 0) throw new PaymentRequired(unsettled);
}

export type CitizenPaymentView = Omit<PaymentView, 'settlement'>;

/** What the filer sees: the fee, how it stands and what is owed, never the staff's reference or reason. */
export async function citizenPaymentOf(store: StoreContext, declaration: Pick<StoredDeclaration, 'id' | 'text'>): Promise<CitizenPaymentView> {
  const { settlement: _settlement, ...view } = await paymentOf(store, declaration);
  return view;
}
