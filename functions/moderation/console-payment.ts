import type { Context, Hono } from 'hono';
import { AlreadySettled, InvalidInput, WrongState } from '../../shared/domain/errors.js';
import { MAX_REASON_LENGTH } from '../../shared/domain/lifecycle.js';
import { MAX_PAYMENT_REFERENCE } from '../../shared/domain/payment.js';
import { sitePath } from '../../shared/http/site-url.js';
import { staffActor, type StaffEnv } from '../../shared/http/staff-auth.js';
import { recordPayment, waivePayment, type PaymentContext } from '../../shared/services/payments.js';
import { formString } from './console/page-context.js';
import type { PaymentOutcome } from './console/payment-panel.js';

/** Yuan as typed at a desk (`90`, `90.00`, `９０．００`) in fen; NaN for anything else. */
function fenFrom(typed: string): number {
  const value = typed.normalize('NFKC').trim();
  return /^\d{1,7}(\.\d{1,2})?$/.test(value) ? Math.round(Number(value) * 100) : Number.NaN;
}

/** A refusal as the panel says it; `invalid` names what a refused field was (the amount, or the waiver's reason). */
function outcomeOf(error: unknown, invalid: PaymentOutcome): PaymentOutcome {
  if (error instanceof InvalidInput) return invalid;
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
      return back(c, outcomeOf(error, 'wrong-amount'));
    }
  });

  app.post('/staff/declarations/:id/payment-waiver', async (c) => {
    if (!c.get('staff').roles.includes('editor')) return back(c, 'editors-only');
    const reason = formString(await c.req.parseBody(), 'reason').slice(0, MAX_REASON_LENGTH);
    if (reason === '') return back(c, 'missing-reason');
    try {
      await waivePayment(context, c.req.param('id'), reason, staffActor(c));
      return back(c, 'recorded');
    } catch (error) {
      return back(c, outcomeOf(error, 'unreadable-reason'));
    }
  });
}
