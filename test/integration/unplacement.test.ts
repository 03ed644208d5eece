import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiTime } from '../../shared/domain/editions.js';
import { WrongState } from '../../shared/domain/errors.js';
import { applyLifecycleAction } from '../../shared/services/filing.js';
import { getDeclaration } from '../../shared/store/declaration-store.js';
import { allItems, json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { newsroom, payFees } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;
let editor: string;
let moderator: string;
let desk: ReturnType<typeof newsroom>;

beforeAll(async () => {
  system = await createTestSystem();
  editor = `Bearer ${await system.auth.issueToken('editor')}`;
  moderator = `Bearer ${await system.auth.issueToken('moderator')}`;
  desk = newsroom(system);
});

const ORIGIN = 'http://127.0.0.1';

/** Runs `work` at `hour`:`minute` Asia/Shanghai on `date` (the clock runs on from there). */
function at<T>(date: string, hour: number, minute: number, work: () => Promise<T>): Promise<T> {
  return system.clock.during(new Date(Date.parse(shanghaiTime(date, hour)) + minute * 60_000), work);
}
/** On the day before the edition of `date`, before its cut-off (15:00) or just after it. */
const beforeCutoff = <T>(date: string, work: () => Promise<T>) => at(addDays(date, -1), 14, 59, work);
const afterCutoff = <T>(date: string, work: () => Promise<T>) => at(addDays(date, -1), 15, 0, work);

const as = (authorization: string, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization } });

interface Placed {
  readonly id: string;
  readonly receipt: string;
  readonly number: string;
}

/** Opens the edition of `date` (and the next ones for a run) and places `count` freshly approved, paid declarations in it for `days` days, the day before at 10:00. */
async function placedIn(date: string, count: number, options: { days?: number } = {}): Promise<Placed[]> {
  return at(addDays(date, -1), 10, 0, async () => {
    const days = options.days ?? 1;
    for (let day = 0; day < days; day += 1) {
      expect((await system.request('/api/v1/editions', as(editor, json({ date: addDays(date, day) })))).status).toBe(201);
    }
    const placed: Placed[] = [];
    for (let index = 0; index < count; index += 1) {
      const number = uniqueCertificateNumber();
      const { id, receipt } = await desk.file(physicianDeclaration(number));
      await desk.decide(id, 'approve');
      placed.push({ id, receipt, number });
    }
    const ids = placed.map(({ id }) => id);
    await payFees(system.request, editor, ids);
    // One at a time, so the print order (and the provisional numbers) follow the list.
    for (const id of ids) expect((await system.request(`/api/v1/editions/${date}/notices`, as(editor, json({ ids: [id], days })))).status).toBe(200);
    return placed;
  });
}

const withdraw = (filed: Placed, headers: Record<string, string> = {}) =>
  system.request(`/api/v1/declarations/${filed.id}/withdraw`, { method: 'POST', headers: { authorization: `Receipt ${filed.receipt}`, ...headers } });
const takeOut = (date: string, id: string, authorization = editor) => system.request(`/api/v1/editions/${date}/notices/${id}`, as(authorization, { method: 'DELETE' }));

interface EditionView {
  readonly status: string;
  readonly notices: { declarationId: string; noticeNo: string; provisional: boolean }[];
  readonly placements: { declarationId: string }[];
}
async function edition(date: string): Promise<EditionView> {
  const response = await system.request(`/api/v1/editions/${date}`, as(editor));
  expect(response.status).toBe(200);
  return (await response.json()) as EditionView;
}
const numbered = async (date: string) => (await edition(date)).notices.map(({ declarationId, noticeNo }) => [declarationId, noticeNo]);

interface StaffView {
  readonly status: string;
  readonly version: number;
  readonly purgeAt?: string;
  readonly payment: { status: string };
  readonly audit: { actor: string; action: string; reason?: string }[];
}
async function staffView(id: string): Promise<StaffView> {
  const response = await system.request(`/api/v1/moderation/declarations/${id}`, as(editor));
  expect(response.status).toBe(200);
  return (await response.json()) as StaffView;
}

async function problem(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status, await response.clone().text()).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as Record<string, unknown>;
}

const publishOn = (date: string) => at(date, 7, 0, () => system.request(`/api/v1/editions/${date}/publish`, as(editor, { method: 'POST' })));

describe('the filer withdraws a scheduled declaration', () => {
  it('before the cut-off: it leaves the edition in one step, the rest renumber, and the edition prints without it', async () => {
    const date = '2032-03-10';
    const compact = '20320310';
    const [first, leaving, last] = (await placedIn(date, 3)) as [Placed, Placed, Placed];
    expect(await numbered(date)).toEqual([
      [first.id, `${compact}-0001`],
      [leaving.id, `${compact}-0002`],
      [last.id, `${compact}-0003`],
    ]);
    const scheduled = await staffView(leaving.id);
    expect(scheduled).toMatchObject({ status: 'scheduled', payment: { status: 'paid' } });

    const answer = await beforeCutoff(date, () => withdraw(leaving));
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'withdrawn', version: scheduled.version + 1 });

    // The edition no longer lists it, and the provisional numbers close the gap.
    expect(await numbered(date)).toEqual([
      [first.id, `${compact}-0001`],
      [last.id, `${compact}-0002`],
    ]);
    expect((await edition(date)).placements.map(({ declarationId }) => declarationId).sort()).toEqual([first.id, last.id].sort());
    const list = (await (await system.request('/api/v1/editions?cursor=2032-12-31', as(editor))).json()) as { items: { date: string; noticeCount: number }[] };
    expect(list.items.find((entry) => entry.date === date)?.noticeCount).toBe(2);

    // Audited as any withdrawal, its personal numbers due for removal, its fee record as for any withdrawn declaration.
    const withdrawn = await staffView(leaving.id);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', purgeAt: expect.any(String), payment: { status: 'paid' } });
    expect(withdrawn.audit.at(-1)).toEqual({ at: expect.any(String), actor: 'citizen', action: 'withdraw' });
    const payAgain = await system.request(`/api/v1/moderation/declarations/${leaving.id}/payment`, as(editor, json({ amount: 1, reference: 'T-1' })));
    expect(await problem(payAgain, 409)).toMatchObject({ type: '/problems/wrong-state', currentStatus: 'withdrawn' });
    // Its number is free again, as after any withdrawal.
    await desk.file(physicianDeclaration(leaving.number));

    const published = await publishOn(date);
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ noticeCount: 2, publishedNow: 2 });
    const notices = (await (await system.request(`/api/v1/notices?date=${date}`)).json()) as { items: { noticeNo: string }[] };
    expect(notices.items.map(({ noticeNo }) => noticeNo).sort()).toEqual([`${compact}-0001`, `${compact}-0002`]);
    const verified = (await (await system.request(`/api/v1/verify?number=${leaving.number}`)).json()) as { status: string };
    expect(verified.status).toBe('no_record');
    const printed = (await (await system.request(`/api/v1/verify?number=${last.number}`)).json()) as { status: string };
    expect(printed.status).toBe('declared_void');
    expect((await staffView(leaving.id)).status).toBe('withdrawn');
  });

  it('leaves every edition of a run at once; the plain lifecycle step refuses a placed declaration', async () => {
    const date = '2032-03-20';
    const [filed] = (await placedIn(date, 1, { days: 2 })) as [Placed];
    const stored = await getDeclaration(system.store, filed.id);
    if (!stored) throw new Error('declaration missing');
    // Without its editions the publisher would meet a notice nobody stands behind: only unplacement may move it.
    await expect(applyLifecycleAction({ store: system.store, now: system.clock.now }, stored, 'withdraw', { expectedVersion: stored.version, actor: 'citizen' })).rejects.toBeInstanceOf(WrongState);
    expect((await beforeCutoff(date, () => withdraw(filed))).status).toBe(200);
    for (const day of [date, addDays(date, 1)]) expect((await edition(day)).placements).toEqual([]);
  });

  it('after the cut-off, and once published, is refused (409, saying why) and changes nothing', async () => {
    const date = '2032-04-10';
    const [filed] = (await placedIn(date, 1)) as [Placed];
    const before = await allItems(system.store);
    const refused = await afterCutoff(date, () => withdraw(filed));
    expect(await problem(refused, 409)).toMatchObject({
      status: 409,
      type: '/problems/gone-to-print',
      date,
      published: false,
      detail: expect.stringContaining('已交付印刷'),
    });
    const inEnglish = await afterCutoff(date, () => withdraw(filed, { 'accept-language': 'en' }));
    expect(await problem(inEnglish, 409)).toMatchObject({ detail: expect.stringContaining(`the edition of ${date}) is past its cut-off and has gone to print`) });
    expect(await allItems(system.store)).toEqual(before);

    expect((await publishOn(date)).status).toBe(200);
    const afterPublication = await allItems(system.store);
    const published = await at(date, 9, 0, () => withdraw(filed, { 'accept-language': 'en' }));
    expect(await problem(published, 409)).toMatchObject({ type: '/problems/gone-to-print', published: true, detail: expect.stringContaining('a published notice never changes') });
    expect(await allItems(system.store)).toEqual(afterPublication);
  });

  it('on the status page: offered before the cut-off, not after, and a late post says the page has gone to print', async () => {
    const date = '2032-04-20';
    const [early, late] = (await placedIn(date, 2)) as [Placed, Placed];
    const post = async (filed: Placed, cookie: string) =>
      system.request(`/declarations/${filed.id}/withdraw`, {
        method: 'POST',
        headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ version: String((await staffView(filed.id)).version), confirm: 'yes' }).toString(),
      });
    const cookieOf = async (filed: Placed) => {
      const opened = await system.request(`/declarations/${filed.id}`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ receipt: filed.receipt }).toString(),
      });
      return (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    };
    const statusPage = async (filed: Placed, cookie: string) => (await system.request(`/declarations/${filed.id}`, { headers: { cookie } })).text();

    const earlyCookie = await cookieOf(early);
    expect(await beforeCutoff(date, () => statusPage(early, earlyCookie))).toContain('id="withdraw-form"');
    const done = await beforeCutoff(date, () => post(early, earlyCookie));
    expect(done.status).toBe(303);
    expect((await edition(date)).placements.map(({ declarationId }) => declarationId)).toEqual([late.id]);

    const lateCookie = await cookieOf(late);
    expect(await afterCutoff(date, () => statusPage(late, lateCookie))).not.toContain('id="withdraw-form"');
    const refused = await afterCutoff(date, () => post(late, lateCookie));
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('已交付印刷，不能再撤回');
    expect((await staffView(late.id)).status).toBe('scheduled');
  });
});

describe('an editor takes a notice out of an edition', () => {
  it('before the cut-off: approved again (audited with the editor), out of the edition, and it can be placed again', async () => {
    const date = '2032-05-10';
    const [kept, taken] = (await placedIn(date, 2)) as [Placed, Placed];
    const version = (await staffView(taken.id)).version;
    const answer = await beforeCutoff(date, () => takeOut(date, taken.id));
    expect(answer.status, await answer.clone().text()).toBe(204);

    const view = await staffView(taken.id);
    expect(view).toMatchObject({ status: 'approved', version: version + 1, payment: { status: 'paid' } });
    expect(view.purgeAt).toBeUndefined();
    expect(view.audit.at(-1)).toEqual({ at: expect.any(String), actor: 'staff:local-editor', action: 'unschedule', reason: date });
    expect(await numbered(date)).toEqual([[kept.id, '20320510-0001']]);
    const queue = (await (await system.request('/api/v1/moderation/queue?status=approved', as(editor))).json()) as { items: { id: string }[] };
    expect(queue.items.map(({ id }) => id)).toContain(taken.id);
    // The number stays claimed: it is still on its way to print.
    const duplicate = await system.request('/api/v1/declarations', json(physicianDeclaration(taken.number)));
    expect(duplicate.status).toBe(409);

    const again = await beforeCutoff(date, () => system.request(`/api/v1/editions/${date}/notices`, as(editor, json({ ids: [taken.id] }))));
    expect(again.status, await again.clone().text()).toBe(200);
    expect(await numbered(date)).toEqual([
      [kept.id, '20320510-0001'],
      [taken.id, '20320510-0002'],
    ]);
    expect((await staffView(taken.id)).status).toBe('scheduled');
  });

  it('from one edition of a run: it stays scheduled in the others, and is approved once it is in none', async () => {
    const date = '2032-05-20';
    const next = addDays(date, 1);
    const [filed] = (await placedIn(date, 1, { days: 2 })) as [Placed];
    expect((await beforeCutoff(date, () => takeOut(date, filed.id))).status).toBe(204);
    expect((await staffView(filed.id)).status).toBe('scheduled');
    expect((await edition(date)).placements).toEqual([]);
    expect((await edition(next)).placements.map(({ declarationId }) => declarationId)).toEqual([filed.id]);
    expect((await beforeCutoff(date, () => takeOut(next, filed.id))).status).toBe(204);
    expect((await staffView(filed.id)).status).toBe('approved');
  });

  it('is refused after the cut-off and once published (409), for a notice not in the edition (404), and to a moderator (403), changing nothing', async () => {
    const date = '2032-06-10';
    const [filed] = (await placedIn(date, 1)) as [Placed];
    const stranger = await desk.file(physicianDeclaration());
    const before = await allItems(system.store);
    expect(await problem(await afterCutoff(date, () => takeOut(date, filed.id)), 409)).toMatchObject({ type: '/problems/gone-to-print', date, published: false });
    expect(await problem(await beforeCutoff(date, () => takeOut(date, filed.id, moderator)), 403)).toMatchObject({ status: 403 });
    expect(await problem(await beforeCutoff(date, () => takeOut(addDays(date, 1), filed.id)), 404)).toMatchObject({ type: '/problems/edition-not-found' });
    expect(await problem(await beforeCutoff(date, () => takeOut(date, stranger.id)), 404)).toMatchObject({ type: '/problems/not-in-edition', date });
    expect(await problem(await beforeCutoff(date, () => takeOut(date, 'not-an-id')), 404)).toMatchObject({ type: '/problems/not-in-edition' });
    expect(await problem(await beforeCutoff(date, () => takeOut('2032-02-30', filed.id)), 400)).toMatchObject({ errors: [expect.objectContaining({ path: 'date' })] });
    expect(await allItems(system.store)).toEqual(before);

    expect((await publishOn(date)).status).toBe(200);
    expect(await problem(await at(date, 9, 0, () => takeOut(date, filed.id)), 409)).toMatchObject({ type: '/problems/gone-to-print', date, published: true });
    expect((await staffView(filed.id)).status).toBe('published');
  });

  it('from the edition’s console page, after a confirmation, behind the console’s CSRF check and the editor role', async () => {
    const date = '2032-06-20';
    const [filed] = (await placedIn(date, 1)) as [Placed];
    const editorCookie = await system.signIn('editor');
    const action = `/staff/editions/${date}/notices/${filed.id}/take-out`;
    const post = (cookie: string, body: Record<string, string>, origin = ORIGIN) =>
      system.request(action, { method: 'POST', headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });

    const list = await (await system.request('/staff/editions', { headers: { cookie: editorCookie } })).text();
    expect(list).toContain(`href="/staff/editions/${date}"`);
    const editionPage = await beforeCutoff(date, async () => (await system.request(`/staff/editions/${date}`, { headers: { cookie: editorCookie } })).text());
    expect(editionPage).toContain(`action="${action}"`);

    const asked = await beforeCutoff(date, () => post(editorCookie, {}));
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('id="confirm-take-out"');
    expect((await staffView(filed.id)).status).toBe('scheduled');

    expect((await beforeCutoff(date, () => post(editorCookie, { confirm: 'yes' }, 'https://evil.example'))).status).toBe(403);
    const moderatorCookie = await system.signIn('moderator');
    expect((await beforeCutoff(date, () => post(moderatorCookie, { confirm: 'yes' }))).status).toBe(403);
    expect((await staffView(filed.id)).status).toBe('scheduled');

    const done = await beforeCutoff(date, () => post(editorCookie, { confirm: 'yes' }));
    expect(done.status).toBe(200);
    const html = await done.text();
    expect(html).toContain('已从这一期撤下。');
    expect(html).not.toContain(`action="${action}"`);
    expect((await staffView(filed.id)).status).toBe('approved');

    // Past the cut-off the page offers no take-out, and a late post says why.
    const [late] = (await placedIn('2032-06-25', 1)) as [Placed];
    const lateAction = `/staff/editions/2032-06-25/notices/${late.id}/take-out`;
    const closedPage = await afterCutoff('2032-06-25', async () => (await system.request('/staff/editions/2032-06-25', { headers: { cookie: editorCookie } })).text());
    expect(closedPage).not.toContain(`action="${lateAction}"`);
    const refused = await afterCutoff('2032-06-25', () =>
      system.request(lateAction, { method: 'POST', headers: { cookie: editorCookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' }),
    );
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('已交付印刷');
  });
});
