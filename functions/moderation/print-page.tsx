import { chineseDate } from '../../shared/domain/dates.js';
import {
  CLASSIFIED_PAGE,
  HEADING_LINES,
  NOTICE_GAP_LINES,
  SECTION_TITLES,
  textRuns,
  textWidth,
  type NoticePosition,
} from '../../shared/domain/page-layout.js';
import { quotedMasthead, type PublisherIdentity } from '../../shared/domain/publisher.js';
import type { EditionLayout } from '../../shared/services/publication.js';
import { Layout } from '../../shared/web/layout.js';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

function dateWithWeekday(date: string): string {
  return `${chineseDate(date)} 星期${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? ''}`;
}

/**
 * Type size and leading: the column sizes below are these times the page layout's characters and lines. Spans
 * in a notice (its number in another face and size, number runs) have no leading of their own, so no line box
 * grows past the leading and a column holds exactly the lines the layout counted.
 */
const TYPE_PT = 9;
const LEADING = 1.4;
const { charsPerLine, linesPerColumn, columnsPerPage } = CLASSIFIED_PAGE;

/**
 * A 4开 (A3) classified page. Columns are set explicitly from each notice's position (not by CSS column
 * balancing), so the page prints every notice where its proof of publication says it stands. CJK lines break
 * with line-break: strict and are never justified (no gaps); numbers sit in no-wrap spans.
 */
// On screen the sheet shows the page's 12 mm margin as 10 mm of white; in print @page gives the margin.
const PRINT_STYLE = `
@page{size:A3 portrait;margin:12mm}
:root{--lead:${TYPE_PT * LEADING}pt}
body{background:#e9e7e1;color:#111}
.sheet{width:293mm;min-height:416mm;margin:8mm auto;padding:10mm;background:#fff;box-shadow:0 1px 6px rgba(0,0,0,.25);display:flex;flex-direction:column;
  font-family:"Noto Serif CJK SC","Source Han Serif SC","Songti SC",SimSun,"WenQuanYi Micro Hei",serif;font-size:${TYPE_PT}pt;line-height:var(--lead)}
.masthead{display:grid;grid-template-columns:auto 1fr auto;align-items:end;gap:0 6mm;border-bottom:2.5pt solid #111;padding:0 0 1.5mm}
.masthead .title{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-weight:900;font-size:34pt;line-height:1;letter-spacing:.06em;color:#8b1a1a}
.masthead .section{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-weight:700;font-size:20pt;line-height:1;letter-spacing:.3em;padding-left:5mm;border-left:1pt solid #111}
.masthead .dateline{text-align:right;font-size:9pt;line-height:1.45}
.masthead .dateline strong{font-size:11pt}
.rule{border-bottom:.5pt solid #111;margin-top:.6mm}
.strap{display:flex;justify-content:space-between;font-size:8pt;line-height:1.6;padding:.8mm 0;border-bottom:.5pt solid #111;margin-bottom:2.5mm}
.columns{--gap:calc((273mm - ${columnsPerPage * charsPerLine}em) / ${columnsPerPage - 1});display:grid;grid-template-columns:repeat(${columnsPerPage},${charsPerLine}em);column-gap:var(--gap);flex:1}
.column{height:calc(${linesPerColumn} * var(--lead));position:relative}
.column+.column::before{content:"";position:absolute;top:0;bottom:0;left:calc(var(--gap) / -2);border-left:.5pt solid #111}
.heading{height:calc(${HEADING_LINES - NOTICE_GAP_LINES} * var(--lead));margin:0 0 calc(${NOTICE_GAP_LINES} * var(--lead));display:flex;align-items:center;justify-content:center;
  background:#111;color:#fff;font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-weight:700;font-size:13pt;letter-spacing:.5em;text-indent:.5em}
.notice{margin:0 0 calc(${NOTICE_GAP_LINES} * var(--lead));padding:0;break-inside:avoid;text-align:start;text-align-last:auto;text-justify:none;
  line-break:strict;word-break:normal;overflow-wrap:normal;hanging-punctuation:none}
.notice .no{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-weight:700;font-size:.92em;margin-right:.3em}
.notice span{line-height:0}
.nowrap{white-space:nowrap;word-break:keep-all}
.nowrap.long{white-space:normal;word-break:break-all}
.provisional .no,.issue.provisional{color:#777}
.colophon{display:flex;justify-content:space-between;gap:4mm;border-top:1.5pt solid #111;margin-top:2mm;padding-top:1mm;font-size:7.5pt;line-height:1.5}
.empty{grid-column:1/-1;text-align:center;padding-top:20mm;font-size:12pt}
@media screen and (max-width:60rem){.sheet{margin:0 auto}}
@media print{body{background:#fff}.sheet{width:273mm;min-height:396mm;margin:0;padding:0;box-shadow:none;break-after:page}.sheet:last-child{break-after:auto}.provisional .no,.issue.provisional{color:#000}}
`;

/** The notice text with every number run in a no-wrap span (one wider than a column may break, or it would overrun). */
function NoticeText(props: { text: string }) {
  return (
    <>
      {textRuns(props.text).map((run) =>
        run.unbreakable ? (
          <span class={textWidth(run.text) > charsPerLine ? 'nowrap long num' : 'nowrap num'}>{run.text}</span>
        ) : (
          run.text
        ),
      )}
    </>
  );
}

type Notice = EditionLayout['notices'][number];

/** Notices by page, then column, each in its order; a section heading goes before the first notice of a section. */
function sheets(notices: readonly Notice[]): { page: number; columns: { column: number; notices: { notice: Notice; heading?: string }[] }[] }[] {
  const at = (position: NoticePosition) => (position.page - 1) * columnsPerPage + position.column - 1;
  const ordered = [...notices].sort((a, b) => at(a.position) - at(b.position) || a.position.order - b.position.order);
  const pageCount = Math.max(1, ...ordered.map((notice) => notice.position.page));
  return Array.from({ length: pageCount }, (_, pageIndex) => ({
    page: pageIndex + 1,
    columns: Array.from({ length: columnsPerPage }, (_, columnIndex) => ({
      column: columnIndex + 1,
      notices: ordered.flatMap((notice, index) =>
        at(notice.position) === pageIndex * columnsPerPage + columnIndex
          ? [{ notice, ...(ordered[index - 1]?.section === notice.section ? {} : { heading: SECTION_TITLES[notice.section] }) }]
          : [],
      ),
    })),
  }));
}

/** The edition as its classified page: masthead band, section headings, six dense columns of numbered notices. Masked text only. */
export function PrintPage(props: { layout: EditionLayout; publisher: PublisherIdentity }) {
  const { edition, notices, issue } = props.layout;
  const { publisher } = props;
  const draft = edition.status !== 'published';
  const pages = sheets(notices);
  return (
    <Layout locale="zh-CN" title={`${quotedMasthead(publisher)} 声明 ${edition.date}`} extraStyle={PRINT_STYLE} bare>
      {pages.map((sheet) => (
        <article class="sheet" data-page={String(sheet.page)}>
          <header class="masthead">
            <span class="title">{publisher.masthead}</span>
            <span class="section">分类广告·声明</span>
            <span class="dateline">
              <strong>{dateWithWeekday(edition.date)}</strong>
              <br />
              {issue ? (
                <>
                  <span class={issue.provisional ? 'issue provisional' : 'issue'} data-issue={String(issue.number)}>
                    第 {issue.number} 期
                  </span>
                  {' · '}
                </>
              ) : null}
              第 {sheet.page} 版 · 共 {notices.length} 条{draft ? '（样稿）' : ''}
            </span>
          </header>
          <div class="rule" />
          <div class="strap">
            <span>本版声明均可在本报“声明登记”网站按证件号码查验{publisher.website ? `：${publisher.website}` : ''}</span>
            <span>刊登热线：{publisher.phone}</span>
          </div>
          <div class="columns">
            {notices.length === 0 ? <p class="empty">本期无声明</p> : null}
            {notices.length === 0
              ? null
              : sheet.columns.map((column) => (
                  <div class="column" data-column={String(column.column)}>
                    {column.notices.map(({ notice, heading }) => (
                      <>
                        {heading ? <h2 class="heading">{heading}</h2> : null}
                        <p
                          class={notice.provisional ? 'notice provisional' : 'notice'}
                          data-notice-no={notice.noticeNo}
                          data-position={`${notice.position.page}-${notice.position.column}-${notice.position.order}`}
                        >
                          <span class="no nowrap">{notice.noticeNo}</span>
                          <NoticeText text={notice.text} />
                        </p>
                      </>
                    ))}
                  </div>
                ))}
          </div>
          <footer class="colophon">
            <span>
              {publisher.name} 出版 · 地址：{publisher.address}
            </span>
            <span>
              {quotedMasthead(publisher)} {chineseDate(edition.date)} 第 {sheet.page} 版
            </span>
          </footer>
        </article>
      ))}
    </Layout>
  );
}
