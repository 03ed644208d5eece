import type { Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LOCAL_STAFF_USERS } from '../../scripts/local-identity.js';
import { PNG, uploadProof } from '../support/attachments.js';
import { json, physicianDeclaration } from '../support/declarations.js';
import { screenshotPath, useServedBrowser } from '../support/browser.js';

const { served, browser } = useServedBrowser();

describe('a moderator signs in through the local OpenID Connect provider', () => {
  it('signs in on its login form, decides a declaration, opens its proof, signs out, and is asked to sign in again', { timeout: 90_000 }, async () => {
    const { system, baseUrl } = served();
    const upload = await uploadProof(system, 'image/png', PNG, 'receipt.png');
    const filed = await system.request('/api/v1/declarations', json({ ...physicianDeclaration(), attachments: [upload.id] }));
    const { id } = (await filed.json()) as { id: string };

    const context = await browser().newContext({ viewport: { width: 1100, height: 900 } });
    const proofs: Response[] = [];
    context.on('response', (response) => {
      if (response.url().includes('/_local/uploads/')) proofs.push(response);
    });
    const page = await context.newPage();
    // The console sends the browser to the provider's own login form (another origin).
    await page.goto(`${baseUrl}/staff/declarations/${id}?lang=en`);
    await page.locator('#username').waitFor();
    expect(new URL(page.url()).origin).toBe(system.identity.issuer);
    await page.screenshot({ path: screenshotPath('staff-sign-in'), fullPage: true });
    await page.fill('#username', 'moderator');
    await page.fill('#password', 'not the password');
    await page.getByRole('button', { name: /Sign in/ }).click();
    expect(await page.locator('p.alert').textContent()).toContain('Wrong username or password');
    await page.fill('#username', 'moderator');
    await page.fill('#password', LOCAL_STAFF_USERS.moderator?.password ?? '');
    await page.getByRole('button', { name: /Sign in/ }).click();
    // Back where it was going, signed in.
    await page.waitForURL(`${baseUrl}/staff/declarations/${id}?lang=en`);
    expect(await page.locator('header.staffbar').textContent()).toContain('moderator');
    // No script on the page can read the session.
    const session = (await context.cookies()).filter((cookie) => cookie.name.startsWith('staff_session'));
    expect(session.length).toBeGreaterThan(0);
    expect(session.every((cookie) => cookie.httpOnly && cookie.sameSite === 'Lax')).toBe(true);

    // The proof shows inline on the page and opens in a tab of its own, without an Authorization header.
    const image = page.locator('#proof img');
    await image.waitFor();
    await expect.poll(() => image.evaluate((element) => (element as { naturalWidth: number }).naturalWidth)).toBe(1);
    const [tab] = await Promise.all([context.waitForEvent('page'), page.locator('#proof figcaption a').first().click()]);
    await tab.waitForLoadState();
    expect(new URL(tab.url()).pathname).toMatch(/^\/_local\/uploads\//);
    await expect.poll(() => proofs.length).toBeGreaterThanOrEqual(2);
    for (const proof of proofs) {
      expect(proof.status()).toBe(200);
      expect(proof.headers()['content-type']).toBe('image/png');
      expect(proof.headers()['content-disposition']).toMatch(/^inline/);
    }
    await tab.close();

    await page.getByRole('button', { name: /Approve/ }).first().click();
    await page.locator('p.ok').waitFor();
    await page.goto(`${baseUrl}/staff/declarations/${id}?lang=en`);
    expect(await page.locator('#status').textContent()).toContain('Approved');

    // Sign-out ends the provider's session too: the provider asks, then sends the browser back to the console.
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.getByRole('button', { name: /Yes, sign me out/ }).click();
    await page.waitForURL(`${baseUrl}/staff/signed-out`);
    // The console now sends them to sign in again, and the provider asks for the password again.
    await page.goto(`${baseUrl}/staff?lang=en`);
    await page.locator('#username').waitFor();
    expect(new URL(page.url()).origin).toBe(system.identity.issuer);
    await context.close();
  });
});
