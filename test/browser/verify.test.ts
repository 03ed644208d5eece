import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { screenshotPath, useServedBrowser } from '../support/browser.js';
import { personalNumbersIn } from '../support/ids.js';
import { newsroom } from '../support/publishing.js';

/** The computed background colour of the first element matching `selector` (the verdict's green or red). */
async function backgroundOf(page: Page, selector: string): Promise<string> {
  return String(await page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).backgroundColor`));
}

const number = uniqueCertificateNumber();
const { served, browser } = useServedBrowser(async (system) => {
  await newsroom(system.system).publish([physicianDeclaration(number)]);
});

describe('the verify page in a browser', () => {
  it('verifies a published number typed with spaces on a phone, then opens and checks the proof of publication', async () => {
    const page = await browser().newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', javaScriptEnabled: false });
    await page.goto(`${served().baseUrl}/verify`);
    await page.fill('#number', `${number.slice(0, 5)} ${number.slice(5, 10)} ${number.slice(10)}`);
    await page.click('button[type=submit]');
    const verdict = page.locator('[data-status]');
    await expect(verdict.getAttribute('data-status')).resolves.toBe('declared_void');
    expect(await verdict.locator('h2').textContent()).toBe('已登报声明遗失或作废');
    expect(await backgroundOf(page, '[data-status]')).toBe('rgb(253, 232, 232)');
    // Fits a phone: nothing wider than the viewport.
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('verify-declared-void'), fullPage: true });
    expect(personalNumbersIn(await page.content())).toEqual([]);

    await verdict.locator('h3 a').click();
    await page.getByRole('link', { name: '登报证明（可打印）' }).click();
    expect(page.url()).toMatch(/\/notices\/\d{8}-\d{4}\/proof$/);
    expect(await page.locator('.proof svg').count()).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: screenshotPath('proof-of-publication'), fullPage: true });
    expect(personalNumbersIn(await page.content())).toEqual([]);

    // The QR code's link: what a clerk's phone opens after scanning the paper proof.
    await page.emulateMedia({ media: 'screen' });
    await page.locator('.qr a').click();
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('published');
    await page.close();
  });

  it('prints the proof of publication in English on a phone as English: its title on one line, no Chinese colons', async () => {
    const page = await browser().newPage({ viewport: { width: 375, height: 740 }, locale: 'en-US' });
    await page.goto(`${served().baseUrl}/verify?lang=en&number=${number}`);
    await page.locator('[data-status] h3 a').click();
    await page.getByRole('link', { name: 'Proof of publication (printable)' }).click();
    const title = page.locator('.proof h1');
    expect(await title.textContent()).toBe('Proof of publication');
    const { height, lineHeight } = (await page.evaluate(
      `(() => { const title = document.querySelector('.proof h1'); return { height: title.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(title).lineHeight) }; })()`,
    )) as { height: number; lineHeight: number };
    expect(height).toBeLessThan(lineHeight * 1.5 + 8);
    const issuer = (await page.locator('.proof .issuer').textContent()) ?? '';
    expect(issuer).toContain('Address: ');
    expect(issuer).not.toContain('：');
    await page.screenshot({ path: screenshotPath('proof-of-publication-en-phone'), fullPage: true });
    await page.close();
  });

  it('answers an unknown number in green with the caveat, in English', async () => {
    const page = await browser().newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', extraHTTPHeaders: { 'accept-language': 'en' } });
    await page.goto(`${served().baseUrl}/verify`);
    await page.fill('#number', uniqueCertificateNumber());
    await page.click('button[type=submit]');
    const verdict = page.locator('[data-status]');
    expect(await verdict.getAttribute('data-status')).toBe('no_record');
    expect(await backgroundOf(page, '[data-status]')).toBe('rgb(230, 244, 234)');
    expect(await verdict.textContent()).toContain('does not prove');
    await page.screenshot({ path: screenshotPath('verify-no-record'), fullPage: true });
    await page.close();
  });
});
