import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { positionLabel } from '../../shared/domain/page-layout.js';
import type { PublisherIdentity } from '../../shared/domain/publisher.js';
import { editionLayout } from '../../shared/services/publication.js';
import { readEditionWithPlacements, type PublicNotice } from '../../shared/store/edition-store.js';
import { PUBLIC_KEYS } from '../../shared/store/public-keys.js';
import { addDays } from '../../shared/domain/editions.js';
import { allItems, json, physicianDeclaration } from '../support/declarations.js';
import { personalNumbersIn } from '../support/ids.js';
import { newsroom, nextEditionDate, publishOnItsDay, payFees } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

/** A newspaper other than the demo one, so every name on the pages is shown to come from configuration. */
const PAPER: PublisherIdentity = {
  name: '泉城某某日报社',
  masthead: '泉城某某日报',
  address: '济南市市中区某某路 88 号',
  phone: '0531-8290 1234',
  website: 'https://paper.example',
};

let system: TestSystem;
let editor: string;

beforeAll(async () => {
  system = await createTestSystem({ publisher: PAPER });
  editor = await system.auth.issueToken('editor');
});

const asEditor = (init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${editor}` } });

/** A void notice and enough loss notices that the page runs into a second column. */
function bodies(): unknown[] {
  return [
    { kind: 'void', declarant: { type: 'organization', name: '济南市历下区某某大药房有限公司' }, document: { type: 'drug_business_license', number: `鲁AA${String(Date.now() % 1e7).padStart(7, '0')}` }, contact: { phone: '13812345678' } },
    ...Array.from({ length: 16 }, () => physicianDeclaration()),
  ];
}

async function publicNotice(noticeNo: string): Promise<PublicNotice> {
  const response = await system.request(`/api/v1/notices/${noticeNo}`);
  expect(response.status).toBe(200);
  return (await response.json()) as PublicNotice;
}

describe('publisher identity and notice positions', () => {
  it('fixes each notice’s page position at publication, as the preview showed it, and keeps it with the notice', async () => {
    const room = newsroom(system);
    const date = nextEditionDate();
    const ids: string[] = [];
    for (const body of bodies()) {
      const { id } = await room.file(body);
      await room.decide(id, 'approve');
      ids.push(id);
    }
    expect((await system.request('/api/v1/editions', asEditor(json({ date })))).status).toBe(201);
    await payFees(system.request, `Bearer ${editor}`, ids);
    expect((await system.request(`/api/v1/editions/${date}/notices`, asEditor(json({ ids })))).status).toBe(200);
    const preview = await editionLayout(system, date);
    expect(preview.notices.every((notice) => notice.provisional)).toBe(true);
    // Loss notices first, then the void one under its own heading.
    expect(preview.notices.map((notice) => notice.section)).toEqual([...Array(16).fill('loss'), 'void']);
    expect(new Set(preview.notices.map((notice) => notice.position.column)).size).toBeGreaterThan(1);

    expect((await publishOnItsDay(system, date, asEditor({ method: 'POST' }))).status).toBe(200);
    const { placements } = await readEditionWithPlacements(system.store, date);
    const stored = new Map(placements.map((placement) => [placement.noticeNo, placement.position]));
    for (const notice of preview.notices) {
      // The preview's number and position are what publication gave, on the placement and the public notice alike.
      expect(stored.get(notice.noticeNo)).toEqual(notice.position);
      expect((await publicNotice(notice.noticeNo)).position).toEqual(notice.position);
    }
    const published = await editionLayout(system, date);
    expect(published.notices.map((notice) => [notice.noticeNo, notice.position])).toEqual(preview.notices.map((notice) => [notice.noticeNo, notice.position]));

    // Publishing again changes nothing.
    expect((await publishOnItsDay(system, date, asEditor({ method: 'POST' }))).status).toBe(200);
    expect((await readEditionWithPlacements(system.store, date)).placements.map((placement) => placement.position)).toEqual(placements.map((placement) => placement.position));

    // The print page sets each notice where it was placed and names the configured newspaper.
    const print = await system.request(`/api/v1/editions/${date}/print`, asEditor());
    expect(print.status).toBe(200);
    const html = await print.text();
    for (const text of [PAPER.masthead, PAPER.name, PAPER.address, PAPER.phone, '遗失声明', '作废声明', '第 1 版']) expect(html).toContain(text);
    for (const notice of preview.notices) {
      const { page, column, order } = notice.position;
      expect(html).toContain(`data-notice-no="${notice.noticeNo}" data-position="${page}-${column}-${order}"`);
    }
    expect(html).not.toContain('　');
    expect(personalNumbersIn(html)).toEqual([]);

    // The proof of publication names the paper, the edition, the position and the number; so does the notice page.
    const last = preview.notices.at(-1);
    if (!last) throw new Error('nothing laid out');
    const proof = await (await system.request(`/notices/${last.noticeNo}/proof`)).text();
    for (const text of [`《${PAPER.masthead}》`, PAPER.name, PAPER.address, PAPER.phone, positionLabel(last.position), last.noticeNo]) expect(proof).toContain(text);
    expect(proof).not.toContain('本平台刊登');
    const english = await (await system.request(`/notices/${last.noticeNo}/proof?lang=en`)).text();
    expect(english).toContain(positionLabel(last.position, 'en'));
    const noticePage = await (await system.request(`/notices/${last.noticeNo}`)).text();
    expect(noticePage).toContain(`《${PAPER.masthead}》`);
    expect(noticePage).toContain(positionLabel(last.position));
    // Seventeen declarations filed, decided and published through the routes: slow on a loaded machine.
  }, 120_000);

  it('fixes 第 N 期 when an edition is published, counting published editions only; a draft shows the number it would take, as provisional', async () => {
    const room = newsroom(system);
    const issueOf = async (date: string) => {
      const html = await (await system.request(`/api/v1/editions/${date}/print`, asEditor())).text();
      return { issue: Number(/第 (\d+) 期/.exec(html)?.[1]), provisional: html.includes('class="issue provisional"') };
    };
    const published = async () => (await allItems(system.store)).filter((item) => String(item.pk).startsWith('EDITION#') && item.sk === 'EDITION' && item.status === 'published').length;

    const { date } = await room.publish([physicianDeclaration()]);
    const issue = await published();
    expect(await issueOf(date)).toEqual({ issue, provisional: false });

    // Editions opened later, dated before it and never published, change nothing on its page.
    const drafts = [addDays(date, -10), addDays(date, -11)];
    for (const draft of drafts) expect((await system.request('/api/v1/editions', asEditor(json({ date: draft })))).status).toBe(201);
    expect(await issueOf(date)).toEqual({ issue, provisional: false });
    expect(await (await system.request(`/api/v1/editions/${date}`, asEditor())).json()).toMatchObject({ status: 'published', issueNo: issue });
    // A draft shows the number it would take if published now, marked provisional like its notice numbers.
    expect(await issueOf(drafts[0]!)).toEqual({ issue: issue + 1, provisional: true });

    const next = await room.publish([physicianDeclaration()]);
    expect(await issueOf(next.date)).toEqual({ issue: issue + 1, provisional: false });
    expect(await issueOf(drafts[0]!)).toEqual({ issue: issue + 2, provisional: true });
    expect(await issueOf(date)).toEqual({ issue, provisional: false });

    // Two editions published at the same moment never share a number.
    const together = [nextEditionDate(), nextEditionDate()];
    for (const day of together) {
      const { id } = await room.file(physicianDeclaration());
      await room.decide(id, 'approve');
      await payFees(system.request, `Bearer ${editor}`, [id]);
      expect((await system.request('/api/v1/editions', asEditor(json({ date: day })))).status).toBe(201);
      expect((await system.request(`/api/v1/editions/${day}/notices`, asEditor(json({ ids: [id] })))).status).toBe(200);
    }
    const runs = await Promise.all(together.map((day) => publishOnItsDay(system, day, asEditor({ method: 'POST' }))));
    expect(runs.map((run) => run.status)).toEqual([200, 200]);
    const issues = await Promise.all(together.map(async (day) => (await issueOf(day)).issue));
    expect(issues.sort((a, b) => a - b)).toEqual([issue + 2, issue + 3]);
  });

  it('shows a notice published before positions were kept without one, and still names the paper', async () => {
    const { date } = await newsroom(system).publish([physicianDeclaration()]);
    const noticeNo = `${date.replaceAll('-', '')}-0001`;
    // As a notice published before this change was stored: no position.
    await system.store.client.send(new UpdateCommand({ TableName: system.store.tableName, Key: PUBLIC_KEYS.notice(noticeNo), UpdateExpression: 'REMOVE #position', ExpressionAttributeNames: { '#position': 'position' } }));
    expect((await publicNotice(noticeNo)).position).toBeUndefined();
    const proof = await system.request(`/notices/${noticeNo}/proof`);
    expect(proof.status).toBe(200);
    const html = await proof.text();
    expect(html).toContain(`《${PAPER.masthead}》`);
    expect(html).toContain(noticeNo);
    expect(html).not.toContain('版面位置');
    expect(html).not.toMatch(/第\d+栏/);
  });
});
