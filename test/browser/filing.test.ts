import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openWithReceipt } from '../../shared/services/filing.js';
import { HOLDER_ID, HOLDER_PHONE, uniqueCertificateNumber } from '../support/declarations.js';
import { consoleErrors, previewShows, screenshotPath, useServedBrowser } from '../support/browser.js';
import { personalNumbersIn } from '../support/ids.js';

const { served, browser } = useServedBrowser();

async function expectNoPersonalNumbers(page: Page): Promise<void> {
  expect(personalNumbersIn(await page.content())).toEqual([]);
}

describe('filing in a browser', () => {
  it('files a declaration as a person would, keeps the receipt, follows it and withdraws it', async () => {
    const page = await browser().newPage({ viewport: { width: 1024, height: 900 }, locale: 'zh-CN' });
    const errors = consoleErrors(page);
    const number = uniqueCertificateNumber();

    await page.goto(`${served().baseUrl}/`);
    await page.getByRole('link', { name: '登报声明' }).first().click();
    expect(new URL(page.url()).pathname).toBe('/file');

    // Choosing the type swaps its fields in without leaving the page.
    await page.evaluate(() => Object.assign(globalThis, { stillTheSamePage: true }));
    await page.selectOption('#type', 'physician_practicing_certificate');
    await page.locator('input[name="document.number"]').waitFor();
    expect(await page.evaluate(() => 'stillTheSamePage' in globalThis)).toBe(true);
    expect(page.url()).toContain('type=physician_practicing_certificate');
    expect(await page.locator('label[for="f-document-number"]').textContent()).toContain('证书编码');
    // The person is the usual holder: the credit code field is out of the way.
    expect(await page.locator('#f-declarant-creditCode').isVisible()).toBe(false);

    await page.locator('#f-declarant-name').pressSequentially('张三');
    await page.locator('#f-declarant-idNumber').fill(HOLDER_ID);
    await page.locator('#f-document-number').pressSequentially(number);
    await page.locator('#f-document-employer').fill('济南市第一人民医院');
    await page.locator('#f-contact-phone').pressSequentially(HOLDER_PHONE);

    // The preview follows the typing: the exact printed text, masked, and its fee.
    await previewShows(page, `张三（济南市第一人民医院）遗失医师执业证书，证书编码：${number}，声明作废。`);
    expect(await page.locator('#preview-fee').textContent()).toMatch(/^费用：¥\d+\.00（共 \d+ 字，排 \d+ 行）$/);
    await page.locator('#f-document-employer').fill('');
    await previewShows(page, `张三遗失医师执业证书，证书编码：${number}，声明作废。`);
    await page.screenshot({ path: screenshotPath('filing-form'), fullPage: true });

    await page.getByRole('button', { name: '提交声明' }).click();
    await page.locator('#receipt').waitFor();
    expect(await page.locator('h1').textContent()).toBe('声明已提交');
    expect(await page.locator('.warning').textContent()).toContain('只显示这一次');
    const receipt = ((await page.locator('#receipt').textContent()) ?? '').trim();
    const id = ((await page.locator('#declaration-id').textContent()) ?? '').trim();
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    await expectNoPersonalNumbers(page);
    await page.screenshot({ path: screenshotPath('filing-receipt'), fullPage: true });

    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.locator('#receipt').fill(receipt);
    await page.getByRole('button', { name: '查看' }).click();
    expect(new URL(page.url()).pathname).toBe(`/declarations/${id}`);
    expect(await page.locator('#status-name').textContent()).toBe('待审核');
    expect(await page.locator('#notice-text').textContent()).toContain(number);
    expect(await page.locator('#f-contact-phone').inputValue()).toBe('138****5678');
    await expectNoPersonalNumbers(page);
    await page.screenshot({ path: screenshotPath('filing-status'), fullPage: true });

    // Withdrawing asks first; dismissing keeps the declaration, accepting withdraws it.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: '撤回声明' }).click();
    expect(await page.locator('#status-name').textContent()).toBe('待审核');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '撤回声明' }).click();
    await page.locator('p.ok').waitFor();
    expect(await page.locator('#status-name').textContent()).toBe('已撤回');
    expect(await page.locator('#withdraw-form').count()).toBe(0);
    const context = { store: served().system.store, now: () => new Date() };
    expect((await openWithReceipt(context, id, receipt)).status).toBe('withdrawn');

    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads well on a phone: nothing wider than the screen', async () => {
    const page = await browser().newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const errors = consoleErrors(page);
    await page.goto(`${served().baseUrl}/file?type=business_license`);
    await page.locator('#f-declarant-name').fill('济南某某商贸有限公司');
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    // Proof uploads are the script's job, so the upload control appears only with it.
    expect(await page.locator('#proof-file').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('filing-phone'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the site header on one line on a 375 px phone, in English as in Chinese', async () => {
    const page = await browser().newPage({ viewport: { width: 375, height: 740 }, locale: 'en-US' });
    for (const language of ['en', 'zh']) {
      for (const path of ['/', '/file', '/declarations/follow', '/verify', '/notices']) {
        await page.goto(`${served().baseUrl}${path}?lang=${language}`);
        expect((await page.locator('header.site').boundingBox())?.height, `${language} ${path}`).toBeLessThan(60);
      }
    }
    await page.close();
  });

  it('wraps the English receipt on a phone between words, never inside one, and still fits the long numbers', async () => {
    const page = await browser().newPage({ viewport: { width: 375, height: 740 }, locale: 'en-US', javaScriptEnabled: false, extraHTTPHeaders: { 'accept-language': 'en' } });
    await page.goto(`${served().baseUrl}/file?type=physician_practicing_certificate`);
    await page.locator('#f-declarant-name').fill('张三');
    await page.locator('#f-document-number').fill(uniqueCertificateNumber());
    await page.locator('#f-contact-phone').fill(HOLDER_PHONE);
    await page.getByRole('button', { name: 'Submit the declaration' }).click();
    await page.locator('#receipt').waitFor();
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(375);
    // Every word of the facts' text (status explained, fee) stays on one line.
    const splitWords = await page.evaluate(`(() => {
      const split = [];
      for (const dd of document.querySelectorAll('dl.facts dd')) {
        const walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const match of node.textContent.matchAll(/[A-Za-z]+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            if (new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1) split.push(match[0]);
          }
        }
      }
      return split;
    })()`);
    expect(splitWords).toEqual([]);
    await page.screenshot({ path: screenshotPath('filing-receipt-en-phone'), fullPage: true });
    await page.close();
  });

  it('uploads the proof a seal needs straight to storage and files with it', async () => {
    const page = await browser().newPage({ locale: 'zh-CN' });
    const errors = consoleErrors(page);
    await page.goto(`${served().baseUrl}/file?type=official_seal`);
    await page.locator('#f-declarant-name').fill('济南某某商贸有限公司');
    await page.locator('#f-contact-phone').fill(HOLDER_PHONE);
    // A one-pixel PNG stands in for the photo of the police report receipt.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.locator('#proof-file').setInputFiles({ name: '报案回执.png', mimeType: 'image/png', buffer: png });
    await page.locator('#proof-list li', { hasText: '报案回执.png' }).waitFor();
    expect(await page.locator('#proof-list input[name=attachments]').count()).toBe(1);
    await previewShows(page, '济南某某商贸有限公司遗失公章一枚，声明作废。');
    await page.getByRole('button', { name: '提交声明' }).click();
    const id = ((await page.locator('#declaration-id').textContent()) ?? '').trim();
    const receipt = ((await page.locator('#receipt').textContent()) ?? '').trim();
    const stored = await openWithReceipt({ store: served().system.store, now: () => new Date() }, id, receipt);
    expect(stored.attachments).toEqual([expect.objectContaining({ contentType: 'image/png', size: png.length })]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('files and withdraws without JavaScript, in English', async () => {
    const page = await browser().newPage({ javaScriptEnabled: false, locale: 'en-US', extraHTTPHeaders: { 'accept-language': 'en' } });
    const number = uniqueCertificateNumber();
    await page.goto(`${served().baseUrl}/file`);
    await page.selectOption('#type', 'physician_practicing_certificate');
    await page.getByRole('button', { name: 'Choose' }).click();
    expect(await page.locator('label[for="f-document-number"]').textContent()).toContain('Certificate code');

    await page.locator('#f-declarant-name').fill('张三');
    await page.locator('#f-document-number').fill(number);
    await page.locator('#f-contact-phone').fill(HOLDER_PHONE);
    await page.getByRole('button', { name: 'Preview' }).click();
    expect(await page.locator('#preview-text').textContent()).toBe(`张三遗失医师执业证书，证书编码：${number}，声明作废。`);
    // The page never shows the phone number again: it keeps it masked, sealed, and files it in full.
    expect(await page.locator('#f-contact-phone').inputValue()).toBe('138****5678');
    expect(await page.content()).not.toContain(HOLDER_PHONE);
    await page.getByRole('button', { name: 'Submit the declaration' }).click();
    const receipt = ((await page.locator('#receipt').textContent()) ?? '').trim();

    await page.getByRole('link', { name: 'Follow this declaration' }).click();
    await page.locator('#receipt').fill(receipt);
    await page.getByRole('button', { name: 'Open' }).click();
    expect(await page.locator('#status-name').textContent()).toBe('Submitted');
    await page.getByRole('button', { name: 'Withdraw' }).click();
    await page.getByRole('button', { name: 'Yes, withdraw it' }).click();
    expect(await page.locator('#status-name').textContent()).toBe('Withdrawn');
    await expectNoPersonalNumbers(page);
    await page.close();
  });
});
