import type { Locale } from '../../../shared/http/locale.js';
import { pageText, type PageText } from './text.js';

/** What every filing page needs to know about the request it answers. */
export interface PageContext {
  readonly locale: Locale;
  readonly text: PageText;
  /** A path within the site that keeps an explicit `?lang=` choice. */
  readonly link: (path: string) => string;
  /** A path within the site as it is (a GET form's action, a script's endpoint): see sitePath. */
  readonly path: (path: string) => string;
  /** The explicit `?lang=` choice, which a GET form must carry as a hidden field. */
  readonly language?: 'en' | 'zh';
  readonly languageSwitch?: { locale: Locale; href: string };
  /** The Content-Security-Policy nonce that lets the page's one inline script run. */
  readonly nonce: string;
}

export function pageContextFor(options: Omit<PageContext, 'text'>): PageContext {
  return { ...options, text: pageText(options.locale) };
}
