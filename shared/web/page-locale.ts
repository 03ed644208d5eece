import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app.js';
import type { Locale } from '../http/locale.js';

const QUERY_LOCALES: Readonly<Record<string, Locale>> = { en: 'en', zh: 'zh-CN', 'zh-CN': 'zh-CN', 'zh-cn': 'zh-CN' };

/** The language a `?lang=` parameter asks for, if it names one we speak. */
function queryLocale(c: Context<AppEnv>): Locale | undefined {
  const lang = c.req.query('lang');
  return lang === undefined ? undefined : QUERY_LOCALES[lang];
}

/**
 * Pages speak the language of `?lang=` when given (a person can switch on any device), otherwise the one
 * Accept-Language chose in the app shell.
 */
export function pageLocale(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const chosen = queryLocale(c);
    if (chosen) c.set('locale', chosen);
    await next();
  };
}

/**
 * A link or form action within the site that keeps an explicit `?lang=` choice; without one the browser's
 * Accept-Language keeps deciding, so links stay plain.
 */
export function localizedPath(c: Context<AppEnv>, path: string): string {
  const chosen = queryLocale(c);
  if (!chosen) return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=${chosen === 'en' ? 'en' : 'zh'}`;
}

/** The current page's path in the other language, for the language switch. */
export function otherLanguagePath(c: Context<AppEnv>): { locale: Locale; href: string } {
  const url = new URL(c.req.url);
  const other: Locale = c.get('locale') === 'en' ? 'zh-CN' : 'en';
  url.searchParams.set('lang', other === 'en' ? 'en' : 'zh');
  return { locale: other, href: `${url.pathname}?${url.searchParams.toString()}` };
}
