import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiTime } from '../../shared/domain/editions.js';
import { readLocalMail, readLocalSms } from '../../scripts/local-messaging.js';
import { HOLDER_ID, HOLDER_PHONE, json, physicianDeclaration } from '../support/declarations.js';
import { inChinese, nextEditionDate, payFees, publishOnItsDay } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;
let tokens: { moderator: string; editor: string };
beforeAll(async () => {
  system = await createTestSystem();
  tokens = { moderator: await system.auth.issueToken('moderator'), editor: await system.auth.issueToken('editor') };
});

const staff = (role: keyof typeof tokens, init: RequestInit = { method: 'POST' }): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${tokens[role]}` },
});

async function file(email?: string): Promise<{ id: string; receipt: string }> {
  const body = physicianDeclaration();
  const response = await system.request('/api/v1/declarations', json({ ...body, contact: { ...body.contact, ...(email ? { email } : {}) } }));
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; receipt: string };
}

async function decide(id: string, body: Record<string, unknown>, status = 200): Promise<void> {
  const response = await system.request(`/api/v1/moderation/declarations/${id}/decision`, staff('moderator', json(body)));
  expect(response.status, await response.clone().text()).toBe(status);
}

/** Runs the consumer and returns what reached the phone and the mailbox since `before`. */
async function delivered(before: { sms: number; mail: number }) {
  await system.runOutbox();
  return { sms: readLocalSms(system.dataDir).slice(before.sms), mail: (await readLocalMail(system.dataDir)).slice(before.mail) };
}
const counts = async () => ({ sms: readLocalSms(system.dataDir).length, mail: (await readLocalMail(system.dataDir)).length });

function expectNothingSecret(texts: readonly string[], receipt: string): void {
  for (const text of texts) {
    expect(text).not.toContain(HOLDER_PHONE);
    expect(text).not.toContain(HOLDER_ID);
    expect(text).not.toContain(receipt);
  }
}

describe('status notifications', () => {
  it('tell the filer by SMS and e-mail at each step, once each, and never on their own edit', async () => {
    const { id, receipt } = await file('filer@example.com');
    let before = await counts();
    expect((await delivered(before)).sms).toEqual([]);

    await decide(id, { action: 'request_changes', reason: `请上传执业证书首页复印件（持证人 ${HOLDER_ID}）`, version: 1 });
    const asked = await delivered(before);
    expect(asked.sms).toHaveLength(1);
    expect(asked.sms[0]).toMatchObject({ to: '138****5678', text: expect.stringContaining('需要修改：请上传执业证书首页复印件') });
    expect(asked.mail).toEqual([expect.objectContaining({ to: 'filer@example.com', subject: expect.stringContaining('需要修改'), text: expect.stringContaining('请上传执业证书首页复印件') })]);
    expect(asked.mail[0]?.text).toMatch(/370102\*{8}/);
    expectNothingSecret([...asked.sms.map((sms) => sms.text), ...asked.mail.map((mail) => `${mail.subject}\n${mail.text}`)], receipt);

    // A stale decision changes nothing and so tells nobody anything.
    before = await counts();
    await decide(id, { action: 'approve', version: 1 }, 409);
    const edit = await system.request(`/api/v1/declarations/${id}`, {
      ...json({ version: 2, statement: '补充说明' }),
      method: 'PATCH',
      headers: { ...(json({}).headers as Record<string, string>), authorization: `Receipt ${receipt}` },
    });
    expect(edit.status, await edit.clone().text()).toBe(200);
    expect(await delivered(before)).toEqual({ sms: [], mail: [] });

    await decide(id, { action: 'approve', version: 3 });
    const approved = await delivered(before);
    expect(approved.sms.map((sms) => sms.text)).toEqual([expect.stringContaining('已通过审核')]);
    expect(approved.mail).toHaveLength(1);

    before = await counts();
    const date = nextEditionDate();
    expect((await system.request('/api/v1/editions', staff('editor', json({ date })))).status).toBe(201);
    await payFees(system.request, `Bearer ${tokens.editor}`, [id]);
    expect((await system.request(`/api/v1/editions/${date}/notices`, staff('editor', json({ ids: [id] })))).status).toBe(200);
    const scheduled = await delivered(before);
    expect(scheduled.sms.map((sms) => sms.text)).toEqual([expect.stringContaining(`已安排在${inChinese(date)}见报`)]);

    before = await counts();
    const published = await publishOnItsDay(system, date, staff('editor'));
    expect(published.status, await published.clone().text()).toBe(200);
    const notice = (await (await system.request(`/api/v1/notices?date=${date}`)).json()) as { items?: { noticeNo: string }[] } | { noticeNo: string }[];
    const noticeNo = (Array.isArray(notice) ? notice : (notice.items ?? []))[0]?.noticeNo ?? '';
    expect(noticeNo).not.toBe('');
    // The publication's messages are due from the moment it happened (07:00 that day): deliver them an hour on.
    const told = await system.clock.during(new Date(shanghaiTime(date, 8)), () => delivered(before));
    expect(told.sms.map((sms) => sms.text)).toEqual([expect.stringContaining(`公告编号${noticeNo}`)]);
    expect(told.mail.map((mail) => mail.text)).toEqual([expect.stringContaining(noticeNo)]);

    // Running the consumer again sends nothing more.
    before = await counts();
    expect(await delivered(before)).toEqual({ sms: [], mail: [] });
  });

  it('tell the filer when an editor takes the notice out of an edition, which it left and which it is still in; never on their own withdrawal', async () => {
    const { id, receipt } = await file('filer@example.com');
    await decide(id, { action: 'approve', version: 1 });
    const date = nextEditionDate();
    const next = nextEditionDate();
    expect(next).toBe(addDays(date, 1));
    for (const edition of [date, next]) expect((await system.request('/api/v1/editions', staff('editor', json({ date: edition })))).status).toBe(201);
    await payFees(system.request, `Bearer ${tokens.editor}`, [id]);
    const place = (edition: string, days: number) => system.request(`/api/v1/editions/${edition}/notices`, staff('editor', json({ ids: [id], days })));
    expect((await place(date, 2)).status).toBe(200);
    const takeOut = (edition: string) => system.request(`/api/v1/editions/${edition}/notices/${id}`, staff('editor', { method: 'DELETE' }));

    // What approval and placement told is sent first.
    await system.runOutbox();
    let before = await counts();
    expect((await takeOut(date)).status).toBe(204);
    const moved = await delivered(before);
    expect(moved.sms).toEqual([
      expect.objectContaining({ to: '138****5678', text: expect.stringContaining(`已从${inChinese(date)}的版面撤下，仍将于${inChinese(next)}见报`) }),
    ]);
    expect(moved.mail).toEqual([
      expect.objectContaining({
        to: 'filer@example.com',
        subject: '声明登记：见报日期有变 / Edition changed',
        text: expect.stringContaining(`taken out of the edition of ${date}; it is still scheduled for the edition of ${next}`),
      }),
    ]);

    before = await counts();
    expect((await takeOut(next)).status).toBe(204);
    const out = await delivered(before);
    expect(out.sms.map((sms) => sms.text)).toEqual([expect.stringContaining(`已从${inChinese(next)}的版面撤下，暂不见报`)]);
    expect(out.mail).toEqual([
      expect.objectContaining({
        subject: '声明登记：已撤出版面 / Taken out of the edition',
        text: expect.stringMatching(new RegExp(`版面撤下，暂不见报。[^]*taken out of the edition of ${next} and will not be printed then`)),
      }),
    ]);
    expectNothingSecret([...moved.sms, ...out.sms].map((sms) => sms.text).concat([...moved.mail, ...out.mail].map((mail) => `${mail.subject}\n${mail.text}`)), receipt);

    // A refused take-out changes nothing and tells nothing; the filer's own withdrawal of a placed notice neither.
    before = await counts();
    expect((await takeOut(next)).status).toBe(404);
    expect((await place(next, 1)).status).toBe(200);
    const placedAgain = await delivered(before);
    expect(placedAgain.sms.map((sms) => sms.text)).toEqual([expect.stringContaining('已安排在')]);
    before = await counts();
    const withdrawn = await system.request(`/api/v1/declarations/${id}/withdraw`, { method: 'POST', headers: { authorization: `Receipt ${receipt}` } });
    expect(withdrawn.status, await withdrawn.clone().text()).toBe(200);
    expect(await delivered(before)).toEqual({ sms: [], mail: [] });
  });

  it('tell the filer of a rejection by SMS only when no e-mail address was given', async () => {
    const { id } = await file();
    const before = await counts();
    await decide(id, { action: 'reject', reason: '材料不符', version: 1 });
    const told = await delivered(before);
    expect(told.sms.map((sms) => sms.text)).toEqual([expect.stringContaining('未通过审核：材料不符')]);
    expect(told.mail).toEqual([]);
  });

  it('show an e-mail sent to a mobile number’s mailbox with the address masked in the local mailbox', async () => {
    const { id } = await file(`${HOLDER_PHONE}@163.com`);
    const before = await counts();
    await decide(id, { action: 'reject', reason: '材料不符', version: 1 });
    const { mail } = await delivered(before);
    expect(mail.map((sent) => sent.to)).toEqual(['138****5678@163.com']);
  });

  it('tell an organisation that gave its landline by e-mail only, and ask a person for a mobile', async () => {
    const company = {
      kind: 'loss',
      declarant: { type: 'organization', name: 'Example (Shandong) Trading Co., Ltd.' },
      document: { type: 'food_business_license', number: `JY237010200${String(Date.now()).slice(-5)}` },
      contact: { phone: '(0531) 8888-6666', email: 'office@example.com' },
    };
    const filed = await system.request('/api/v1/declarations', json(company));
    expect(filed.status, await filed.clone().text()).toBe(201);
    const { id } = (await filed.json()) as { id: string };
    const before = await counts();
    await decide(id, { action: 'request_changes', reason: '请上传营业执照副本', version: 1 });
    const told = await delivered(before);
    expect(told.sms).toEqual([]);
    expect(told.mail).toEqual([expect.objectContaining({ to: 'office@example.com', text: expect.stringContaining('请上传营业执照副本') })]);
    const seen = await system.request(`/api/v1/moderation/declarations/${id}`, { headers: { authorization: `Bearer ${tokens.moderator}` } });
    expect(((await seen.json()) as { declaration: { contact: { phone: string } } }).declaration.contact.phone).toBe('0531-88886666');

    const person = physicianDeclaration();
    const refused = await system.request('/api/v1/declarations', json({ ...person, contact: { ...person.contact, phone: '0531-88886666' } }));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['contact.phone']);
  });

  it('refuses a malformed e-mail address on the field, storing nothing', async () => {
    const body = physicianDeclaration();
    const response = await system.request('/api/v1/declarations', json({ ...body, contact: { ...body.contact, email: 'not-an-address' } }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['contact.email']);
  });
});
