import { Layout } from '../../shared/web/layout.js';
import type { EditionLayout } from '../../shared/services/publication.js';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return `${year}年${month}月${day}日 星期${WEEKDAYS[weekday] ?? ''}`;
}

const PRINT_STYLE = `
body{background:#fff}
.page{max-width:60rem;margin:1rem auto;padding:1rem;border:1px solid #000;font-family:"Songti SC","Noto Serif CJK SC",serif}
.masthead{display:flex;justify-content:space-between;align-items:baseline;border-bottom:3px double #000;margin-bottom:.6rem}
.masthead h1{font-size:2rem;letter-spacing:.5em;margin:0}
.columns{column-count:4;column-gap:1.2em;column-rule:1px solid #000;font-size:.9rem;line-height:1.5;text-align:justify}
.notice{break-inside:avoid;margin:0 0 .6em}
.notice .no{display:block;font-family:system-ui,sans-serif;font-size:.75rem;font-weight:700}
.provisional{color:#666}
footer.service{border-top:1px solid #000;margin-top:.6rem;padding-top:.3rem;font-size:.8rem;text-align:center}
@media (max-width:40rem){.columns{column-count:1}}
@media print{@page{size:A4;margin:12mm}.page{border:0;margin:0;max-width:none}.columns{column-count:4}.provisional{color:#000}}
`;

/** The edition as a classified page: masthead, date, four ruled columns of numbered notices. Masked text only. */
export function PrintPage(props: { layout: EditionLayout }) {
  const { edition, notices } = props.layout;
  return (
    <Layout locale="zh-CN" title={`遗失声明 ${edition.date}`} extraStyle={PRINT_STYLE} bare>
      <article class="page">
        <header class="masthead">
          <h1>遗失声明</h1>
          <span>
            {chineseDate(edition.date)} · 共 {notices.length} 条{edition.status === 'published' ? '' : '（样稿）'}
          </span>
        </header>
        <div class="columns">
          {notices.map((notice) => (
            <p class="notice">
              <span class={notice.provisional ? 'no provisional' : 'no'}>{notice.noticeNo}</span>
              {notice.text}
            </p>
          ))}
        </div>
        <footer class="service">声明可在本报“声明登记”网站按证件号码查验</footer>
      </article>
    </Layout>
  );
}
