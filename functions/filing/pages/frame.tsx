import type { Child } from 'hono/jsx';
import type { Locale } from '../../../shared/http/locale.js';
import { Layout } from '../../../shared/web/layout.js';
import { CLIENT_SCRIPT } from './client-script.js';
import type { PageContext } from './page-context.js';

const FILING_STYLE = `
.field{margin-bottom:.5rem}
.requirement{font-weight:400;color:#666;font-size:.8rem;margin-left:.35rem}
.cards{list-style:none;padding:0;display:grid;gap:.75rem;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}
.cards li{background:#fff;border:1px solid #ddd;border-radius:4px;padding:.75rem 1rem}
.cards a{font-weight:700;font-size:1.1rem;color:#8b1a1a}
.receipt-code{display:block;font:700 1.35rem/1.4 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.04em;background:#fff;border:2px dashed #8b1a1a;padding:.6rem;word-break:break-all;user-select:all}
.status-name{display:inline-block;font-weight:700;padding:.1rem .6rem;border-radius:1rem;background:#8b1a1a;color:#fff}
.fee{font-weight:700;margin:.5rem 0 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{color:#555}dl.facts dd{margin:0;overflow-wrap:anywhere}
.type-choice{display:flex;gap:.5rem;align-items:end}.type-choice select{flex:1}.type-choice button{margin-top:0}
details#edit{margin:1.5rem 0}details#edit>summary{font-size:1.25rem;font-weight:700;cursor:pointer;color:#8b1a1a}
#proof-list{margin:.5rem 0;padding-left:0;list-style:none}#proof-list label{font-weight:400}
.remark{background:#fff4d6;border-left:4px solid #e0a800;padding:.35rem .6rem;margin:.25rem 0;font-size:.95rem}
.preview-panel{margin-top:1rem}
@media (min-width:68rem){main:has(.form-columns){max-width:70rem}.form-columns{display:flex;gap:2rem;align-items:flex-start}
.form-columns>.form-main{flex:1 1 auto;min-width:0;max-width:44rem}.form-columns>.preview-panel{flex:0 0 22rem;position:sticky;top:1rem;margin-top:0}}
.receipt-main{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.receipt-main dl{flex:1 1 18rem}
.receipt-qr{margin:0;text-align:center;flex:0 0 10rem}.receipt-qr svg{width:10rem;height:10rem}.receipt-qr figcaption{font-size:.8rem;color:#555}
.receipt-actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:1rem}.receipt-actions button{margin-top:0}.inline-form{display:inline}
@media print{header,nav,footer,.no-print{display:none!important}body{background:#fff}.receipt-sheet{border:1px solid #000;padding:1rem}}
@media (max-width:30rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}.receipt-code{font-size:1.1rem}}
`;

/** The shared layout with the filing pages' styles, the language switch, and (when asked) the page script. */
export function Page(props: { page: PageContext; title: string; children: Child; script?: boolean; languageSwitch?: boolean }) {
  const { page } = props;
  return (
    <Layout
      locale={page.locale}
      title={props.title}
      extraStyle={FILING_STYLE}
      linkTo={page.link}
      {...(props.languageSwitch !== false && page.languageSwitch ? { languageSwitch: page.languageSwitch } : {})}
    >
      <main>
        {props.children}
        {props.script ? <script nonce={page.nonce} dangerouslySetInnerHTML={{ __html: CLIENT_SCRIPT }} /> : null}
      </main>
    </Layout>
  );
}

/** A message the person must read before going on (announced by screen readers as it appears). */
export function Alert(props: { children: Child }) {
  return (
    <p class="alert" role="alert">
      {props.children}
    </p>
  );
}
