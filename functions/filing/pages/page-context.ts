import type { Locale } from '../../../shared/http/locale.js';
import type { PageText } from './text.js';

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

/**
 * The page's words (text.ts, 16 KiB) are imported by the first request that renders a page, like the pages
 * themselves: the function's API requests never parse them.
 */
export async function pageContextFor(options: Omit<PageContext, 'text'>): Promise<PageContext> {
  return { ...options, text: (await import('./text.js')).pageText(options.locale) };
}
