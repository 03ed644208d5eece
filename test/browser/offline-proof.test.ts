import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../shared/domain/log/bytes.js';
import { DEMO_PUBLISHER } from '../../shared/domain/publisher.js';
import { physicianDeclaration } from '../support/declarations.js';
import { screenshotPath, useServedBrowser } from '../support/browser.js';
import { newsroom } from '../support/publishing.js';

let noticeNo = '';
let publishedOn = '';
const { served, browser } = useServedBrowser(async (system) => {
  const { date } = await newsroom(system.system).publish([physicianDeclaration()]);
  noticeNo = `${date.replaceAll('-', '')}-0001`;
  publishedOn = date;
});

/** What a phone's camera reads from the printed proof: the QR code decoded from a screenshot of the page. */
async function scanProofQr(): Promise<string> {
  const page = await browser().newPage({ viewport: { width: 800, height: 1200 }, deviceScaleFactor: 2, locale: 'zh-CN' });
  await page.goto(`${served().baseUrl}/notices/${noticeNo}/proof`);
  await page.emulateMedia({ media: 'print' });
  const shot = await page.locator('#proof-qr svg').screenshot({ path: screenshotPath('proof-qr') });
  await page.close();
  const png = PNG.sync.read(shot);
  const decoded = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!decoded) throw new Error('the QR code did not decode');
  return decoded.data;
}

/** The verify page opened from a link, with every request after the page itself recorded. */
async function openVerify(url: string) {
  const page = await browser().newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const requests: string[] = [];
  await page.goto(url);
  page.on('request', (request) => requests.push(request.url()));
  const result = page.locator('#offline-result');
  await result.locator('h2').waitFor();
  return { page, result, requests };
}

describe('the offline proof of publication in a browser', () => {
  it('decodes from the printed QR code and checks out in the browser with no server call', async () => {
    const scanned = await scanProofQr();
    expect(scanned).toMatch(new RegExp(`/verify\\?notice=${noticeNo}#proof=[A-Za-z0-9_-]+$`));
    const { page, result, requests } = await openVerify(scanned);
    expect(await result.getAttribute('data-status')).toBe('valid');
    const heading = await result.locator('h2').textContent();
    expect(heading).toBe(`由${DEMO_PUBLISHER.name}签署，${publishedOn}刊登，已记入公开日志`);
    expect(await result.textContent()).toContain(noticeNo);
    await page.screenshot({ path: screenshotPath('verify-offline-proof'), fullPage: true });

    // Pasting the code checks it again, with the network cut off: the answer owes nothing to the server.
    await page.context().setOffline(true);
    const code = scanned.split('#proof=')[1] as string;
    await page.evaluate("document.getElementById('offline-result').replaceChildren()");
    await page.fill('#proof', code);
    await page.click('#offline-form button');
    await result.locator('h2').waitFor();
    expect(await result.getAttribute('data-status')).toBe('valid');
    expect(requests).toEqual([]);
    await page.close();
  });

  it('refuses a tampered code and a forged notice, saying why', async () => {
    const scanned = await scanProofQr();
    const [url, code] = scanned.split('#proof=') as [string, string];
    const bytes = fromBase64Url(code) as Uint8Array;

    // One changed byte in the notice text.
    const tampered = Uint8Array.from(bytes);
    tampered[tampered.length - 20] = (tampered[tampered.length - 20] as number) ^ 0x01;
    const first = await openVerify(`${url}#proof=${toBase64Url(tampered)}`);
    expect(await first.result.getAttribute('data-status')).not.toBe('valid');
    expect(await first.result.locator('h2').textContent()).toBe('这份登报证明未通过核验');
    await first.page.close();

    // A forged date: valid JSON, a well-formed proof, but the newspaper never signed it.
    const forged = Buffer.from(bytes);
    const at = forged.indexOf(`"publishedOn":"${publishedOn}"`);
    expect(at).toBeGreaterThan(0);
    forged.write('"publishedOn":"2020-01-01"', at);
    const second = await openVerify(`${url}#proof=${toBase64Url(new Uint8Array(forged))}`);
    expect(await second.result.getAttribute('data-status')).toBe('bad_signature');
    expect(await second.result.textContent()).toContain('签名与内容不符');
    await second.page.screenshot({ path: screenshotPath('verify-offline-forged'), fullPage: true });
    await second.page.close();

    // Garbage.
    const third = await openVerify(`${url}#proof=AAAA`);
    expect(await third.result.getAttribute('data-status')).toBe('damaged');
    await third.page.close();
  });
});
