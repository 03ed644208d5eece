import type { Child } from 'hono/jsx';
import { Layout } from '../../../shared/web/layout.js';
import { shanghaiDateTime as shanghaiClock } from '../../../shared/domain/editions.js';
import { KEYBOARD_SCRIPT } from './keyboard-script.js';
import type { ConsolePage } from './page-context.js';

const CONSOLE_STYLE = `
body{background:#eef0f2;font-size:14px}
.staffbar{display:flex;align-items:center;gap:1.25rem;background:#17202a;color:#e8ecef;padding:0 1.25rem;height:3rem;position:sticky;top:0;z-index:5}
.staffbar a{color:#e8ecef;text-decoration:none}
.staffbar .brand{font-weight:700;letter-spacing:.02em;margin-right:.75rem}.staffbar .brand span{color:#e4a11b;margin-left:.35rem;font-weight:600}
.staffbar nav{display:flex;gap:.25rem;height:100%}
.staffbar nav a{display:flex;align-items:center;padding:0 .85rem;border-bottom:3px solid transparent}
.staffbar nav a[aria-current=page]{border-bottom-color:#e4a11b;color:#fff;font-weight:600}
.staffbar .who{margin-left:auto;display:flex;align-items:center;gap:1rem;color:#aab4bd}
.staffbar .who form{margin:0}.staffbar .who button{margin:0;padding:.25rem .7rem;background:transparent;border:1px solid #5d6d7e;color:#e8ecef;font-size:.85rem}
main.console{max-width:86rem;margin:0 auto;padding:1rem 1.25rem 3rem}
main.console h1{font-size:1.3rem;margin:.25rem 0 .75rem}
.panel{background:#fff;border:1px solid #d5dbe0;border-radius:6px;padding:.9rem 1rem;margin-bottom:1rem}
.panel h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:#5d6d7e;margin:0 0 .6rem}
.tabs{display:flex;gap:.25rem;border-bottom:1px solid #d5dbe0;margin-bottom:.75rem}
.tabs a{padding:.5rem .9rem;color:#34495e;text-decoration:none;border-bottom:3px solid transparent;margin-bottom:-1px}
.tabs a[aria-current=page]{border-bottom-color:#8b1a1a;color:#8b1a1a;font-weight:700}
.count{display:inline-block;min-width:1.6rem;text-align:center;background:#e5e8eb;border-radius:1rem;padding:0 .45rem;margin-left:.35rem;font-size:.8rem;font-weight:600;color:#34495e}
[aria-current=page] .count{background:#8b1a1a;color:#fff}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin-bottom:.75rem}
form.filters label{margin:0 0 .2rem;font-size:.78rem;color:#5d6d7e;font-weight:600}
form.filters select,form.filters input{width:auto;padding:.3rem .45rem}
form.filters button{margin:0;padding:.38rem .9rem}
table.grid{background:#fff;border:1px solid #d5dbe0}
table.grid th{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:#5d6d7e;background:#f7f8f9;white-space:nowrap}
table.grid td,table.grid th{padding:.45rem .6rem;border-bottom:1px solid #e5e8eb}
table.grid tr.current td{background:#fff8e1;box-shadow:inset 0 0 0 0 #e4a11b}
table.grid tr.current td:first-child{box-shadow:inset 4px 0 0 #e4a11b}
table.grid td.when{white-space:nowrap;font-variant-numeric:tabular-nums;color:#34495e}
table.grid td.notice a{color:#17202a;text-decoration:none;font-family:"Songti SC","Noto Serif CJK SC",serif}
table.grid td.notice a:hover{text-decoration:underline}
.tag{display:inline-block;font-size:.72rem;border-radius:3px;padding:.05rem .4rem;margin:0 .25rem .15rem 0;white-space:nowrap;border:1px solid}
.tag.warn{background:#fff4d6;border-color:#e0a800;color:#7a5a00}.tag.again{background:#e8f0fe;border-color:#4a76c9;color:#1d3f85}
.tag.none{background:#fde8e8;border-color:#d99;color:#8b1a1a}.tag.file{background:#f1f3f4;border-color:#c4cbd1;color:#34495e}
.status{display:inline-block;font-weight:600;font-size:.8rem;border-radius:1rem;padding:.1rem .65rem;background:#e5e8eb;color:#34495e}
.status.submitted{background:#fff4d6;color:#7a5a00}.status.approved,.status.scheduled,.status.published{background:#e6f4ea;color:#1e7e34}
.status.rejected{background:#fde8e8;color:#8b1a1a}.status.changes_requested{background:#e8f0fe;color:#1d3f85}
.bulkbar{display:flex;gap:.75rem;align-items:center;margin:.6rem 0}.bulkbar button{margin:0}
.review{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem;align-items:start}
.review .proof{position:sticky;top:3.75rem}
.proof img{max-width:100%;max-height:70vh;display:block;margin:0 auto;border:1px solid #d5dbe0;background:#fafafa}
.proof object{width:100%;height:70vh;border:1px solid #d5dbe0}
.pager{display:flex;gap:.5rem;align-items:center;margin-bottom:.6rem}.pager a{padding:.25rem .6rem;border:1px solid #c4cbd1;border-radius:4px;background:#fff;color:#34495e;text-decoration:none}
.pager .spacer{flex:1}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}dl.facts dt{color:#5d6d7e}dl.facts dd{margin:0;word-break:break-all;font-variant-numeric:tabular-nums}
.notice-text{font-size:1rem;margin:0 0 .5rem}
.decision .reasons{display:grid;grid-template-columns:1fr 1fr;gap:.5rem 1rem}
.decision fieldset{margin:.25rem 0;padding:.3rem .7rem .5rem}
.decision fieldset label{font-weight:400;display:flex;gap:.4rem;align-items:baseline;margin:.2rem 0}
.decision fieldset input{width:auto}
.decision .buttons{display:flex;gap:.6rem;margin-top:.5rem}.decision .buttons button{margin:0}
.decision[data-mode] fieldset[data-for]{display:none}.decision[data-mode=request_changes] fieldset[data-for=request_changes],.decision[data-mode=reject] fieldset[data-for=reject]{display:block;border-color:#4a76c9}
.decision[data-mode] button[data-mode-for]{opacity:.45}.decision[data-mode=request_changes] button[value=request_changes],.decision[data-mode=reject] button[value=reject]{opacity:1;outline:3px solid #e4a11b}
button.approve{background:#1e7e34}button.changes{background:#2f5fb3}button.reject{background:#8b1a1a}
form.inline{display:inline;margin:0 0 0 .6rem}form.inline button{margin:0;padding:.15rem .6rem;font-size:.8rem;background:#8b1a1a}
kbd{display:inline-block;min-width:1.3em;text-align:center;font:600 .75rem ui-monospace,Menlo,Consolas,monospace;background:#f7f8f9;border:1px solid #c4cbd1;border-bottom-width:2px;border-radius:3px;padding:0 .3rem;color:#17202a}
button kbd{background:rgba(255,255,255,.2);border-color:rgba(255,255,255,.45);color:#fff;margin-left:.4rem}
details.keys{position:fixed;right:1rem;bottom:1rem;background:#17202a;color:#e8ecef;border-radius:6px;padding:.5rem .8rem;font-size:.8rem;max-width:22rem;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:6}
details.keys summary{cursor:pointer;font-weight:600}details.keys ul{list-style:none;margin:.4rem 0 0;padding:0;columns:2;column-gap:1rem}
details.keys li{margin:.15rem 0;break-inside:avoid}details.keys kbd{background:#2c3e50;color:#fff;border-color:#5d6d7e}
details.keys p{margin:.4rem 0 0;color:#aab4bd}
table.changes td.before{background:#fdecea;text-decoration:line-through;text-decoration-color:#c0392b}table.changes td.after{background:#e6f4ea}
.muted{color:#5d6d7e}
@media (max-width:60rem){.review{grid-template-columns:1fr}.review .proof{position:static}.decision .reasons{grid-template-columns:1fr}}
`;

/** The console's frame: a staff bar (only the sections the role may use), the language switch, the page, the legend. */
export function ConsoleFrame(props: { page: ConsolePage; title: string; children: Child; section?: 'queue' | 'search' | 'bundles' | 'editions'; keys?: Child }) {
  const { page } = props;
  const { text } = page;
  const isEditor = page.staff?.roles.includes('editor') ?? false;
  return (
    <Layout locale={page.locale} title={`${props.title} · ${text.console}`} extraStyle={CONSOLE_STYLE} bare>
      <header class="staffbar">
        <a class="brand" href={page.link('/staff')}>
          {text.site}
          <span>{text.console}</span>
        </a>
        {page.staff ? (
          <nav>
            <a href={page.link('/staff')} {...(props.section === 'queue' ? { 'aria-current': 'page' } : {})}>
              {text.nav.queue}
            </a>
            <a href={page.link('/staff/search')} {...(props.section === 'search' ? { 'aria-current': 'page' } : {})}>
              {text.nav.search}
            </a>
            <a href={page.link('/staff/bundles')} {...(props.section === 'bundles' ? { 'aria-current': 'page' } : {})}>
              {text.nav.bundles}
            </a>
            {isEditor ? (
              <a href={page.link('/staff/editions')} {...(props.section === 'editions' ? { 'aria-current': 'page' } : {})}>
                {text.nav.editions}
              </a>
            ) : null}
          </nav>
        ) : null}
        <div class="who">
          <a href={page.languageSwitch.href} lang={page.languageSwitch.locale} class="language">
            {page.languageSwitch.locale === 'en' ? 'English' : '中文'}
          </a>
          {page.staff ? (
            <>
              <span>
                {page.staff.username} · {page.staff.roles.map((role) => text.roles[role]).join(' / ')}
              </span>
              <form method="post" action={page.link('/staff/sign-out')}>
                <button type="submit">{text.nav.signOut}</button>
              </form>
            </>
          ) : null}
        </div>
      </header>
      <main class="console">
        <h1>{props.title}</h1>
        {props.children}
      </main>
      {props.keys ? (
        <>
          {props.keys}
          <script nonce={page.nonce} dangerouslySetInnerHTML={{ __html: KEYBOARD_SCRIPT }} />
        </>
      ) : null}
    </Layout>
  );
}

/** The always-visible legend of the page's shortcuts (`?` folds it). */
export function KeyLegend(props: { page: ConsolePage; keys: readonly (readonly [key: string, what: string])[] }) {
  const { text } = props.page;
  return (
    <details class="keys" id="key-legend" open>
      <summary>
        {text.keys.title} <span class="muted">({text.keys.toggle})</span>
      </summary>
      <ul>
        {props.keys.map(([key, what]) => (
          <li>
            <kbd>{key}</kbd> {what}
          </li>
        ))}
      </ul>
      <noscript>
        <p>{text.keys.needsScript}</p>
      </noscript>
    </details>
  );
}

/** A column heading of a console table: its name, nothing (a column of buttons), or a name only screen readers say. */
export type GridColumn = string | { readonly ariaLabel: string };

/** A console table: one heading row, then the caller's rows. */
export function Grid(props: { id?: string; columns: readonly GridColumn[]; children: Child }) {
  return (
    <table class="grid" id={props.id}>
      <thead>
        <tr>{props.columns.map((column) => (typeof column === 'string' ? <th>{column}</th> : <th aria-label={column.ariaLabel} />))}</tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

/** An instant as staff read it: date and time in Asia/Shanghai, as citizens see it (the same in both languages). */
export function shanghaiDateTime(iso: string): string {
  return shanghaiClock(new Date(iso));
}
