import type { Child } from 'hono/jsx';
import { localizedDate } from '../../shared/domain/dates.js';
import type { Locale } from '../../shared/http/locale.js';
import type { Verification } from '../../shared/services/verification.js';
import type { VerificationRecord } from '../../shared/domain/verification-record.js';
import type { PublicNotice } from '../../shared/store/edition-store.js';
import type { PublishedDate } from '../../shared/store/public-store.js';
import { Layout } from '../../shared/web/layout.js';
import { QrCode } from '../../shared/web/qr-code.js';
import { noticeHeadline } from '../../shared/web/notice-headline.js';
import { positionLabel } from '../../shared/domain/page-layout.js';
import { quotedMasthead, type PublisherIdentity } from '../../shared/domain/publisher.js';
import { OFFLINE_CHECK_MESSAGES } from './offline-check/messages.js';

const PAGE_STYLE = `
.verdict{margin:1.25rem 0;padding:1rem;border-radius:4px}
.verdict h2{margin:0 0 .5rem;font-size:1.25rem}
.verdict.ok{background:#e6f4ea;border-left:6px solid #1e7e34}
.verdict.alert{background:#fde8e8;border-left:6px solid #b00020}
.verdict.registry{background:#f1f3f4;border-left:6px solid #5f6368}
.caveat{font-size:.92rem;color:#333}
.meta{color:#555;font-size:.9rem;margin:.25rem 0}
.dates a{display:inline-block;margin:.15rem .6rem .15rem 0}
.notice{margin:1rem 0}
.search{display:flex;gap:.5rem;align-items:flex-end;flex-wrap:wrap}
.search>div{flex:1 1 14rem}
.search button{margin-top:0}
.reference-search{margin-top:.5rem;font-size:.9rem}.reference-search input{width:14rem;font-family:ui-monospace,Menlo,Consolas,monospace}
@media print{header,nav,footer,form,.no-print{display:none!important}body{background:#fff}.verdict{border:1px solid #000}}
`;

const TEXT = {
  'zh-CN': {
    verifyTitle: '证件遗失、作废声明查验',
    verifyIntro: '输入证件号码，查询是否已在本平台登报声明遗失或作废。只查完全相同的号码（全角、空格、横线、大小写和繁体字不影响结果）。',
    number: '证件号码',
    check: '查验',
    noRecord: '未查到遗失或作废声明',
    declaredVoid: '已登报声明遗失或作废',
    numberLooked: '所查号码',
    published: '刊登日期',
    noticeNo: '公告编号',
    registryPublished: '公告 {noticeNo} 已在本平台刊登',
    registryNote: '这里是本平台登记的这份公告及其原文，并未核验您手中的登报证明：请逐字核对证明上的公告编号、刊登日期和内容。',
    proofMissing: '本平台没有这个公告编号',
    proofMissingNote: '没有找到这份登报证明所写的公告。证明可能有误或是伪造的，请向持证人或发证机关核实。',
    noticesTitle: '已刊登的声明',
    latestDates: '最近的刊登日期',
    noNotices: '还没有刊登的声明。',
    more: '下一页',
    notice: '声明',
    proof: '登报证明（可打印）',
    verifyThis: '查验此号码',
    recordTitle: '查验记录',
    reference: '查验编号',
    checkedAt: '查验时间',
    recordNote: '这是查验当时的结果。如需最新结果，请用证件号码重新查验。凭查验编号可在本页再次调出这份记录。',
    recordLink: '打开可打印的查验记录',
    recordMissing: '没有这个查验编号的记录（编号有误，或记录已过保存期限）。',
    referenceLabel: '或输入查验编号',
    notFoundTitle: '未找到',
    notFound: '没有这份公告。',
    badRequestTitle: '链接有误',
    badCursor: '这个翻页链接不是本站给出的，或属于另一日期，请从公告列表重新翻页。',
    proofHeading: '登报证明',
    proofIntro: '兹证明下列声明已于{date}在{masthead}刊登{position}。',
    proofPosition: '，位于{position}',
    newspaper: '报纸',
    publisherName: '出版单位',
    editionDate: '版期',
    position: '版面位置',
    colon: '：',
    address: '地址',
    phone: '联系电话',
    website: '网站',
    issuedBy: '出具单位：{name}',
    scanToVerify: '扫描二维码，在本报网站核对这份声明',
    offlineNote: '二维码中带有这份声明的公开日志条目、包含证明和本报签署的检查点：核验页面无需联网即可核对真伪。',
    offlinePending: '这份声明的日志证明将在下次签署检查点后加入。',
    offlineTitle: '脱机核验登报证明',
    offlineIntro: '扫描登报证明上的二维码会自动核验；也可以把证明上的核验码粘贴到这里。核验只在您的浏览器中进行，不连接服务器。',
    offlineCode: '核验码',
    offlineCheck: '核验',
    offlineNoScript: '脱机核验需要启用 JavaScript。',
    publicLog: '公开日志与审计方法',
    corrects: '本声明更正：',
    correctedBy: '本声明已被更正，见更正声明：',
  },
  en: {
    verifyTitle: 'Check a document for loss or void notices',
    verifyIntro:
      'Enter a certificate number to see whether a loss or void notice for it was published here. Only the exact number matches (full-width characters, spaces, dashes, letter case and traditional characters do not matter).',
    number: 'Certificate number',
    check: 'Check',
    noRecord: 'No loss or void notice found',
    declaredVoid: 'Declared lost or void',
    numberLooked: 'Number checked',
    published: 'Published on',
    noticeNo: 'Notice number',
    registryPublished: 'Notice {noticeNo} is published in this registry',
    registryNote:
      'This is what the registry holds for the notice, with its text; it does not check the proof of publication you hold: compare the notice number, date and text on the proof with it.',
    proofMissing: 'There is no notice with this number',
    proofMissingNote: 'The notice this proof refers to does not exist here. The proof may be wrong or forged; check with the holder or the issuing authority.',
    noticesTitle: 'Published notices',
    latestDates: 'Latest publication dates',
    noNotices: 'Nothing has been published yet.',
    more: 'Next page',
    notice: 'notice',
    proof: 'Proof of publication (printable)',
    verifyThis: 'Check this number',
    recordTitle: 'Verification record',
    reference: 'Reference',
    checkedAt: 'Checked at',
    recordNote: 'This is the answer as it was given at the time. For the current answer, check the number again. The reference brings this record back on this page.',
    recordLink: 'Open the printable record',
    recordMissing: 'There is no record with this reference (it is mistyped, or the record has expired).',
    referenceLabel: 'or enter a verification reference',
    notFoundTitle: 'Not found',
    notFound: 'There is no such notice.',
    badRequestTitle: 'Bad link',
    badCursor: 'This page link was not made here, or belongs to another date; page through the notices list again.',
    proofHeading: 'Proof of publication',
    proofIntro: 'This certifies that the following notice was published in {masthead} of {date}{position}.',
    proofPosition: ', {position}',
    newspaper: 'Newspaper',
    publisherName: 'Publisher',
    editionDate: 'Edition',
    position: 'Position',
    colon: ': ',
    address: 'Address',
    phone: 'Telephone',
    website: 'Website',
    issuedBy: 'Issued by {name}',
    scanToVerify: 'Scan the QR code to check this notice in the registry',
    offlineNote: 'The QR code carries this notice’s public log entry, its inclusion proof and the checkpoint the newspaper signed: the verify page checks it without any network.',
    offlinePending: 'The log proof for this notice is added once the next checkpoint is signed.',
    offlineTitle: 'Check a proof of publication offline',
    offlineIntro: 'Scanning the QR code of a proof of publication checks it at once; or paste the proof code here. The check runs in your browser alone, without asking the server.',
    offlineCode: 'Proof code',
    offlineCheck: 'Check',
    offlineNoScript: 'The offline check needs JavaScript.',
    publicLog: 'The public log and how to audit it',
    corrects: 'This notice corrects: ',
    correctedBy: 'This notice was corrected; see the correction: ',
  },
} as const satisfies Record<Locale, Record<string, string>>;

/** What every public page needs of its request: the language, links that keep a `?lang=` choice, the switch. */
export interface PageFrame {
  readonly locale: Locale;
  readonly link: (path: string) => string;
  /** A path within the site as it is (a GET form's action): see sitePath. */
  readonly path: (path: string) => string;
  readonly languageSwitch: { locale: Locale; href: string };
  /** The explicit `?lang=` choice, which a GET form must carry as a field of its own. */
  readonly chosenLanguage?: string;
}

export function Frame(props: { frame: PageFrame; title: string; children: Child; extraStyle?: string; bare?: boolean }) {
  return (
    <Layout
      locale={props.frame.locale}
      title={props.title}
      extraStyle={PAGE_STYLE + (props.extraStyle ?? '')}
      languageSwitch={props.frame.languageSwitch}
      {...(props.bare ? { bare: true as const } : { linkTo: props.frame.link })}
    >
      {props.children}
    </Layout>
  );
}

/** Links between a correction (更正声明) and the notice it corrects, both ways. */
function CorrectionLinks(props: { notice: PublicNotice; frame: PageFrame }) {
  const { notice, frame } = props;
  const text = TEXT[frame.locale];
  const linked = (label: string, noticeNos: readonly string[]) => (
    <p class="meta correction">
      {label}
      {noticeNos.map((noticeNo) => (
        <a href={frame.link(`/notices/${noticeNo}`)}>{noticeNo} </a>
      ))}
    </p>
  );
  return (
    <>
      {notice.correctsNoticeNo ? linked(text.corrects, [notice.correctsNoticeNo]) : null}
      {notice.correctedBy ? linked(text.correctedBy, notice.correctedBy) : null}
    </>
  );
}

function NoticeBlock(props: { notice: PublicNotice; frame: PageFrame; links?: boolean }) {
  const { notice, frame } = props;
  const { locale } = frame;
  const text = TEXT[locale];
  return (
    <article class="notice">
      <h3>
        {props.links ? <a href={frame.link(`/notices/${notice.noticeNo}`)}>{noticeHeadline(notice, locale)}</a> : noticeHeadline(notice, locale)}
      </h3>
      <p class="meta">
        {text.published} {localizedDate(notice.publishedOn, locale)}
      </p>
      <div class="notice-text">{notice.text}</div>
      <CorrectionLinks notice={notice} frame={frame} />
    </article>
  );
}

/** The offline check's script (14 KiB), loaded by the first page that carries it: the verify page alone does. */
async function OfflineCheckScript(props: { nonce: string }) {
  const { OFFLINE_CHECK_SCRIPT } = await import('./offline-check/script.generated.js');
  return <script nonce={props.nonce} dangerouslySetInnerHTML={{ __html: OFFLINE_CHECK_SCRIPT }} />;
}

export interface VerifyPageProps {
  readonly frame: PageFrame;
  readonly number?: string;
  readonly type?: string;
  readonly verification?: Pick<Verification, 'number' | 'status' | 'notices' | 'note'>;
  /** The record kept of this answer (a fresh check), or the record a reference brought back. */
  readonly record?: VerificationRecord;
  /** The page shows a record a reference brought back (not a fresh check). */
  readonly recalled?: boolean;
  /** A reference that was asked for and found nothing. */
  readonly recordMissing?: boolean;
  readonly error?: string;
  /** Arrived from a proof's QR code: the notice it names, or null when there is none. */
  readonly proofNotice?: { noticeNo: string; notice: PublicNotice | undefined };
  /** The offline check of a 登报证明 (when the log has a key): its key, its signer and the script's nonce. */
  readonly offlineCheck?: { logKey: string; publisher: string; witnesses: readonly string[]; nonce: string };
}

const shanghaiInstant = (iso: string, locale: Locale) =>
  `${new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'medium' }).format(new Date(iso))} (UTC+8)`;

/** A kept verification's reference and time, printed with the answer. */
function RecordFacts(props: { frame: PageFrame; record: VerificationRecord }) {
  const text = TEXT[props.frame.locale];
  return (
    <p class="meta" id="verification-record">
      {text.reference}: <strong id="verification-reference">{props.record.reference}</strong> · {text.checkedAt}:{' '}
      {shanghaiInstant(props.record.checkedAt, props.frame.locale)}
    </p>
  );
}

/** `/verify`: one box, a clear answer. A plain GET form, so it works without JavaScript. */
export function VerifyPage(props: VerifyPageProps) {
  const { verification, proofNotice } = props;
  const { locale } = props.frame;
  const text = TEXT[locale];
  return (
    <Frame frame={props.frame} title={text.verifyTitle}>
      <main>
        <h1>{text.verifyTitle}</h1>
        <p>{text.verifyIntro}</p>
        <form method="get" action={props.frame.path('/verify')} class="search">
          <div>
            <label for="number">{text.number}</label>
            <input id="number" name="number" value={props.number ?? ''} maxlength={64} autocomplete="off" autocapitalize="characters" spellcheck={false} required />
          </div>
          {props.type ? <input type="hidden" name="type" value={props.type} /> : null}
          {props.frame.chosenLanguage ? <input type="hidden" name="lang" value={props.frame.chosenLanguage} /> : null}
          <button type="submit">{text.check}</button>
        </form>
        <form method="get" action={props.frame.path('/verify')} class="reference-search">
          <label for="ref">{text.referenceLabel}</label>{' '}
          <input id="ref" name="ref" maxlength={24} autocomplete="off" autocapitalize="characters" spellcheck={false} required />{' '}
          <button type="submit" class="secondary">
            {text.check}
          </button>
        </form>
        {props.error ? (
          <p class="error" role="alert">
            {props.error}
          </p>
        ) : null}
        {verification ? (
          <section class={`verdict ${verification.status === 'no_record' ? 'ok' : 'alert'}`} role="status" data-status={verification.status}>
            <h2>{verification.status === 'no_record' ? text.noRecord : text.declaredVoid}</h2>
            <p class="meta">
              {text.numberLooked}: {verification.number}
            </p>
            {verification.notices.map((notice) => (
              <NoticeBlock notice={notice} frame={props.frame} links />
            ))}
            {props.record ? <RecordFacts frame={props.frame} record={props.record} /> : null}
            <p class="caveat">{verification.note[locale]}</p>
            {props.record ? <p class="caveat">{text.recordNote}</p> : null}
            {props.record && !props.recalled ? (
              <p class="no-print">
                <a href={props.frame.path(`/verify?ref=${props.record.reference}`)}>{text.recordLink}</a>
              </p>
            ) : null}
          </section>
        ) : null}
        {props.recordMissing ? (
          <p class="error" role="alert">
            {text.recordMissing}
          </p>
        ) : null}
        {/* The offline check's answer, above what the registry holds: it alone says whether the proof holds. */}
        {props.offlineCheck ? <section id="offline-result" role="status" hidden /> : null}
        {proofNotice ? <RegistryNotice frame={props.frame} {...proofNotice} /> : null}
        {props.offlineCheck ? <OfflineCheck frame={props.frame} {...props.offlineCheck} /> : null}
      </main>
    </Frame>
  );
}

/**
 * What the registry holds for the notice a proof's QR link names. The server never sees the proof (it is in the
 * URL fragment), so this box speaks of the notice only; the offline check decides the proof, and relabels this box
 * as the registry's record to compare with when the proof fails.
 */
function RegistryNotice(props: { frame: PageFrame; noticeNo: string; notice: PublicNotice | undefined }) {
  const text = TEXT[props.frame.locale];
  return props.notice ? (
    <section id="registry-notice" class="verdict registry" role="status" data-status="published" data-notice-no={props.noticeNo}>
      <h2>{filled(text.registryPublished, { noticeNo: props.noticeNo })}</h2>
      <NoticeBlock notice={props.notice} frame={props.frame} links />
      <p class="caveat">{text.registryNote}</p>
    </section>
  ) : (
    <section id="registry-notice" class="verdict alert" role="status" data-status="unknown_notice" data-notice-no={props.noticeNo}>
      <h2>{text.proofMissing}</h2>
      <p>{text.proofMissingNote}</p>
    </section>
  );
}

/** The offline check of a proof code: the script (see offline-check/browser.ts) fills in `#offline-result`. */
function OfflineCheck(props: { frame: PageFrame; logKey: string; publisher: string; witnesses: readonly string[]; nonce: string }) {
  const text = TEXT[props.frame.locale];
  return (
    <section
      id="offline-check"
      data-log-key={props.logKey}
      data-publisher={props.publisher}
      data-witnesses={JSON.stringify(props.witnesses)}
      data-messages={JSON.stringify(OFFLINE_CHECK_MESSAGES[props.frame.locale])}
    >
      <h2>{text.offlineTitle}</h2>
      <p>
        {text.offlineIntro} <a href={props.frame.link('/log')}>{text.publicLog}</a>
      </p>
      <form id="offline-form" class="search">
        <div>
          <label for="proof">{text.offlineCode}</label>
          <textarea id="proof" name="proof" rows={3} autocomplete="off" spellcheck={false} />
        </div>
        <button type="submit">{text.offlineCheck}</button>
      </form>
      <noscript>
        <p>{text.offlineNoScript}</p>
      </noscript>
      <OfflineCheckScript nonce={props.nonce} />
    </section>
  );
}

export interface NoticesPageProps {
  readonly frame: PageFrame;
  readonly dates: readonly PublishedDate[];
  readonly date?: string;
  readonly notices: readonly PublicNotice[];
  readonly nextHref?: string;
}

/** `/notices`: the latest dates and the notices, newest first. */
export function NoticesPage(props: NoticesPageProps) {
  const { locale, link } = props.frame;
  const text = TEXT[locale];
  return (
    <Frame frame={props.frame} title={text.noticesTitle}>
      <main>
        <h1>{props.date ? `${text.noticesTitle} · ${localizedDate(props.date, locale)}` : text.noticesTitle}</h1>
        {props.dates.length > 0 ? (
          <nav class="dates" aria-label={text.latestDates}>
            <strong>{text.latestDates}: </strong>
            {props.dates.map((entry) => (
              <a href={link(`/notices?date=${entry.date}`)} aria-current={entry.date === props.date ? 'page' : undefined}>
                {localizedDate(entry.date, locale)} ({entry.noticeCount})
              </a>
            ))}
          </nav>
        ) : null}
        {props.notices.length === 0 ? <p>{text.noNotices}</p> : props.notices.map((notice) => <NoticeBlock notice={notice} frame={props.frame} links />)}
        {props.nextHref ? (
          <p>
            <a href={link(props.nextHref)} rel="next">
              {text.more} →
            </a>
          </p>
        ) : null}
      </main>
    </Frame>
  );
}

/** A page's text with its `{name}` placeholders filled. */
function filled(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}

/** `《东岳晚报》2026年12月24日 · 第1版 第2栏 第1条`: where the paper printed the notice. */
function printedIn(notice: PublicNotice, publisher: PublisherIdentity, locale: Locale): string {
  const edition = `${quotedMasthead(publisher)} ${localizedDate(notice.editionDate ?? notice.publishedOn, locale)}`;
  return notice.position ? `${edition} · ${positionLabel(notice.position, locale)}` : edition;
}

/** `/notices/{noticeNo}`: one notice, with links to check its number's status and to its printable proof. */
export function NoticePage(props: { frame: PageFrame; notice: PublicNotice; publisher: PublisherIdentity }) {
  const { notice } = props;
  const { locale, link } = props.frame;
  const text = TEXT[locale];
  return (
    <Frame frame={props.frame} title={noticeHeadline(notice, locale)}>
      <main>
        <h1>{noticeHeadline(notice, locale)}</h1>
        <p class="meta">
          {text.noticeNo} {notice.noticeNo} · {text.published} {localizedDate(notice.publishedOn, locale)}
        </p>
        <p class="meta printed-in">{printedIn(notice, props.publisher, locale)}</p>
        <div class="notice-text">{notice.text}</div>
        <CorrectionLinks notice={notice} frame={props.frame} />
        <p>
          <a href={link(`/notices/${notice.noticeNo}/proof`)}>{text.proof}</a>
        </p>
      </main>
    </Frame>
  );
}

const PROOF_STYLE = `
main{max-width:40rem}
.proof{background:#fff;border:2px solid #8b1a1a;padding:1.5rem;margin-top:1rem}
.proof .masthead{text-align:center;font-size:2.2rem;font-weight:900;letter-spacing:.15em;color:#8b1a1a;margin:0;line-height:1.2}
/* Spaced out as a Chinese certificate title is; an English title so spaced falls apart on a phone. */
.proof h1:lang(zh){letter-spacing:.5em}
.proof h1{text-align:center;color:#8b1a1a;border-top:3px double #8b1a1a;padding-top:.4rem;margin-top:.3rem}
.proof .issuer{border-top:1px solid #ccc;margin-top:1rem;padding-top:.5rem;font-size:.85rem;color:#333}
.proof .issuer p{margin:.2rem 0}
.proof dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}
.proof dt{font-weight:600}
.qr{display:flex;gap:1rem;align-items:center;margin-top:1.25rem}
.qr svg{width:9rem;height:9rem;flex:none}
.qr.signed svg{width:15rem;height:15rem}
.proof-code{font:.6rem/1.2 ui-monospace,monospace;word-break:break-all;color:#444}
.qr a{word-break:break-all}
@media print{.no-print{display:none}body{background:#fff}.proof{border-width:1px}}
@media (max-width:30rem){.proof{padding:1rem}.qr{flex-direction:column;align-items:center}}
`;

/** QR codes hold at most ~2,300 bytes at error correction M; a longer proof (a very large log) falls back to L. */
const QR_M_CAPACITY = 2_300;

/**
 * `/notices/{noticeNo}/proof`: 登报证明, printable; the QR code opens the verify page for this notice and, once a
 * checkpoint covers the notice, carries its offline proof in the URL fragment (never sent to any server).
 */
export function ProofPage(props: { frame: PageFrame; notice: PublicNotice; publisher: PublisherIdentity; verifyUrl: string; offlineCode?: string }) {
  const { notice, publisher } = props;
  const { locale, link } = props.frame;
  const text = TEXT[locale];
  const editionDate = notice.editionDate ?? notice.publishedOn;
  const qrUrl = props.offlineCode ? `${props.verifyUrl}#proof=${props.offlineCode}` : props.verifyUrl;
  return (
    <Frame frame={props.frame} title={`${text.proofHeading} ${notice.noticeNo}`} extraStyle={PROOF_STYLE} bare>
      <main>
        <p class="no-print">
          <a href={link(`/notices/${notice.noticeNo}`)}>← {notice.noticeNo}</a>
        </p>
        <section class="proof">
          <p class="masthead">{publisher.masthead}</p>
          <h1>{text.proofHeading}</h1>
          <p>
            {filled(text.proofIntro, {
              date: localizedDate(editionDate, locale),
              masthead: quotedMasthead(publisher),
              position: notice.position ? filled(text.proofPosition, { position: positionLabel(notice.position, locale) }) : '',
            })}
          </p>
          <dl>
            <dt>{text.newspaper}</dt>
            <dd>{quotedMasthead(publisher)}</dd>
            <dt>{text.publisherName}</dt>
            <dd>{publisher.name}</dd>
            <dt>{text.editionDate}</dt>
            <dd>{localizedDate(editionDate, locale)}</dd>
            {notice.position ? (
              <>
                <dt>{text.position}</dt>
                <dd id="proof-position">{positionLabel(notice.position, locale)}</dd>
              </>
            ) : null}
            <dt>{text.noticeNo}</dt>
            <dd>{notice.noticeNo}</dd>
            {editionDate === notice.publishedOn ? null : (
              <>
                <dt>{text.published}</dt>
                <dd>{localizedDate(notice.publishedOn, locale)}</dd>
              </>
            )}
          </dl>
          <div class="notice-text">{notice.text}</div>
          <div class={props.offlineCode ? 'qr signed' : 'qr'} id="proof-qr" data-log-index={notice.logIndex === undefined ? undefined : String(notice.logIndex)}>
            <QrCode text={qrUrl} ecc={qrUrl.length > QR_M_CAPACITY ? 'L' : 'M'} />
            <p>
              {text.scanToVerify}
              <br />
              <a href={props.verifyUrl}>{props.verifyUrl}</a>
              <br />
              {props.offlineCode ? text.offlineNote : text.offlinePending}
            </p>
          </div>
          {props.offlineCode ? (
            <p class="proof-code">
              {text.offlineCode}
              {text.colon}
              <span id="proof-code">{props.offlineCode}</span>
            </p>
          ) : null}
          <footer class="issuer">
            <p>{filled(text.issuedBy, { name: publisher.name })}</p>
            <p>
              {text.address}
              {text.colon}
              {publisher.address} · {text.phone}
              {text.colon}
              {publisher.phone}
              {publisher.website ? ` · ${text.website}${text.colon}${publisher.website}` : ''}
            </p>
          </footer>
        </section>
      </main>
    </Frame>
  );
}

/** A page that could not be shown: its title and what went wrong, one paragraph each. */
function ErrorPage(props: { frame: PageFrame; title: string; reasons: readonly string[] }) {
  return (
    <Frame frame={props.frame} title={props.title}>
      <main>
        <h1>{props.title}</h1>
        {props.reasons.map((reason) => (
          <p>{reason}</p>
        ))}
      </main>
    </Frame>
  );
}

export function NotFoundPage(props: { frame: PageFrame }) {
  const text = TEXT[props.frame.locale];
  return <ErrorPage frame={props.frame} title={text.notFoundTitle} reasons={[text.notFound]} />;
}

/** A query the page cannot answer (a malformed date, a repeated parameter, a cursor not made here): each reason said. */
export function BadRequestPage(props: { frame: PageFrame; reasons?: readonly string[] }) {
  const text = TEXT[props.frame.locale];
  return <ErrorPage frame={props.frame} title={text.badRequestTitle} reasons={props.reasons ?? [text.badCursor]} />;
}
