import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Locale } from '../http/locale.js';

const BASE_STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f6f5f1}
header.site{background:#8b1a1a;color:#fff;padding:.6rem 1rem}
header.site a{color:#fff;text-decoration:none;margin-right:1rem}
header.site strong{margin-right:1.5rem}
header.site a.language{float:right;margin-right:0}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input,select,textarea,button{font:inherit;width:100%;padding:.55rem;border:1px solid #999;border-radius:4px;background:#fff}
button{width:auto;background:#8b1a1a;color:#fff;border:0;padding:.6rem 1.2rem;margin-top:1rem;cursor:pointer}
.error{color:#b00020;font-size:.9rem}
.notice-text{background:#fff;border:1px solid #ccc;padding:1rem;font-family:"Songti SC","Noto Serif CJK SC",serif}
.warning{background:#fff4d6;border-left:4px solid #e0a800;padding:.75rem}
.ok{background:#e6f4ea;border-left:4px solid #1e7e34;padding:.75rem}
.alert{background:#fde8e8;border-left:4px solid #b00020;padding:.75rem}
fieldset{border:1px solid #ccc;border-radius:4px;margin:1rem 0;padding:.5rem 1rem 1rem;background:#fff}
legend{font-weight:700;padding:0 .3rem}
.hint{color:#555;font-size:.875rem;margin:.15rem 0 0}
.choices label{display:inline-flex;align-items:center;gap:.35rem;font-weight:400;margin:.25rem 1.25rem .25rem 0}
.choices input,input[type=checkbox]{width:auto}
input[aria-invalid=true],select[aria-invalid=true],textarea[aria-invalid=true]{border-color:#b00020;border-width:2px}
button.secondary{background:#fff;color:#8b1a1a;border:1px solid #8b1a1a}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
.actions form{margin:0}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
@media (max-width:30rem){main{padding:.6rem}header.site{padding:.5rem .75rem}header.site strong{margin-right:.25rem}header.site a{display:inline-block;margin:.2rem .5rem .2rem 0}}
`;

const SITE_TEXT: Record<Locale, { name: string; file: string; verify: string; notices: string }> = {
  'zh-CN': { name: '声明登记', file: '登报声明', verify: '查验', notices: '已刊登声明' },
  // Short enough for one line on a 375 px phone, as the Chinese is (`File a notice … Published notices` takes two).
  en: { name: 'Shengming', file: 'File', verify: 'Verify', notices: 'Notices' },
};

const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/** The site header's links, written by `linkTo`: under the request's base path (see sitePath), maybe keeping `?lang=`. */
type SiteLinks = { bare?: false; linkTo: (path: string) => string } | { bare: true; linkTo?: undefined };

/**
 * The frame every page shares: language, viewport for phones, the site's links (none on a `bare` page, e.g. a
 * print layout); `languageSwitch` links to the same page in the other language.
 */
export function Layout(
  props: {
    locale: Locale;
    title: string;
    children: Child;
    extraStyle?: string;
    languageSwitch?: { locale: Locale; href: string };
  } & SiteLinks,
) {
  const text = SITE_TEXT[props.locale];
  // The doctype keeps browsers out of quirks mode; the style goes in raw because JSX would entity-escape its
  // quotes, and CSS inside <style> does not decode entities.
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={props.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {/* No favicon: an empty one saves every page a request that would only answer 404. */}
          <link rel="icon" href="data:," />
          <title>{`${props.title} · ${text.name}`}</title>
          <style dangerouslySetInnerHTML={{ __html: BASE_STYLE + (props.extraStyle ?? '') }} />
        </head>
        <body>
          {props.bare ? null : (
            <header class="site">
              {props.languageSwitch ? (
                <a class="language" href={props.languageSwitch.href} lang={props.languageSwitch.locale}>
                  {LANGUAGE_NAMES[props.languageSwitch.locale]}
                </a>
              ) : null}
              <a href={props.linkTo('/')}>
                <strong>{text.name}</strong>
              </a>
              <a href={props.linkTo('/file')}>{text.file}</a>
              <a href={props.linkTo('/verify')}>{text.verify}</a>
              <a href={props.linkTo('/notices')}>{text.notices}</a>
            </header>
          )}
          {props.children}
        </body>
      </html>
    </>
  );
}
