/**
 * How a declaration's fee stands. Newspapers take the fee before they print: at the desk, by bank transfer or by
 * WeChat/Alipay with a reference; an editor may waive it (with a reason, e.g. a hardship case or a reprint the paper
 * owes). A settlement is recorded once and never changes.
 */
export type Settlement =
  | { readonly kind: 'paid'; readonly amountFen: number; readonly reference: string; readonly by: string; readonly at: string }
  | { readonly kind: 'waived'; readonly reason: string; readonly by: string; readonly at: string };

export type PaymentStatus = 'unpaid' | Settlement['kind'];

export const MAX_PAYMENT_REFERENCE = 100;

/** The amount as a cashier writes it: `¥90.00`. */
export function yuan(amountFen: number): string {
  return `¥${(amountFen / 100).toFixed(2)}`;
}
