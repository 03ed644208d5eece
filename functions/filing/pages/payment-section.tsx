import type { PaymentStatus } from '../../../shared/domain/payment.js';
import { yuan } from '../../../shared/domain/payment.js';
import type { Locale } from '../../../shared/http/locale.js';
import type { PaymentView } from '../../../shared/services/payments.js';
import type { PageContext } from './page-context.js';

const TEXT: Record<Locale, { title: string; fee: string; status: Record<PaymentStatus, string>; howTo: string }> = {
  'zh-CN': {
    title: '刊登费',
    fee: '应缴',
    status: { unpaid: '尚未缴费：缴费并经工作人员登记后，声明才能安排见报。', paid: '已缴费，报社已登记。', waived: '报社已免除本声明的刊登费。' },
    howTo: '缴费方式',
  },
  en: {
    title: 'Fee',
    fee: 'Due',
    status: { unpaid: 'Not paid yet: the notice is placed in an edition once the fee is paid and staff have recorded it.', paid: 'Paid; the newspaper has recorded it.', waived: 'The newspaper has waived the fee for this notice.' },
    howTo: 'How to pay',
  },
};

/**
 * The fee on the filer's status page: how much, whether it is paid (or waived), and while unpaid the newspaper's
 * own payment instructions (PAYMENT_INSTRUCTIONS: account, WeChat/Alipay reference, the desk).
 */
export function PaymentSection(props: { page: PageContext; payment: Omit<PaymentView, 'settlement'>; instructions?: string | undefined }) {
  const text = TEXT[props.page.locale];
  const { status, fee } = props.payment;
  return (
    <section id="payment" data-payment-status={status}>
      <h2>{text.title}</h2>
      <p class="fee">
        {text.fee} {yuan(fee.amountFen)}
      </p>
      <p class={status === 'unpaid' ? 'warning' : 'ok'} id="payment-status">
        {text.status[status]}
      </p>
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
