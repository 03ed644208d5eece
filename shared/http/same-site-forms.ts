import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import type { AppEnv } from './app.js';
import type { Locale } from './locale.js';
import { HttpProblem } from './problem.js';

/** The Sec-Fetch-Site values browsers send (Fetch Metadata); only these are named back in a refusal. */
const SEC_FETCH_SITES = new Set(['same-origin', 'same-site', 'cross-site', 'none']);

interface RefusalText {
  readonly title: string;
  readonly noHeaders: string;
  readonly foreignOrigin: string;
  /** `value` a Sec-Fetch-Site value browsers send, or undefined for any other text. */
  readonly secFetchSite: (value: string | undefined) => string;
  readonly refused: (reasons: readonly string[]) => string;
}

const REFUSAL: Record<Locale, RefusalText> = {
  'zh-CN': {
    title: '禁止访问',
    noHeaders: '该表单提交既没有 Origin 头，也没有 Sec-Fetch-Site 头，无法确认它来自本站的页面。请重新打开本站页面后再提交。',
    foreignOrigin: 'Origin 头不是本站的来源',
    secFetchSite: (value) => (value ? `Sec-Fetch-Site 头为“${value}”而不是“same-origin”` : 'Sec-Fetch-Site 头不是浏览器会发送的值'),
    refused: (reasons) => `该表单提交来自其他网站（${reasons.join('；')}）。只有本站的页面可以提交此表单，请重新打开本站页面后再提交。`,
  },
  en: {
    title: 'Forbidden',
    noHeaders: 'The form post carried neither an Origin nor a Sec-Fetch-Site header, so nothing shows it came from this site’s own page. Open the page again and submit the form from it.',
    foreignOrigin: 'its Origin header is not this site’s origin',
    secFetchSite: (value) => (value ? `its Sec-Fetch-Site header is "${value}", not "same-origin"` : 'its Sec-Fetch-Site header is not a value browsers send'),
    refused: (reasons) => `The form post came from another site (${reasons.join('; ')}). Only this site’s own pages may send it; open the page again and submit the form from it.`,
  },
};

/** What the refused post lacked or got wrong; the Origin itself is never echoed (it is the client's text). */
function crossSiteProblem<E extends AppEnv>(c: Context<E>): HttpProblem {
  const text = REFUSAL[c.get('locale')];
  const origin = c.req.header('origin');
  const secFetchSite = c.req.header('sec-fetch-site');
  if (origin === undefined && secFetchSite === undefined) return new HttpProblem(403, 'cross-site-form', text.title, text.noHeaders);
  // Refused means neither header vouched for the post: each one sent is wrong (a browser may send only Origin).
  const reasons = [
    ...(origin === undefined ? [] : [text.foreignOrigin]),
    ...(secFetchSite === undefined ? [] : [text.secFetchSite(SEC_FETCH_SITES.has(secFetchSite) ? secFetchSite : undefined)]),
  ];
  return new HttpProblem(403, 'cross-site-form', text.title, text.refused(reasons));
}

/**
 * Page forms are the browser's own posts: hono's CSRF check (Origin or Sec-Fetch-Site) refuses any that another
 * site makes the browser send, here as a 403 problem+json saying what was missing or wrong (after `pageLocale`).
 */
export function sameSiteForms<E extends AppEnv>(): MiddlewareHandler<E> {
  const check = csrf();
  return async (c, next) => {
    let passed = false;
    try {
      await check(c, async () => {
        passed = true;
        await next();
      });
    } catch (error) {
      // Only the check's own refusal: whatever the route behind it throws is the route's.
      if (passed) throw error;
      throw crossSiteProblem(c);
    }
  };
}
