import type { FeeEstimate } from './fee.js';

/**
 * One payment as staff recorded it: the amount, the length of the notice it paid for, the reference (transfer,
 * WeChat/Alipay or desk receipt), who and when.
 */
export interface PaymentRecord {
  readonly amountFen: number;
  /**
   * The notice's length in characters when it was paid: that text stays paid for whatever the tariff does later.
   * Absent on payments recorded before it was kept (those are judged by their amount alone).
   */
  readonly characters?: number;
  readonly reference: string;
  readonly by: string;
  readonly at: string;
}

/** A payment as the route that recorded it answers: the first one, or a further one for the difference owed. */
export type RecordedPayment = { readonly kind: 'paid' } & PaymentRecord;

/**
 * How a declaration's fee stands. Newspapers take the fee before they print: at the desk, by bank transfer or by
 * WeChat/Alipay with a reference; an editor may waive it (with a reason, e.g. a hardship case or a reprint the paper
 * owes). A settlement is recorded once; when an edit later makes the notice cost more, the difference is recorded
 * as a top-up of the same settlement (and nothing else ever changes in it).
 */
export type Settlement =
  | (RecordedPayment & { readonly topUps?: readonly PaymentRecord[] })
  | { readonly kind: 'waived'; readonly reason: string; readonly by: string; readonly at: string };

export type PaymentStatus = 'unpaid' | Settlement['kind'];

/**
 * The fee against what was paid. `unpaid` keeps its documented meaning (the notice cannot be placed) and, when a
 * payment was recorded for a shorter text, says so with `paidFen` beside the `owedFen` still to pay.
 */
export interface PaymentStanding {
  readonly status: PaymentStatus;
  /** What is still to pay, while unpaid: the whole fee, or the difference after an edit made the notice dearer. */
  readonly owedFen?: number;
  /** The sum of the payments recorded. */
  readonly paidFen?: number;
  /** Paid beyond the current fee (the notice was shortened after payment): nothing is refunded automatically. */
  readonly overpaidFen?: number;
}

/**
 * A payment covers the text it paid for: it is enough when it reaches the current fee, or when the notice is no
 * longer than the text that was paid (a tariff raised since asks nothing more of it). A waiver covers any fee.
 */
export function paymentStanding(fee: FeeEstimate, settlement: Settlement | undefined): PaymentStanding {
  if (!settlement) return { status: 'unpaid', owedFen: fee.amountFen };
  if (settlement.kind === 'waived') return { status: 'waived' };
  const payments = [settlement, ...(settlement.topUps ?? [])];
  const paidFen = payments.reduce((sum, payment) => sum + payment.amountFen, 0);
  const paidForCharacters = Math.max(...payments.map((payment) => payment.characters ?? 0));
  if (paidFen < fee.amountFen && fee.characters > paidForCharacters) return { status: 'unpaid', owedFen: fee.amountFen - paidFen, paidFen };
  return { status: 'paid', paidFen, ...(paidFen > fee.amountFen ? { overpaidFen: paidFen - fee.amountFen } : {}) };
}

export const MAX_PAYMENT_REFERENCE = 100;

/** The amount as a cashier writes it: `¥90.00`. */
export function yuan(amountFen: number): string {
  return `¥${(amountFen / 100).toFixed(2)}`;
}
