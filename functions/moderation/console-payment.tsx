import type { Context, Hono } from 'hono';
import { AlreadySettled, InvalidInput, WrongState } from '../../shared/domain/errors.js';
import { MAX_PAYMENT_REFERENCE, yuan, type PaymentStatus } from '../../shared/domain/payment.js';
import type { Locale } from '../../shared/http/locale.js';
import { sitePath } from '../../shared/http/site-url.js';
import { staffActor, type StaffEnv } from '../../shared/http/staff-auth.js';
import { paymentOf, recordPayment, waivePayment, type PaymentContext } from '../../shared/services/payments.js';
import type { StoredDeclaration } from '../../shared/store/declaration-store.js';
import { formString } from './console/frame.js';

const TEXT: Record<Locale, {
  title: string;
  fee: string;
  badge: Record<PaymentStatus, string>;
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
    amount: '实收金额（元）',
    reference: '付款凭据',
    referenceHint: '转账流水号、微信/支付宝单号或柜台收据号。',
    record: '登记付款',
    waiveReason: '免费理由（仅编辑）',
    waive: '免除刊登费',
    outcomes: {
      recorded: '已登记。',
      'wrong-amount': '金额与应收不符，未登记。',
      'missing-reference': '请填写付款凭据。',
      'missing-reason': '免费须写明理由。',
      'already-settled': '这份声明已登记为已付或已免。',
      'not-payable': '这份声明当前的状态不收费。',
      'editors-only': '只有编辑可以免除刊登费。',
    },
  },
  en: {
    title: 'Fee',
    fee: 'Due',
    badge: { unpaid: 'Unpaid', paid: 'Paid', waived: 'Waived' },
    amount: 'Amount received (yuan)',
    reference: 'Payment reference',
    referenceHint: 'Transfer, WeChat/Alipay or desk receipt number.',
    record: 'Record payment',
    waiveReason: 'Reason for the waiver (editors only)',
    waive: 'Waive the fee',
    outcomes: {
      recorded: 'Recorded.',
      'wrong-amount': 'The amount is not the fee; nothing was recorded.',
      'missing-reference': 'Give the payment reference.',
      'missing-reason': 'A waiver needs a reason.',
      'already-settled': 'This declaration is already paid or waived.',
      'not-payable': 'No fee is taken in its current status.',
      'editors-only': 'Only an editor may waive the fee.',
    },
  },
};

type PaymentOutcome = 'recorded' | 'wrong-amount' | 'missing-reference' | 'missing-reason' | 'already-settled' | 'not-payable' | 'editors-only';
const OUTCOMES = Object.keys(TEXT.en.outcomes) as PaymentOutcome[];
const isOutcome = (value: string | undefined): value is PaymentOutcome => OUTCOMES.includes(value as PaymentOutcome);

/**
 * The fee on the console's declaration page: a paid/unpaid badge, the settlement as recorded, and while unpaid the
 * form that records a payment (and for editors the waiver). Rendered asynchronously: it reads the settlement itself.
 */
export async function PaymentPanel(props: { c: Context<StaffEnv>; store: PaymentContext['store']; declaration: StoredDeclaration }) {
  const { c, declaration } = props;
  const locale = c.get('locale');
  const text = TEXT[locale];
  const payment = await paymentOf(props.store, declaration);
  const outcome = c.req.query('payment');
  const action = (path: string) => sitePath(c, `/staff/declarations/${declaration.id}/${path}`);
  const { settlement } = payment;
  return (
    <section id="payment" data-payment-status={payment.status}>
      <h2>
        {text.title} <span class={payment.status === 'unpaid' ? 'warning' : 'ok'} id="payment-badge">{text.badge[payment.status]}</span>
      </h2>
      {isOutcome(outcome) ? <p class={outcome === 'recorded' ? 'ok' : 'alert'}>{text.outcomes[outcome]}</p> : null}
      <p>
        {text.fee} {yuan(payment.fee.amountFen)}（{payment.fee.lines} × {payment.fee.characters}）
      </p>
      {settlement?.kind === 'paid' ? <p>{yuan(settlement.amountFen)} · {settlement.reference} · {settlement.by} · {settlement.at}</p> : null}
      {settlement?.kind === 'waived' ? <p>{settlement.reason} · {settlement.by} · {settlement.at}</p> : null}
      {payment.status === 'unpaid' ? (
        <form method="post" action={action('payment')}>
          <label for="payment-amount">{text.amount}</label>
          <input id="payment-amount" name="amount" inputmode="decimal" value={(payment.fee.amountFen / 100).toFixed(2)} required />
          <label for="payment-reference">{text.reference}</label>
          <input id="payment-reference" name="reference" maxlength={MAX_PAYMENT_REFERENCE} required />
          <p class="hint">{text.referenceHint}</p>
          <button type="submit">{text.record}</button>
        </form>
      ) : null}
      {payment.status === 'unpaid' && c.get('staff').roles.includes('editor') ? (
        <form method="post" action={action('payment-waiver')}>
          <label for="waiver-reason">{text.waiveReason}</label>
          <input id="waiver-reason" name="reason" maxlength={500} required />
          <button type="submit" class="secondary">{text.waive}</button>
        </form>
      ) : null}
    </section>
  );
}

/** Yuan as typed at a desk (`90`, `90.00`, `９０．００`) in fen; NaN for anything else. */
function fenFrom(typed: string): number {
  const value = typed.normalize('NFKC').trim();
  return /^\d{1,7}(\.\d{1,2})?$/.test(value) ? Math.round(Number(value) * 100) : Number.NaN;
}

function outcomeOf(error: unknown): PaymentOutcome {
  if (error instanceof InvalidInput) return 'wrong-amount';
  if (error instanceof AlreadySettled) return 'already-settled';
  if (error instanceof WrongState) return 'not-payable';
  throw error;
}

/** The panel's two forms; each goes back to the declaration's page with its outcome. */
export function registerPaymentConsole(app: Hono<StaffEnv>, context: PaymentContext): void {
  const back = (c: Context<StaffEnv>, outcome: PaymentOutcome) =>
    c.redirect(sitePath(c, `/staff/declarations/${c.req.param('id')}?payment=${outcome}#payment`), 303);

  app.post('/staff/declarations/:id/payment', async (c) => {
    const form = await c.req.parseBody();
    const reference = formString(form, 'reference').slice(0, MAX_PAYMENT_REFERENCE);
    if (reference === '') return back(c, 'missing-reference');
    try {
      await recordPayment(context, c.req.param('id'), { amountFen: fenFrom(formString(form, 'amount')), reference }, staffActor(c));
      return back(c, 'recorded');
    } catch (error) {
      return back(c, outcomeOf(error));
    }
  });

  app.post('/staff/declarations/:id/payment-waiver', async (c) => {
    if (!c.get('staff').roles.includes('editor')) return back(c, 'editors-only');
    const reason = formString(await c.req.parseBody(), 'reason').slice(0, 500);
    if (reason === '') return back(c, 'missing-reason');
    try {
      await waivePayment(context, c.req.param('id'), reason, staffActor(c));
      return back(c, 'recorded');
    } catch (error) {
      return back(c, outcomeOf(error));
    }
  });
}
