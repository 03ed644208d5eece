import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiTime } from '../../shared/domain/editions.js';
import { EditionNotDeletable, StaleVersion } from '../../shared/domain/errors.js';
import { deleteEdition, placeInEditions } from '../../shared/services/publication.js';
import { readEditionWithPlacements } from '../../shared/store/edition-store.js';
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

    // A garbled body is refused before anything is published; no body, an empty one and {} are alike.
    const garbled = await at(date, 0, 1, () => system.request(`/api/v1/editions/${date}/publish`, asEditor({ method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '11' }, body: '{"confirm":' })));
    expect(garbled.status).toBe(400);
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

/** The staff API's answer as JSON (problems included). */
async function answer(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

const create = (date: string) => system.request('/api/v1/editions', asEditor(json({ date })));
const remove = (date: string) => system.request(`/api/v1/editions/${date}`, asEditor({ method: 'DELETE' }));
const place = (date: string, ids: unknown[]) => system.request(`/api/v1/editions/${date}/notices`, asEditor(json({ ids })));

describe('which editions exist', () => {
  it('opens editions from today (Asia/Shanghai) to 366 days ahead only; any other date is a 400 naming date, and nothing is stored', async () => {
    const today = '2033-01-05';
    await at(today, 10, 0, async () => {
      const before = await allItems(system.store);
      for (const date of ['2020-01-01', addDays(today, -1), addDays(today, 367), '9999-12-31']) {
        const refused = await create(date);
        expect(refused.status, date).toBe(400);
        expect(await answer(refused)).toMatchObject({ type: expect.stringContaining('validation-error'), errors: [{ path: 'date', message: expect.stringContaining(addDays(today, 366)) }] });
      }
      expect(await allItems(system.store)).toEqual(before);
      expect((await create(addDays(today, 366))).status).toBe(201);
    });
    // Just after midnight in Shanghai (16:01 UTC the day before) today's edition may be opened.
    expect((await at(today, 0, 1, () => create(today))).status).toBe(201);
  });

  it('offers the nearest open edition as nextOpen, however many editions are opened after it', async () => {
    const today = '2033-03-01';
    const list = await at(today, 10, 0, async () => {
      // More editions after the nearest one than one page of the list holds (30, newest first).
      for (let offset = 0; offset < 35; offset += 1) expect((await create(addDays('2033-04-01', offset))).status).toBe(201);
      expect((await create('2033-03-04')).status).toBe(201);
      return (await answer(await system.request('/api/v1/editions', asEditor()))) as { nextOpen: unknown };
    });
    expect(list.nextOpen).toEqual({ date: '2033-03-04', cutoffAt: '2033-03-03T15:00:00+08:00', exists: true });
  });

  it('deletes an edition that is empty and unpublished (204), and refuses one with notices or published (409)', async () => {
    const today = '2033-06-01';
    const empty = '2033-06-20';
    const withNotice = '2033-06-21';
    await at(today, 10, 0, async () => {
      expect((await create(empty)).status).toBe(201);
      expect((await remove(empty)).status).toBe(204);
      expect((await system.request(`/api/v1/editions/${empty}`, asEditor())).status).toBe(404);
      expect((await allItems(system.store)).filter((item) => item.pk === `EDITION#${empty}` || (item.pk === 'EDITIONS' && item.sk === empty))).toEqual([]);
      expect((await remove(empty)).status).toBe(404);
      // Deleted, its date can be opened again.
      expect((await create(empty)).status).toBe(201);
    });
    await editionWithOneNotice(withNotice);
    const refused = await at(today, 10, 0, () => remove(withNotice));
    expect(refused.status).toBe(409);
    expect(await answer(refused)).toMatchObject({ type: expect.stringContaining('edition-not-deletable'), date: withNotice });
    expect((await at(withNotice, 8, 0, () => publish(withNotice))).status).toBe(200);
    const published = await at(withNotice, 9, 0, () => remove(withNotice));
    expect(published.status).toBe(409);
    expect(await answer(published)).toMatchObject({ type: expect.stringContaining('edition-not-deletable'), date: withNotice });

    // The console offers deletion for the empty edition only, and says what it did.
    const cookie = await system.signIn('editor');
    const headers = { cookie, origin: 'http://127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' };
    const desk = await at(today, 10, 0, async () => (await system.request('/staff/editions?lang=en', { headers: { cookie } })).text());
    const deleteForms = [...desk.matchAll(/action="\/staff\/editions\/delete[^"]*"[^>]*>\s*<input type="hidden" name="date" value="([\d-]+)"/g)].map((match) => match[1]);
    expect(deleteForms).toContain(empty);
    expect(deleteForms).not.toContain(withNotice);
    const deleted = await at(today, 10, 0, () => system.request('/staff/editions/delete?lang=en', { method: 'POST', headers, body: `date=${empty}` }));
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toContain(`Edition of ${empty} deleted.`);
    const kept = await at(today, 10, 0, () => system.request('/staff/editions/delete?lang=en', { method: 'POST', headers, body: `date=${withNotice}` }));
    expect(kept.status).toBe(409);
    expect(await kept.text()).toContain('cannot be deleted');
  });
});

describe('deleting an edition while a notice is placed in it', () => {
  it('keeps the edition when a placement lands between the check that it is empty and the delete', async () => {
    const date = '2033-07-20';
    await at('2033-07-01', 10, 0, async () => {
      expect((await create(date)).status).toBe(201);
      const { id } = await desk.file(physicianDeclaration());
      await desk.decide(id, 'approve');
      await payFees(system.request, editor, [id]);
      let raced = false;
      // Derived from the real client (as the SDK's paginators require); the placement runs just before the delete's transaction.
      const client: DynamoDBDocumentClient = Object.create(system.store.client);
      client.send = (async (command: unknown) => {
        if (command instanceof TransactWriteCommand && !raced && command.input.TransactItems?.some((item) => item.Delete)) {
          raced = true;
          expect((await place(date, [id])).status).toBe(200);
        }
        return system.store.client.send(command as never);
      }) as DynamoDBDocumentClient['send'];
      await expect(deleteEdition({ store: { ...system.store, client } }, date)).rejects.toBeInstanceOf(EditionNotDeletable);
      expect(raced).toBe(true);
      expect((await readEditionWithPlacements(system.store, date)).placements.map((placement) => placement.declarationId)).toEqual([id]);
    });
  });
});

describe('placing several declarations', () => {
  it('places all or none: a refused id refuses the request, naming each one by its place in ids, and nothing is placed', async () => {
    const date = '2033-09-10';
    await at(addDays(date, -3), 10, 0, async () => {
      expect((await create(date)).status).toBe(201);
      const approved = (await desk.file(physicianDeclaration())).id;
      const submitted = (await desk.file(physicianDeclaration())).id;
      const other = (await desk.file(physicianDeclaration())).id;
      await desk.decide(approved, 'approve');
      await payFees(system.request, editor, [approved, submitted, other]);
      const before = await allItems(system.store);

      const refused = await place(date, [approved, submitted, approved, other]);
      expect(refused.status).toBe(409);
      expect(await answer(refused)).toMatchObject({
        type: expect.stringContaining('wrong-state'),
        action: 'schedule',
        ids: [submitted, other],
        errors: [
          { path: 'ids[1]', id: submitted, currentStatus: 'submitted', message: expect.stringContaining(submitted) },
          { path: 'ids[3]', id: other, currentStatus: 'submitted', message: expect.stringContaining(other) },
        ],
      });
      // Nothing was placed, scheduled, audited or told.
      expect(await allItems(system.store)).toEqual(before);

      // A malformed id is named where it stands, before anything is read.
      const malformed = await place(date, [approved, 'a'.repeat(3000)]);
      expect(malformed.status).toBe(400);
      expect(await answer(malformed)).toMatchObject({ errors: [{ path: 'ids[1]' }] });

      // All placeable (one given twice): placed once, the answer as it always was.
      const placed = await place(date, [approved, approved]);
      expect(placed.status).toBe(200);
      expect(await answer(placed)).toEqual({ placed: [approved] });
    });
  });
});

describe('two editors placing the same declarations at once', () => {
  /** A placement context in which another editor places `contested` into `otherDate` just before its first write of it. */
  function racedOver(contested: string, otherDate: string) {
    let raced = false;
    const client: DynamoDBDocumentClient = Object.create(system.store.client);
    client.send = (async (command: unknown) => {
      const placesContested = command instanceof TransactWriteCommand && command.input.TransactItems?.some((item) => item.Put?.Item?.sk === `SLOT#${contested}`);
      if (placesContested && !raced) {
        raced = true;
        expect((await place(otherDate, [contested])).status).toBe(200);
      }
      return system.store.client.send(command as never);
    }) as DynamoDBDocumentClient['send'];
    const context = { store: { ...system.store, client }, now: system.clock.now, lookupHasher: () => Promise.reject(new Error('placement hashes nothing')) };
    return { context, happened: () => raced };
  }

  it('places a request whole or not at all: one whose declaration another editor placed meanwhile places none of its own', async () => {
    const [first, second] = ['2033-10-10', '2033-10-11'];
    await at('2033-10-01', 10, 0, async () => {
      for (const date of [first, second]) expect((await create(date)).status).toBe(201);
      const ids: string[] = [];
      for (let i = 0; i < 2; i += 1) ids.push((await desk.file(physicianDeclaration())).id);
      const [mine, contested] = ids as [string, string];
      for (const id of ids) await desk.decide(id, 'approve');
      await payFees(system.request, editor, ids);
      // The other editor places `contested` just before this request writes its placement of it.
      const race = racedOver(contested, second);
      await expect(placeInEditions(race.context, first, [mine, contested], 1, 'staff:test')).rejects.toBeInstanceOf(StaleVersion);
      expect(race.happened()).toBe(true);
      // Nothing of the refused request stayed: `mine` is approved and in no edition, ready to be placed again.
      expect((await readEditionWithPlacements(system.store, first)).placements).toEqual([]);
      expect((await readEditionWithPlacements(system.store, second)).placements.map((placement) => placement.declarationId)).toEqual([contested]);
      expect(await answer(await system.request(`/api/v1/moderation/declarations/${mine}`, asEditor()))).toMatchObject({ status: 'approved' });
      expect((await place(first, [mine])).status).toBe(200);
    });
  });

  it('places a request larger than one transaction holds a transaction at a time; a part refused by a race names what was placed', async () => {
    const [date, other] = ['2033-11-10', '2033-11-11'];
    await at('2033-11-01', 10, 0, async () => {
      for (const edition of [date, other]) expect((await create(edition)).status).toBe(201);
      const ids: string[] = [];
      for (let i = 0; i < 60; i += 1) ids.push((await desk.file(physicianDeclaration())).id);
      for (const id of ids) await desk.decide(id, 'approve');
      await payFees(system.request, editor, ids);
      // 30 do not fit one transaction: all are placed.
      const whole = ids.slice(0, 30);
      expect(await answer(await place(date, whole))).toEqual({ placed: whole });
      expect((await readEditionWithPlacements(system.store, date)).placements).toHaveLength(30);

      // Another editor takes one of the second part first: the first part stays placed and the 409 says which.
      const rest = ids.slice(30);
      const contested = rest.at(-1) as string;
      const race = racedOver(contested, other);
      const refusal = await placeInEditions(race.context, date, rest, 1, 'staff:test').catch((error: unknown) => error);
      expect(race.happened()).toBe(true);
      expect(refusal).toBeInstanceOf(StaleVersion);
      const { placed } = refusal as StaleVersion;
      expect(placed.length).toBeGreaterThan(0);
      expect(placed).toEqual(rest.slice(0, placed.length));
      const inEdition = (await readEditionWithPlacements(system.store, date)).placements.map((placement) => placement.declarationId);
      expect(new Set(inEdition)).toEqual(new Set([...whole, ...placed]));
    });
  });
});

describe('editions published at the same moment', () => {
  it('publishes every notice of each, however many publishers append to the log at once', async () => {
    const dates = ['2034-01-10', '2034-01-11', '2034-01-12', '2034-01-13'];
    await at('2034-01-05', 10, 0, async () => {
      for (const date of dates) {
        expect((await create(date)).status).toBe(201);
        const ids: string[] = [];
        for (let i = 0; i < 5; i += 1) ids.push((await desk.file(physicianDeclaration())).id);
        for (const id of ids) await desk.decide(id, 'approve');
        await payFees(system.request, editor, ids);
        expect((await place(date, ids)).status).toBe(200);
      }
    });
    const answers = await at('2034-01-13', 8, 0, () => Promise.all([...dates, ...dates].map((date) => publish(date))));
    expect(answers.map((published) => published.status)).toEqual(answers.map(() => 200));
    for (const date of dates) {
      const { edition, placements } = await readEditionWithPlacements(system.store, date);
      expect(edition?.status).toBe('published');
      expect(placements.filter((placement) => placement.publishedAt === undefined)).toEqual([]);
    }
  });
});

describe('paging through the notices of an edition published late', () => {
  it('lists every notice once, page by page, under the day it became public and across days', async () => {
    const date = '2034-02-10';
    const late = addDays(date, 3);
    const ids: string[] = [];
    await at(addDays(date, -2), 10, 0, async () => {
      expect((await create(date)).status).toBe(201);
      for (let i = 0; i < 3; i += 1) ids.push((await desk.file(physicianDeclaration())).id);
      for (const id of ids) await desk.decide(id, 'approve');
      await payFees(system.request, editor, ids);
      expect((await place(date, ids)).status).toBe(200);
    });
    expect((await at(late, 9, 0, () => publish(date))).status).toBe(200);
    const numbers = [1, 2, 3].map((n) => `${date.replaceAll('-', '')}-000${n}`).reverse();
    for (const query of [`date=${late}&`, '']) {
      const listed: string[] = [];
      let cursor: string | undefined;
      do {
        const response = await system.request(`/api/v1/notices?${query}limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status, await response.clone().text()).toBe(200);
        const page = (await response.json()) as { items: { noticeNo: string }[]; next?: string };
        listed.push(...page.items.map((notice) => notice.noticeNo));
        cursor = page.next;
      } while (cursor && listed.length < 10);
      expect(listed.filter((noticeNo) => noticeNo.startsWith(date.replaceAll('-', '')))).toEqual(numbers);
    }
  });
});
