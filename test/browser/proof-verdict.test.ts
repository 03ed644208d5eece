import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { physicianDeclaration } from '../support/declarations.js';
import { screenshotPath, useServedBrowser } from '../support/browser.js';
import { newsroom } from '../support/publishing.js';

/** What the old page said of any proof whose notice number exists, checked or not. */
const UNCHECKED_PROOF_CLAIMS = ['这份登报证明对应的声明确已在本平台刊登', 'The notice on this proof of publication was published here'];

let first = '';
let second = '';
const { served, browser } = useServedBrowser(async (system) => {
  const { date } = await newsroom(system.system).publish([physicianDeclaration(), physicianDeclaration()]);
  first = `${date.replaceAll('-', '')}-0001`;
  second = `${date.replaceAll('-', '')}-0002`;
});

/** The proof code printed under a notice's QR code (the same code its QR link carries in the fragment). */
async function proofCodeOf(noticeNo: string): Promise<string> {
  const html = await (await fetch(`${served().baseUrl}/notices/${noticeNo}/proof`)).text();
  const code = /<span id="proof-code">([A-Za-z0-9_-]+)<\/span>/.exec(html)?.[1];
  if (!code) throw new Error(`the proof page of ${noticeNo} carries no proof code`);
  return code;
}

/** The code with one base64url character changed, near its end (in the notice's text). */
function oneCharacterChanged(code: string): string {
  const at = code.length - 30;
  return `${code.slice(0, at)}${code[at] === 'A' ? 'B' : 'A'}${code.slice(at + 1)}`;
}

async function openVerify(noticeNo: string, code: string, options: { javaScript?: boolean; english?: boolean } = {}): Promise<Page> {
  const page = await browser().newPage({
    viewport: { width: 390, height: 844 },
    locale: options.english ? 'en-US' : 'zh-CN',
    javaScriptEnabled: options.javaScript ?? true,
    ...(options.english ? { extraHTTPHeaders: { 'accept-language': 'en' } } : {}),
  });
  await page.goto(`${served().baseUrl}/verify?notice=${noticeNo}#proof=${code}`);
  if (options.javaScript ?? true) await page.locator('#offline-result h2').waitFor();
  return page;
}

/** The verdicts the page shows, in page order: each box's status and whether it is the green one. */
async function verdicts(page: Page): Promise<{ id: string; status: string; green: boolean }[]> {
  return page.locator('main .verdict:visible').evaluateAll((boxes) =>
    boxes.map((box) => ({ id: box.id, status: box.getAttribute('data-status') ?? '', green: box.classList.contains('ok') })),
  );
}

async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').textContent()) ?? '';
}

describe('the verify page opened from a proof of publication gives one verdict on the proof', () => {
  it('a valid proof: one green verdict, the offline check, above the registry’s record of the notice', async () => {
    const page = await openVerify(first, await proofCodeOf(first));
    const shown = await verdicts(page);
    expect(shown.filter((box) => box.green)).toEqual([{ id: 'offline-result', status: 'valid', green: true }]);
    expect(shown.map((box) => box.id)).toEqual(['offline-result', 'registry-notice']);
    expect(await page.locator('#registry-notice h2').textContent()).toBe(`公告 ${first} 已在本平台刊登`);
    await page.close();
  });

  it('one character changed: the failure is the first verdict, and the registry box is only for comparison', async () => {
    const page = await openVerify(first, oneCharacterChanged(await proofCodeOf(first)));
    const shown = await verdicts(page);
    expect(shown[0]).toMatchObject({ id: 'offline-result', green: false });
    expect(shown[0]?.status).not.toBe('valid');
    expect(shown.some((box) => box.green)).toBe(false);
    expect(await page.locator('#offline-result h2').textContent()).toBe('这份登报证明未通过核验');
    expect(await page.locator('#registry-notice h2').textContent()).toBe(`本平台登记的公告 ${first}（请与手中的证明逐字核对）`);
    const text = await mainText(page);
    for (const claim of UNCHECKED_PROOF_CLAIMS) expect(text).not.toContain(claim);
    await page.screenshot({ path: screenshotPath('verify-proof-tampered'), fullPage: true });
    await page.close();
  });

  it('the valid proof of another notice fails, saying which notice it is for', async () => {
    const page = await openVerify(second, await proofCodeOf(first));
    const shown = await verdicts(page);
    expect(shown[0]).toEqual({ id: 'offline-result', status: 'other_notice', green: false });
    expect(shown.some((box) => box.green)).toBe(false);
    expect(await page.locator('#offline-result h2').textContent()).toBe('这份登报证明未通过核验');
    expect(await page.locator('#offline-result').textContent()).toContain(`这份登报证明是公告 ${first} 的，不是公告 ${second} 的。`);
    expect(await page.locator('#registry-notice h2').textContent()).toBe(`本平台登记的公告 ${second}（请与手中的证明逐字核对）`);
    await page.screenshot({ path: screenshotPath('verify-proof-other-notice'), fullPage: true });
    await page.close();

    const english = await openVerify(second, await proofCodeOf(first), { english: true });
    expect(await english.locator('#offline-result h2').textContent()).toBe('This proof of publication does not check out');
    expect(await english.locator('#offline-result').textContent()).toContain(`This proof is for notice ${first}, not notice ${second}.`);
    expect(await english.locator('#registry-notice h2').textContent()).toBe(`What the registry holds for notice ${second} — compare it with the proof`);
    await english.close();
  });

  it('without JavaScript the page says what the registry holds and makes no claim about the proof', async () => {
    for (const english of [false, true]) {
      const page = await openVerify(first, oneCharacterChanged(await proofCodeOf(first)), { javaScript: false, english });
      const shown = await verdicts(page);
      expect(shown).toEqual([{ id: 'registry-notice', status: 'published', green: false }]);
      expect(await page.locator('#registry-notice h2').textContent()).toBe(english ? `Notice ${first} is published in this registry` : `公告 ${first} 已在本平台刊登`);
      const text = await mainText(page);
      for (const claim of UNCHECKED_PROOF_CLAIMS) expect(text).not.toContain(claim);
      expect(text).toContain(english ? 'does not check the proof of publication you hold' : '并未核验您手中的登报证明');
      if (!english) await page.screenshot({ path: screenshotPath('verify-proof-no-script'), fullPage: true });
      await page.close();
    }
  });
});
