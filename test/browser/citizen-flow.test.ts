/**
 * Issue 15's "done when", end to end in a browser: a company files a seal with its proof, is asked for another
 * file, sends it through the edit form, is published and told at each step; a filer without JavaScript files a
 * business licence with its upload; verify tells someone who typed a name what to enter.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readLocalMail, readLocalSms } from '../../scripts/local-messaging.js';
import { shanghaiTime } from '../../shared/domain/editions.js';
import { creditCodeCheckChar } from '../../shared/domain/identifiers.js';
import { openWithReceipt } from '../../shared/services/filing.js';
import { PNG } from '../support/attachments.js';
import { ARTIFACTS_DIR, consoleErrors, previewShows, screenshotPath, useServedBrowser } from '../support/browser.js';
import { json } from '../support/declarations.js';
import { personalNumbersIn } from '../support/ids.js';
import { nextEditionDate, payFees, publishOnItsDay } from '../support/publishing.js';

const { served, browser } = useServedBrowser();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const REASON = '请上传公章备案回执';

/** Staff steps go through the staff API, with a local staff token of the role. */
async function asStaff(role: 'moderator' | 'editor', path: string, init: RequestInit): Promise<Response> {
  const token = await served().system.auth.issueToken(role);
  const headers = { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` };
  const response = await served().system.request(path, { ...init, headers });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return response;
}

const textOf = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();

/** Nothing on the page is wider than the screen (the usual way a phone layout breaks). */
async function expectFitsTheWidth(page: Page, width: number): Promise<void> {
  expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(width);
  // The site's links (and the language switch) stay on one line, even on a phone: two lines would be 80 px.
  for (const header of await page.locator('header.site').all()) expect((await header.boundingBox())?.height).toBeLessThan(60);
}

/** Prints the page as the browser's print dialog would, keeps the PDF, and returns its text and page count. */
async function printToPdf(page: Page, name: string): Promise<{ text: string; pages: number }> {
  await page.emulateMedia({ media: 'print' });
  const path = join(ARTIFACTS_DIR, `${name}.pdf`);
  writeFileSync(path, await page.pdf({ printBackground: true, format: 'A4' }));
  await page.emulateMedia({ media: 'screen' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);
  return { text: execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }), pages };
}

/** A checksum-valid unified social credit code, different per call. */
function uniqueCreditCode(): string {
  const first17 = `91370102MA${String(Date.now() % 1e7).padStart(7, '0')}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}

const proofFile = (name: string) => ({ name, mimeType: 'image/png', buffer: PNG });

interface Company {
  readonly size: string;
  readonly viewport: { width: number; height: number };
  readonly name: string;
  /** What the company gives: a landline takes no SMS (e-mail only), a mobile takes both. */
  readonly phone: string;
  readonly email: string;
}

const companies: Company[] = [
  { size: 'phone', viewport: PHONE, name: '济南某某商贸有限公司', phone: '13912340001', email: 'office-phone@example.com' },
  { size: 'desktop', viewport: DESKTOP, name: '山东某某科技有限公司', phone: '0531-88886666', email: 'office-desktop@example.com' },
];

describe('a citizen finishes what they start, in a browser', () => {
  for (const company of companies) {
    it(`a company files a seal with proof, sends the file asked for, is published and told at each step (${company.size})`, async () => {
      const { system, baseUrl } = served();
      const mobile = company.viewport === PHONE;
      const page = await browser().newPage({ viewport: company.viewport, locale: 'zh-CN', ...(mobile ? { isMobile: true, hasTouch: true } : {}) });
      page.setDefaultTimeout(8000);
      const errors = consoleErrors(page);
      const shot = (step: string) => page.screenshot({ path: screenshotPath(`citizen-${step}-${company.size}`), fullPage: true });

      // ---- Filing, with the proof uploaded by the page's script --------------------------------------------------
      await page.goto(`${baseUrl}/file?type=official_seal`);
      expect(await page.locator('input[name="declarant.type"][value="organization"]').isChecked()).toBe(true);
      await page.locator('#f-declarant-name').fill(company.name);
      await page.locator('#f-contact-phone').fill(company.phone);
      await page.locator('#f-contact-email').fill(company.email);
      await page.locator('#proof-file').setInputFiles(proofFile('公章遗失报案回执.png'));
      await page.locator('#proof-list li', { hasText: '公章遗失报案回执.png' }).waitFor();
      await previewShows(page, `${company.name}遗失公章一枚，声明作废。`);
      await expectFitsTheWidth(page, company.viewport.width);
      await shot('form');
      await page.getByRole('button', { name: '提交声明' }).click();

      // ---- The receipt: shown, kept, printed ------------------------------------------------------------------
      await page.locator('#receipt').waitFor();
      const receipt = await textOf(page, '#receipt');
      const id = await textOf(page, '#declaration-id');
      expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      const fee = await textOf(page, '#receipt-fee');
      expect(fee).toMatch(/^费用：¥\d+\.00/);
      expect(await page.locator('.receipt-qr svg').count()).toBe(1);
      await expectFitsTheWidth(page, company.viewport.width);
      await shot('receipt');
      const printedReceipt = await printToPdf(page, `citizen-receipt-${company.size}`);
      // One sheet with what the company must keep; the "copy it down" warning and the buttons stay off paper.
      expect(printedReceipt.pages).toBe(1);
      expect(printedReceipt.text).toContain(receipt);
      expect(printedReceipt.text.replace(/\s/g, '')).toContain(fee.replace(/\s/g, ''));
      expect(printedReceipt.text).not.toContain('打印回执');

      // ---- The paper asks for a file --------------------------------------------------------------------------
      await asStaff('moderator', `/api/v1/moderation/declarations/${id}/decision`, json({ action: 'request_changes', reason: REASON, version: 1 }));

      await page.goto(`${baseUrl}/declarations/follow`);
      await page.locator('#receipt').fill(receipt);
      await page.getByRole('button', { name: '查看' }).click();
      expect(new URL(page.url()).pathname).toBe(`/declarations/${id}`);
      expect(await textOf(page, '#status-name')).toBe('需要修改');
      // The reason stands beside the proof field, where the file is sent.
      expect(await textOf(page, '#f-attachments-remark')).toContain(REASON);
      expect(await page.locator('#edit').getAttribute('open')).not.toBeNull();
      await expectFitsTheWidth(page, company.viewport.width);
      await shot('changes-requested');

      // The old file unticked, the new one uploaded through the edit form; the preview and its fee stay live.
      const firstFile = page.locator('#proof-list input[name=attachments]');
      expect(await firstFile.count()).toBe(1);
      const oldFileId = await firstFile.getAttribute('value');
      await firstFile.uncheck();
      await page.locator('#proof-file').setInputFiles(proofFile('公章备案回执.png'));
      await page.locator('#proof-list li', { hasText: '公章备案回执.png' }).waitFor();
      await page.locator('#f-statement').fill('公章编号3701020012345');
      await previewShows(page, `${company.name}遗失公章一枚，声明作废。公章编号3701020012345。`);
      expect(await textOf(page, '#preview-fee')).toMatch(/^费用：¥\d+\.00（共 \d+ 字，排 \d+ 行）$/);
      await expectFitsTheWidth(page, company.viewport.width);
      await shot('edit');
      await page.getByRole('button', { name: '保存并重新提交' }).click();
      await page.locator('p.ok').waitFor();
      expect(await textOf(page, '#status-name')).toBe('待审核');

      const resubmitted = await openWithReceipt({ store: system.store, now: () => new Date() }, id, receipt);
      expect(resubmitted.attachments).toHaveLength(1);
      expect(resubmitted.attachments[0]?.id).not.toBe(oldFileId);
      expect(resubmitted.version).toBe(3);

      // ---- Approved, placed, published on its day ------------------------------------------------------------
      await asStaff('moderator', `/api/v1/moderation/declarations/${id}/decision`, json({ action: 'approve', version: 3 }));
      const date = nextEditionDate();
      const token = await system.auth.issueToken('editor');
      // The desk records the fee before the notice can be placed.
      await payFees(system.request, `Bearer ${token}`, [id]);
      await asStaff('editor', '/api/v1/editions', json({ date }));
      await asStaff('editor', `/api/v1/editions/${date}/notices`, json({ ids: [id] }));
      const published = await publishOnItsDay(system, date, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(published.status, await published.clone().text()).toBe(200);

      // ---- What the company was told: one message per status change, nothing secret in any -------------------
      // Publication messages are due from 07:00 on the day: the consumer runs an hour later.
      await system.clock.during(new Date(shanghaiTime(date, 8)), () => system.runOutbox());
      const mails = (await readLocalMail(system.dataDir)).filter((mail) => mail.to === company.email);
      const texts = mails.map((mail) => `${mail.subject}\n${mail.text}`);
      expect(texts).toEqual([
        expect.stringContaining(`需要修改。审核意见：${REASON}`),
        expect.stringContaining('已通过审核'),
        expect.stringContaining('已安排在'),
        expect.stringMatching(/已于.+刊登，公告编号 \d{8}-\d{4}/),
      ]);
      const sms = readLocalSms(system.dataDir).filter((message) => message.text.includes(company.name));
      if (company.phone.startsWith('1')) {
        expect(sms.map((message) => message.to)).toEqual(Array(4).fill(`${company.phone.slice(0, 3)}****${company.phone.slice(-4)}`));
        expect(sms.map((message) => message.text)).toEqual([
          expect.stringContaining(`需要修改：${REASON}`),
          expect.stringContaining('已通过审核'),
          expect.stringContaining('已安排在'),
          expect.stringContaining('公告编号'),
        ]);
      } else {
        // A landline takes no SMS: the company is told by e-mail only.
        expect(sms).toEqual([]);
      }
      for (const message of [...texts, ...sms.map((entry) => entry.text)]) {
        expect(message).not.toContain(receipt);
        expect(message).not.toContain(company.phone);
        expect(message.replace(/\D/g, '')).not.toContain(company.phone.replace(/\D/g, ''));
        expect(personalNumbersIn(message)).toEqual([]);
      }

      // ---- The proof of publication, found by the notice number the e-mail gave, printed ------------------------
      const noticeNo = /公告编号 (\d{8}-\d{4})/.exec(texts[3] ?? '')?.[1] ?? '';
      await page.goto(`${baseUrl}/notices/${noticeNo}`);
      await page.getByRole('link', { name: '登报证明（可打印）' }).click();
      expect(new URL(page.url()).pathname).toBe(`/notices/${noticeNo}/proof`);
      expect(await page.locator('.proof svg').count()).toBe(1);
      // The words beside the QR code keep a readable measure (on a phone they go under it, not in a narrow strip).
      expect((await page.locator('#proof-qr p').boundingBox())?.width).toBeGreaterThan(250);
      await expectFitsTheWidth(page, company.viewport.width);
      await shot('proof');
      const printedProof = await printToPdf(page, `citizen-proof-${company.size}`);
      expect(printedProof.pages).toBe(1);
      expect(printedProof.text).toContain(noticeNo);
      expect(printedProof.text.replace(/\s/g, '')).toContain(`${company.name}遗失公章一枚`);
      expect(personalNumbersIn(await page.content())).toEqual([]);

      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('files a business licence with its proof without JavaScript, through the upload page', async () => {
    const { system, baseUrl } = served();
    const page = await browser().newPage({ viewport: PHONE, locale: 'zh-CN', javaScriptEnabled: false });
    const errors = consoleErrors(page);
    const name = '济南某某餐饮管理有限公司';
    const number = uniqueCreditCode();
    await page.goto(`${baseUrl}/file?type=business_license`);
    await page.locator('#f-declarant-name').fill(name);
    await page.locator('#f-document-number').fill(number);
    await page.locator('#f-contact-phone').fill('13912340002');
    await page.locator('#f-statement').fill('正本一份');
    await page.getByRole('button', { name: '上传证明材料' }).click();

    // The upload page: one plain form per file type, straight to storage, which sends the browser back.
    expect(new URL(page.url()).pathname).toBe('/file');
    expect(await page.locator('form.upload-form').count()).toBeGreaterThan(1);
    await expectFitsTheWidth(page, PHONE.width);
    await page.screenshot({ path: screenshotPath('citizen-nojs-upload-page'), fullPage: true });
    const pngForm = page.locator('form.upload-form', { has: page.locator('input[accept="image/png"]') });
    await pngForm.locator('input[type=file]').setInputFiles(proofFile('营业执照遗失登报材料.png'));
    await pngForm.getByRole('button', { name: '上传' }).click();

    // Back on the form: the file ticked, everything typed kept (the phone masked, sealed, never in plain).
    expect(new URL(page.url()).pathname).toBe('/file/attached');
    expect(await page.locator('#proof-list input[name=attachments]:checked').count()).toBe(1);
    expect(await page.locator('#f-declarant-name').inputValue()).toBe(name);
    expect(await page.locator('#f-document-number').inputValue()).toBe(number);
    expect(await page.locator('#f-statement').inputValue()).toBe('正本一份');
    expect(await page.locator('#f-contact-phone').inputValue()).toBe('139****0002');
    expect(await page.content()).not.toContain('13912340002');
    expect(await page.locator('#proof-error').count()).toBe(0);
    // …and the preview shows the notice as it will print, with its fee, without pressing 预览.
    expect(await textOf(page, '#preview-text')).toBe(`${name}（统一社会信用代码：${number}）遗失营业执照，声明作废。正本一份。`);
    expect(await textOf(page, '#preview-fee')).toMatch(/^费用：¥\d+\.00/);
    await expectFitsTheWidth(page, PHONE.width);
    await page.screenshot({ path: screenshotPath('citizen-nojs-attached'), fullPage: true });

    await page.getByRole('button', { name: '提交声明' }).click();
    await page.locator('#receipt').waitFor();
    expect(await textOf(page, 'h1')).toBe('声明已提交');
    const receipt = await textOf(page, '#receipt');
    const id = await textOf(page, '#declaration-id');
    await expectFitsTheWidth(page, PHONE.width);
    await page.screenshot({ path: screenshotPath('citizen-nojs-receipt'), fullPage: true });
    const stored = await openWithReceipt({ store: system.store, now: () => new Date() }, id, receipt);
    expect(stored.attachments).toEqual([expect.objectContaining({ contentType: 'image/png', size: PNG.length })]);
    expect(stored.declaration.contact.phone).toBe('13912340002');
    expect(stored.declaration.document.number).toBe(number);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for the certificate number when a name is typed into verify, on a phone', async () => {
    const page = await browser().newPage({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const errors = consoleErrors(page);
    await page.goto(`${served().baseUrl}/verify`);
    await page.locator('#number').fill('张明');
    await page.locator('#number').press('Enter');
    await page.waitForURL(/number=/);
    const body = await textOf(page, 'main');
    expect(body).toContain('这看起来是姓名或单位名称');
    expect(body).toContain('证件上印的编号');
    expect(await page.locator('[data-status]').count()).toBe(0);
    await expectFitsTheWidth(page, PHONE.width);
    await page.screenshot({ path: screenshotPath('citizen-verify-name-phone'), fullPage: true });
    // The page answers the name with a 400 (as the API does); nothing else may fail.
    expect(errors.filter((error) => !error.startsWith('400 ') && !error.includes('status of 400'))).toEqual([]);
    await page.close();
  });
});
