import type { Context, MiddlewareHandler } from 'hono';
import { containsSensitiveNumber } from '../domain/mask.js';
import type { AppEnv } from '../http/app.js';
import type { Locale } from '../http/locale.js';
import { sitePath } from '../http/site-url.js';

const QUERY_LOCALES: Readonly<Record<string, Locale>> = { en: 'en', zh: 'zh-CN', 'zh-CN': 'zh-CN', 'zh-cn': 'zh-CN' };

/** The language a `?lang=` parameter asks for, if it names one we speak. */
function queryLocale<E extends AppEnv>(c: Context<E>): Locale | undefined {
  const lang = c.req.query('lang');
  return lang !== undefined && Object.hasOwn(QUERY_LOCALES, lang) ? QUERY_LOCALES[lang] : undefined;
}

/**
 * Pages speak the language of `?lang=` when given (a person can switch on any device), otherwise the one
 * Accept-Language chose in the app shell.
 */
export function pageLocale<E extends AppEnv = AppEnv>(): MiddlewareHandler<E> {
  return async (c, next) => {
    const chosen = queryLocale(c);
    if (chosen) c.set('locale', chosen);
    await next();
  };
}

/** The `lang` value to carry on to the next page (a GET form needs it as a hidden field), if one was chosen. */
export function explicitLanguage<E extends AppEnv>(c: Context<E>): 'en' | 'zh' | undefined {
  const chosen = queryLocale(c);
  return chosen === undefined ? undefined : chosen === 'en' ? 'en' : 'zh';
}

/**
 * A link, form action or redirect within the site (under the request's base path, see sitePath) that keeps an
 * explicit `?lang=` choice; without one the browser's Accept-Language keeps deciding, so links stay plain.
 */
export function localizedPath<E extends AppEnv>(c: Context<E>, path: string): string {
  const lang = explicitLanguage(c);
  return sitePath(c, lang ? `${path}${path.includes('?') ? '&' : '?'}lang=${lang}` : path);
}

/**
 * The path, unless it holds an ID or phone number (read decoded, so `%E2%91%A2` is `③`): a mistyped
 * `/notices/<ID>`, answered 404, whose other-language version is the home page rather than the number again.
 */
function pathWithoutNumbers(pathname: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
  return containsSensitiveNumber(decoded) ? '/' : pathname;
}

/**
 * The request's own path and query with every number taken out, for a link or redirect made from them: a query
 * parameter whose name or value holds an ID or phone number is left out, and a path holding one is `/`. The page
 * or redirect never writes such a number back in full, even one the client sent itself.
 */
export function requestPathWithoutNumbers<E extends AppEnv>(c: Context<E>): { pathname: string; searchParams: URLSearchParams } {
  const url = new URL(c.req.url);
  for (const [name, value] of [...url.searchParams]) {
    if (containsSensitiveNumber(name) || containsSensitiveNumber(value)) url.searchParams.delete(name, value);
  }
  return { pathname: pathWithoutNumbers(url.pathname), searchParams: url.searchParams };
}

/** The current page's path in the other language, for the language switch (a number looked up on /verify left out). */
export function otherLanguagePath<E extends AppEnv>(c: Context<E>): { locale: Locale; href: string } {
  const { pathname, searchParams } = requestPathWithoutNumbers(c);
  const other: Locale = c.get('locale') === 'en' ? 'zh-CN' : 'en';
  searchParams.set('lang', other === 'en' ? 'en' : 'zh');
  return { locale: other, href: sitePath(c, `${pathname}?${searchParams.toString()}`) };
}
