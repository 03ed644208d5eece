import { allowedFrom, isActive, type DeclarationStatus } from '../../../shared/domain/lifecycle.js';
import { yuan, type PaymentStatus } from '../../../shared/domain/payment.js';
import type { Locale } from '../../../shared/http/locale.js';
import type { CitizenPaymentView } from '../../../shared/services/payments.js';
import type { PageContext } from './page-context.js';

const TEXT: Record<Locale, {
  title: string;
  fee: string;
  /** The fee of a paid or waived notice: nothing is due any more. */
  amount: string;
  /** Unpaid while the paper has not approved it yet: pay after approval, as the receipt says. */
  unpaidInReview: string;
  status: Record<PaymentStatus, string>;
  owed: (owed: string, paid: string) => string;
  overpaid: (over: string) => string;
  /** A withdrawn or rejected declaration: nothing is due, and what was paid can be asked back. */
  notPrinted: { unpaid: string; paid: string };
  howTo: string;
}> = {
  'zh-CN': {
    title: '刊登费',
    fee: '应缴',
    amount: '金额',
    unpaidInReview: '尚未缴费：审核通过后再缴费，未通过不收费。缴费并经工作人员登记后，声明才能安排见报。',
    status: { unpaid: '尚未缴费：缴费并经工作人员登记后，声明才能安排见报。', paid: '已缴费，报社已登记。', waived: '报社已免除本声明的刊登费。' },
    owed: (owed, paid) => `您已缴 ${paid}，但缴费后声明改长了，刊登费随之增加：还须补缴 ${owed}。补缴并经工作人员登记后，声明才能安排见报。`,
    overpaid: (over) => `您所缴的比现在的刊登费多 ${over}。报社不会自动退款，如需退还请联系报社。`,
    notPrinted: { unpaid: '这份声明不会刊登，无需缴费。', paid: '这份声明不会刊登。报社不会自动退款，如需退还已缴的刊登费请联系报社。' },
    howTo: '缴费方式',
  },
  en: {
    title: 'Fee',
    fee: 'Due',
    amount: 'Amount',
    unpaidInReview: 'Not paid yet: pay once the declaration is approved (nothing is charged if it is not); the notice is placed in an edition once the fee is paid and staff have recorded it.',
    status: { unpaid: 'Not paid yet: the notice is placed in an edition once the fee is paid and staff have recorded it.', paid: 'Paid; the newspaper has recorded it.', waived: 'The newspaper has waived the fee for this notice.' },
    owed: (owed, paid) => `You paid ${paid}, but the notice grew after payment and its fee with it: ${owed} is still owed. The notice is placed in an edition once the difference is paid and staff have recorded it.`,
    overpaid: (over) => `You paid ${over} more than the fee is now. The newspaper does not refund it automatically; ask the newspaper if you want it back.`,
    notPrinted: { unpaid: 'This declaration will not be printed; nothing is due.', paid: 'This declaration will not be printed. The newspaper does not refund the fee automatically; ask the newspaper if you want it back.' },
    howTo: 'How to pay',
  },
};

/**
 * What the citizen is told of the fee's standing: the status, or what is still owed beside what was paid; while the
 * declaration is not approved yet (`inReview`: it can still be edited), that payment comes after approval.
 */
export function paymentStatusText(locale: Locale, payment: CitizenPaymentView, inReview = false): string {
  const text = TEXT[locale];
  if (payment.status === 'unpaid' && payment.paidFen !== undefined) return text.owed(yuan(payment.owedFen ?? 0), yuan(payment.paidFen));
  if (payment.status === 'unpaid' && inReview) return text.unpaidInReview;
  return text.status[payment.status];
}

/**
 * The fee on the filer's status page: how much, whether it is paid (or waived), what is still owed when an edit made
 * a paid notice dearer, and while unpaid the newspaper's own payment instructions (PAYMENT_INSTRUCTIONS: account,
 * WeChat/Alipay reference, the desk). A declaration that will not be printed (withdrawn or rejected) asks for
 * nothing: it says so, and how to ask back a fee already paid.
 */
export function PaymentSection(props: { page: PageContext; payment: CitizenPaymentView; declarationStatus: DeclarationStatus; instructions?: string | undefined }) {
  const text = TEXT[props.page.locale];
  const { status, fee, paidFen, overpaidFen } = props.payment;
  if (!isActive(props.declarationStatus)) {
    return (
      <section id="payment" data-payment-status={status}>
        <h2>{text.title}</h2>
        <p id="payment-status">
          {status === 'paid' ? text.notPrinted.paid : text.notPrinted.unpaid}
        </p>
      </section>
    );
  }
  return (
    <section id="payment" data-payment-status={status}>
      <h2>{text.title}</h2>
      <p class="fee">
        {status === 'unpaid' ? text.fee : text.amount} {yuan(fee.amountFen)}
      </p>
      <p class={status === 'unpaid' ? 'warning' : 'ok'} id="payment-status" data-owed-fen={status === 'unpaid' && paidFen !== undefined ? props.payment.owedFen : undefined}>
        {paymentStatusText(props.page.locale, props.payment, allowedFrom('edit').includes(props.declarationStatus))}
      </p>
      {overpaidFen !== undefined ? <p id="payment-overpaid">{text.overpaid(yuan(overpaidFen))}</p> : null}
      {status === 'unpaid' && props.instructions ? <PaymentInstructions page={props.page} instructions={props.instructions} /> : null}
    </section>
  );
}

/** The newspaper's configured instructions, under a heading of their own (also on the receipt). */
export function PaymentInstructions(props: { page: PageContext; instructions: string }) {
  return (
    <div id="payment-instructions">
      <h3>{TEXT[props.page.locale].howTo}</h3>
      <p style="white-space:pre-line">{props.instructions}</p>
    </div>
  );
}
