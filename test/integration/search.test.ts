import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PUBLIC_PARTITION_PREFIX } from '../../shared/store/table-definition.js';
import { SEARCH_PARTITION_PREFIX } from '../../shared/store/search-index.js';
import { allItems, HOLDER_PHONE, json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { newsroom, type Filed } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;
let moderator: string;
const digits = String(Date.now() % 1e7).padStart(7, '0');
/** A drug licence number with a province character and letters, filed in its traditional, lower-case spelling. */
const drugLicence = `魯aa${digits}`;
const pharmacy = '济南市历下区康宁大药房有限公司';

interface SearchPage {
  items: { id: string; status: string; createdAt: string; declaration: { declarant: { name: string }; contact: { phone: string } } }[];
  next?: string;
}

async function search(query: string): Promise<{ status: number; body: SearchPage }> {
  const response = await system.request(`/api/v1/moderation/declarations?${query}`, { headers: { authorization: `Bearer ${moderator}` } });
  return { status: response.status, body: (await response.json()) as SearchPage };
}

const q = (text: string) => `q=${encodeURIComponent(text)}`;

/** Files `body` at `instant`, so filing order (and thus "newest first") is the test's to choose. */
function fileAt(instant: string, body: unknown): Promise<Filed> {
  return system.clock.during(new Date(instant), () => newsroom(system).file(body));
}

let drug: Filed;
/** Three declarations by one person, filed a day apart: oldest first. */
const byName: Filed[] = [];
const person = '欧阳·娜娜';

beforeAll(async () => {
  system = await createTestSystem();
  moderator = await system.auth.issueToken('moderator');
  drug = await newsroom(system).file({
    kind: 'void',
    declarant: { type: 'organization', name: pharmacy },
    document: { type: 'drug_business_license', number: drugLicence },
    contact: { phone: HOLDER_PHONE },
  });
  for (const day of ['01', '02', '03']) {
    const body = { ...physicianDeclaration(), declarant: { type: 'person', name: person } };
    byName.push(await fileAt(`2026-11-${day}T02:00:00.000Z`, body));
  }
});

describe('staff search', () => {
  it('finds a certificate number in every spelling the normalizer folds, with full details', async () => {
    const spellings = [`鲁AA${digits}`, drugLicence, `魯 ＡＡ-${digits}`, `鲁Aa·${digits.slice(0, 3)} ${digits.slice(3)}`, `（鲁）aa／${digits}`];
    for (const spelling of spellings) {
      const { status, body } = await search(q(spelling));
      expect(status, spelling).toBe(200);
      expect(body.items.map((item) => item.id), spelling).toEqual([drug.id]);
      // Staff routes show the full details, phone included.
      expect(body.items[0]?.declaration.contact.phone).toBe(HOLDER_PHONE);
      expect(JSON.stringify(body)).not.toContain('searchHashes');
    }
  });

  it('finds by declarant name and by id, and nothing for a near miss', async () => {
    expect((await search(q(pharmacy))).body.items.map((item) => item.id)).toEqual([drug.id]);
    expect((await search(q(drug.id))).body.items.map((item) => item.id)).toEqual([drug.id]);
    expect((await search(q(drug.id.toUpperCase()))).body.items.map((item) => item.id)).toEqual([drug.id]);
    expect((await search(q('济南市历下区康宁大药房'))).body.items).toEqual([]);
    expect((await search(q(uniqueCertificateNumber()))).body.items).toEqual([]);
  });

  it('lists newest first and pages with an opaque cursor', async () => {
    const newestFirst = [...byName].reverse().map((filed) => filed.id);
    expect((await search(q(person))).body.items.map((item) => item.id)).toEqual(newestFirst);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { status, body } = await search(`${q('欧阳娜娜')}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((item) => item.id));
      cursor = body.next;
    } while (cursor);
    expect(seen).toEqual(newestFirst);
  });

  it('filters by status, on the page it reads', async () => {
    const [oldest, middle] = byName;
    await newsroom(system).decide(oldest?.id ?? '', 'approve');
    await newsroom(system).decide(middle?.id ?? '', 'reject');
    expect((await search(`${q(person)}&status=approved`)).body.items.map((item) => item.id)).toEqual([oldest?.id]);
    expect((await search(`${q(person)}&status=rejected&limit=1`)).body.items.map((item) => item.id)).toEqual([middle?.id]);
    expect((await search(`${q(person)}&status=withdrawn`)).body.items).toEqual([]);
  });

  it('follows an edit: the old number no longer finds it, the new one does', async () => {
    const number = uniqueCertificateNumber();
    const filed = await newsroom(system).file(physicianDeclaration(number));
    const renumbered = uniqueCertificateNumber();
    const change = json({ version: 1, document: { type: 'physician_practicing_certificate', number: renumbered } }, { authorization: `Receipt ${filed.receipt}` });
    const edit = await system.request(`/api/v1/declarations/${filed.id}`, { ...change, method: 'PATCH' });
    expect(edit.status, await edit.clone().text()).toBe(200);
    expect((await search(q(number))).body.items).toEqual([]);
    expect((await search(q(renumbered))).body.items.map((item) => item.id)).toEqual([filed.id]);
  });

  it('answers 400 problem+json for a missing q, an unknown status and a foreign cursor', async () => {
    const { body: first } = await search(`${q(person)}&limit=1`);
    const foreign = first.next ?? '';
    for (const query of ['', 'q=%20-%20', `${q(person)}&status=lost`, `${q(pharmacy)}&cursor=${encodeURIComponent(foreign)}`, `${q(person)}&cursor=bm90LWpzb24`]) {
      const response = await system.request(`/api/v1/moderation/declarations?${query}`, { headers: { authorization: `Bearer ${moderator}` } });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('is served by the index: Query and BatchGet, never a Scan', async () => {
    const sent: string[] = [];
    const client = system.store.client;
    const original = client.send.bind(client) as (command: object) => Promise<unknown>;
    const spy = vi.spyOn(client, 'send').mockImplementation(((command: object) => {
      sent.push(command.constructor.name);
      return original(command);
    }) as typeof client.send);
    try {
      expect((await search(`${q(person)}&status=approved`)).body.items).toHaveLength(1);
      expect((await search(q(`鲁AA${digits}`))).body.items).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
    expect(sent).not.toContain('ScanCommand');
    expect(sent).toContain('QueryCommand');
    expect(new Set(sent)).toEqual(new Set(['QueryCommand', 'BatchGetCommand']));
  });

  it('keeps search items private: not under PUB#, no route without a staff token, nothing from public lookups', async () => {
    const searchItems = (await allItems(system.store)).filter((item) => String(item.pk).startsWith(SEARCH_PARTITION_PREFIX));
    expect(searchItems.length).toBeGreaterThan(0);
    for (const item of searchItems) {
      expect(String(item.pk).startsWith(PUBLIC_PARTITION_PREFIX)).toBe(false);
      // A keyed hash, never the name, number or id itself.
      expect(String(item.pk)).not.toMatch(/康宁|欧阳|\d{7}/);
    }
    const path = `/api/v1/moderation/declarations?${q(pharmacy)}`;
    expect((await system.request(path)).status).toBe(401);
    expect((await system.request(path, { headers: { authorization: `Receipt ${drug.receipt}` } })).status).toBe(401);
    const lookup = await system.request(`/api/v1/verify?number=${encodeURIComponent(`鲁AA${digits}`)}`);
    expect(lookup.status).toBe(200);
    expect(((await lookup.json()) as { status: string }).status).toBe('no_record');
  });

  it('has a console page: a search form and its results, for signed-in staff only', async () => {
    const page = await system.request(`/staff/search?${q(`魯 ＡＡ ${digits}`)}`, { headers: { cookie: await system.signIn('moderator') } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('role="search"');
    expect(html).toContain(`/staff/declarations/${drug.id}`);
    expect(html).toContain(pharmacy);
    const stale = await system.request(`/staff/search?${q(person)}&cursor=bm90LWpzb24`, { headers: { cookie: await system.signIn('moderator') } });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toContain(`/staff/declarations/${byName.at(-1)?.id}`);
    const signedOut = await system.request(`/staff/search?${q(pharmacy)}`);
    expect(signedOut.status).toBe(303);
  });
});
