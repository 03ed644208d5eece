import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { screenshotPath, signInToConsole, useServedBrowser, type ServedSystem } from '../support/browser.js';
import { nextEditionDate, payFees } from '../support/publishing.js';

const { served, browser } = useServedBrowser();

const NAMES = ['王建国', '李秀英', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴芳', '徐强', '孙丽', '马超', '朱婷', '胡斌', '郭燕', '何军', '高洁', '林峰', '罗娜'];
const COMPANIES = ['济南鲁泉商贸有限公司', '山东齐鲁建材有限公司', '济南泉城物流有限公司', '青岛海川电子有限公司', '淄博华信印务有限公司'];
const OTHER_DOCUMENTS = ['工作证', '学生证', '出入证', '会员证', '采访证'];

/** A proof file as a filer would photograph it: a scanned-looking police report receipt, rendered to PNG. */
async function proofImage(page: Page, company: string): Promise<Buffer> {
  await page.setViewportSize({ width: 620, height: 440 });
  await page.setContent(`<body style="margin:0;background:#f3efe6;font-family:'Noto Serif CJK SC',serif">
    <div style="margin:24px;padding:24px 28px;border:2px solid #333;background:#fffdf7;height:340px;box-sizing:border-box">
      <h2 style="text-align:center;letter-spacing:.4em;margin:0 0 14px">报警回执</h2>
      <p style="margin:6px 0">报警单位：${company}</p><p style="margin:6px 0">报警事由：公章遗失</p>
      <p style="margin:6px 0">受理单位：济南市公安局历下区分局泉城路派出所</p><p style="margin:6px 0">受理时间：2026年11月30日 10时42分</p>
      <div style="float:right;margin-top:18px;width:120px;height:120px;border:3px solid #c0392b;border-radius:50%;color:#c0392b;display:flex;align-items:center;justify-content:center;font-weight:700;transform:rotate(-12deg)">受理专用章</div>
    </div></body>`);
  return page.screenshot({ type: 'png' });
}

async function uploadProof(system: ServedSystem['system'], bytes: Buffer): Promise<string> {
  const started = await system.request('/api/v1/attachments', json({ contentType: 'image/png', size: bytes.length }));
  const { id, upload } = (await started.json()) as { id: string; upload: { url: string; fields: Record<string, string> } };
  const body = new FormData();
  for (const [field, value] of Object.entries(upload.fields)) body.append(field, value);
  body.append('file', new File([new Uint8Array(bytes)], 'proof.png', { type: 'image/png' }));
  expect((await system.request(upload.url, { method: 'POST', body })).status).toBe(204);
  return id;
}

/** Thirty declarations as a morning brings them: seals with proof, physicians' certificates, other papers. */
async function fileThirty(page: Page): Promise<string[]> {
  const { system } = served();
  const bodies: unknown[] = [];
  for (const company of COMPANIES) {
    const proof = await uploadProof(system, await proofImage(page, company));
    bodies.push({ kind: 'loss', declarant: { type: 'organization', name: company }, document: { type: 'official_seal' }, attachments: [proof], contact: { phone: '13905310001' } });
  }
  for (const name of NAMES) bodies.push({ ...physicianDeclaration(), declarant: { type: 'person', name } });
  OTHER_DOCUMENTS.forEach((label, index) =>
    bodies.push({ kind: 'loss', declarant: { type: 'person', name: NAMES[index] ?? '张三' }, document: { type: 'other', label, number: `NO${uniqueCertificateNumber().slice(-8)}` }, contact: { phone: '13905310002' } }),
  );
  const ids: string[] = [];
  for (const body of bodies) {
    const response = await system.request('/api/v1/declarations', json(body));
    expect(response.status, await response.clone().text()).toBe(201);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

const openId = (page: Page) => /\/staff\/declarations\/([0-9a-f-]{36})/.exec(page.url())?.[1];

/** Presses a key that navigates, and waits for the page it leads to. */
async function pressAndWait(page: Page, key: string): Promise<void> {
  const before = page.url();
  await Promise.all([page.waitForURL((url) => url.toString() !== before), page.keyboard.press(key)]);
}

describe('the console at volume', () => {
  it('works a queue of 30 with the keyboard alone, then an editor publishes the edition on its day', { timeout: 120_000 }, async () => {
    const context = await browser().newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const filed = await fileThirty(page);
    await page.setViewportSize({ width: 1440, height: 960 });

    await signInToConsole(page, served(), 'moderator');
    expect(await page.locator('.tabs [data-status=submitted] .count').textContent()).toBe('30');
    // The queue's order, oldest first: two are skipped with `j` (next) and approved together at the end, four
    // need changes, the rest are approved.
    const ids = await Promise.all((await page.locator('#queue tbody tr[data-row]').all()).map(async (row) => (await row.getAttribute('data-row')) ?? ''));
    expect(new Set(ids)).toEqual(new Set(filed));
    const skipped = new Set([ids[6], ids[18]]);
    const changes = new Set([ids[2], ids[11], ids[23], ids[27]]);
    await page.screenshot({ path: screenshotPath('console-queue') });

    await pressAndWait(page, 'Enter');
    expect(openId(page)).toBe(ids[0]);
    // The proof is shown inline beside the declaration, loaded through the staff attachment link.
    const proof = page.locator('#proof img');
    await proof.evaluate((image) => (image as unknown as { decode(): Promise<void> }).decode());
    expect(await proof.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
    await page.screenshot({ path: screenshotPath('console-declaration') });

    // Shortcuts do not fire while typing: `a` in the reason box is a letter, not an approval.
    await page.focus('#reason');
    await page.keyboard.type('a');
    expect(openId(page)).toBe(ids[0]);
    expect(await page.inputValue('#reason')).toBe('a');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');

    const decided = new Map<string, string>();
    for (let steps = 0; steps < 40; steps += 1) {
      const id = openId(page);
      if (!id) break;
      if (skipped.has(id) || decided.has(id)) {
        if ((await page.locator('a[rel=next]').count()) > 0) await pressAndWait(page, 'j');
        else await pressAndWait(page, 'u');
        continue;
      }
      if (changes.has(id)) {
        await page.keyboard.press('c');
        await page.keyboard.press('1');
        expect(await page.locator('fieldset[data-for=request_changes] input:checked').count()).toBe(1);
        await pressAndWait(page, 'Enter');
        decided.set(id, 'request_changes');
      } else {
        await pressAndWait(page, 'a');
        decided.set(id, 'approve');
      }
      // After a decision the next declaration opens (or the queue, once none is left), saying what was done.
      if (openId(page)) expect(await page.locator('p.ok').textContent()).toMatch(/^已(通过|要求修改)：/);
    }
    expect(decided.size).toBe(28);
    expect(new URL(page.url()).pathname).toBe('/staff');

    // The two skipped ones are left: tick both with `x` and approve them with `a`.
    expect(await page.locator('#queue tbody tr[data-row]').count()).toBe(2);
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await pressAndWait(page, 'a');
    expect(await page.locator('p.ok').textContent()).toContain('已通过 2 份声明');
    const counts = Object.fromEntries(
      await Promise.all(['submitted', 'changes_requested', 'approved'].map(async (status) => [status, await page.locator(`.tabs [data-status=${status}] .count`).textContent()])),
    );
    expect(counts).toEqual({ submitted: '0', changes_requested: '4', approved: '26' });

    // The editor places the 26 approved notices in the next edition and publishes it on its day.
    await payFees(served().system.request, `Bearer ${await served().system.auth.issueToken('moderator')}`, ids.filter((id) => !changes.has(id)));
    const editor = await (await browser().newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN' })).newPage();
    await signInToConsole(editor, served(), 'editor');
    await editor.goto(`${served().baseUrl}/staff/editions`);
    const date = nextEditionDate();
    await editor.fill('#date', date);
    await editor.locator('form:has(#date) button[type=submit]').click();
    await editor.locator('p.ok').waitFor();
    for (const box of await editor.locator('input[name=ids]').all()) await box.check();
    await editor.fill('#place-date', date);
    await editor.locator('form:has(#place-date) button[type=submit]').click();
    expect(await editor.locator('p.ok').textContent()).toContain('已排入 26 条');
    await served().system.clock.onTheDayOf(date, async () => {
      await editor.fill('#publish-date', date);
      await editor.locator('form:has(#publish-date) button[type=submit]').click();
      expect(await editor.locator('#confirm-publish').textContent()).toContain(`${date.replaceAll('-', '')}-0026`);
      await editor.locator('#confirm-publish button[type=submit]').click();
      expect(await editor.locator('p.ok').textContent()).toContain('共 26 条');
      expect(await editor.locator(`#editions tr[data-state=published]`).count()).toBe(1);
      await editor.screenshot({ path: screenshotPath('edition-list') });
    });
    await context.close();
  });
});
