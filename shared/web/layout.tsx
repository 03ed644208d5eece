import type { Child } from 'hono/jsx';
import type { Locale } from '../http/locale.js';

const BASE_STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f6f5f1}
header.site{background:#8b1a1a;color:#fff;padding:.6rem 1rem}
header.site a{color:#fff;text-decoration:none;margin-right:1rem}
header.site strong{margin-right:1.5rem}
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
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
@media (max-width:30rem){main{padding:.6rem}header.site a{display:inline-block;margin:.2rem .6rem .2rem 0}}
`;

const SITE_TEXT: Record<Locale, { name: string; file: string; verify: string; notices: string }> = {
  'zh-CN': { name: '声明登记', file: '登报声明', verify: '查验', notices: '已刊登声明' },
  en: { name: 'Shengming', file: 'File a notice', verify: 'Verify', notices: 'Published notices' },
};

/** The frame every page shares: language, viewport for phones, the site's links. */
export function Layout(props: { locale: Locale; title: string; children: Child; extraStyle?: string; bare?: boolean }) {
  const text = SITE_TEXT[props.locale];
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${text.name}`}</title>
        <style>{BASE_STYLE + (props.extraStyle ?? '')}</style>
      </head>
      <body>
        {props.bare ? null : (
          <header class="site">
            <strong>{text.name}</strong>
            <a href="/file">{text.file}</a>
            <a href="/verify">{text.verify}</a>
            <a href="/notices">{text.notices}</a>
          </header>
        )}
        {props.children}
      </body>
    </html>
  );
}
