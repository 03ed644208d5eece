import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiTime } from '../../shared/domain/editions.js';
import { allItems, json, physicianDeclaration } from '../support/declarations.js';
import { newsroom, payFees } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;
let editor: string;
let desk: ReturnType<typeof newsroom>;

beforeAll(async () => {
  system = await createTestSystem();
  editor = `Bearer ${await system.auth.issueToken('editor')}`;
  desk = newsroom(system);
});

/** Runs `work` at `hour`:`minute` Asia/Shanghai on `date` (the clock runs on from there). */
function at<T>(date: string, hour: number, minute: number, work: () => Promise<T>): Promise<T> {
  return system.clock.during(new Date(Date.parse(shanghaiTime(date, hour)) + minute * 60_000), work);
}

const asEditor = (init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: editor } });
const publish = (date: string) => system.request(`/api/v1/editions/${date}/publish`, asEditor({ method: 'POST' }));

/** Opens the edition of `date` and places one freshly approved declaration in it (the day before, 10:00). */
async function editionWithOneNotice(date: string): Promise<string> {
  return at(addDays(date, -1), 10, 0, async () => {
    expect((await system.request('/api/v1/editions', asEditor(json({ date })))).status).toBe(201);
    const { id } = await desk.file(physicianDeclaration());
    await desk.decide(id, 'approve');
    await payFees(system.request, editor, [id]);
    expect((await system.request(`/api/v1/editions/${date}/notices`, asEditor(json({ ids: [id] })))).status).toBe(200);
    return id;
  });
}

async function publicNotices(date: string): Promise<{ noticeNo: string; publishedOn: string; editionDate?: string }[]> {
  const response = await system.request(`/api/v1/notices?date=${date}`);
  return ((await response.json()) as { items: { noticeNo: string; publishedOn: string; editionDate?: string }[] }).items;
}

describe('editions that cannot lie (under a moving clock)', () => {
  it('refuses to publish before the edition’s date, changing nothing, and publishes from its first minute', async () => {
    const date = '2031-03-10';
    await editionWithOneNotice(date);
    const before = await allItems(system.store);
    for (const [day, hour, minute] of [[addDays(date, -2), 9, 0], [addDays(date, -1), 16, 0], [addDays(date, -1), 23, 59]] as const) {
      const refused = await at(day, hour, minute, () => publish(date));
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ status: 409, type: expect.stringContaining('edition-not-due'), date, publishableFrom: `${date}T00:00:00+08:00` });
    }
    expect(await allItems(system.store)).toEqual(before);

    const published = await at(date, 0, 1, () => publish(date));
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ status: 'published', noticeCount: 1, publishedNow: 1 });
    expect(await publicNotices(date)).toEqual([expect.objectContaining({ publishedOn: date, editionDate: date })]);
    // Running it again changes nothing.
    const beforeAgain = await allItems(system.store);
    expect((await at(date, 9, 0, () => publish(date))).status).toBe(200);
    expect(await allItems(system.store)).toEqual(beforeAgain);
  });

  it('refuses to publish an empty edition, changing nothing; the scheduled publisher leaves it and publishes the rest', async () => {
    const empty = '2031-04-01';
    const full = '2031-04-02';
    await at(addDays(empty, -1), 10, 0, async () => {
      expect((await system.request('/api/v1/editions', asEditor(json({ date: empty })))).status).toBe(201);
    });
    await editionWithOneNotice(full);
    const before = await allItems(system.store);
    const refused = await at(empty, 8, 0, () => publish(empty));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ type: expect.stringContaining('edition-empty'), date: empty });
    expect(await allItems(system.store)).toEqual(before);

    // On the morning of the second, both are due.
    const run = await at(full, 7, 0, () => system.runPublisher());
    expect(run.status).toBe(200);
    expect(await publicNotices(full)).toHaveLength(1);
    const editions = await allItems(system.store);
    expect(editions.find((item) => item.pk === `EDITION#${empty}` && item.sk === 'EDITION')).toMatchObject({ status: 'open' });
    expect(editions.find((item) => item.pk === `EDITION#${full}` && item.sk === 'EDITION')).toMatchObject({ status: 'published' });
  });

  it('dates a notice by the day it became public when its edition is published late, everywhere the public looks', async () => {
    const date = '2031-05-06';
    const id = await editionWithOneNotice(date);
    const late = addDays(date, 2);
    expect((await at(late, 9, 30, () => publish(date))).status).toBe(200);
    // Listed under the day it became public, with the edition it was printed in; never under an earlier day.
    expect(await publicNotices(date)).toEqual([]);
    const [notice] = await publicNotices(late);
    expect(notice).toMatchObject({ noticeNo: `${date.replaceAll('-', '')}-0001`, publishedOn: late, editionDate: date });
    const single = (await (await system.request(`/api/v1/notices/${notice!.noticeNo}`)).json()) as { publishedOn: string };
    expect(single.publishedOn).toBe(late);
    // The public list of days names the day it became public, not the edition's.
    const days = (await allItems(system.store)).filter((item) => item.pk === 'PUB#DATES').map((item) => [item.date, item.noticeCount]);
    expect(days).toContainEqual([late, 1]);
    expect(days.map(([day]) => day)).not.toContain(date);
    const declaration = (await allItems(system.store)).find((item) => item.pk === `DECL#${id}` && item.sk === 'DECL');
    expect(declaration).toMatchObject({ status: 'published' });
  });

  it('lists editions with their state, cut-off and publication time in Asia/Shanghai and counts, offering the next open one', async () => {
    const list = await at('2031-06-10', 16, 0, async () => {
      expect((await system.request('/api/v1/editions', asEditor(json({ date: '2031-06-12' })))).status).toBe(201);
      return (await (await system.request('/api/v1/editions', asEditor())).json()) as {
        items: { date: string; state: string; cutoffAt: string; publishAt: string; noticeCount: number }[];
        nextOpen: { date: string; cutoffAt: string; exists: boolean };
        counts: Record<string, number>;
      };
    });
    // 16:00 on the 10th: the 11th's cut-off has passed, so the 12th is the next open edition.
    expect(list.nextOpen).toEqual({ date: '2031-06-12', cutoffAt: '2031-06-11T15:00:00+08:00', exists: true });
    expect(list.items.find((entry) => entry.date === '2031-06-12')).toMatchObject({ state: 'open', publishAt: '2031-06-12T06:00:00+08:00', noticeCount: 0 });
    expect(list.items.find((entry) => entry.date === '2031-06-13')).toMatchObject({ state: 'upcoming' });
    expect(list.items.find((entry) => entry.date === '2031-05-06')).toMatchObject({ state: 'published', noticeCount: 1 });
    expect(list.items.find((entry) => entry.date === '2031-04-01')).toMatchObject({ state: 'closed', noticeCount: 0 });
    expect(list.counts).toMatchObject({ open: 1, upcoming: 6 });
    expect(list.counts.published).toBeGreaterThanOrEqual(3);
    const dates = list.items.map((entry) => entry.date);
    expect(dates).toEqual([...dates].sort().reverse());

    // The console shows the same, and asks before publishing, saying what will happen.
    // The console signs in through the local OIDC provider: its pages take the session cookie, not a bearer token.
    const cookie = await system.signIn('editor');
    const asEditorPage = (init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
    const page = await at('2031-06-10', 16, 0, () => system.request('/staff/editions?lang=en', asEditorPage()));
    const html = await page.text();
    expect(html).toContain('2031-06-12');
    expect(html).toContain('2031-06-11 15:00');
    const origin = { origin: 'http://127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' };
    const confirm = await at('2031-06-12', 7, 0, () =>
      system.request('/staff/editions/publish?lang=en', asEditorPage({ method: 'POST', headers: origin, body: 'date=2031-06-12' })),
    );
    expect(confirm.status).toBe(409);
    expect(await confirm.text()).toContain('It has no notices');
    const early = await editionWithOneNotice('2031-06-20');
    expect(early).toBeTruthy();
    const ask = await at('2031-06-20', 7, 0, () => system.request('/staff/editions/publish?lang=en', asEditorPage({ method: 'POST', headers: origin, body: 'date=2031-06-20' })));
    expect(await ask.text()).toContain('1 notices become public now, numbered 20310620-0001 to 20310620-0001, dated 2031-06-20');
    expect((await publicNotices('2031-06-20'))).toEqual([]);
  });
});
