import { beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../shared/store/declaration-store.js';
import { shanghaiDate } from '../../shared/domain/editions.js';
import { applyLifecycleAction, openWithReceipt } from '../../shared/services/filing.js';
import { allItems, HOLDER_ID, HOLDER_PHONE, json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { personalNumbersIn, residentId } from '../support/ids.js';
import { firstNoticeNo, newsroom } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;

beforeAll(async () => {
  system = await createTestSystem();
});

interface Filed {
  id: string;
  receipt: string;
  status: string;
  text: string;
  version: number;
}

async function file(body: unknown = physicianDeclaration(), headers: Record<string, string> = {}): Promise<Filed> {
  const response = await system.request('/api/v1/declarations', json(body, headers));
  expect(response.status).toBe(201);
  return (await response.json()) as Filed;
}

const withReceipt = (receipt: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), authorization: `Receipt ${receipt}` },
});

/** Every non-staff response is read through this: it fails on a full ID or phone number. */
async function publicText(response: Response): Promise<string> {
  const text = await response.text();
  expect(personalNumbersIn(text)).toEqual([]);
  return text;
}

describe('filing a declaration', () => {
  it('stores it as submitted and answers with the receipt and masked notice text', async () => {
    const number = uniqueCertificateNumber();
    const response = await system.request('/api/v1/declarations', json(physicianDeclaration(number)));
    expect(response.status).toBe(201);
    const body = JSON.parse(await publicText(response)) as Filed;
    expect(body).toMatchObject({ status: 'submitted', version: 1, id: expect.any(String), receipt: expect.any(String) });
    expect(body.text).toBe(`张三遗失医师执业证书，证书编码：${number}，声明作废。`);
    expect(response.headers.get('location')).toBe(`/api/v1/declarations/${body.id}`);

    const items = await allItems(system.store);
    const stored = items.find((item) => item.pk === `DECL#${body.id}` && item.sk === 'DECL');
    expect(stored).toMatchObject({ status: 'submitted', declaration: { declarant: { idNumber: HOLDER_ID }, contact: { phone: HOLDER_PHONE } } });
    // Only the receipt's hash is kept.
    expect(JSON.stringify(items)).not.toContain(body.receipt);
    expect(await listAudit(system.store, body.id)).toEqual([expect.objectContaining({ actor: 'citizen', action: 'submit' })]);
  });

  it('refuses bad input with one error per bad field and stores nothing', async () => {
    const before = (await allItems(system.store)).length;
    const response = await system.request(
      '/api/v1/declarations',
      json({ kind: 'lost', declarant: { type: 'person', name: '', idNumber: '370102199003071234' }, document: { type: 'no_such_type' } }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { errors: { path: string; message: string }[] };
    const paths = problem.errors.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['kind', 'declarant.idNumber', 'contact']));
    expect(new Set(paths).size).toBe(paths.length);
    expect((await allItems(system.store)).length).toBe(before);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await system.request('/api/v1/declarations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '9' },
      body: '{"kind":',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses a second active declaration for the same document with a 409 that reveals nothing of the first', async () => {
    const number = uniqueCertificateNumber();
    const first = await file(physicianDeclaration(number));
    // The same number spelled differently is the same document.
    const spaced = `${number.slice(0, 5)} ${number.slice(5)}`.replace(/\d/g, (digit) => String.fromCharCode(0xff10 + Number(digit)));
    const response = await system.request('/api/v1/declarations', json(physicianDeclaration(spaced)));
    expect(response.status).toBe(409);
    const problem = await response.text();
    expect(JSON.parse(problem)).toMatchObject({ type: '/problems/duplicate-declaration', status: 409 });
    expect(Object.keys(JSON.parse(problem) as object).sort()).toEqual(['detail', 'status', 'title', 'type']);
    expect(problem).not.toContain(first.id);
    expect(problem).toContain('回执码');
  });

  it('lets exactly one of 20 concurrent submissions for one certificate through', async () => {
    const body = physicianDeclaration(uniqueCertificateNumber());
    const responses = await Promise.all(Array.from({ length: 20 }, () => system.request('/api/v1/declarations', json(body))));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
  });
});

describe('idempotent retries', () => {
  it('returns the same declaration and receipt for the same key and body', async () => {
    const body = physicianDeclaration();
    const first = await file(body, { 'idempotency-key': 'retry-key-0001' });
    const again = await file(body, { 'idempotency-key': 'retry-key-0001' });
    expect(again).toEqual(first);
  });

  it('creates one declaration for 50 concurrent requests with one key', async () => {
    const body = physicianDeclaration();
    const before = (await allItems(system.store)).filter((item) => item.sk === 'DECL').length;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => system.request('/api/v1/declarations', json(body, { 'idempotency-key': 'burst-key-0000001' }))),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const ids = new Set(await Promise.all(responses.map(async (response) => ((await response.json()) as Filed).id)));
    expect(ids.size).toBe(1);
    const after = (await allItems(system.store)).filter((item) => item.sk === 'DECL').length;
    expect(after - before).toBe(1);
  });

  it('refuses the same key with another body', async () => {
    await file(physicianDeclaration(), { 'idempotency-key': 'reused-key-0001' });
    const response = await system.request('/api/v1/declarations', json(physicianDeclaration(), { 'idempotency-key': 'reused-key-0001' }));
    expect(response.status).toBe(422);
  });
});

describe('following one’s declaration with the receipt', () => {
  it('shows the citizen view, masked', async () => {
    const filed = await file();
    const response = await system.request(`/api/v1/declarations/${filed.id}`, withReceipt(filed.receipt));
    expect(response.status).toBe(200);
    const view = JSON.parse(await publicText(response)) as Record<string, unknown>;
    expect(view).toMatchObject({ id: filed.id, status: 'submitted', version: 1, text: filed.text });
    expect(view.declaration).toMatchObject({ declarant: { idNumber: '370102********' + HOLDER_ID.slice(-4) }, contact: { phone: '138****5678' } });
  });

  it('says which editions printed it (date, notice number, public page) and which are still to come; never one it was taken out of', async () => {
    const desk = newsroom(system);
    const { id, receipt, dates } = await desk.run(physicianDeclaration(), 3);
    const [first, middle, last] = dates as [string, string, string];
    await desk.takeOut(middle, id);
    const inPrint = async (path = `/api/v1/declarations/${id}`) => {
      const response = await system.request(path, withReceipt(receipt));
      expect(response.status).toBe(200);
      const { printedNotices, scheduledEditions } = (await response.json()) as { printedNotices: { publishedAt: string }[]; scheduledEditions: unknown };
      return { printedNotices, scheduledEditions };
    };
    const printed = (date: string) => ({
      editionDate: date,
      noticeNo: firstNoticeNo(date),
      publishedAt: expect.any(String),
      noticeUrl: `http://127.0.0.1/notices/${firstNoticeNo(date)}`,
    });
    expect(await inPrint()).toEqual({ printedNotices: [], scheduledEditions: [{ editionDate: first }, { editionDate: last }] });

    await desk.publishEdition(first);
    expect(await inPrint()).toEqual({ printedNotices: [printed(first)], scheduledEditions: [{ editionDate: last }] });

    await desk.publishEdition(last);
    const done = await inPrint();
    expect(done).toEqual({ printedNotices: [printed(first), printed(last)], scheduledEditions: [] });
    // Each edition was published on the morning of its day (Asia/Shanghai).
    expect(done.printedNotices.map(({ publishedAt }) => shanghaiDate(new Date(publishedAt)))).toEqual([first, last]);
    expect(await inPrint('/api/v1/declarations/by-receipt')).toEqual(done);
    const notice = await system.request(`/api/v1/notices/${firstNoticeNo(last)}`);
    expect(await notice.json()).toMatchObject({ noticeNo: firstNoticeNo(last), editionDate: last });
  });

  it('needs a receipt (401), refuses another declaration’s receipt (403) and knows no unknown id (404)', async () => {
    const mine = await file();
    const theirs = await file();
    expect((await system.request(`/api/v1/declarations/${mine.id}`)).status).toBe(401);
    const read = await system.request(`/api/v1/declarations/${mine.id}`, withReceipt(theirs.receipt));
    expect(read.status).toBe(403);
    const edit = await system.request(`/api/v1/declarations/${mine.id}`, withReceipt(theirs.receipt, { ...json({ statement: '篡改', version: 1 }), method: 'PATCH' }));
    expect(edit.status).toBe(403);
    const withdraw = await system.request(`/api/v1/declarations/${mine.id}/withdraw`, withReceipt(theirs.receipt, { method: 'POST' }));
    expect(withdraw.status).toBe(403);
    expect((await system.request(`/api/v1/declarations/${crypto.randomUUID()}`, withReceipt(mine.receipt))).status).toBe(404);
    // Nothing changed on the victim's declaration.
    const view = (await (await system.request(`/api/v1/declarations/${mine.id}`, withReceipt(mine.receipt))).json()) as Filed;
    expect(view).toMatchObject({ status: 'submitted', version: 1 });
  });

  it('takes the Receipt scheme in any case (RFC 9110 §11.1)', async () => {
    const filed = await file();
    for (const scheme of ['receipt', 'RECEIPT']) {
      const response = await system.request(`/api/v1/declarations/${filed.id}`, { headers: { authorization: `${scheme} ${filed.receipt}` } });
      expect(response.status).toBe(200);
    }
  });
});

describe('editing and withdrawing', () => {
  const patch = (filed: Filed, body: unknown) =>
    system.request(`/api/v1/declarations/${filed.id}`, withReceipt(filed.receipt, { ...json(body), method: 'PATCH' }));

  it('edits a submitted declaration with the current version, keeping masked fields sent back', async () => {
    const filed = await file();
    const view = (await (await system.request(`/api/v1/declarations/${filed.id}`, withReceipt(filed.receipt))).json()) as {
      declaration: Record<string, unknown>;
    };
    const newNumber = uniqueCertificateNumber();
    const response = await patch(filed, { ...view.declaration, document: { type: 'physician_practicing_certificate', number: newNumber }, version: 1 });
    expect(response.status).toBe(200);
    const edited = JSON.parse(await publicText(response)) as Filed;
    expect(edited).toMatchObject({ status: 'submitted', version: 2, text: `张三遗失医师执业证书，证书编码：${newNumber}，声明作废。` });
    const stored = await openWithReceipt({ store: system.store, now: () => new Date() }, filed.id, filed.receipt);
    expect(stored.declaration.declarant).toMatchObject({ idNumber: HOLDER_ID });
    expect(stored.declaration.contact.phone).toBe(HOLDER_PHONE);
    expect((await listAudit(system.store, filed.id)).map((entry) => entry.action)).toEqual(['submit', 'edit']);
  });

  it('keeps a resident ID card’s number when its masked form comes back in an edit', async () => {
    const cardNumber = residentId('370102', '19851231', String(100 + Math.floor(Math.random() * 800)));
    const filed = await file({ ...physicianDeclaration(), document: { type: 'resident_id_card', number: cardNumber } });
    const view = (await (await system.request(`/api/v1/declarations/${filed.id}`, withReceipt(filed.receipt))).json()) as {
      declaration: { document: { number: string } } & Record<string, unknown>;
    };
    expect(view.declaration.document.number).not.toBe(cardNumber);
    const response = await patch(filed, { ...view.declaration, statement: '于济南遗失', version: 1 });
    expect(response.status).toBe(200);
    const stored = await openWithReceipt({ store: system.store, now: () => new Date() }, filed.id, filed.receipt);
    expect(stored.declaration.document.number).toBe(cardNumber);
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const filed = await file();
    expect((await patch(filed, { statement: '于济南市历下区遗失', version: 1 })).status).toBe(200);
    const stale = await patch(filed, { statement: '另一个说明', version: 1 });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ currentVersion: 2 });
    expect((await listAudit(system.store, filed.id))).toHaveLength(2);
  });

  it('goes changes_requested → submitted after an edit', async () => {
    const filed = await file();
    const context = { store: system.store, now: () => new Date() };
    const current = await openWithReceipt(context, filed.id, filed.receipt);
    await applyLifecycleAction(context, current, 'request_changes', { expectedVersion: 1, actor: 'moderator', reason: '请补充发证机关' });
    const requested = (await (await system.request(`/api/v1/declarations/${filed.id}`, withReceipt(filed.receipt))).json()) as Record<string, unknown>;
    expect(requested).toMatchObject({ status: 'changes_requested', reason: '请补充发证机关', version: 2 });
    const edited = await patch(filed, { document: { ...physicianDeclaration().document, issuer: '济南市卫生健康委员会' }, version: 2 });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ status: 'submitted', version: 3 });
  });

  it('withdraws, refuses a second withdrawal, and frees the number for a new filing', async () => {
    const number = uniqueCertificateNumber();
    const filed = await file(physicianDeclaration(number));
    const withdraw = () => system.request(`/api/v1/declarations/${filed.id}/withdraw`, withReceipt(filed.receipt, { method: 'POST' }));
    const first = await withdraw();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'withdrawn', version: 2 });
    const second = await withdraw();
    expect(second.status).toBe(409);
    expect((await patch(filed, { statement: '改', version: 2 })).status).toBe(409);
    await file(physicianDeclaration(number));
  });
});
