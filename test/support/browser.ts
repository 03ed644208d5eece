import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LOCAL_STAFF_USERS } from '../../scripts/local-identity.js';
import type { StaffRole } from '../../shared/http/staff-auth.js';
import { afterAll, beforeAll } from 'vitest';
import { createTestSystem, type TestSystem } from './system.js';

export const ARTIFACTS_DIR = join(process.cwd(), 'test', 'artifacts');

/** Debian's Chromium, headless, with nothing that reaches out to the network. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface ServedSystem {
  readonly system: TestSystem;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** The whole local system on a real HTTP port, as `npm start` serves it. */
export async function serveTestSystem(): Promise<ServedSystem> {
  const system = await createTestSystem();
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: system.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  // As `npm start` does: absolute URLs (feed, the proof's QR) name the served address.
  process.env.PUBLIC_BASE_URL = `${baseUrl}/`;
  return {
    system,
    baseUrl,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Script errors, CSP refusals and failed requests, as a page reports them; a page that works has none. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return errors;
}

/** Waits until the live preview shows exactly this text. */
export async function previewShows(page: Page, text: string): Promise<void> {
  const exactly = new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.locator('#preview-text').filter({ hasText: exactly }).waitFor();
}

export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, `${name}.png`);
}

/**
 * For a browser test file: the whole system served on a real port and one headless Chromium, started before the
 * file's tests and closed after them. `prepare` runs once the system is up (e.g. to publish notices).
 */
export function useServedBrowser(prepare?: (served: ServedSystem) => Promise<void>): { served(): ServedSystem; browser(): Browser } {
  let served: ServedSystem | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    served = await serveTestSystem();
    await prepare?.(served);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });
  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started`);
    return value;
  };
  return { served: () => required(served, 'the served system'), browser: () => required(browser, 'the browser') };
}

/**
 * Signs a page in to the staff console as a local staff user of `role`, in one call, and leaves it on `/staff`
 * (in `lang` when given). The one place a browser test knows how the console's sign-in works: as a person does
 * it, the console sends the browser to the local identity provider, whose login form takes the username and
 * password, and the provider sends it back to the console.
 */
export async function signInToConsole(page: Page, served: ServedSystem, role: StaffRole, lang?: 'en' | 'zh'): Promise<void> {
  const query = lang ? `?lang=${lang}` : '';
  await page.goto(`${served.baseUrl}/staff${query}`);
  await page.locator('#username').waitFor();
  await page.fill('#username', role);
  await page.fill('#password', LOCAL_STAFF_USERS[role]?.password ?? '');
  await Promise.all([page.waitForURL(`${served.baseUrl}/staff${query}`), page.getByRole('button', { name: /Sign in/ }).click()]);
}
