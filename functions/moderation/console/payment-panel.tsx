import type { Context } from 'hono';
import { MAX_REASON_LENGTH } from '../../../shared/domain/lifecycle.js';
import { MAX_PAYMENT_REFERENCE, yuan, type PaymentStatus } from '../../../shared/domain/payment.js';
import type { Locale } from '../../../shared/http/locale.js';
import { sitePath } from '../../../shared/http/site-url.js';
import type { StaffEnv } from '../../../shared/http/staff-auth.js';
import { paymentOf, type PaymentContext } from '../../../shared/services/payments.js';
import type { StoredDeclaration } from '../../../shared/store/declaration-store.js';

const TEXT: Record<Locale, {
  title: string;
  fee: string;
  badge: Record<PaymentStatus, string>;
  owedBadge: string;
  owed: (owed: string, paid: string) => string;
  overpaid: (paid: string, over: string) => string;
  amount: string;
  reference: string;
  referenceHint: string;
  record: string;
  waiveReason: string;
  waive: string;
  outcomes: Record<PaymentOutcome, string>;
}> = {
  'zh-CN': {
    title: '刊登费',
    fee: '应收',
    badge: { unpaid: '未付款', paid: '已付款', waived: '已免费' },
    owedBadge: '尚欠差额',
    owed: (owed, paid) => `已付 ${paid}，付款后声明改长了，尚欠 ${owed}：登记补缴的差额后才能排入版面。`,
    overpaid: (paid, over) => `已付 ${paid}，比现在的刊登费多 ${over}（付款后声明改短了或刊登价格下调了）。系统不会自动退款；如需退还，请按报社财务规定办理。`,
    amount: '实收金额（元）',
    reference: '付款凭据',
    referenceHint: '转账流水号、微信/支付宝单号或柜台收据号。',
    record: '登记付款',
    waiveReason: '免费理由（仅编辑）',
    waive: '免除刊登费',
    outcomes: {
      recorded: '已登记。',
      'wrong-amount': '金额与应收（或尚欠）不符，未登记。',
      'missing-reference': '请填写付款凭据。',
      'missing-reason': '免费须写明理由。',
      'unreadable-reason': '免费理由中含有控制字符或不可见字符（如零宽字符、文字方向控制符），未登记。',
      'already-settled': '这份声明已登记为已付或已免。',
      'not-payable': '这份声明当前的状态不收费。',
      'editors-only': '只有编辑可以免除刊登费。',
    },
  },
  en: {
    title: 'Fee',
    fee: 'Due',
    badge: { unpaid: 'Unpaid', paid: 'Paid', waived: 'Waived' },
    owedBadge: 'Difference owed',
    owed: (owed, paid) => `${paid} paid, but the notice grew after payment: ${owed} is still owed. Record the difference before it can be placed.`,
    overpaid: (paid, over) => `${paid} paid: ${over} more than the fee now (the notice was shortened, or the tariff lowered, after payment). Nothing is refunded automatically; refund it, if at all, as the paper's accounts require.`,
    amount: 'Amount received (yuan)',
    reference: 'Payment reference',
    referenceHint: 'Transfer, WeChat/Alipay or desk receipt number.',
    record: 'Record payment',
    waiveReason: 'Reason for the waiver (editors only)',
    waive: 'Waive the fee',
    outcomes: {
      recorded: 'Recorded.',
      'wrong-amount': 'The amount is not what is due (or still owed); nothing was recorded.',
      'missing-reference': 'Give the payment reference.',
      'missing-reason': 'A waiver needs a reason.',
      'unreadable-reason': 'The reason holds control or invisible characters (zero-width or text-direction characters); nothing was recorded.',
      'already-settled': 'This declaration is already paid or waived.',
      'not-payable': 'No fee is taken in its current status.',
      'editors-only': 'Only an editor may waive the fee.',
    },
  },
};

export type PaymentOutcome = 'recorded' | 'wrong-amount' | 'missing-reference' | 'missing-reason' | 'unreadable-reason' | 'already-settled' | 'not-payable' | 'editors-only';
const OUTCOMES = Object.keys(TEXT.en.outcomes) as PaymentOutcome[];
const isOutcome = (value: string | undefined): value is PaymentOutcome => OUTCOMES.includes(value as PaymentOutcome);

export interface PaymentPanelProps {
  readonly c: Context<StaffEnv>;
  readonly store: PaymentContext['store'];
  readonly declaration: StoredDeclaration;
}

/**
 * The fee on the console's declaration page: a paid/unpaid badge, the settlement as recorded (each payment), what is
 * still owed or was overpaid, and while unpaid the form that records the amount owed (and for editors, before any
 * payment, the waiver). Rendered asynchronously: it reads the settlement itself.
 */
export async function PaymentPanel(props: PaymentPanelProps) {
  const { c, declaration } = props;
  const locale = c.get('locale');
  const text = TEXT[locale];
  const payment = await paymentOf(props.store, declaration);
  const outcome = c.req.query('payment');
  const action = (path: string) => sitePath(c, `/staff/declarations/${declaration.id}/${path}`);
  const { settlement, owedFen = 0, paidFen } = payment;
  const unpaid = payment.status === 'unpaid';
  const payments = settlement?.kind === 'paid' ? [settlement, ...(settlement.topUps ?? [])] : [];
  return (
    <section id="payment" data-payment-status={payment.status}>
      <h2>
        {text.title}{' '}
        <span class={unpaid ? 'warning' : 'ok'} id="payment-badge">
          {unpaid && paidFen !== undefined ? text.owedBadge : text.badge[payment.status]}
        </span>
      </h2>
      {isOutcome(outcome) ? <p class={outcome === 'recorded' ? 'ok' : 'alert'}>{text.outcomes[outcome]}</p> : null}
      <p>
        {text.fee} {yuan(payment.fee.amountFen)}（{payment.fee.lines} × {payment.fee.characters}）
      </p>
      {payments.map((paid) => (
        <p>{yuan(paid.amountFen)} · {paid.reference} · {paid.by} · {paid.at}</p>
      ))}
      {settlement?.kind === 'waived' ? <p>{settlement.reason} · {settlement.by} · {settlement.at}</p> : null}
      {unpaid && paidFen !== undefined ? <p class="warning" id="payment-owed">{text.owed(yuan(owedFen), yuan(paidFen))}</p> : null}
      {payment.overpaidFen !== undefined && paidFen !== undefined ? (
        <p class="warning" id="payment-overpaid">{text.overpaid(yuan(paidFen), yuan(payment.overpaidFen))}</p>
      ) : null}
      {unpaid ? (
        <form method="post" action={action('payment')}>
          <label for="payment-amount">{text.amount}</label>
          <input id="payment-amount" name="amount" inputmode="decimal" value={(owedFen / 100).toFixed(2)} required />
          <label for="payment-reference">{text.reference}</label>
          <input id="payment-reference" name="reference" maxlength={MAX_PAYMENT_REFERENCE} required />
          <p class="hint">{text.referenceHint}</p>
          <button type="submit">{text.record}</button>
        </form>
      ) : null}
      {unpaid && !settlement && c.get('staff').roles.includes('editor') ? (
        <form method="post" action={action('payment-waiver')}>
          <label for="waiver-reason">{text.waiveReason}</label>
          <input id="waiver-reason" name="reason" maxlength={MAX_REASON_LENGTH} required />
          <button type="submit" class="secondary">{text.waive}</button>
        </form>
      ) : null}
    </section>
  );
}
