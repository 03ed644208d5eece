import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Locale } from '../../../shared/http/locale.js';
import type { StaffEnv, StaffRole } from '../../../shared/http/staff-auth.js';
import { localizedPath, otherLanguagePath } from '../../../shared/web/page-locale.js';
import type { ConsoleText } from './text.js';

/** What every console page knows about its request: language, links that keep it, who is signed in. */
export interface ConsolePage {
  readonly locale: Locale;
  readonly text: ConsoleText;
  /** A path within the site that keeps an explicit `?lang=` choice (see localizedPath). */
  readonly link: (path: string) => string;
  readonly languageSwitch: { locale: Locale; href: string };
  readonly staff?: { username: string; roles: readonly StaffRole[] };
  /** The Content-Security-Policy nonce of the page's one script. */
  readonly nonce: string;
  readonly path: string;
}

/**
 * The console's words in a language (console/text.ts), imported by the first request that needs them: like the
 * pages (console/pages.ts), they are no part of the cold start of a function whose requests are mostly API calls.
 */
export async function consoleText(locale: Locale): Promise<ConsoleText> {
  return (await import('./text.js')).consoleText(locale);
}

export async function consolePage(c: Context<StaffEnv>): Promise<ConsolePage> {
  const locale = c.get('locale');
  const staff = c.get('staff') as StaffEnv['Variables']['staff'] | undefined;
  return {
    locale,
    text: await consoleText(locale),
    link: (path) => localizedPath(c, path),
    languageSwitch: otherLanguagePath(c),
    nonce: randomBytes(16).toString('base64'),
    path: c.req.path,
    ...(staff ? { staff: { username: staff.username, roles: staff.roles } } : {}),
  };
}

/**
 * Console answers: never cached (they hold full personal data), the one script by nonce, proof files from this
 * site or (in AWS) the proof bucket's signed links, forms to this site only. `body` may be a page of
 * console/pages.ts, still loading.
 */
export async function renderConsole(
  c: Context<StaffEnv>,
  page: ConsolePage,
  body: JSX.Element | Promise<JSX.Element>,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 503 = 200,
) {
  c.header('cache-control', 'no-store');
  c.header(
    'content-security-policy',
    [
      "default-src 'none'",
      `script-src 'nonce-${page.nonce}'`,
      "style-src 'unsafe-inline'",
      "img-src 'self' data: https://*.amazonaws.com",
      "object-src 'self' https://*.amazonaws.com",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
  );
  return c.html(await body, status);
}

/** A console form's text field, trimmed ('' when absent or a file). */
export function formString(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
}
