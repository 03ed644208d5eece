import { describe, expect, it } from 'vitest';
import { DEFAULT_TARIFF, estimateFee } from '../../../shared/domain/fee.js';
import { paymentStanding, type PaymentRecord, type Settlement } from '../../../shared/domain/payment.js';

const SHORT = '张三遗失医师执业证书，声明作废。';
const LONG = `${SHORT}本人于上月下旬在济南市历下区泉城路一带不慎遗失上述证件，特此声明。`;
const DEARER = { ...DEFAULT_TARIFF, pricePerLineFen: DEFAULT_TARIFF.pricePerLineFen * 2 };

const paymentFor = (text: string, tariff = DEFAULT_TARIFF): PaymentRecord => {
  const fee = estimateFee(text, tariff);
  return { amountFen: fee.amountFen, characters: fee.characters, reference: 'DESK-1', by: 'staff:a', at: '2026-12-01T08:00:00.000Z' };
};
const paid = (first: PaymentRecord, ...topUps: PaymentRecord[]): Settlement => ({ kind: 'paid', ...first, ...(topUps.length > 0 ? { topUps } : {}) });

describe('paymentStanding: a payment covers the text it paid for', () => {
  it('owes the whole fee with nothing recorded, nothing with a waiver', () => {
    const fee = estimateFee(LONG);
    expect(paymentStanding(fee, undefined)).toEqual({ status: 'unpaid', owedFen: fee.amountFen });
    expect(paymentStanding(fee, { kind: 'waived', reason: '减免', by: 'staff:e', at: '2026-12-01T08:00:00.000Z' })).toEqual({ status: 'waived' });
  });

  it('owes the difference once the text grew past what was paid, and is paid when the top-up makes it up', () => {
    const fee = estimateFee(LONG);
    const first = paymentFor(SHORT);
    const owedFen = fee.amountFen - first.amountFen;
    expect(owedFen).toBeGreaterThan(0);
    expect(paymentStanding(fee, paid(first))).toEqual({ status: 'unpaid', owedFen, paidFen: first.amountFen });
    const topUp = { ...paymentFor(LONG), amountFen: owedFen };
    expect(paymentStanding(fee, paid(first, topUp))).toEqual({ status: 'paid', paidFen: fee.amountFen });
  });

  it('stays paid when the text shrank, stating the overpayment', () => {
    const fee = estimateFee(SHORT);
    const first = paymentFor(LONG);
    expect(paymentStanding(fee, paid(first))).toEqual({ status: 'paid', paidFen: first.amountFen, overpaidFen: first.amountFen - fee.amountFen });
  });

  it('asks nothing more of a paid text when the tariff rises, but re-prices a text that grew', () => {
    const first = paymentFor(SHORT);
    expect(paymentStanding(estimateFee(SHORT, DEARER), paid(first))).toEqual({ status: 'paid', paidFen: first.amountFen });
    const dearer = estimateFee(LONG, DEARER);
    expect(paymentStanding(dearer, paid(first))).toEqual({ status: 'unpaid', owedFen: dearer.amountFen - first.amountFen, paidFen: first.amountFen });
  });

  it('judges a payment recorded without its length by its amount alone', () => {
    const { characters: _characters, ...legacy } = paymentFor(SHORT);
    expect(paymentStanding(estimateFee(SHORT), paid(legacy))).toEqual({ status: 'paid', paidFen: legacy.amountFen });
    expect(paymentStanding(estimateFee(SHORT, DEARER), paid(legacy)).status).toBe('unpaid');
  });
});
