import { beforeAll, describe, expect, it } from 'vitest';
import { payFees, publishOnItsDay } from '../support/publishing.js';
import { createLocalSystem } from '../../scripts/local-server.js';
import { addDays, shanghaiDate, shanghaiTime } from '../../shared/domain/editions.js';
import { publishEdition } from '../../shared/services/publication.js';
import { createLookupHasher } from '../../shared/services/lookup-key.js';
import { listAudit } from '../../shared/store/declaration-store.js';
import { allItems, json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { personalNumbersIn } from '../support/ids.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;
let moderator: string;
let editor: string;
let editionSequence = 0;

beforeAll(async () => {
  system = await createTestSystem();
  moderator = await system.auth.issueToken('moderator');
  editor = await system.auth.issueToken('editor');
});

const staff = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` },
});

/** A fresh future edition date per test, well before its cut-off. */
function nextEditionDate(): string {
  editionSequence += 1;
  return addDays(shanghaiDate(new Date()), 10 + editionSequence * 7);
}

async function fileOne(body: unknown = physicianDeclaration()): Promise<{ id: string; receipt: string }> {
  const response = await system.request('/api/v1/declarations', json(body));
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; receipt: string };
}

async function decide(id: string, action: string, version: number, reason?: string): Promise<Response> {
  return system.request(`/api/v1/moderation/declarations/${id}/decision`, staff(moderator, json({ action, version, ...(reason ? { reason } : {}) })));
}

async function approvedDeclaration(): Promise<string> {
  const { id } = await fileOne();
  expect((await decide(id, 'approve', 1)).status).toBe(200);
  return id;
}

async function openEdition(date: string): Promise<void> {
  const response = await system.request('/api/v1/editions', staff(editor, json({ date })));
  expect(response.status).toBe(201);
}

async function place(date: string, ids: string[], days = 1): Promise<Response> {
  await payFees(system.request, `Bearer ${editor}`, ids);
  return system.request(`/api/v1/editions/${date}/notices`, staff(editor, json({ ids, days })));
}

describe('moderation', () => {
  it('lists submitted declarations oldest first with full details, paginated', async () => {
    const first = await fileOne();
    const second = await fileOne();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const response = await system.request(`/api/v1/moderation/queue?limit=1${cursor ? `&cursor=${cursor}` : ''}`, staff(moderator));
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { id: string; declaration: { declarant: { idNumber: string } } }[]; next?: string };
      seen.push(...page.items.map((item) => item.id));
      cursor = page.next;
    } while (cursor);
    expect(seen.indexOf(first.id)).toBeLessThan(seen.indexOf(second.id));
    expect(seen.indexOf(first.id)).toBeGreaterThanOrEqual(0);
  });

  it('refuses a forged cursor with 400', async () => {
    const forged = Buffer.from(JSON.stringify({ pk: 'PUB#DATES', sk: 'x' })).toString('base64url');
    expect((await system.request(`/api/v1/moderation/queue?cursor=${forged}`, staff(moderator))).status).toBe(400);
  });

  it('shows a declaration in full with its audit trail', async () => {
    const { id } = await fileOne();
    const response = await system.request(`/api/v1/moderation/declarations/${id}`, staff(moderator));
    const body = (await response.json()) as { audit: unknown[]; declaration: { declarant: { idNumber: string } } };
    expect(body.declaration.declarant.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(body.audit).toEqual([expect.objectContaining({ action: 'submit', actor: 'citizen' })]);
  });

  it('requires a reason to reject or request changes, and the version', async () => {
    const { id } = await fileOne();
    expect((await decide(id, 'reject', 1)).status).toBe(400);
    expect((await system.request(`/api/v1/moderation/declarations/${id}/decision`, staff(moderator, json({ action: 'approve' })))).status).toBe(400);
    const rejected = await decide(id, 'reject', 1, '证件号码与证明材料不符');
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toMatchObject({ status: 'rejected', reason: '证件号码与证明材料不符', version: 2 });
  });

  it('answers a stale version with 409 and records nothing', async () => {
    const { id } = await fileOne();
    expect((await decide(id, 'approve', 1)).status).toBe(200);
    expect((await decide(id, 'reject', 1, '晚了')).status).toBe(409);
    expect((await listAudit(system.store, id)).map((entry) => entry.action)).toEqual(['submit', 'approve']);
  });

  it('records exactly one decision when 20 moderators race', async () => {
    const { id } = await fileOne();
    const actions = ['approve', 'reject', 'request_changes'];
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => decide(id, actions[i % 3] ?? 'approve', 1, '理由')),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(19);
    expect((await listAudit(system.store, id)).filter((entry) => entry.action !== 'submit')).toHaveLength(1);
  });
});

describe('editions and publication', () => {
  it('runs submit → approve → schedule → publish, numbering notices and writing only masked public records', async () => {
    const date = nextEditionDate();
    await openEdition(date);
    const ids = [await approvedDeclaration(), await approvedDeclaration()];
    const placed = await place(date, ids);
    expect(placed.status).toBe(200);
    const publish = await publishOnItsDay(system, date, staff(editor, { method: 'POST' }));
    expect(publish.status).toBe(200);
    expect(await publish.json()).toMatchObject({ status: 'published', noticeCount: 2, publishedNow: 2 });

    const items = await allItems(system.store);
    const publicItems = items.filter((item) => String(item.pk).startsWith('PUB#'));
    const compact = date.replaceAll('-', '');
    const notices = publicItems.filter((item) => String(item.pk).startsWith('PUB#NOTICE#')).map((item) => item.noticeNo);
    expect(notices).toEqual(expect.arrayContaining([`${compact}-0001`, `${compact}-0002`]));
    expect(personalNumbersIn(JSON.stringify(publicItems))).toEqual([]);
    // Lookup items are keyed by a keyed hash of the number, never the number (the printed text shows it anyway).
    const lookupKeys = publicItems.filter((item) => String(item.pk).startsWith('PUB#LOOKUP#')).map((item) => `${item.pk} ${item.sk}`);
    expect(lookupKeys.length).toBeGreaterThanOrEqual(2);
    for (const id of ids) {
      const declaration = items.find((item) => item.pk === `DECL#${id}` && item.sk === 'DECL');
      expect(declaration?.status).toBe('published');
      expect(lookupKeys.join('\n')).not.toContain(String(declaration?.numberKey));
      expect(lookupKeys.some((key) => key.startsWith(`PUB#LOOKUP#${createLookupHasher(system.lookupKey)(String(declaration?.numberKey))}`))).toBe(true);
    }

    const again = await publishOnItsDay(system, date, staff(editor, { method: 'POST' }));
    expect(await again.json()).toMatchObject({ status: 'published', noticeCount: 2, publishedNow: 0 });
    expect((await allItems(system.store)).length).toBe(items.length);
  });

  it('publishes every notice once with gap-free numbers when two editors publish at once', async () => {
    const date = nextEditionDate();
    await openEdition(date);
    const ids = await Promise.all(Array.from({ length: 6 }, () => approvedDeclaration()));
    expect((await place(date, ids)).status).toBe(200);
    const [a, b] = await Promise.all([
      publishOnItsDay(system, date, staff(editor, { method: 'POST' })),
      publishOnItsDay(system, date, staff(editor, { method: 'POST' })),
    ]);
    const results = [(await a.json()) as { publishedNow: number }, (await b.json()) as { publishedNow: number }];
    expect(results[0]!.publishedNow + results[1]!.publishedNow).toBe(6);
    const numbers = (await allItems(system.store))
      .filter((item) => String(item.pk).startsWith(`PUB#DATE#${date}`))
      .map((item) => String(item.noticeNo))
      .sort();
    const compact = date.replaceAll('-', '');
    expect(numbers).toEqual(Array.from({ length: 6 }, (_, i) => `${compact}-${String(i + 1).padStart(4, '0')}`));
  });

  it('resumes an interrupted publication without duplicates', async () => {
    const date = nextEditionDate();
    await openEdition(date);
    const ids = await Promise.all(Array.from({ length: 4 }, () => approvedDeclaration()));
    expect((await place(date, ids)).status).toBe(200);
    // The lookup key fails after two notices: the run stops half-way, as a crash would.
    let calls = 0;
    const failing = {
      store: system.store,
      now: () => new Date(shanghaiTime(date, 7)),
      lookupHasher: async () => {
        const hash = createLookupHasher('k');
        return (value: string) => {
          calls += 1;
          if (calls > 2) throw new Error('crash');
          return hash(value);
        };
      },
    };
    await expect(publishEdition(failing, date, 'test')).rejects.toThrow('crash');
    const published = (await allItems(system.store)).filter((item) => String(item.pk) === `PUB#DATE#${date}`);
    expect(published).toHaveLength(2);
    const resumed = await publishOnItsDay(system, date, staff(editor, { method: 'POST' }));
    expect(await resumed.json()).toMatchObject({ noticeCount: 4, publishedNow: 2 });
    const final = (await allItems(system.store)).filter((item) => String(item.pk) === `PUB#DATE#${date}`);
    expect(final.map((item) => item.noticeNo).sort()).toEqual([1, 2, 3, 4].map((n) => `${date.replaceAll('-', '')}-000${n}`));
    // A repeated run appends nothing: each number's lookup item holds its one notice once.
    const again = await publishOnItsDay(system, date, staff(editor, { method: 'POST' }));
    expect(await again.json()).toMatchObject({ publishedNow: 0 });
    const lookups = (await allItems(system.store))
      .filter((item) => String(item.pk).startsWith('PUB#LOOKUP#'))
      .map((item) => (item.notices as { publishedOn: string }[]).filter((notice) => notice.publishedOn === date).length)
      .filter((count) => count > 0);
    expect(lookups).toEqual([1, 1, 1, 1]);
  });

  it('refuses placements into an edition being published, and non-approved declarations', async () => {
    const date = nextEditionDate();
    await openEdition(date);
    const { id } = await fileOne();
    expect((await place(date, [id])).status).toBe(409);
    expect((await place(date, [await approvedDeclaration()])).status).toBe(200);
    expect((await publishOnItsDay(system, date, staff(editor, { method: 'POST' }))).status).toBe(200);
    expect((await place(date, [await approvedDeclaration()])).status).toBe(409);
  });

  it('runs a notice over three consecutive editions, all found by one lookup, newest first', async () => {
    const date = nextEditionDate();
    for (const offset of [0, 1, 2]) await openEdition(addDays(date, offset));
    const number = uniqueCertificateNumber();
    const { id } = await fileOne(physicianDeclaration(number));
    expect((await decide(id, 'approve', 1)).status).toBe(200);
    expect((await place(date, [id], 3)).status).toBe(200);
    for (const offset of [0, 1, 2]) {
      const response = await publishOnItsDay(system, addDays(date, offset), staff(editor, { method: 'POST' }));
      expect(await response.json()).toMatchObject({ publishedNow: 1 });
    }
    const runs = (await allItems(system.store)).filter((item) => String(item.pk).startsWith('PUB#NOTICE#') && item.publishedOn && [0, 1, 2].map((o) => addDays(date, o)).includes(String(item.publishedOn)));
    expect(runs).toHaveLength(3);
    const lookup = (await (await system.request(`/api/v1/verify?number=${number}`)).json()) as { notices: { publishedOn: string }[] };
    expect(lookup.notices.map((notice) => notice.publishedOn)).toEqual([2, 1, 0].map((offset) => addDays(date, offset)));
  });

  it('publishes a correction as a new notice pointing to the original, which never changes', async () => {
    const first = nextEditionDate();
    await openEdition(first);
    const id = await approvedDeclaration();
    expect((await place(first, [id])).status).toBe(200);
    await publishOnItsDay(system, first, staff(editor, { method: 'POST' }));
    const originalNo = `${first.replaceAll('-', '')}-0001`;
    const before = (await allItems(system.store)).find((item) => item.pk === `PUB#NOTICE#${originalNo}`);

    const second = nextEditionDate();
    await openEdition(second);
    const correction = await system.request(
      `/api/v1/editions/${second}/corrections`,
      staff(editor, json({ noticeNo: originalNo, item: '证书编码', wrong: '110370100012345', correct: '110370100012346' })),
    );
    expect(correction.status).toBe(201);
    const { text } = (await correction.json()) as { text: string };
    expect(text).toContain(`原声明编号：${originalNo}`);
    expect(text).toMatch(/误登为“110370100012345”，应为“110370100012346”，特此更正。$/);
    await publishOnItsDay(system, second, staff(editor, { method: 'POST' }));

    const items = await allItems(system.store);
    const published = items.find((item) => item.pk === `PUB#NOTICE#${second.replaceAll('-', '')}-0001`);
    expect(published).toMatchObject({ correctsNoticeNo: originalNo, text });
    expect(items.find((item) => item.pk === `PUB#NOTICE#${originalNo}`)).toEqual(before);
    expect((await listAudit(system.store, id)).map((entry) => entry.action)).toContain('publish_correction');

    const unknown = await system.request(`/api/v1/editions/${second}/corrections`, staff(editor, json({ noticeNo: '19990101-0001', item: 'a', wrong: 'b', correct: 'c' })));
    expect(unknown.status).toBe(404);
  });

  it('lays the edition out as a print page with masked text and notice numbers', async () => {
    const date = nextEditionDate();
    await openEdition(date);
    const id = await approvedDeclaration();
    expect((await place(date, [id])).status).toBe(200);
    const response = await system.request(`/api/v1/editions/${date}/print`, staff(editor));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('遗失声明');
    expect(html).toContain(`${date.replaceAll('-', '')}-0001`);
    expect(html).toContain('@media print');
    expect(personalNumbersIn(html)).toEqual([]);
  });

  it('publishes due editions on the publisher schedule', async () => {
    const date = nextEditionDate();
    await openEdition(date);
    const id = await approvedDeclaration();
    expect((await place(date, [id])).status).toBe(200);
    const later = createTestSystemAt(system, new Date(Date.parse(`${date}T07:00:00+08:00`)));
    const run = await later.runPublisher();
    expect(run.status).toBe(200);
    const body = (await run.json()) as { editions: { date: string }[] };
    expect(body.editions.map((edition) => edition.date)).toContain(date);
  });
});

describe('retention of personal data', () => {
  it('removes the full ID and phone number once the retention period after withdrawal has passed', async () => {
    const { id, receipt } = await fileOne();
    const withdrawn = await system.request(`/api/v1/declarations/${id}/withdraw`, { method: 'POST', headers: { authorization: `Receipt ${receipt}` } });
    expect(withdrawn.status).toBe(200);
    const stored = () => allItems(system.store).then((items) => items.find((item) => item.pk === `DECL#${id}` && item.sk === 'DECL'));
    expect(personalNumbersIn(JSON.stringify(await stored()))).not.toEqual([]);

    const early = createTestSystemAt(system, new Date(Date.now() + 89 * 24 * 3600 * 1000));
    await early.runPublisher();
    expect(personalNumbersIn(JSON.stringify(await stored()))).not.toEqual([]);

    const late = createTestSystemAt(system, new Date(Date.now() + 91 * 24 * 3600 * 1000));
    const run = await late.runPublisher();
    expect(((await run.json()) as { purged: number }).purged).toBeGreaterThanOrEqual(1);
    const purged = await stored();
    expect(personalNumbersIn(JSON.stringify(purged))).toEqual([]);
    expect(purged).toMatchObject({ status: 'withdrawn', purgedAt: expect.any(String) });
    expect((await listAudit(system.store, id)).map((entry) => entry.action)).toContain('purge_personal_data');
  });
});

/** The same store, seen by a system whose clock reads `at`. */
function createTestSystemAt(base: TestSystem, at: Date) {
  return createLocalSystem({ store: base.store, staffAuth: base.auth.config, lookupKey: 'k', dataDir: base.dataDir, now: () => at });
}
