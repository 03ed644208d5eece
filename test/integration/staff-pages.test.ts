import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../shared/domain/editions.js';
import { MAX_REASON_LENGTH } from '../../shared/domain/lifecycle.js';
import { containsSensitiveNumber } from '../../shared/domain/mask.js';
import { getDeclaration } from '../../shared/store/declaration-store.js';
import { HOLDER_ID, HOLDER_PHONE, json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { createTestSystem, type TestSystem } from '../support/system.js';
import { payFees } from '../support/publishing.js';
import { readEditionWithPlacements } from '../../shared/store/edition-store.js';

let system: TestSystem;

beforeAll(async () => {
  system = await createTestSystem();
});

const ORIGIN = 'http://127.0.0.1';

const signIn = (role: 'moderator' | 'editor') => system.signIn(role);

function form(cookie: string, body: Record<string, string | string[]>): RequestInit {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) for (const item of [value].flat()) params.append(name, item);
  return { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: params.toString() };
}

async function fileOne(body: unknown = physicianDeclaration()): Promise<{ id: string; receipt: string }> {
  const response = await system.request('/api/v1/declarations', json(body));
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; receipt: string };
}

const page = async (path: string, cookie: string) => {
  const response = await system.request(path, { headers: { cookie } });
  return { status: response.status, html: await response.text(), headers: response.headers };
};

describe('the staff console', () => {
  it('sends a visitor without a session, or with a forged one, to sign-in', async () => {
    const response = await system.request('/staff');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/staff/sign-in?return=%2Fstaff');
    const forged = await system.request('/staff', { headers: { cookie: 'staff_session=s1.AAAA.BBBB.CCCC' } });
    expect(forged.status).toBe(303);
  });

  it('sends a visitor without a session to sign-in with no ID or phone number of the address in the way back', async () => {
    const cases = [
      [`/staff/search?q=${HOLDER_ID}&lang=en`, `/staff/search?lang=en`],
      [`/staff?${HOLDER_PHONE}=1`, '/staff'],
      [`/staff/editions/${HOLDER_ID}/print`, '/'],
    ] as const;
    for (const [path, back] of cases) {
      const location = (await system.request(path)).headers.get('location') ?? '';
      expect(containsSensitiveNumber(decodeURIComponent(location)), location).toBe(false);
      expect(location).toBe(`/staff/sign-in?return=${encodeURIComponent(back)}`);
    }
  });

  it('lets a moderator decide, opens the next declaration, and says so plainly on a stale version', async () => {
    const cookie = await signIn('moderator');
    const first = await fileOne();
    const second = await fileOne();
    const queue = await page('/staff', cookie);
    expect(queue.html).toContain(`/staff/declarations/${first.id}`);
    const rejectWithoutReason = await system.request(`/staff/declarations/${first.id}/decision`, form(cookie, { action: 'reject', version: '1', reason: '' }));
    expect(rejectWithoutReason.status).toBe(400);
    expect(await rejectWithoutReason.text()).toContain('须选择或填写理由');

    const approved = await system.request(`/staff/declarations/${first.id}/decision?status=submitted`, form(cookie, { action: 'approve', version: '1' }));
    expect(approved.status).toBe(303);
    // The next declaration opens, saying what happened to the last one.
    const location = approved.headers.get('location') ?? '';
    expect(location).toContain(`/staff/declarations/`);
    const opened = await page(location, cookie);
    expect(opened.html).toContain('已通过：张三 的声明');
    expect(opened.html).not.toContain(`/staff/declarations/${first.id}/decision`);

    const decided = await page(`/staff/declarations/${first.id}`, cookie);
    expect(decided.html).toContain('已通过，待排版');
    expect(decided.html).not.toContain('approved<');
    const stale = await system.request(`/staff/declarations/${first.id}/decision`, form(cookie, { action: 'reject', version: '1', reason: '晚了' }));
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('已被他人处理');
    expect(second.id).not.toBe(first.id);
  });

  it('speaks one language at a time, switched like the public pages', async () => {
    const cookie = await signIn('moderator');
    const chinese = await page('/staff', cookie);
    expect(chinese.html).toContain('审核队列');
    expect(chinese.html).not.toContain('Review queue');
    expect(chinese.html).toContain('href="/staff?lang=en"');
    const english = await page('/staff?lang=en', cookie);
    expect(english.html).toContain('Review queue');
    expect(english.html).not.toContain('审核队列');
    expect(english.html).toContain('To review');
    // Links keep the choice.
    expect(english.html).toMatch(/href="\/staff\/declarations\/[^"]+lang=en"/);
  });

  it('filters by document type and filing day, and counts each status', async () => {
    const cookie = await signIn('moderator');
    const seal = await fileOne({
      kind: 'loss',
      declarant: { type: 'person', name: '李四' },
      document: { type: 'other', label: '工作证', number: `GZ${uniqueCertificateNumber()}` },
      contact: { phone: '13812345678' },
    });
    const physician = await fileOne();
    const sealsOnly = await page('/staff?status=submitted&type=other', cookie);
    expect(sealsOnly.html).toContain(`/staff/declarations/${seal.id}`);
    expect(sealsOnly.html).not.toContain(`/staff/declarations/${physician.id}`);
    expect(sealsOnly.html).toMatch(/data-status="submitted">待审核<span class="count">1<\/span>/);
    const today = shanghaiDate(system.clock.now());
    const filedToday = await page(`/staff?from=${today}&to=${today}`, cookie);
    expect(filedToday.html).toContain(`/staff/declarations/${physician.id}`);
    const filedTomorrow = await page(`/staff?from=${addDays(today, 1)}`, cookie);
    expect(filedTomorrow.html).not.toContain(`/staff/declarations/${physician.id}`);
    expect(filedTomorrow.html).toContain('没有符合条件的声明');
    const tampered = await page('/staff?cursor=bm90LWpzb24', cookie);
    expect(tampered.status).toBe(200);
    expect(tampered.html).toContain(`/staff/declarations/${physician.id}`);
  });

  it('takes a reason as long as the API does, and no longer', async () => {
    const cookie = await signIn('moderator');
    const filed = await fileOne();
    expect((await page(`/staff/declarations/${filed.id}`, cookie)).html).toContain(`name="reason" rows="2" maxlength="${MAX_REASON_LENGTH}"`);
    const reason = '理'.repeat(MAX_REASON_LENGTH + 20);
    expect((await system.request(`/staff/declarations/${filed.id}/decision`, form(cookie, { action: 'reject', version: '1', reason }))).status).toBe(303);
    expect((await getDeclaration(system.store, filed.id))?.reason).toBe(reason.slice(0, MAX_REASON_LENGTH));
  });

  it('shows a resubmission’s changes since the last decision, and a readable history', async () => {
    const cookie = await signIn('moderator');
    const original = uniqueCertificateNumber();
    const filed = await fileOne(physicianDeclaration(original));
    const asked = await system.request(
      `/staff/declarations/${filed.id}/decision`,
      form(cookie, { action: 'request_changes', version: '1', preset: '证件号码与证明材料不一致，请核对后修改。', reason: '末三位' }),
    );
    expect(asked.status).toBe(303);
    const corrected = uniqueCertificateNumber();
    const edit = await system.request(`/api/v1/declarations/${filed.id}`, {
      ...json({ ...physicianDeclaration(corrected), version: 2 }),
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Receipt ${filed.receipt}` },
    });
    expect(edit.status).toBe(200);
    const detail = await page(`/staff/declarations/${filed.id}`, cookie);
    expect(detail.html).toContain('自上次审核以来的修改');
    expect(detail.html).toMatch(new RegExp(`class="before">${original}<`));
    expect(detail.html).toMatch(new RegExp(`class="after">${corrected}<`));
    // Who, when (Asia/Shanghai, not an ISO instant), what, why.
    expect(detail.html).toContain('工作人员 moderator');
    expect(detail.html).toContain('证件号码与证明材料不一致，请核对后修改。 末三位');
    expect(detail.html).toContain('修改后重新提交');
    expect(detail.html).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    const inQueue = await page('/staff', cookie);
    expect(inQueue.html).toContain('已修改，待复审');
  });

  it('bulk-approves ticked declarations from the queue, reporting the ones someone else changed', async () => {
    const cookie = await signIn('moderator');
    const [a, b] = [await fileOne(), await fileOne()];
    const response = await system.request('/staff/decisions?status=submitted', form(cookie, { ids: [`${a.id}:1`, `${b.id}:7`], action: 'approve' }));
    expect(response.status).toBe(303);
    const after = await page(response.headers.get('location') ?? '', cookie);
    expect(after.html).toContain('已通过 1 份声明。');
    expect(after.html).toContain('1 份未处理');
    expect((await page(`/staff/declarations/${a.id}`, cookie)).html).toContain('已通过，待排版');
    expect((await page(`/staff/declarations/${b.id}`, cookie)).html).toContain('id="status">待审核');
  });

  it('works without a mouse or script: forms for every action, one nonce-bound script, a visible legend', async () => {
    const cookie = await signIn('moderator');
    const filed = await fileOne();
    const detail = await page(`/staff/declarations/${filed.id}`, cookie);
    const policy = detail.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(detail.html).toContain(`<script nonce="${nonce}">`);
    expect(detail.html.match(/<script/g)?.length).toBe(1);
    expect(detail.html).toContain(`action="/staff/declarations/${filed.id}/decision?status=submitted"`);
    for (const action of ['approve', 'request_changes', 'reject']) expect(detail.html).toContain(`name="action" value="${action}"`);
    expect(detail.html).toContain('id="key-legend" open');
    expect(detail.html).toContain('<kbd>c</kbd>');
  });

  it('keeps editor pages from moderators in words, without offering them, and refuses cross-site form posts', async () => {
    const cookie = await signIn('moderator');
    const queue = await page('/staff', cookie);
    expect(queue.html).not.toContain('href="/staff/editions"');
    const refused = await page('/staff/editions', cookie);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('此页面仅限编辑');
    expect(refused.html).toContain('您当前的身份是审核员');
    expect(refused.html).not.toContain('Forbidden');
    const crossSite = await system.request('/staff/declarations/x/decision', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'action=approve&version=1',
    });
    expect(crossSite.status).toBe(403);
  });

  it('refuses a cross-site form post as problem+json saying what was missing or wrong, and decides nothing', async () => {
    const cookie = await signIn('moderator');
    const { id } = await fileOne();
    const post = (headers: Record<string, string>) =>
      system.request(`/staff/declarations/${id}/decision`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'action=approve&version=1',
      });
    const refusal = async (response: Response) => {
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      return (await response.json()) as { type: string; title: string; status: number; detail: string };
    };

    expect(await refusal(await post({ origin: 'https://evil.example' }))).toEqual({
      type: '/problems/cross-site-form',
      title: '禁止访问',
      status: 403,
      detail: '该表单提交来自其他网站（Origin 头不是本站的来源）。只有本站的页面可以提交此表单，请重新打开本站页面后再提交。',
    });
    const english = { 'accept-language': 'en' };
    expect(await refusal(await post(english))).toMatchObject({ title: 'Forbidden', detail: expect.stringContaining('neither an Origin nor a Sec-Fetch-Site header') });
    expect((await refusal(await post({ ...english, 'sec-fetch-site': 'cross-site' }))).detail).toContain('its Sec-Fetch-Site header is "cross-site", not "same-origin"');
    const both = await refusal(await post({ ...english, origin: 'https://evil.example', 'sec-fetch-site': 'same-site' }));
    expect(both.detail).toContain('its Origin header is not this site’s origin; its Sec-Fetch-Site header is "same-site"');
    expect(both.detail).not.toContain('evil.example');

    const view = (await (await system.request(`/api/v1/moderation/declarations/${id}`, { headers: { authorization: `Bearer ${await system.auth.issueToken('moderator')}` } })).json()) as { status: string };
    expect(view.status).toBe('submitted');
  });

  it('lets an editor create an edition, place approved notices, publish and print', async () => {
    const moderator = await signIn('moderator');
    const editor = await signIn('editor');
    const { id } = await fileOne();
    await system.request(`/staff/declarations/${id}/decision`, form(moderator, { action: 'approve', version: '1' }));
    expect((await page('/staff', editor)).html).toContain('href="/staff/editions"');
    await payFees(system.request, `Bearer ${await system.auth.issueToken('moderator')}`, [id]);
    const date = addDays(shanghaiDate(new Date()), 60);
    expect((await system.request('/staff/editions', form(editor, { date }))).status).toBe(200);
    const builder = await page('/staff/editions', editor);
    expect(builder.html).toContain(`value="${id}"`);
    const placed = await system.request('/staff/editions/place', form(editor, { date, ids: [id], days: '1' }));
    expect(await placed.text()).toContain('已排入 1 条。');
    // Publishing asks first (on the edition's day), then publishes once confirmed.
    const asked = await system.clock.onTheDayOf(date, () => system.request('/staff/editions/publish', form(editor, { date })));
    expect(await asked.text()).toContain('确认发布');
    const published = await system.clock.onTheDayOf(date, () => system.request('/staff/editions/publish', form(editor, { date, confirm: 'yes' })));
    expect(await published.text()).toContain('共 1 条');
    const print = await system.request(`/staff/editions/${date}/print`, { headers: { cookie: editor } });
    expect(await print.text()).toContain(`${date.replaceAll('-', '')}-0001`);
    const again = await system.request('/staff/editions/place', form(editor, { date, ids: [id], days: '1' }));
    expect(again.status).toBe(409);
  });

  it('places an id ticked twice once, and answers a malformed id or an edition date out of range with a clear message (400), placing nothing', async () => {
    const moderator = await signIn('moderator');
    const editor = await signIn('editor');
    const { id } = await fileOne();
    await system.request(`/staff/declarations/${id}/decision`, form(moderator, { action: 'approve', version: '1' }));
    await payFees(system.request, `Bearer ${await system.auth.issueToken('moderator')}`, [id]);
    const date = addDays(shanghaiDate(new Date()), 61);
    expect((await system.request('/staff/editions', form(editor, { date }))).status).toBe(200);
    const placed = async () => (await readEditionWithPlacements(system.store, date)).placements.map((placement) => placement.declarationId);

    const malformed = await system.request('/staff/editions/place', form(editor, { date, ids: ['a'.repeat(3000)], days: '1' }));
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('ids[0] 不是声明编号。');
    const none = await system.request('/staff/editions/place', form(editor, { date, days: '1' }));
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('ids 须为 1 到 100 个声明编号。');
    expect(await placed()).toEqual([]);

    const twice = await system.request('/staff/editions/place', form(editor, { date, ids: [id, id], days: '1' }));
    expect(twice.status).toBe(200);
    expect(await twice.text()).toContain('已排入 1 条。');
    expect(await placed()).toEqual([id]);

    const past = await system.request('/staff/editions', form(editor, { date: '2020-01-01' }));
    expect(past.status).toBe(400);
    expect(await past.text()).toContain('版面日期须在今天');

    // A form without a date, or with one that is no date, is the editor's mistake on every edition form: 400.
    for (const action of ['/staff/editions', '/staff/editions/place', '/staff/editions/delete', '/staff/editions/publish']) {
      for (const fields of [{}, { date: '2027-02-30' }] as Record<string, string>[]) {
        const missing = await system.request(action, form(editor, { ...fields, confirm: 'yes' }));
        expect(missing.status, action).toBe(400);
        expect(await missing.text()).toContain('日期无效');
      }
    }
  });
});
