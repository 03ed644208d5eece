import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { receiptHash } from '../../shared/services/secrets.js';
import { applyLifecycleAction, openWithReceipt } from '../../shared/services/filing.js';
import { allItems, HOLDER_ID, HOLDER_PHONE, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { firstNoticeNo, inChinese, newsroom } from '../support/publishing.js';
import { PDF, PNG, uploadProof } from '../support/attachments.js';
import { personalNumbersIn } from '../support/ids.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;

beforeAll(async () => {
  system = await createTestSystem();
});

const ORIGIN = 'http://127.0.0.1';

/** A browser's form post from this site: form-urlencoded, with its Origin. */
function formPost(fields: Record<string, string | readonly string[]>, headers: Record<string, string> = {}): RequestInit {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const entry of typeof value === 'string' ? [value] : value) body.append(name, entry);
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers }, body: body.toString() };
}

/** Every page is read through this: it fails on a full resident ID or phone number anywhere in the HTML. */
async function page(path: string, init?: RequestInit): Promise<{ status: number; html: string; response: Response }> {
  const response = await system.request(path, init);
  const html = await response.text();
  expect(personalNumbersIn(html), `${init?.method ?? 'GET'} ${path}`).toEqual([]);
  return { status: response.status, html, response };
}

function physicianForm(number: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    idempotencyKey: crypto.randomUUID(),
    'document.type': 'physician_practicing_certificate',
    kind: 'loss',
    'declarant.type': 'person',
    'declarant.name': '张三',
    'declarant.idNumber': HOLDER_ID,
    'declarant.creditCode': '',
    'document.number': number,
    'document.employer': '济南市第一人民医院',
    'document.issuer': '',
    'document.issuedOn': '',
    lostOn: '',
    statement: '',
    'contact.phone': HOLDER_PHONE,
    intent: 'submit',
    ...overrides,
  };
}

const receiptIn = (html: string) => /id="receipt">([^<]+)</.exec(html)?.[1]?.trim() ?? '';
const idIn = (html: string) => /id="declaration-id">([^<]+)</.exec(html)?.[1] ?? '';
const countDeclarations = async () => (await allItems(system.store)).filter((item) => item.sk === 'DECL').length;

/** Files through the form; returns the id and receipt the receipt page shows. */
async function fileThroughForm(number = uniqueCertificateNumber()): Promise<{ id: string; receipt: string; number: string }> {
  const { status, html } = await page('/file', formPost(physicianForm(number)));
  expect(status).toBe(200);
  return { id: idIn(html), receipt: receiptIn(html), number };
}

/** Opens the status page with the receipt; returns the Cookie header the browser would send afterwards. */
async function openWithForm(id: string, receipt: string): Promise<string> {
  const opened = await page(`/declarations/${id}`, formPost({ receipt }));
  expect(opened.status).toBe(303);
  const cookie = opened.response.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}

/** An organisation's declaration filed through the API with its proof, then sent back by a moderator with `reason`. */
async function changesRequested(declaration: Record<string, unknown>, reason: string): Promise<{ id: string; receipt: string }> {
  const filed = await system.request('/api/v1/declarations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(declaration) });
  expect(filed.status, await filed.clone().text()).toBe(201);
  const { id, receipt } = (await filed.json()) as { id: string; receipt: string };
  const context = { store: system.store, now: () => new Date() };
  await applyLifecycleAction(context, await openWithReceipt(context, id, receipt), 'request_changes', { expectedVersion: 1, actor: 'staff:moderator', reason });
  return { id, receipt };
}

describe('home page', () => {
  it('explains the service in Chinese by default and links to filing, following, verification and notices', async () => {
    const { status, html, response } = await page('/');
    expect(status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/);
    expect(html).toContain('遗失声明');
    for (const href of ['/file', '/declarations/follow', '/verify', '/notices']) expect(html).toContain(`href="${href}"`);
  });

  it('speaks English with ?lang=en (keeping the choice in links) or with Accept-Language', async () => {
    const byQuery = await page('/?lang=en');
    expect(byQuery.html).toContain('<html lang="en">');
    expect(byQuery.html).toContain('href="/file?lang=en"');
    const byHeader = await page('/', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(byHeader.html).toContain('File a notice');
    expect(byHeader.html).toContain('href="/file"');
  });
});

describe('filing form', () => {
  it('answers a cut-off or boundary-less multipart form with a 400, never a 500, on every form route', async () => {
    for (const path of ['/file', '/file/preview', '/declarations/follow']) {
      for (const contentType of ['multipart/form-data; boundary=x', 'multipart/form-data']) {
        const before = await countDeclarations();
        const response = await system.request(path, {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': contentType },
          body: '--x\r\nContent-Disp',
        });
        expect(response.status, `${path} ${contentType}`).toBe(400);
        expect(((await response.json()) as { type: string }).type).toBe('/problems/malformed-form');
        expect(await countDeclarations()).toBe(before);
      }
    }
  });

  it('asks for the document type first', async () => {
    const { html } = await page('/file');
    expect(html).toContain('id="type-form"');
    expect(html).not.toContain('id="declaration-form"');
    expect(html).toContain('<option value="business_license">营业执照</option>');
  });

  it("shows exactly the chosen type's fields, labels and hints", async () => {
    const physician = (await page('/file?type=physician_practicing_certificate')).html;
    expect(physician).toContain('name="document.number"');
    expect(physician).toContain('证书编码');
    expect(physician).toContain('15 位数字');
    expect(physician).toContain('name="document.employer"');
    expect(physician).not.toContain('name="document.copy"');
    expect(physician).not.toContain('id="proof"');

    const clinic = (await page('/file?type=medical_institution_license')).html;
    expect(clinic).toContain('登记号');
    expect(clinic).toMatch(/<select[^>]*name="document.copy"[^>]*required/);
    expect(clinic).toContain('<option value="duplicate">副本</option>');
    expect(clinic).not.toContain('name="document.employer"');
    expect(clinic).toContain('value="organization" checked');

    const seal = (await page('/file?type=official_seal')).html;
    expect(seal).toContain('id="proof"');
    expect(seal).toContain('公安机关出具的报案回执');

    const english = (await page('/file?type=physician_practicing_certificate&lang=en')).html;
    expect(english).toContain('Certificate code');
    expect(english).toContain('<input type="hidden" name="lang" value="en"/>');
  });


  it('says whether a field is required or optional once, in its marker, never again in the label text', async () => {
    for (const [path, optional] of [
      ['/file?type=physician_practicing_certificate', '选填'],
      ['/file?type=physician_practicing_certificate&lang=en', 'optional'],
    ] as const) {
      const labels = [...(await page(path)).html.matchAll(/<label for="[^"]+">((?:(?!<\/label>).)*)<\/label>/g)].map(([, inner = '']) => inner);
      expect(labels.length).toBeGreaterThan(5);
      for (const label of labels) expect(label.split(optional).length - 1, label).toBeLessThanOrEqual(1);
    }
  });
  it('serves one type’s fields as a fragment for the script’s type switch', async () => {
    const { status, html } = await page('/file/fields?type=invoice');
    expect(status).toBe(200);
    expect(html).toMatch(/^<div id="type-fields" data-holder="organization">/);
    expect(html).toContain('name="document.invoiceCode"');
    expect((await system.request('/file/fields?type=nothing')).status).toBe(404);
  });

  it('re-renders with a message next to each bad field and stores nothing', async () => {
    const before = await countDeclarations();
    const form = physicianForm(uniqueCertificateNumber(), {
      'declarant.idNumber': HOLDER_ID.slice(0, 17) + (HOLDER_ID.endsWith('1') ? '2' : '1'),
      'contact.phone': '',
    });
    const { status, html } = await page('/file', formPost(form));
    expect(status).toBe(400);
    expect(html).toContain('id="f-declarant-idNumber-error"');
    expect(html).toContain('校验码');
    expect(html).toMatch(/id="f-contact-phone-error">请填写联系电话/);
    expect(html).toMatch(/name="contact.phone"[^>]*aria-invalid="true"/);
    // The summary at the top links each message to its field.
    expect(html).toMatch(/<li><a href="#f-contact-phone">请填写联系电话/);
    expect(html).toMatch(/<li><a href="#f-declarant-idNumber">[^<]*校验码/);
    expect(html).toContain('value="济南市第一人民医院"');
    expect(await countDeclarations()).toBe(before);
  });

  it('asks for proof where the type needs it', async () => {
    const form = {
      'document.type': 'official_seal',
      kind: 'loss',
      'declarant.type': 'organization',
      'declarant.name': '济南某某商贸有限公司',
      'contact.phone': HOLDER_PHONE,
    };
    const { status, html } = await page('/file', formPost(form));
    expect(status).toBe(400);
    expect(html).toContain('此类证件须上传证明材料');
    // Its error belongs to the proof fieldset, and the summary leads there.
    expect(html).toContain('<fieldset id="proof" aria-describedby="proof-error">');
    expect(html).toMatch(/<li><a href="#proof">[^<]*此类证件须上传证明材料/);
  });

  it('previews the printed notice and fee without storing, with and without the script', async () => {
    const before = await countDeclarations();
    const number = uniqueCertificateNumber();
    const noScript = await page('/file', formPost(physicianForm(number, { intent: 'preview' })));
    expect(noScript.status).toBe(200);
    expect(noScript.html).toContain(`遗失医师执业证书，证书编码：${number}`);
    expect(noScript.html).toMatch(/费用：¥\d+\.\d{2}/);
    expect(noScript.html).toContain('id="declaration-form"');
    // The form comes back with the ID and phone number masked, their full values sealed, and no error about them.
    expect(noScript.html).toMatch(/name="declarant.idNumber"[^>]*value="370102\*{8}\d{3}[\dX]"/);
    expect(noScript.html).toMatch(/name="contact.phone"[^>]*value="138\*{4}5678"/);
    expect(noScript.html).toContain('name="sealed.contact.phone"');
    expect(noScript.html).not.toContain('为保护个人信息');
    expect(noScript.html).not.toContain('class="error"');
    expect(noScript.html).toContain('value="济南市第一人民医院"');

    const live = await page('/file/preview', formPost(physicianForm(number)));
    expect(live.html).toMatch(/^<p class="notice-text" id="preview-text">张三（济南市第一人民医院）遗失医师执业证书/);
    const incomplete = await page('/file/preview', formPost(physicianForm(number, { 'declarant.name': '' })));
    expect(incomplete.html).toContain('请填写声明人姓名或单位名称');
    expect(await countDeclarations()).toBe(before);
  });

  it('files the declaration and shows the receipt once, with the masked text and a link to follow it', async () => {
    const before = await countDeclarations();
    const number = uniqueCertificateNumber();
    const form = physicianForm(number, { statement: `如有拾到请联系 ${HOLDER_PHONE}` });
    const { status, html, response } = await page('/file', formPost(form));
    expect(status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);
    const id = idIn(html);
    const receipt = receiptIn(html);
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(html).toContain('只显示这一次');
    expect(html).toMatch(/费用：¥\d+\.\d{2}/);
    expect(html).toContain('如何缴费');
    expect(html).toContain('<svg');
    expect(html).toContain('action="/file/receipt?lang=en"');
    expect(html).toContain(`张三（济南市第一人民医院）遗失医师执业证书，证书编码：${number}`);
    expect(html).toContain('138****5678');
    expect(html).toContain('href="/declarations/follow"');
    expect(await countDeclarations()).toBe(before + 1);
    expect((await openWithReceipt({ store: system.store, now: () => new Date() }, id, receipt)).status).toBe('submitted');

    // A double submit of the same form gives back the same declaration and receipt, not a second one.
    const again = await page('/file', formPost(form));
    expect(receiptIn(again.html)).toBe(receipt);
    expect(await countDeclarations()).toBe(before + 1);

    // A new form for the same certificate is the duplicate it is.
    const duplicate = await page('/file', formPost(physicianForm(number)));
    expect(duplicate.status).toBe(409);
    expect(duplicate.html).toContain('已有一份正在办理的声明');
    // Where to go from here: the follow page, one click away; and what to do without the receipt.
    expect(duplicate.html).toMatch(/<p class="alert" role="alert">[^<]*回执码遗失的，请带上证件联系报社。[^<]*<a href="\/declarations\/follow">查询办理进度<\/a><\/p>/);
  });

  it('ends the receipt with how the filer will be told: SMS, e-mail, both, or only the follow page for a landline alone', async () => {
    const next = (html: string) => /id="receipt-next">([^<]+)</.exec(html)?.[1] ?? '';
    const organisation = (overrides: Record<string, string>) => ({
      idempotencyKey: crypto.randomUUID(),
      'document.type': 'other',
      kind: 'loss',
      'declarant.type': 'organization',
      'declarant.name': '济南某某商贸有限公司',
      'document.label': '会员证',
      'document.number': uniqueCertificateNumber(),
      intent: 'submit',
      ...overrides,
    });
    const mobile = await page('/file', formPost(physicianForm(uniqueCertificateNumber())));
    expect(next(mobile.html)).toContain('以短信通知您');
    const both = await page('/file', formPost(organisation({ 'contact.phone': HOLDER_PHONE, 'contact.email': 'office@example.com' })));
    expect(next(both.html)).toContain('以短信和电子邮件通知您');
    const mail = await page('/file', formPost(organisation({ 'contact.phone': '0531-88886666', 'contact.email': 'office@example.com' })));
    expect(next(mail.html)).toContain('以电子邮件通知您');
    expect(mail.html).not.toContain('短信');
    const landline = await page('/file', formPost(organisation({ 'contact.phone': '0531-88886666' }), { 'accept-language': 'en' }));
    expect(landline.status).toBe(200);
    expect(next(landline.html)).toContain('not sent to you: follow them with your receipt');
    expect(landline.html).not.toContain('SMS');
  });

  it('ticks a proof box only for what can be an uploaded file, never for a number posted as one', async () => {
    for (const intent of ['preview', 'submit']) {
      const shown = await page('/file', formPost({ ...physicianForm(uniqueCertificateNumber(), { intent }), attachments: [HOLDER_PHONE, HOLDER_ID] }));
      expect(shown.html).not.toContain('name="attachments" value=');
    }
  });
});

describe('status page', () => {
  it('asks for the receipt, remembers it in a cookie for this declaration only, and shows the status', async () => {
    const { id, receipt, number } = await fileThroughForm();
    const prompt = await page(`/declarations/${id}`);
    expect(prompt.status).toBe(200);
    expect(prompt.html).toContain('name="receipt"');
    expect(prompt.html).not.toContain(number);

    const opened = await page(`/declarations/${id}`, formPost({ receipt }));
    expect(opened.status).toBe(303);
    expect(opened.response.headers.get('location')).toBe(`/declarations/${id}`);
    const setCookie = opened.response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`Path=/declarations/${id}`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);

    const cookie = setCookie.split(';')[0] ?? '';
    const status = await page(`/declarations/${id}`, { headers: { cookie } });
    expect(status.status).toBe(200);
    expect(status.html).toContain('待审核');
    expect(status.html).toContain('正在等待报社审核');
    expect(status.html).toContain(`证书编码：${number}`);
    // The edit form is prefilled with masked values only.
    expect(status.html).toContain(`value="${HOLDER_ID.slice(0, 6)}********${HOLDER_ID.slice(-4)}"`);
    expect(status.html).toContain('value="138****5678"');
    expect(status.html).toContain('id="withdraw-form"');
  });

  it('sets the cookie Secure when the page is served over https', async () => {
    const { id, receipt } = await fileThroughForm();
    const response = await system.fetch(new Request(`https://127.0.0.1/declarations/${id}`, formPost({ receipt }, { origin: 'https://127.0.0.1' })));
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('refuses a wrong receipt without showing the declaration, the same for an unknown id', async () => {
    const mine = await fileThroughForm();
    const theirs = await fileThroughForm();
    const wrong = await page(`/declarations/${mine.id}`, formPost({ receipt: theirs.receipt }));
    expect(wrong.status).toBe(403);
    expect(wrong.html).toContain('回执码不正确');
    expect(wrong.html).not.toContain(mine.number);
    expect(wrong.response.headers.get('set-cookie')).toBeNull();

    const unknown = await page(`/declarations/${crypto.randomUUID()}`, formPost({ receipt: theirs.receipt }));
    expect(unknown.status).toBe(403);
    expect(unknown.html).toContain('回执码不正确');

    // Another declaration's receipt in the cookie does not open this one either.
    const forged = await page(`/declarations/${mine.id}`, { headers: { cookie: `receipt=${theirs.receipt}` } });
    expect(forged.status).toBe(403);
    expect(forged.html).not.toContain(mine.number);
    const edit = await page(`/declarations/${mine.id}/withdraw`, formPost({ version: '1', confirm: 'yes' }, { cookie: `receipt=${theirs.receipt}` }));
    expect(edit.status).toBe(403);
    expect((await openWithReceipt({ store: system.store, now: () => new Date() }, mine.id, mine.receipt)).status).toBe('submitted');
  });

  it('follows a declaration from its number and receipt', async () => {
    const { id, receipt } = await fileThroughForm();
    expect((await page('/declarations/follow')).html).toContain('name="id"');
    const followed = await page('/declarations/follow', formPost({ id: ` ${id.toUpperCase()} `, receipt }));
    expect(followed.status).toBe(303);
    expect(followed.response.headers.get('location')).toBe(`/declarations/${id}`);
    const wrong = await page('/declarations/follow', formPost({ id, receipt: 'not-the-receipt-at-all' }));
    expect(wrong.status).toBe(403);
    expect(wrong.html).toContain('回执码不正确');
  });

  it('types back no number sent in the id box of the follow form nor as the version of a withdrawal', async () => {
    const { id, receipt } = await fileThroughForm();
    const wrongBox = await page('/declarations/follow', formPost({ id: HOLDER_PHONE, receipt }));
    expect(wrongBox.status).toBe(403);
    expect(wrongBox.html).toContain(`value="${HOLDER_PHONE.slice(0, 3)}****${HOLDER_PHONE.slice(-4)}"`);
    const cookie = await openWithForm(id, receipt);
    const confirm = await page(`/declarations/${id}/withdraw`, formPost({ version: HOLDER_PHONE, confirm: '' }, { cookie }));
    expect(confirm.html).toContain('<input type="hidden" name="version" value="1"/>');
  });

  it('shows the moderator’s reason and takes an edit that keeps the stored full numbers', async () => {
    const { id, receipt, number } = await fileThroughForm();
    const context = { store: system.store, now: () => new Date() };
    const stored = await openWithReceipt(context, id, receipt);
    await applyLifecycleAction(context, stored, 'request_changes', { expectedVersion: 1, actor: 'staff:moderator', reason: '请补充执业单位全称' });
    const cookie = await openWithForm(id, receipt);

    const asked = await page(`/declarations/${id}`, { headers: { cookie } });
    expect(asked.html).toContain('需要修改');
    expect(asked.html).toContain('请补充执业单位全称');
    const maskedId = `${HOLDER_ID.slice(0, 6)}********${HOLDER_ID.slice(-4)}`;
    const editForm = physicianForm(number, {
      version: '2',
      'declarant.idNumber': maskedId,
      'contact.phone': '138****5678',
      'document.employer': '济南市第一人民医院心内科',
    });

    const invalid = await page(`/declarations/${id}/edit`, formPost({ ...editForm, 'contact.phone': '123' }, { cookie }));
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('id="f-contact-phone-error"');
    expect((await openWithReceipt(context, id, receipt)).version).toBe(2);

    const saved = await page(`/declarations/${id}/edit`, formPost(editForm, { cookie }));
    expect(saved.status).toBe(303);
    expect(saved.response.headers.get('location')).toBe(`/declarations/${id}?done=edited`);
    const after = await page(`/declarations/${id}?done=edited`, { headers: { cookie } });
    expect(after.html).toContain('修改已保存');
    expect(after.html).toContain('待审核');
    expect(after.html).toContain('济南市第一人民医院心内科');
    const edited = await openWithReceipt(context, id, receipt);
    expect(edited).toMatchObject({ status: 'submitted', version: 3, declaration: { declarant: { idNumber: HOLDER_ID }, contact: { phone: HOLDER_PHONE } } });

    // The same (now stale) form again: refused with the page as it stands.
    const stale = await page(`/declarations/${id}/edit`, formPost(editForm, { cookie }));
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('刚刚被更新过');
  });

  it('edits like filing again: the reason beside the fields it names, the live preview with its fee, files kept, removed and added', async () => {
    const first = await uploadProof(system, 'image/png', PNG, 'seal.png');
    const name = `济南某某贸易有限公司${crypto.randomUUID().slice(0, 4)}`;
    const reason = '公章备案回执照片不清楚，请重新上传；联系电话请填写办公室电话';
    const { id, receipt } = await changesRequested(
      { kind: 'loss', declarant: { type: 'organization', name }, document: { type: 'official_seal' }, contact: { phone: '0531-88886666' }, attachments: [first.id] },
      reason,
    );
    const context = { store: system.store, now: () => new Date() };
    const cookie = await openWithForm(id, receipt);

    const asked = await page(`/declarations/${id}`, { headers: { cookie } });
    expect(asked.html).toMatch(new RegExp(`id="f-attachments-remark"><strong>报社意见：</strong>${reason}`));
    expect(asked.html).toMatch(new RegExp(`id="f-contact-phone-remark"><strong>报社意见：</strong>${reason}`));
    expect(asked.html).not.toContain('id="f-declarant-name-remark"');
    expect(asked.html).toContain(`data-preview="/declarations/${id}/preview"`);
    expect(asked.html).toMatch(/id="preview-fee">费用：¥\d+\.\d\d/);
    expect(asked.html).toContain(`<input type="checkbox" name="attachments" value="${first.id}" checked=""/>文件 1：PNG 图片`);

    const second = await uploadProof(system, 'application/pdf', PDF, 'receipt.pdf');
    const editForm = {
      version: '2',
      'document.type': 'official_seal',
      kind: 'loss',
      'declarant.type': 'organization',
      'declarant.name': `${name}分公司`,
      'contact.phone': '0531-88887777',
    };
    // The script's live preview, and the preview button without it: the edited notice with its fee.
    const live = await page(`/declarations/${id}/preview`, formPost({ ...editForm, attachments: [second.id] }, { cookie }));
    expect(live.html).toContain(`${name}分公司遗失公章一枚，声明作废。`);
    const previewed = await page(`/declarations/${id}/edit`, formPost({ ...editForm, attachments: [second.id], intent: 'preview' }, { cookie }));
    expect(previewed.status).toBe(200);
    expect(previewed.html).toContain(`id="preview-text">${name}分公司遗失公章一枚`);
    expect(previewed.html).toContain(`value="${second.id}" checked=""`);
    expect(previewed.html).not.toContain(`value="${first.id}"`);
    expect((await openWithReceipt(context, id, receipt)).version).toBe(2);

    // Every file unticked: the proof is still needed, and nothing changes.
    const none = await page(`/declarations/${id}/edit`, formPost(editForm, { cookie }));
    expect(none.status).toBe(400);
    expect(none.html).toContain('id="proof-error"');
    expect((await openWithReceipt(context, id, receipt)).attachments.map((file) => file.id)).toEqual([first.id]);

    const saved = await page(`/declarations/${id}/edit`, formPost({ ...editForm, attachments: [second.id] }, { cookie }));
    expect(saved.status).toBe(303);
    const edited = await openWithReceipt(context, id, receipt);
    expect(edited).toMatchObject({ status: 'submitted', version: 3, declaration: { declarant: { name: `${name}分公司` }, contact: { phone: '0531-88887777' } } });
    expect(edited.attachments).toEqual([{ id: second.id, contentType: 'application/pdf', size: PDF.length }]);
  });

  it('puts the reason beside the field it names, not also beside one whose short name is inside that name', async () => {
    const proof = await uploadProof(system, 'image/png', PNG, 'licence.png');
    // 经营者姓名 (the operator's name) holds 姓名, a moderator's short name for the declarant's name.
    const { id, receipt } = await changesRequested(
      {
        kind: 'loss',
        declarant: { type: 'organization', name: `济南市历下区某某餐馆${crypto.randomUUID().slice(0, 4)}` },
        document: { type: 'business_license', number: `370102600123${String(Date.now()).slice(-3)}` },
        contact: { phone: HOLDER_PHONE },
        attachments: [proof.id],
      },
      '个体工商户请填写经营者姓名',
    );
    const asked = await page(`/declarations/${id}`, { headers: { cookie: await openWithForm(id, receipt) } });
    expect(asked.html).toContain('id="f-document-operatorName-remark"');
    expect(asked.html).not.toContain('id="f-declarant-name-remark"');
  });

  it('withdraws after a confirmation step (without script) and then offers neither edit nor withdraw', async () => {
    const { id, receipt } = await fileThroughForm();
    const cookie = await openWithForm(id, receipt);
    const confirm = await page(`/declarations/${id}/withdraw`, formPost({ version: '1', confirm: '' }, { cookie }));
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('确定要撤回');
    expect(confirm.html).toContain('<input type="hidden" name="confirm" value="yes"/>');
    expect((await openWithReceipt({ store: system.store, now: () => new Date() }, id, receipt)).status).toBe('submitted');

    const withdrawn = await page(`/declarations/${id}/withdraw`, formPost({ version: '1', confirm: 'yes' }, { cookie }));
    expect(withdrawn.status).toBe(303);
    const after = await page(`/declarations/${id}?done=withdrawn`, { headers: { cookie } });
    expect(after.html).toContain('已撤回');
    expect(after.html).not.toContain('id="withdraw-form"');
    expect(after.html).not.toContain('id="edit-form"');
    // Nothing is due for a notice that will not print: no amount, no "not paid yet".
    expect(after.html).toContain('这份声明不会刊登，无需缴费。');
    expect(after.html).not.toContain('尚未缴费');
    expect(after.html).not.toContain('应缴');

    const again = await page(`/declarations/${id}/withdraw`, formPost({ version: '2', confirm: 'yes' }, { cookie }));
    expect(again.status).toBe(409);
    expect(again.html).toContain('不允许此操作');
  });

  it('forgets the receipt on this device', async () => {
    const { id, receipt } = await fileThroughForm();
    const cookie = await openWithForm(id, receipt);
    const forgotten = await page(`/declarations/${id}/forget`, formPost({}, { cookie }));
    expect(forgotten.status).toBe(303);
    expect(forgotten.response.headers.get('set-cookie')).toMatch(/^receipt=;.*Max-Age=0/);
  });
});

describe('where it is printed', () => {
  const section = (html: string, id: string) => new RegExp(`<section id="${id}">.*?</section>`, 's').exec(html)?.[0] ?? '';
  /** The printed-notices rows: [edition date, date as shown, link, notice number]. */
  const printedRows = (html: string) =>
    [...section(html, 'printed-notices').matchAll(/<tr><td><time datetime="([^"]+)">([^<]+)<\/time><\/td><td><a href="([^"]+)">([^<]+)<\/a>/g)].map((row) => row.slice(1));
  const scheduledDates = (html: string) => [...section(html, 'scheduled-editions').matchAll(/<li><time datetime="([^"]+)">/g)].map((row) => row[1]);
  const printedRow = (date: string, shown = inChinese(date), lang = '') => [date, shown, `/notices/${firstNoticeNo(date)}${lang}`, firstNoticeNo(date)];

  it('lists the editions to come, then each that printed it with its number and a link to its page; never one it was taken out of', async () => {
    const desk = newsroom(system);
    const { id, receipt, dates } = await desk.run(physicianDeclaration(), 3);
    const [first, middle, last] = dates as [string, string, string];
    await desk.takeOut(middle, id);
    const cookie = await openWithForm(id, receipt);
    const statusPage = async (query = '') => (await page(`/declarations/${id}${query}`, { headers: { cookie } })).html;

    const scheduled = await statusPage();
    expect(scheduled).toContain('已排版');
    expect(scheduled).not.toContain('id="printed-notices"');
    expect(scheduled).toContain('<h2>见报安排</h2>');
    expect(scheduledDates(scheduled)).toEqual([first, last]);

    await desk.publishEdition(first);
    const running = await statusPage();
    expect(running).toContain('已刊登');
    expect(running).toContain('<h2>见报情况</h2>');
    expect(printedRows(running)).toEqual([printedRow(first)]);
    expect(scheduledDates(running)).toEqual([last]);

    await desk.publishEdition(last);
    const published = await statusPage();
    expect(printedRows(published)).toEqual([printedRow(first), printedRow(last)]);
    expect(published).not.toContain('id="scheduled-editions"');
    expect(published).not.toContain(inChinese(middle));

    // The link is the notice's public page.
    const notice = await page(`/notices/${firstNoticeNo(last)}`);
    expect(notice.status).toBe(200);
    expect(notice.html).toContain(firstNoticeNo(last));

    const english = await statusPage('?lang=en');
    expect(english).toContain('<h2>Where it was printed</h2>');
    expect(printedRows(english)).toEqual([printedRow(first, first, '?lang=en'), printedRow(last, last, '?lang=en')]);
  });
});

describe('proof upload without a script', () => {
  /** Posts a file to one of the upload page's plain forms, as a browser without a script does. */
  async function postUploadForm(html: string, contentType: string, bytes: Buffer): Promise<Response> {
    const form = new RegExp(`<form class="upload-form" method="post" action="([^"]+)" enctype="multipart/form-data">((?:(?!</form>).)*accept="${contentType}"(?:(?!</form>).)*)</form>`).exec(html);
    expect(form, contentType).not.toBeNull();
    const [, action = '', inner = ''] = form ?? [];
    const body = new FormData();
    for (const [, name = '', value = ''] of inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)) body.append(name, value.replaceAll('&amp;', '&'));
    body.append('file', new File([bytes], 'proof', { type: contentType }));
    return system.request(action.replaceAll('&amp;', '&'), { method: 'POST', body });
  }
  const followed = (response: Response) => {
    const location = new URL(response.headers.get('location') ?? '', ORIGIN);
    return `${location.pathname}${location.search}`;
  };

  it('files a seal with its proof: the form goes to the upload page and comes back with the file and all it held', async () => {
    const name = `济南某某商贸有限公司${crypto.randomUUID().slice(0, 4)}`;
    const fields = {
      idempotencyKey: crypto.randomUUID(),
      'document.type': 'official_seal',
      kind: 'loss',
      'declarant.type': 'organization',
      'declarant.name': name,
      'contact.phone': HOLDER_PHONE,
    };
    const asked = await page('/file?type=official_seal');
    expect(asked.html).toMatch(/<noscript>.*<button type="submit" name="intent" value="upload"/s);

    const uploading = await page('/file', formPost({ ...fields, intent: 'upload' }));
    expect(uploading.status).toBe(200);
    expect(uploading.response.headers.get('content-security-policy')).toContain("form-action 'self' https:");
    expect(uploading.html.match(/class="upload-form"/g)).toHaveLength(3);
    expect(uploading.html).not.toContain(HOLDER_PHONE);

    const uploaded = await postUploadForm(uploading.html, 'image/png', PNG);
    expect(uploaded.status).toBe(303);
    const back = await page(followed(uploaded));
    expect(back.status).toBe(200);
    expect(back.html).toContain(`value="${name}"`);
    expect(back.html).toContain('value="138****5678"');
    const attached = /<input type="checkbox" name="attachments" value="([0-9a-f-]{36})" checked=""\/>/.exec(back.html)?.[1] ?? '';
    expect(attached).not.toBe('');

    // The form as it came back, submitted: sealed phone, the new file, one declaration.
    const sealedPhone = /name="sealed\.contact\.phone" value="([^"]+)"/.exec(back.html)?.[1] ?? '';
    const filed = await page('/file', formPost({ ...fields, 'contact.phone': '138****5678', 'sealed.contact.phone': sealedPhone, attachments: [attached], intent: 'submit' }));
    expect(filed.status).toBe(200);
    const receipt = receiptIn(filed.html);
    const stored = await openWithReceipt({ store: system.store, now: () => new Date() }, idIn(filed.html), receipt);
    expect(stored).toMatchObject({ declaration: { declarant: { name }, contact: { phone: HOLDER_PHONE } }, attachments: [{ id: attached, contentType: 'image/png' }] });
  });

  it('brings an edit back with the uploaded file, and refuses a draft that is not this form’s', async () => {
    const { id, receipt, number } = await fileThroughForm();
    const context = { store: system.store, now: () => new Date() };
    await applyLifecycleAction(context, await openWithReceipt(context, id, receipt), 'request_changes', { expectedVersion: 1, actor: 'staff:moderator', reason: '请上传执业证书首页复印件' });
    const cookie = await openWithForm(id, receipt);
    const edit = physicianForm(number, { version: '2', 'document.employer': '济南市第二人民医院', intent: 'upload' });
    const uploading = await page(`/declarations/${id}/edit`, formPost(edit, { cookie }));
    expect(uploading.status).toBe(200);
    const uploaded = await postUploadForm(uploading.html, 'application/pdf', PDF);
    const backPath = followed(uploaded);
    expect(backPath.startsWith(`/declarations/${id}/attached?`)).toBe(true);
    const back = await page(backPath, { headers: { cookie } });
    expect(back.html).toContain('value="济南市第二人民医院"');
    // The preview is of the edit as it came back, not of the notice on file.
    expect(back.html).toMatch(/id="preview-text">张三（济南市第二人民医院）遗失医师执业证书/);
    const attached = /<input type="checkbox" name="attachments" value="([0-9a-f-]{36})" checked=""\/>/.exec(back.html)?.[1] ?? '';
    expect(attached).not.toBe('');

    const other = await fileThroughForm();
    const otherCookie = await openWithForm(other.id, other.receipt);
    const stolen = await page(backPath.replace(id, other.id), { headers: { cookie: otherCookie } });
    expect(stolen.status).toBe(400);
    expect(stolen.html).toContain('表单的保存时间已过');
    const tampered = await page(`${backPath.replace(/draft=[^&]+/, 'draft=AAAA')}`, { headers: { cookie } });
    expect(tampered.status).toBe(400);

    // Saved, then the back button: the draft is out of date (the declaration moved on), not expired.
    const saved = await page(`/declarations/${id}/edit`, formPost({ ...edit, attachments: [attached], intent: 'submit' }, { cookie }));
    expect(saved.status).toBe(303);
    const backAgain = await page(backPath, { headers: { cookie } });
    expect(backAgain.status).toBe(409);
    expect(backAgain.html).toContain('这份声明刚刚被更新过');
    expect(backAgain.html).not.toContain('表单的保存时间已过');
  });
});

describe('cross-site posts', () => {
  it('refuses a page form post another site makes the browser send, and stores nothing', async () => {
    const before = await countDeclarations();
    const form = physicianForm(uniqueCertificateNumber());
    const crossOrigin = await system.request('/file', formPost(form, { origin: 'https://evil.example' }));
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await crossOrigin.json()).toMatchObject({ type: '/problems/cross-site-form', title: '禁止访问', status: 403, detail: expect.stringContaining('Origin 头不是本站的来源') });
    const noOrigin = await system.request('/file', { ...formPost(form), headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' } });
    expect(noOrigin.status).toBe(403);
    expect(await countDeclarations()).toBe(before);

    const { id, receipt } = await fileThroughForm();
    const cookie = await openWithForm(id, receipt);
    const withdraw = await system.request(`/declarations/${id}/withdraw`, formPost({ version: '1', confirm: 'yes' }, { cookie, origin: 'https://evil.example' }));
    expect(withdraw.status).toBe(403);
    expect((await openWithReceipt({ store: system.store, now: () => new Date() }, id, receipt)).status).toBe('submitted');
  });
});

/** The named fields of the one form in a page, as the browser would post them back. */
function formFieldsIn(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]+)"/.exec(match[0])?.[1];
    const value = /\bvalue="([^"]*)"/.exec(match[0])?.[1] ?? '';
    const type = /\btype="([^"]+)"/.exec(match[0])?.[1];
    if (name && type !== 'file' && type !== 'radio') fields[name] = value.replace(/&amp;/g, '&');
  }
  return fields;
}

describe('sealed values', () => {
  it('keep what the filer typed across a preview without the script, and file it in full', async () => {
    const number = uniqueCertificateNumber();
    const preview = await page('/file', formPost(physicianForm(number, { intent: 'preview' })));
    const returned: Record<string, string> = { ...physicianForm(number), ...formFieldsIn(preview.html), intent: 'submit' };
    expect(returned['contact.phone']).toBe('138****5678');
    const filed = await page('/file', formPost(returned));
    expect(filed.status).toBe(200);
    const stored = await openWithReceipt({ store: system.store, now: () => new Date() }, idIn(filed.html), receiptIn(filed.html));
    expect(stored.declaration.contact.phone).toBe(HOLDER_PHONE);
    expect(stored.declaration.declarant).toMatchObject({ idNumber: HOLDER_ID });
  });

  it('take a changed number over the sealed one', async () => {
    const number = uniqueCertificateNumber();
    const preview = await page('/file', formPost(physicianForm(number, { intent: 'preview' })));
    const filed = await page('/file', formPost({ ...physicianForm(number), ...formFieldsIn(preview.html), 'contact.phone': '13912345678', intent: 'submit' }));
    const stored = await openWithReceipt({ store: system.store, now: () => new Date() }, idIn(filed.html), receiptIn(filed.html));
    expect(stored.declaration.contact.phone).toBe('13912345678');
  });

  it('refuse a tampered seal or one from another form: the number must be typed again, nothing is stored', async () => {
    const before = await countDeclarations();
    const number = uniqueCertificateNumber();
    const preview = await page('/file', formPost(physicianForm(number, { intent: 'preview' })));
    const returned: Record<string, string> = { ...physicianForm(number), ...formFieldsIn(preview.html), intent: 'submit' };
    const token = returned['sealed.contact.phone'] ?? '';
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const refused = await page('/file', formPost({ ...returned, 'sealed.contact.phone': tampered }));
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/id="f-contact-phone-error">为安全起见，页面保存的号码已过期/);
    const otherForm = await page('/file', formPost({ ...returned, idempotencyKey: crypto.randomUUID() }));
    expect(otherForm.status).toBe(400);
    expect(otherForm.html).toContain('页面保存的号码已过期');
    expect(await countDeclarations()).toBe(before);
  });
});

describe('receipt codes', () => {
  it('follow a declaration by the code alone, however it is typed; a typo is called a typo', async () => {
    const { id, receipt } = await fileThroughForm();
    const typed = receipt.toLowerCase().replace(/-/g, ' ');
    const opened = await system.request('/declarations/follow', formPost({ receipt: typed }));
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(`/declarations/${id}`);
    // Pasted from the receipt page or an SMS, or typed with a Chinese input method's dash.
    const pasted = await system.request('/declarations/follow', formPost({ receipt: `回执码：${receipt.replace(/-/g, 'ー')}。` }));
    expect(pasted.headers.get('location')).toBe(`/declarations/${id}`);

    const chars = receipt.replace(/-/g, '').split('');
    chars[3] = chars[3] === 'A' ? 'B' : 'A';
    const typo = await page('/declarations/follow', formPost({ receipt: chars.join('') }));
    expect(typo.status).toBe(403);
    expect(typo.html).toContain('校验位不符');

    const api = await system.request('/api/v1/declarations/by-receipt', { headers: { authorization: `Receipt ${receipt}` } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { id: string }).id).toBe(id);
    expect((await system.request('/api/v1/declarations/by-receipt', { headers: { authorization: 'Receipt 0000-0000-0000-0000' } })).status).toBe(404);
  });

  it('keep old receipts (declaration number + 32-character receipt) working', async () => {
    const { id } = await fileThroughForm();
    const oldReceipt = 'kq3J8aZ0x_2mV9pQ1sT7uY4wE6rB5nCd';
    await system.store.client.send(
      new UpdateCommand({
        TableName: system.store.tableName,
        Key: { pk: `DECL#${id}`, sk: 'DECL' },
        UpdateExpression: 'SET receiptHash = :hash',
        ExpressionAttributeValues: { ':hash': receiptHash(oldReceipt) },
      }),
    );
    const api = await system.request(`/api/v1/declarations/${id}`, { headers: { authorization: `Receipt ${oldReceipt}` } });
    expect(api.status).toBe(200);
    const followed = await system.request('/declarations/follow', formPost({ id, receipt: oldReceipt }));
    expect(followed.status).toBe(303);
    expect((await page('/declarations/follow', formPost({ receipt: oldReceipt }))).status).toBe(403);
  });

  it('switch the receipt page to English by posting the code back, never by a link that would lose it', async () => {
    const { receipt } = await fileThroughForm();
    const english = await page('/file/receipt?lang=en', formPost({ receipt }));
    expect(english.status).toBe(200);
    expect(english.html).toContain('How to pay');
    expect(receiptIn(english.html)).toBe(receipt);
    expect((await page('/file/receipt?lang=en', formPost({ receipt: '0000-0000-0000-0000' }))).status).toBe(403);
  });
});
