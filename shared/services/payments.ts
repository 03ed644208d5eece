import { AlreadySettled, DeclarationNotFound, InvalidInput, PaymentRequired, WrongState } from '../domain/errors.js';
import { DEFAULT_TARIFF, estimateFee, type FeeEstimate } from '../domain/fee.js';
import type { DeclarationStatus } from '../domain/lifecycle.js';
import { yuan, type PaymentStatus, type Settlement } from '../domain/payment.js';
import type { StoreContext } from '../store/client.js';
import { readTariff } from '../store/config-store.js';
import { getDeclaration, getDeclarations, type StoredDeclaration } from '../store/declaration-store.js';
import { getSettlement, getSettlements, recordSettlement } from '../store/payment-store.js';

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
export async function feeOf(store: StoreContext, declaration: StoredDeclaration): Promise<FeeEstimate> {
  return estimateFee(declaration.text, await currentTariff(store));
}

export interface PaymentView {
  readonly status: PaymentStatus;
  readonly fee: FeeEstimate;
  readonly settlement?: Settlement;
}

/** The fee and how it stands, for staff (with the settlement as recorded). */
export async function paymentOf(store: StoreContext, declaration: StoredDeclaration): Promise<PaymentView> {
  const [fee, settlement] = await Promise.all([feeOf(store, declaration), getSettlement(store, declaration.id)]);
  return { status: settlement?.kind ?? 'unpaid', fee, ...(settlement ? { settlement } : {}) };
}

async function settle(context: PaymentContext, declaration: StoredDeclaration, settlement: Settlement, reason: string): Promise<Settlement> {
  const action = settlement.kind === 'paid' ? 'record_payment' : 'waive_payment';
  const audit = { at: settlement.at, actor: settlement.by, action, reason };
  const outcome = await recordSettlement(context.store, declaration.id, settlement, audit, PAYABLE_STATUSES);
  if (outcome === 'recorded') return settlement;
  if (outcome === 'not_payable') {
    const current = await getDeclaration(context.store, declaration.id);
    if (!current) throw new DeclarationNotFound();
    throw new WrongState(current.status, action);
  }
  const existing = await getSettlement(context.store, declaration.id);
  throw new AlreadySettled(existing?.kind ?? 'paid');
}

async function payable(context: PaymentContext, id: string, action: string): Promise<StoredDeclaration> {
  const declaration = await getDeclaration(context.store, id);
  if (!declaration) throw new DeclarationNotFound();
  if (!PAYABLE_STATUSES.includes(declaration.status)) throw new WrongState(declaration.status, action);
  return declaration;
}

/**
 * Records the fee as paid by staff at the desk (or from a transfer's reference). The amount must be the fee exactly,
 * in fen as the preview's `fee.amountFen` states it: a cashier who typed another figure is told the right one.
 */
export async function recordPayment(
  context: PaymentContext,
  id: string,
  payment: { amountFen: number; reference: string },
  actor: string,
): Promise<Settlement> {
  const declaration = await payable(context, id, 'record_payment');
  const fee = await feeOf(context.store, declaration);
  if (payment.amountFen !== fee.amountFen) {
    throw new InvalidInput([
      {
        path: 'amount',
        message: {
          'zh-CN': `金额须为本声明的刊登费 ${fee.amountFen} 分（${yuan(fee.amountFen)}）。`,
          en: `The amount must be this notice's fee, ${fee.amountFen} fen (${yuan(fee.amountFen)}).`,
        },
      },
    ]);
  }
  const settlement: Settlement = { kind: 'paid', amountFen: fee.amountFen, reference: payment.reference, by: actor, at: context.now().toISOString() };
  return settle(context, declaration, settlement, `${yuan(fee.amountFen)} ${payment.reference}`);
}

/** An editor's waiver of the fee, with the reason (audited). */
export async function waivePayment(context: PaymentContext, id: string, reason: string, actor: string): Promise<Settlement> {
  const declaration = await payable(context, id, 'waive_payment');
  return settle(context, declaration, { kind: 'waived', reason, by: actor, at: context.now().toISOString() }, reason);
}

/** Refuses (PaymentRequired, naming them) when any of the declarations is neither paid nor waived; unknown ids: not found. */
export async function requireSettled(store: StoreContext, ids: readonly string[]): Promise<void> {
  const settlements = await getSettlements(store, ids);
  const unsettled = ids.filter((id) => !settlements.has(id));
  if (unsettled.length === 0) return;
  const declarations = await getDeclarations(store, unsettled);
  const missing = unsettled.find((id) => !declarations.has(id));
  if (missing) throw new DeclarationNotFound(`no declaration ${missing}`);
  throw new PaymentRequired(unsettled);
}

/** What the filer sees: the fee and whether it is paid or waived, never the staff's reference or reason. */
export async function citizenPaymentOf(store: StoreContext, declaration: StoredDeclaration): Promise<Omit<PaymentView, 'settlement'>> {
  const { status, fee } = await paymentOf(store, declaration);
  return { status, fee };
}
