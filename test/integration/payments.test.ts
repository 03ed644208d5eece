import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TARIFF } from '../../shared/domain/fee.js';
import { seedTariff } from '../../shared/store/config-store.js';
import { json, physicianDeclaration } from '../support/declarations.js';
import { newsroom, nextEditionDate, payFees, type Filed } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;
let moderator: string;
let editor: string;

const INSTRUCTIONS = '工商银行济南分行 账号 1602 0000 0000 0000 000；微信/支付宝付款请备注声明编号；或到本报广告部柜台（经十路 1 号）缴费。';

beforeAll(async () => {
  // As `npm start` takes it from the environment (in AWS: stack context paymentInstructions).
  process.env.PAYMENT_INSTRUCTIONS = INSTRUCTIONS;
  system = await createTestSystem();
  moderator = `Bearer ${await system.auth.issueToken('moderator')}`;
  editor = `Bearer ${await system.auth.issueToken('editor')}`;
});

interface StaffDetail {
  payment: { status: string; fee: { amountFen: number }; settlement?: Record<string, unknown> };
  audit: { actor: string; action: string; reason?: string }[];
}

async function staffDetail(id: string): Promise<StaffDetail> {
  const response = await system.request(`/api/v1/moderation/declarations/${id}`, { headers: { authorization: moderator } });
  expect(response.status).toBe(200);
  return (await response.json()) as StaffDetail;
}

async function approved(): Promise<Filed> {
  const desk = newsroom(system);
  const filed = await desk.file(physicianDeclaration());
  await desk.decide(filed.id, 'approve');
  return filed;
}

const pay = (id: string, body: unknown, authorization = moderator) =>
  system.request(`/api/v1/moderation/declarations/${id}/payment`, json(body, { authorization }));
const waive = (id: string, body: unknown, authorization: string) =>
  system.request(`/api/v1/moderation/declarations/${id}/payment-waiver`, json(body, { authorization }));

async function openEdition(): Promise<string> {
  const date = nextEditionDate();
  expect((await system.request('/api/v1/editions', json({ date }, { authorization: editor }))).status).toBe(201);
  return date;
}

const place = (date: string, ids: string[]) => system.request(`/api/v1/editions/${date}/notices`, json({ ids }, { authorization: editor }));

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1' },
  body: new URLSearchParams(fields).toString(),
});

/** Opens the citizen's status page with the receipt, as the follow form does; returns what reads it again. */
async function followed(filed: Filed): Promise<() => Promise<string>> {
  const opened = await system.request(`/declarations/${filed.id}`, form({ receipt: filed.receipt }));
  expect(opened.status).toBe(303);
  const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async () => system.request(`/declarations/${filed.id}`, { headers: { cookie } }).then((response) => response.text());
}

async function placedIn(date: string): Promise<string[]> {
  const response = await system.request(`/api/v1/editions/${date}`, { headers: { authorization: editor } });
  return ((await response.json()) as { placements: { declarationId: string }[] }).placements.map((placement) => placement.declarationId);
}

describe('payment, as newspapers take it', () => {
  it('quotes the preview fee; a wrong amount is a 400 naming amount, and nothing is recorded', async () => {
    const { id } = await approved();
    const preview = await system.request('/api/v1/declarations/preview', json(physicianDeclaration()));
    const { fee } = (await preview.json()) as { fee: { amountFen: number } };
    const detail = await staffDetail(id);
    expect(detail.payment).toMatchObject({ status: 'unpaid', fee: { amountFen: fee.amountFen, currency: 'CNY' } });
    for (const amount of [fee.amountFen - 100, fee.amountFen / 100, String(fee.amountFen), -1]) {
      const response = await pay(id, { amount, reference: 'WX-4200001234' });
      expect(response.status, String(amount)).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(await response.json())).toContain('"amount"');
    }
    const noReference = await pay(id, { amount: fee.amountFen, reference: '  ' });
    expect(noReference.status).toBe(400);
    expect(JSON.stringify(await noReference.json())).toContain('"reference"');
    expect((await staffDetail(id)).payment.status).toBe('unpaid');
  });

  it('records a payment with amount, reference, who and when, audited; a second record is a 409', async () => {
    const { id, receipt } = await approved();
    const { amountFen } = (await staffDetail(id)).payment.fee;
    const response = await pay(id, { amount: amountFen, reference: 'WX-4200001234' });
    expect(response.status, await response.clone().text()).toBe(201);
    const recorded = await response.json();
    expect(recorded).toMatchObject({ kind: 'paid', amountFen, reference: 'WX-4200001234', by: expect.stringMatching(/^staff:/) });
    expect(Date.parse((recorded as { at: string }).at)).not.toBeNaN();
    const detail = await staffDetail(id);
    expect(detail.payment).toMatchObject({ status: 'paid', settlement: { kind: 'paid', amountFen, reference: 'WX-4200001234' } });
    expect(detail.audit).toContainEqual(expect.objectContaining({ action: 'record_payment', actor: expect.stringMatching(/^staff:/), reason: expect.stringContaining('WX-4200001234') }));
    const again = await pay(id, { amount: amountFen, reference: 'WX-4200001234' });
    expect(again.status).toBe(409);
    expect((await staffDetail(id)).audit.filter((entry) => entry.action === 'record_payment')).toHaveLength(1);

    // The citizen sees that it is paid, and the fee; never the staff's reference.
    const citizen = await system.request(`/api/v1/declarations/${id}`, { headers: { authorization: `Receipt ${receipt}` } });
    const view = (await citizen.json()) as { payment: Record<string, unknown> };
    expect(view.payment).toMatchObject({ status: 'paid', fee: { amountFen } });
    expect(JSON.stringify(view)).not.toContain('WX-4200001234');
  });

  it('refuses to place an unpaid declaration: 409 naming it, and nothing of the request is placed', async () => {
    const paid = await approved();
    const unpaid = await approved();
    const { amountFen } = (await staffDetail(paid.id)).payment.fee;
    expect((await pay(paid.id, { amount: amountFen, reference: 'ALIPAY-2026' })).status).toBe(201);
    const date = await openEdition();
    const refused = await place(date, [paid.id, unpaid.id]);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ type: expect.stringContaining('payment-required'), ids: [unpaid.id] });
    expect(await placedIn(date)).toEqual([]);
    expect((await staffDetail(paid.id)).audit.map((entry) => entry.action)).not.toContain('schedule');
    expect((await place(date, [paid.id])).status).toBe(200);
    expect(await placedIn(date)).toEqual([paid.id]);
  });

  it('lets only an editor waive the fee, with a reason; a waived declaration is placed', async () => {
    const { id, receipt } = await approved();
    const byModerator = await waive(id, { reason: '困难群众减免' }, moderator);
    expect(byModerator.status).toBe(403);
    expect(byModerator.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await byModerator.json()) as { detail: string }).detail).toMatch(/editor|编辑/);
    expect((await waive(id, {}, editor)).status).toBe(400);
    expect((await staffDetail(id)).payment.status).toBe('unpaid');

    const waived = await waive(id, { reason: '困难群众减免' }, editor);
    expect(waived.status, await waived.clone().text()).toBe(201);
    expect(await waived.json()).toMatchObject({ kind: 'waived', reason: '困难群众减免', by: expect.stringMatching(/^staff:/) });
    const detail = await staffDetail(id);
    expect(detail.payment.status).toBe('waived');
    expect(detail.audit).toContainEqual(expect.objectContaining({ action: 'waive_payment', reason: '困难群众减免' }));
    const citizen = await system.request(`/api/v1/declarations/${id}`, { headers: { authorization: `Receipt ${receipt}` } });
    expect(((await citizen.json()) as { payment: { status: string } }).payment.status).toBe('waived');

    const date = await openEdition();
    expect((await place(date, [id])).status).toBe(200);
    expect(await placedIn(date)).toEqual([id]);
  });

  it('takes no fee for a withdrawn declaration (409)', async () => {
    const filed = await newsroom(system).file(physicianDeclaration());
    const withdraw = await system.request(`/api/v1/declarations/${filed.id}/withdraw`, { method: 'POST', headers: { authorization: `Receipt ${filed.receipt}` } });
    expect(withdraw.status).toBe(200);
    const { amountFen } = (await staffDetail(filed.id)).payment.fee;
    expect((await pay(filed.id, { amount: amountFen, reference: 'DESK-1' })).status).toBe(409);
  });

  it('shows the fee, paid or not, and how to pay on the receipt page, the status page and the citizen API', async () => {
    const filed = await newsroom(system).file(physicianDeclaration());
    const receiptPage = await system.request('/file/receipt', form({ receipt: filed.receipt }));
    expect(receiptPage.status).toBe(200);
    const receiptHtml = await receiptPage.text();
    expect(receiptHtml).toContain('id="receipt-fee"');
    expect(receiptHtml).toContain('id="payment-instructions"');
    expect(receiptHtml).toContain('经十路 1 号');

    const statusPage = await followed(filed);
    const unpaid = await statusPage();
    expect(unpaid).toContain('data-payment-status="unpaid"');
    expect(unpaid).not.toContain('data-owed-fen');
    expect(unpaid).toContain('经十路 1 号');
    const { amountFen } = (await staffDetail(filed.id)).payment.fee;
    expect(unpaid).toContain(`¥${(amountFen / 100).toFixed(2)}`);
    // Still in review: pay after approval, as the receipt says; the amount is what is due.
    expect(unpaid).toContain('审核通过后再缴费');
    expect(unpaid).toContain(`应缴 ¥${(amountFen / 100).toFixed(2)}`);

    const api = await system.request(`/api/v1/declarations/${filed.id}`, { headers: { authorization: `Receipt ${filed.receipt}` } });
    expect(((await api.json()) as { payment: unknown }).payment).toEqual({
      status: 'unpaid',
      fee: expect.objectContaining({ amountFen, currency: 'CNY' }),
      owedFen: amountFen,
      instructions: INSTRUCTIONS,
    });

    expect((await pay(filed.id, { amount: amountFen, reference: 'DESK-0001' })).status).toBe(201);
    const paid = await statusPage();
    expect(paid).toContain('data-payment-status="paid"');
    expect(paid).not.toContain('DESK-0001');
    // Nothing is due once paid: the amount is just the amount.
    expect(paid).toContain(`金额 ¥${(amountFen / 100).toFixed(2)}`);
    expect(paid).not.toContain('应缴');
  });

  it('has a console panel: unpaid badge, a payment form that records it, a waiver form for editors only', async () => {
    const { id } = await approved();
    const sessions = { [moderator]: await system.signIn('moderator'), [editor]: await system.signIn('editor') };
    const cookieOf = (authorization: string) => sessions[authorization] ?? '';
    const detailPage = async (authorization: string, query = '') =>
      system.request(`/staff/declarations/${id}${query}`, { headers: { cookie: cookieOf(authorization) } }).then((response) => response.text());
    const post = (path: string, fields: Record<string, string>, authorization: string) =>
      system.request(`/staff/declarations/${id}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1', cookie: cookieOf(authorization) },
        body: new URLSearchParams(fields).toString(),
      });
    const unpaid = await detailPage(moderator);
    expect(unpaid).toContain('data-payment-status="unpaid"');
    expect(unpaid).toContain('name="reference"');
    expect(unpaid).not.toContain('name="reason" maxlength="500" required');
    expect(await detailPage(editor)).toContain('id="waiver-reason"');

    const waivedByModerator = await post('payment-waiver', { reason: '减免' }, moderator);
    expect(waivedByModerator.status).toBe(303);
    expect(waivedByModerator.headers.get('location')).toContain('payment=editors-only');
    const wrong = await post('payment', { amount: '1.00', reference: 'DESK-9' }, moderator);
    expect(wrong.headers.get('location')).toContain('payment=wrong-amount');
    const { amountFen } = (await staffDetail(id)).payment.fee;
    const right = await post('payment', { amount: (amountFen / 100).toFixed(2), reference: 'DESK-9' }, moderator);
    expect(right.headers.get('location')).toContain('payment=recorded');
    const paid = await detailPage(moderator, '?payment=recorded');
    expect(paid).toContain('data-payment-status="paid"');
    expect(paid).toContain('DESK-9');
    expect(paid).not.toContain('name="reference"');
  });
});

describe('a payment covers the fee it paid', () => {
  // About a hundred characters: the notice grows from 4 lines to 12.
  const LONG_STATEMENT = '本人于上月下旬在济南市历下区泉城路一带购物时不慎遗失上述证件，多方寻找未果，现登报声明作废，特此声明。如有拾得者请与本人联系，不胜感激。证件遗失期间如有他人冒用，由冒用者承担一切法律责任，与本人无关。';

  interface CitizenPayment {
    status: string;
    fee: { amountFen: number };
    owedFen?: number;
    paidFen?: number;
    overpaidFen?: number;
    instructions?: string;
  }

  const withReceipt = (receipt: string, init: RequestInit = {}): RequestInit => ({
    ...init,
    headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Receipt ${receipt}` },
  });
  const citizenPayment = async ({ id, receipt }: Filed): Promise<CitizenPayment> => {
    const response = await system.request(`/api/v1/declarations/${id}`, withReceipt(receipt));
    expect(response.status).toBe(200);
    return ((await response.json()) as { payment: CitizenPayment }).payment;
  };
  const edit = async ({ id, receipt }: Filed, changes: Record<string, unknown>, version: number) => {
    const response = await system.request(`/api/v1/declarations/${id}`, withReceipt(receipt, { ...json({ ...changes, version }), method: 'PATCH' }));
    expect(response.status, await response.clone().text()).toBe(200);
  };
  const decide = async (id: string, action: 'approve' | 'request_changes', version: number) => {
    const body = { action, version, ...(action === 'request_changes' ? { reason: '请补充遗失经过' } : {}) };
    const response = await system.request(`/api/v1/moderation/declarations/${id}/decision`, json(body, { authorization: moderator }));
    expect(response.status, await response.clone().text()).toBe(200);
  };

  it('owes the difference after an edit raises the fee: placement refused until the difference is recorded', async () => {
    const filed = await newsroom(system).file(physicianDeclaration());
    const paidFen = (await staffDetail(filed.id)).payment.fee.amountFen;
    expect((await pay(filed.id, { amount: paidFen, reference: 'WX-FIRST' })).status).toBe(201);
    await decide(filed.id, 'request_changes', 1);
    await edit(filed, { statement: LONG_STATEMENT }, 2);

    const underpaid = (await staffDetail(filed.id)).payment as StaffDetail['payment'] & CitizenPayment;
    const feeFen = underpaid.fee.amountFen;
    const owedFen = feeFen - paidFen;
    expect(owedFen).toBeGreaterThan(0);
    expect(underpaid).toMatchObject({ status: 'unpaid', owedFen, paidFen, settlement: { kind: 'paid', amountFen: paidFen } });

    // The citizen is told what is still owed, and how to pay it, in the API, on the status page and on the receipt.
    expect(await citizenPayment(filed)).toEqual({ status: 'unpaid', fee: expect.objectContaining({ amountFen: feeFen }), owedFen, paidFen, instructions: INSTRUCTIONS });
    const statusPage = await (await followed(filed))();
    expect(statusPage).toContain('data-payment-status="unpaid"');
    expect(statusPage).toContain(`data-owed-fen="${owedFen}"`);
    expect(statusPage).toContain(`¥${(owedFen / 100).toFixed(2)}`);
    expect(statusPage).toContain('经十路 1 号');
    const receiptPage = await system.request('/file/receipt', form({ receipt: filed.receipt })).then((response) => response.text());
    expect(receiptPage).toContain('id="receipt-owed"');
    expect(receiptPage).toContain(`¥${(owedFen / 100).toFixed(2)}`);

    // The console offers a payment of the difference, not a waiver over a recorded payment.
    const session = await system.signIn('editor');
    const panel = await system.request(`/staff/declarations/${filed.id}`, { headers: { cookie: session } }).then((response) => response.text());
    expect(panel).toContain('data-payment-status="unpaid"');
    expect(panel).toContain(`value="${(owedFen / 100).toFixed(2)}"`);
    expect(panel).not.toContain('id="waiver-reason"');

    await decide(filed.id, 'approve', 3);
    const date = await openEdition();
    const refused = await place(date, [filed.id]);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ type: expect.stringContaining('payment-required'), ids: [filed.id] });
    expect(await placedIn(date)).toEqual([]);

    // The whole new fee is not what is owed; the difference is.
    const wrong = await pay(filed.id, { amount: feeFen, reference: 'WX-SECOND' });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(await wrong.json())).toContain(String(owedFen));
    const difference = await pay(filed.id, { amount: owedFen, reference: 'WX-SECOND' });
    expect(difference.status, await difference.clone().text()).toBe(201);
    expect(await difference.json()).toMatchObject({ kind: 'paid', amountFen: owedFen, reference: 'WX-SECOND', by: expect.stringMatching(/^staff:/) });

    const settled = await staffDetail(filed.id);
    expect(settled.payment).toMatchObject({ status: 'paid', paidFen: feeFen });
    expect(settled.payment).not.toHaveProperty('owedFen');
    expect(settled.audit.filter((entry) => entry.action === 'record_payment').map((entry) => entry.reason)).toEqual([
      expect.stringContaining('WX-FIRST'),
      expect.stringContaining('WX-SECOND'),
    ]);
    expect(await citizenPayment(filed)).toMatchObject({ status: 'paid', paidFen: feeFen });
    expect((await pay(filed.id, { amount: owedFen, reference: 'WX-THIRD' })).status).toBe(409);

    expect((await place(date, [filed.id])).status).toBe(200);
    expect(await placedIn(date)).toEqual([filed.id]);
  });

  it('records the difference once when two desks record it at the same moment', async () => {
    const filed = await newsroom(system).file(physicianDeclaration());
    const paidFen = (await staffDetail(filed.id)).payment.fee.amountFen;
    expect((await pay(filed.id, { amount: paidFen, reference: 'DESK-FIRST' })).status).toBe(201);
    await edit(filed, { statement: LONG_STATEMENT }, 1);
    const { owedFen, fee } = (await staffDetail(filed.id)).payment as CitizenPayment;
    const answers = await Promise.all(['DESK-A', 'DESK-B'].map((reference) => pay(filed.id, { amount: owedFen, reference })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const detail = await staffDetail(filed.id);
    expect(detail.payment).toMatchObject({ status: 'paid', paidFen: fee.amountFen });
    expect(detail.audit.filter((entry) => entry.action === 'record_payment')).toHaveLength(2);
  });

  it('stays paid when an edit lowers the fee, shows the overpayment, and a further payment is still a 409', async () => {
    const filed = await newsroom(system).file({ ...physicianDeclaration(), statement: LONG_STATEMENT });
    const paidFen = (await staffDetail(filed.id)).payment.fee.amountFen;
    expect((await pay(filed.id, { amount: paidFen, reference: 'DESK-LONG' })).status).toBe(201);
    await edit(filed, { statement: '于济南遗失' }, 1);

    const { payment } = await staffDetail(filed.id);
    const feeFen = payment.fee.amountFen;
    expect(feeFen).toBeLessThan(paidFen);
    expect(payment).toMatchObject({ status: 'paid', paidFen, overpaidFen: paidFen - feeFen });
    expect(payment).not.toHaveProperty('owedFen');
    expect(await citizenPayment(filed)).toMatchObject({ status: 'paid', paidFen, overpaidFen: paidFen - feeFen });
    const again = await pay(filed.id, { amount: feeFen, reference: 'DESK-AGAIN' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: expect.stringContaining('already-settled'), settlement: 'paid' });

    await decide(filed.id, 'approve', 2);
    const date = await openEdition();
    expect((await place(date, [filed.id])).status).toBe(200);
  });

  it('keeps a waiver a waiver whatever the edit does to the fee', async () => {
    const filed = await newsroom(system).file(physicianDeclaration());
    expect((await waive(filed.id, { reason: '本报更正重登' }, editor)).status).toBe(201);
    await edit(filed, { statement: LONG_STATEMENT }, 1);
    const { payment } = await staffDetail(filed.id);
    expect(payment.status).toBe('waived');
    expect(payment).not.toHaveProperty('owedFen');
    expect((await pay(filed.id, { amount: payment.fee.amountFen, reference: 'DESK-1' })).status).toBe(409);
    await decide(filed.id, 'approve', 2);
    expect((await place(await openEdition(), [filed.id])).status).toBe(200);
  });

  it('does not ask for more when the tariff rises after payment and the text is unchanged', async () => {
    const own = await createTestSystem();
    const desk = newsroom(own);
    const authorization = `Bearer ${await own.auth.issueToken('moderator')}`;
    const filed = await desk.file(physicianDeclaration());
    await desk.decide(filed.id, 'approve');
    await payFees(own.request, authorization, [filed.id]);
    await seedTariff(own.store, { ...DEFAULT_TARIFF, pricePerLineFen: DEFAULT_TARIFF.pricePerLineFen * 2 });
    const view = await own.request(`/api/v1/moderation/declarations/${filed.id}`, { headers: { authorization } });
    const { payment } = (await view.json()) as { payment: CitizenPayment };
    expect(payment).toMatchObject({ status: 'paid', paidFen: payment.fee.amountFen / 2 });
    expect(payment).not.toHaveProperty('owedFen');
  });
});
