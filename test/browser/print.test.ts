import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLASSIFIED_PAGE, lineCount, positionLabel } from '../../shared/domain/page-layout.js';
import { DEMO_PUBLISHER } from '../../shared/domain/publisher.js';
import { ARTIFACTS_DIR, screenshotPath, useServedBrowser } from '../support/browser.js';
import { HOLDER_ID, json, physicianDeclaration } from '../support/declarations.js';
import type { TestSystem } from '../support/system.js';
import { documentTypeByCode } from '../../shared/domain/catalogue.js';
import { newsroom } from '../support/publishing.js';
import { FIXTURES } from '../unit/domain/fixtures.js';

const NAMES = ['张三', '李四', '王五', '赵六', '孙七', '周八', '吴九', '郑十', '钱一', '陈二', '刘明', '杨华', '黄伟', '林芳', '何静', '马强'];
let date = '';
let editor = '';
let noticeCount = 0;

/** One of every document type lost, two seals and a licence declared void, and many certificates: a full classified page. */
function editionBodies(): unknown[] {
  const lost = Object.values(FIXTURES).map((fixture, index) => ({
    kind: 'loss',
    declarant:
      fixture.declarant.type === 'person' ? { ...fixture.declarant, name: NAMES[index % NAMES.length], idNumber: HOLDER_ID } : fixture.declarant,
    document: fixture.document,
    contact: { phone: '13812345678' },
  }));
  const voided = [FIXTURES.official_seal, FIXTURES.finance_seal, FIXTURES.food_business_license].map((fixture) => ({
    kind: 'void',
    declarant: { type: 'organization', name: '济南某某建材有限公司' },
    document: { ...fixture.document, ...(typeof fixture.document.number === 'string' ? { number: `${fixture.document.number.slice(0, -2)}99` } : {}) },
    contact: { phone: '13812345678' },
  }));
  // A day's run of lost practising certificates fills the rest of the page.
  const physicians = [...NAMES, ...NAMES, ...NAMES].map((name) => ({ ...physicianDeclaration(), declarant: { type: 'person', name, idNumber: HOLDER_ID } }));
  return [...lost, ...voided, ...physicians];
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');

/** Uploads a proof file through the local stand-in for S3, as the filing page does; its attachment id. */
async function uploadProof(system: TestSystem): Promise<string> {
  const started = await system.request('/api/v1/attachments', json({ contentType: 'application/pdf', size: PDF.length }));
  const { id, upload } = (await started.json()) as { id: string; upload: { url: string; fields: Record<string, string> } };
  const form = new FormData();
  for (const [field, value] of Object.entries(upload.fields)) form.append(field, value);
  form.append('file', new File([PDF], 'proof.pdf', { type: 'application/pdf' }));
  expect((await system.request(upload.url, { method: 'POST', body: form })).status).toBe(204);
  return id;
}

/** Each body, with a proof file attached where its document type requires one. */
async function withProofs(system: TestSystem, bodies: readonly unknown[]): Promise<unknown[]> {
  const attached: unknown[] = [];
  for (const body of bodies) {
    const { document } = body as { document: { type: string } };
    attached.push(documentTypeByCode(document.type)?.requiresProof ? { ...(body as object), attachments: [await uploadProof(system)] } : body);
  }
  return attached;
}

const { served, browser } = useServedBrowser(async ({ system }) => {
  const bodies = await withProofs(system, editionBodies());
  noticeCount = bodies.length;
  ({ date } = await newsroom(system).publish(bodies));
  editor = await system.auth.issueToken('editor');
});

describe('the classified page', () => {
  it('sets every notice whole in its column, prints to PDF and names the paper; the proof gives the same position', async () => {
    const page = await browser().newPage({ viewport: { width: 1200, height: 1600 }, locale: 'zh-CN' });
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${editor}` });
    const response = await page.goto(`${served().baseUrl}/api/v1/editions/${date}/print`);
    expect(response?.status()).toBe(200);

    const notices = await page.locator('.notice').evaluateAll((elements) => {
      // The tests compile without the DOM library; in the page, this is window.getComputedStyle.
      const lineHeightOf = (element: unknown) => (globalThis as unknown as { getComputedStyle(of: unknown): { lineHeight: string } }).getComputedStyle(element).lineHeight;
      return elements.map((element) => ({
        noticeNo: element.getAttribute('data-notice-no') ?? '',
        position: element.getAttribute('data-position') ?? '',
        text: [...element.childNodes].slice(1).map((node) => node.textContent).join(''),
        lines: element.getBoundingClientRect().height / parseFloat(lineHeightOf(element)),
        // A number split across two lines would have two client rects.
        splitRuns: [...element.querySelectorAll('.nowrap:not(.long)')].filter((run) => run.getClientRects().length !== 1).map((run) => run.textContent),
      }));
    });
    expect(notices.length).toBe(noticeCount);
    expect(notices.flatMap((notice) => notice.splitRuns)).toEqual([]);
    // The layout's estimate of each notice's lines is never short of what the browser set (else a column would
    // overrun), and not much over it (else the columns would be half empty).
    const estimated = notices.map((notice) => lineCount(`${notice.noticeNo} ${notice.text}`, CLASSIFIED_PAGE.charsPerLine));
    notices.forEach((notice, index) => {
      // Whole lines of the leading: no line box is taller than the rest (else columns drift past their foot).
      expect(Math.abs(notice.lines - Math.round(notice.lines)), notice.noticeNo).toBeLessThan(0.01);
      expect(estimated[index], `${notice.noticeNo} ${notice.text}`).toBeGreaterThanOrEqual(Math.round(notice.lines));
    });
    const total = (lines: readonly number[]) => lines.reduce((sum, n) => sum + n, 0);
    console.log(`lines estimated ${total(estimated)}, set ${total(notices.map((notice) => Math.round(notice.lines)))}`);
    const compact = date.replaceAll('-', '');
    expect(notices.map((notice) => notice.noticeNo)).toEqual(notices.map((_, index) => `${compact}-${String(index + 1).padStart(4, '0')}`));

    // No column runs past its foot: the layout's line estimate holds for the real font.
    const overflows = await page.locator('.column').evaluateAll((columns) =>
      columns.filter((column) => {
        const last = column.lastElementChild;
        return last !== null && last.getBoundingClientRect().bottom > column.getBoundingClientRect().bottom + 1;
      }).length,
    );
    expect(overflows).toBe(0);
    const masthead = await page.locator('.masthead').first().textContent();
    expect(masthead).toContain(DEMO_PUBLISHER.masthead);
    expect(masthead).toMatch(/第 \d+ 期/);
    expect(await page.locator('.heading').allTextContents()).toEqual(['遗失声明', '作废声明']);
    await page.screenshot({ path: screenshotPath('print-page'), fullPage: true });

    // The PDF as the paper's press would get it, rendered back to an image to look at.
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const directory = mkdtempSync(join(tmpdir(), 'print-'));
    const pdfPath = join(directory, 'print-page.pdf');
    writeFileSync(pdfPath, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))?.[1]);
    // One printed page per sheet: nothing spills onto a page of its own.
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBe(await page.locator('.sheet').count());
    const pdfText = execFileSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' });
    for (const { noticeNo } of notices) expect(pdfText).toContain(noticeNo);
    expect(pdfText).toContain(DEMO_PUBLISHER.phone);
    execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdfPath, join(ARTIFACTS_DIR, 'print-page-pdf')]);

    // The proof of a notice from the second column on: it names the paper and the position the page set it in.
    const target = notices.find((notice) => !notice.position.startsWith('1-1-')) ?? notices[0];
    if (!target) throw new Error('no notice printed');
    const [pageNo = 0, column = 0, order = 0] = target.position.split('-').map(Number);
    const proof = await browser().newPage({ viewport: { width: 900, height: 1200 }, locale: 'zh-CN' });
    expect((await proof.goto(`${served().baseUrl}/notices/${target.noticeNo}/proof`))?.status()).toBe(200);
    const proofText = (await proof.locator('.proof').textContent()) ?? '';
    expect(proofText).toContain(`《${DEMO_PUBLISHER.masthead}》`);
    expect(proofText).toContain(DEMO_PUBLISHER.name);
    expect(proofText).toContain(DEMO_PUBLISHER.address);
    expect(proofText).toContain(DEMO_PUBLISHER.phone);
    expect(proofText).toContain(positionLabel({ page: pageNo, column, order }));
    expect(proofText).toContain(target.noticeNo);
    await proof.screenshot({ path: screenshotPath('proof-of-publication'), fullPage: true });
  });
});
