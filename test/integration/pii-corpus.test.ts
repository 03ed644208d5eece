import { beforeAll, describe, expect, it } from 'vitest';
import { refusedNameCharacter } from '../../shared/domain/index.js';
import { collectedCount, leaks } from '../support/pii-collector.js';
import { json } from '../support/declarations.js';
import { personalNumbersIn } from '../support/ids.js';
import { newsroom, nextEditionDate, payFees, publishOnItsDay } from '../support/publishing.js';
import { CHECK_X_SPELLINGS, DIGIT_SPELLINGS, SAMPLE_ID, SEPARATORS, spellingCorpus, type Spelling } from '../support/spellings.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

/**
 * The corpus test (issue 12): every spelling class of an ID and a mobile number, in every field that reaches a public
 * surface, filed, published, and read back from every public response, page, feed, print layout and log line.
 * The file's PII scan (test/setup/pii-scan.ts) checks everything collected, logs included, after the tests; the tests
 * here also check each surface as they read it.
 */
let system: TestSystem;
let desk: ReturnType<typeof newsroom>;

const INVISIBLE = /[\p{Cf}\p{Cc}]/u;
const MARK = /\p{M}/u;

/** One of each class: every digit spelling plain and grouped, every separator, every X, every prefix, the issue's examples, the mixes. */
function publishedClasses(): Spelling[] {
  const corpus = spellingCorpus();
  const digitNames = Object.keys(DIGIT_SPELLINGS);
  const separatorNames = Object.keys(SEPARATORS);
  return corpus.filter(({ spellingClass }) =>
    digitNames.some((name) => spellingClass === `ID in ${name} digits` || spellingClass === `mobile in ${name} digits` || spellingClass === `ID in ${name} digits, grouped by space`) ||
    separatorNames.some((name) => spellingClass.startsWith('ID in ascii digits, ') || spellingClass.startsWith('mobile in ascii digits, ') || spellingClass.endsWith(`full-width digits, grouped by ${name}`)) ||
    /^ID with|^ID in circled digits with|^mobile after|^issue:|mixed spellings/.test(spellingClass),
  );
}

/**
 * The fields a declaration of type `other` shows in public, with their limits; numbers take no marks, and names take
 * no symbols (a spelling with ① or 🅇 goes to another field).
 */
const SLOTS = [
  { field: 'statement', limit: 200, takes: () => true },
  { field: 'name', limit: 49, takes: (text: string) => refusedNameCharacter(text) === undefined },
  { field: 'issuer', limit: 50, takes: (text: string) => refusedNameCharacter(text) === undefined },
  { field: 'label', limit: 30, takes: () => true },
  { field: 'number', limit: 56, takes: (text: string) => !MARK.test(text) },
] as const;

type Filled = Record<(typeof SLOTS)[number]['field'], string[]>;

function pack(spellings: readonly Spelling[]): Filled[] {
  const declarations: Filled[] = [];
  const length = (texts: readonly string[]) => Array.from(texts.join('，')).length;
  for (const { text } of spellings) {
    const fits = (filled: Filled) =>
      SLOTS.find(({ field, limit, takes }) => takes(text) && (field === 'statement' || filled[field].length === 0) && length([...filled[field], text]) <= limit);
    let target = declarations.at(-1);
    let slot = target && fits(target);
    if (!target || !slot) {
      target = { statement: [], name: [], issuer: [], label: [], number: [] };
      declarations.push(target);
      slot = fits(target);
    }
    if (slot) target[slot.field].push(text);
  }
  return declarations;
}

function declarationBody(filled: Filled, index: number) {
  return {
    kind: 'loss',
    declarant: { type: 'person', name: `某${filled.name.join('')}`, idNumber: SAMPLE_ID },
    document: {
      type: 'other',
      // The unique prefix ends in a letter (号), so its digits never join the planted ones into a number of their own.
      number: `C${Date.now() % 1e6}-${index}号${filled.number.join('') || index}`,
      label: filled.label.join('') || '会员证',
      ...(filled.issuer.length > 0 ? { issuer: filled.issuer.join('') } : {}),
    },
    ...(filled.statement.length > 0 ? { statement: filled.statement.join('，') } : {}),
    contact: { phone: '+86 138-1234-5678' },
  };
}

const visible = publishedClasses().filter(({ text }) => !INVISIBLE.test(text));
const invisible = publishedClasses().filter(({ text }) => INVISIBLE.test(text));
const declarations = pack(visible).map(declarationBody);

async function read(path: string, init?: RequestInit): Promise<string> {
  const response = await system.request(path, init);
  const text = await response.text();
  expect(personalNumbersIn(text), `${path} → ${response.status}`).toEqual([]);
  return text;
}

beforeAll(async () => {
  system = await createTestSystem();
  desk = newsroom(system);
});

describe(`the spelling corpus in every public field (${visible.length} spellings in ${declarations.length} declarations, ${invisible.length} refused)`, () => {
  it('covers every digit spelling, every separator, every X and the issue examples', () => {
    const all = publishedClasses().map(({ spellingClass }) => spellingClass).join('\n');
    for (const name of Object.keys(DIGIT_SPELLINGS)) expect(all).toContain(`in ${name} digits`);
    for (const name of Object.keys(SEPARATORS)) expect(all).toContain(name);
    for (const checkX of CHECK_X_SPELLINGS) expect(all).toContain(`with ${checkX} `);
    expect(all).toContain('issue:');
  });

  it('previews, files, follows, publishes and reads back every one masked on every public surface', async () => {
    const filed: { id: string; receipt: string }[] = [];
    for (const body of declarations) {
      await read('/api/v1/declarations/preview', json(body));
      const response = await system.request('/api/v1/declarations', json(body));
      const text = await response.text();
      expect(response.status, text).toBe(201);
      expect(personalNumbersIn(text)).toEqual([]);
      filed.push(JSON.parse(text) as { id: string; receipt: string });
    }
    for (const { id, receipt } of filed) await read(`/api/v1/declarations/${id}`, { headers: { authorization: `Receipt ${receipt}` } });
    for (const { id } of filed) await desk.decide(id, 'approve');
    const date = nextEditionDate();
    const editor = { authorization: `Bearer ${await system.auth.issueToken('editor')}` };
    expect((await system.request('/api/v1/editions', json({ date }, editor))).status).toBe(201);
    await payFees(system.request, editor.authorization, filed.map(({ id }) => id));
    expect((await system.request(`/api/v1/editions/${date}/notices`, json({ ids: filed.map(({ id }) => id) }, editor))).status).toBe(200);
    expect((await publishOnItsDay(system, date, { method: 'POST', headers: editor })).status).toBe(200);

    await read(`/api/v1/editions/${date}/print`, { headers: editor });
    const list = JSON.parse(await read(`/api/v1/notices?date=${date}&limit=100`)) as { items: { noticeNo: string; text: string }[] };
    expect(list.items.length).toBe(declarations.length);
    await read(`/notices?date=${date}`);
    await read('/feed.atom');
    for (const { noticeNo } of list.items) {
      await read(`/api/v1/notices/${noticeNo}`);
      await read(`/notices/${noticeNo}`);
      await read(`/notices/${noticeNo}/proof`);
    }
    for (const body of declarations) {
      const query = new URLSearchParams({ number: body.document.number }).toString();
      const answer = JSON.parse(await read(`/api/v1/verify?${query}`)) as { status: string };
      expect(answer.status).toBe('declared_void');
      await read(`/verify?${query}`);
    }
    // Every masked text still keeps the kept digits of the sample numbers, so masking did not just delete them.
    expect(list.items.some(({ text }) => text.includes('370102') && text.includes('****'))).toBe(true);
    // Some 400 requests through every surface: seconds alone, much longer on a loaded two-core machine.
  }, 180_000);

  it('refuses spellings with invisible characters, naming the field and quoting nothing', async () => {
    for (const { text } of invisible) {
      const body = declarationBody({ statement: [text], name: [], issuer: [], label: [], number: [] }, 0);
      const response = await system.request('/api/v1/declarations', json(body));
      const problem = await response.text();
      expect(response.status).toBe(400);
      expect((JSON.parse(problem) as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['statement']);
      expect(personalNumbersIn(problem)).toEqual([]);
    }
  });

  it('sends IDs and phones in paths, queries and headers, and no log line or answer holds one in full', async () => {
    for (const { text } of visible.slice(0, 40)) {
      await read(`/api/v1/notices/${encodeURIComponent(text)}`, { headers: { 'user-agent': encodeURIComponent(text), 'x-request-id': encodeURIComponent(text) } });
      await read(`/notices/${encodeURIComponent(text)}`);
      await read(`/api/v1/verify?${new URLSearchParams({ number: text })}`);
    }
    expect(collectedCount()).toBeGreaterThan(declarations.length * 8);
    expect(leaks()).toEqual([]);
  }, 120_000);
});

