import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../shared/domain/editions.js';
import { json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { screenshotPath, signInToConsole, useServedBrowser } from '../support/browser.js';
import { payFees } from '../support/publishing.js';

const { served, browser } = useServedBrowser();

describe('the staff console in a browser', () => {
  it('a moderator approves; an editor builds, publishes and prints the edition', async () => {
    const number = uniqueCertificateNumber();
    const filed = await served().system.request('/api/v1/declarations', json(physicianDeclaration(number)));
    const { id } = (await filed.json()) as { id: string };

    const moderator = await (await browser().newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    await signInToConsole(moderator, served(), 'moderator', 'en');
    await moderator.screenshot({ path: screenshotPath('staff-queue'), fullPage: true });
    await moderator.locator(`a[href^="/staff/declarations/${id}"]`).click();
    await moderator.screenshot({ path: screenshotPath('staff-declaration'), fullPage: true });
    await moderator.getByRole('button', { name: /Approve/ }).click();
    // The queue is done: the console says so instead of showing a declaration.
    await moderator.locator('p.ok').waitFor();
    await moderator.goto(`${served().baseUrl}/staff/declarations/${id}?lang=en`);
    expect(await moderator.locator('#status').textContent()).toContain('Approved');
    await payFees(served().system.request, `Bearer ${await served().system.auth.issueToken('moderator')}`, [id]);

    const editor = await (await browser().newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    await signInToConsole(editor, served(), 'editor', 'en');
    await editor.goto(`${served().baseUrl}/staff/editions?lang=en`);
    expect(await editor.locator('#next-open').textContent()).toContain('15:00');
    const date = addDays(shanghaiDate(new Date()), 45);
    await editor.fill('#date', date);
    await editor.getByRole('button', { name: /Create/ }).click();
    await editor.locator('p.ok').waitFor();
    await editor.locator(`input[name="ids"][value="${id}"]`).check();
    await editor.fill('#place-date', date);
    await editor.screenshot({ path: screenshotPath('staff-edition-builder'), fullPage: true });
    await editor.getByRole('button', { name: /Place/ }).click();
    expect(await editor.locator('p.ok').textContent()).toContain('Placed 1');
    await editor.fill('#publish-date', date);
    // An edition is published on its day: the clock goes to that morning for the click.
    await served().system.clock.onTheDayOf(date, async () => {
      await editor.getByRole('button', { name: /Publish/ }).click();
      // The confirmation says what will happen before anything does.
      expect(await editor.locator('#confirm-publish').textContent()).toContain(`${date.replaceAll('-', '')}-0001`);
      await editor.screenshot({ path: screenshotPath('staff-publish-confirmation'), fullPage: true });
      await editor.getByRole('button', { name: /Confirm publish/ }).click();
      expect(await editor.locator('p.ok').textContent()).toContain('published: 1 notices');
    });

    await editor.locator('p.ok').getByRole('link', { name: /Print page/ }).click();
    await editor.locator('.notice').first().waitFor();
    const printed = await editor.locator('.columns').textContent();
    expect(printed).toContain(`${date.replaceAll('-', '')}-0001`);
    expect(printed).toContain(number);
    await editor.screenshot({ path: screenshotPath('staff-print'), fullPage: true });
  });
});
