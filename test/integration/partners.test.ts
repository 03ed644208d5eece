import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeCertificateNumber } from '../../shared/domain/normalize.js';
import { maskSensitiveText } from '../../shared/domain/mask.js';
import { createLookupHasher } from '../../shared/services/lookup-key.js';
import { HOLDER_ID, HOLDER_PHONE, json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { allItems } from '../support/declarations.js';
import { personalNumbersIn } from '../support/ids.js';
import { newsroom } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';
import { consumeQuotaAndLog, getApiKey, readVerificationLog } from '../../shared/store/api-key-store.js';
import { newApiKey } from '../../shared/services/api-keys.js';
import { spoolApiKey } from '../../scripts/local-api-keys.js';

interface IssuedBody {
  apiKey: string;
  key: { id: string; organisation: string; kind: string; dailyQuota: number; status: string };
}

interface BatchBody {
  results: { number: string; status: 'declared_void' | 'no_record'; notices: { noticeNo: string; text: string }[]; note: string }[];
}

let system: TestSystem;
let desk: ReturnType<typeof newsroom>;
let editor: string;
const publishedNumbers = [uniqueCertificateNumber(), uniqueCertificateNumber(), uniqueCertificateNumber()];
let noticeOf: Map<string, string>;

async function issue(body: Record<string, unknown>, token = editor): Promise<Response> {
  return system.request('/api/v1/moderation/api-keys', json(body, { authorization: `Bearer ${token}` }));
}

async function issued(kind: 'verifier' | 'agency', dailyQuota = 1000): Promise<IssuedBody> {
  const response = await issue({ organisation: `测试${kind}机构`, kind, dailyQuota });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as IssuedBody;
}

function batch(numbers: unknown, key?: string | { apiKey: string; language: string }): Promise<Response> {
  const headers: Record<string, string> =
    typeof key === 'string' ? { 'x-api-key': key } : key ? { 'x-api-key': key.apiKey, 'accept-language': key.language } : {};
  return system.request('/api/v1/verify/batch', json({ numbers }, headers));
}

async function problem(response: Response): Promise<{ status: number; type: string }> {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as { status: number; type: string };
}

beforeAll(async () => {
  system = await createTestSystem();
  desk = newsroom(system);
  editor = await system.auth.issueToken('editor');
  const { date } = await desk.publish(publishedNumbers.map((number) => physicianDeclaration(number)));
  const listing = (await (await system.request(`/api/v1/notices?date=${date}`)).json()) as { items: { noticeNo: string; text: string }[] };
  noticeOf = new Map(publishedNumbers.map((number) => [number, listing.items.find((item) => item.text.includes(number))?.noticeNo ?? '']));
});

/**
 * A number hash as the log's CSV writes it: base64url, so one in 64 starts with `-`, which the CSV writes after an
 * apostrophe for Excel (test/unit/domain/api-keys.test.ts checks the rule for every such field).
 */
const inCsv = (hash: string) => (hash.startsWith('-') ? `'${hash}` : hash);

describe('API keys (staff)', () => {
  it('editors issue, list, rotate and revoke; the store keeps only a hash', async () => {
    const { apiKey, key } = await issued('verifier', 50);
    expect(apiKey).toMatch(/^smk_[A-Za-z0-9_-]{16}_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ kind: 'verifier', dailyQuota: 50, status: 'active', organisation: '测试verifier机构' });

    const stored = JSON.stringify(await allItems(system.store));
    expect(stored).not.toContain(apiKey);
    // The secret is the last 43 characters (base64url, which may itself hold `_`).
    expect(stored).not.toContain(apiKey.slice(-43));

    const list = await system.request('/api/v1/moderation/api-keys', { headers: { authorization: `Bearer ${editor}` } });
    const { items } = (await list.json()) as { items: Record<string, unknown>[] };
    const listed = items.find((item) => item.id === key.id);
    expect(listed).toMatchObject({ organisation: '测试verifier机构', status: 'active' });
    expect(JSON.stringify(items)).not.toContain('secretHash');

    const rotated = await system.request(`/api/v1/moderation/api-keys/${key.id}/rotate`, { method: 'POST', headers: { authorization: `Bearer ${editor}` } });
    expect(rotated.status).toBe(200);
    const { apiKey: newKey } = (await rotated.json()) as IssuedBody;
    expect(newKey).not.toBe(apiKey);
    expect((await batch(['1'], apiKey)).status).toBe(401);
    expect((await batch(['1'], newKey)).status).toBe(200);

    const revoke = () => system.request(`/api/v1/moderation/api-keys/${key.id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${editor}` } });
    expect(((await (await revoke()).json()) as { status: string }).status).toBe('revoked');
    expect((await revoke()).status).toBe(404);
    const refused = await batch(['1'], newKey);
    expect(refused.status).toBe(401);
    expect((await problem(refused)).type).toBe('/problems/api-key-revoked');
  });

  it('moderators may not manage keys; bad requests name every field', async () => {
    const moderator = await system.auth.issueToken('moderator');
    expect((await issue({ organisation: 'x', kind: 'verifier' }, moderator)).status).toBe(403);
    const bad = await issue({ organisation: '', kind: 'bank', dailyQuota: 0 });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: { path: string }[] };
    expect(body.errors.map((error) => error.path).sort()).toEqual(['dailyQuota', 'kind', 'organisation']);
    expect((await system.request('/api/v1/moderation/api-keys/nope/revoke', { method: 'POST', headers: { authorization: `Bearer ${editor}` } })).status).toBe(404);
  });
});

describe('keyed routes refuse', () => {
  it('a missing or unknown key (401), a key of the wrong kind (403), a key over its quota (429 with Retry-After)', async () => {
    const missing = await batch(['1']);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('X-Api-Key');
    expect((await problem(missing)).type).toBe('/problems/api-key-missing');
    expect((await batch(['1'], 'smk_AAAAAAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(401);
    expect((await batch(['1'], 'not a key')).status).toBe(401);

    const agency = await issued('agency');
    const wrongKind = await batch(['1'], agency.apiKey);
    expect(wrongKind.status).toBe(403);
    expect((await problem(wrongKind)).type).toBe('/problems/api-key-wrong-kind');

    const small = await issued('verifier', 5);
    expect((await batch(['1', '2', '3'], small.apiKey)).status).toBe(200);
    const over = await batch(['4', '5', '6'], small.apiKey);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await problem(over)).type).toBe('/problems/api-key-over-quota');
    // What did not fit was not counted: the last two still fit.
    expect((await batch(['4', '5'], small.apiKey)).status).toBe(200);
    expect((await batch(['6'], small.apiKey)).status).toBe(429);
    const standing = await system.request('/api/v1/organisation', { headers: { 'x-api-key': small.apiKey } });
    expect(((await standing.json()) as { usedToday: number }).usedToday).toBe(5);
  });

  it('never lets the day\'s first request take more than the whole quota', async () => {
    const small = await issued('verifier', 5);
    const over = await batch(['1', '2', '3', '4', '5', '6'], small.apiKey);
    expect(over.status).toBe(429);
    expect(await problem(over)).toMatchObject({ requested: 6, remaining: 5, dailyQuota: 5 });
    const standing = await system.request('/api/v1/organisation', { headers: { 'x-api-key': small.apiKey } });
    expect(((await standing.json()) as { usedToday: number }).usedToday).toBe(0);
    expect((await batch(['1', '2', '3', '4', '5'], small.apiKey)).status).toBe(200);
  });

  it('over its quota, says how many are left and when the day resets, not "used up" while some are left', async () => {
    const small = await issued('verifier', 5);
    expect((await batch(['1', '2', '3'], small.apiKey)).status).toBe(200);
    const over = await batch(['4', '5', '6'], { apiKey: small.apiKey, language: 'en' });
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get('retry-after'));
    const body = (await problem(over)) as unknown as { title: string; detail: string; requested: number; remaining: number; dailyQuota: number; resetsAt: string };
    expect(body).toMatchObject({ title: 'Daily quota exceeded', requested: 3, remaining: 2, dailyQuota: 5 });
    expect(body.detail).toMatch(/needs 3 but only 2 of today’s 5 are left/);
    // Retry-After points at the reset it names: the next midnight in Asia/Shanghai.
    const resetsAt = Date.parse(body.resetsAt);
    expect(new Date(resetsAt + 8 * 3_600_000).toISOString().slice(11, 19)).toBe('00:00:00');
    expect(Math.abs(resetsAt - (system.clock.now().getTime() + retryAfter * 1000))).toBeLessThan(2_000);
    expect((await batch(['4', '5'], small.apiKey)).status).toBe(200);
    const usedUp = (await problem(await batch(['6'], small.apiKey))) as unknown as { detail: string; remaining: number };
    expect(usedUp.remaining).toBe(0);
    expect(usedUp.detail).toContain('已用完');
  });

  it('a number that did not arrive as text (bytes that are not UTF-8, half a surrogate pair) is a 400 naming it, never "no record"', async () => {
    const { apiKey } = await issued('verifier');
    // 济142019017 with 济 sent as GBK (BC C3) inside a UTF-8 JSON body: those two bytes are no UTF-8.
    const body = Buffer.concat([Buffer.from('{"numbers":["110370100000001","'), Buffer.from([0xbc, 0xc3]), Buffer.from('142019017","A1\\ud800"]}')]);
    const refused = await system.request('/api/v1/verify/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length), 'x-api-key': apiKey, 'accept-language': 'en' },
      body,
    });
    expect(refused.status).toBe(400);
    const problemBody = (await problem(refused)) as unknown as { errors: { path: string; message: string }[] };
    expect(problemBody.errors.map((error) => error.path)).toEqual(['numbers.1', 'numbers.2']);
    expect(problemBody.errors[0]?.message).toContain('UTF-8');
    const single = await system.request(`/api/v1/verify?number=${encodeURIComponent('A1\uFFFD')}`);
    expect(single.status).toBe(400);
    const standing = await system.request('/api/v1/organisation', { headers: { 'x-api-key': apiKey } });
    expect(((await standing.json()) as { usedToday: number }).usedToday).toBe(0);
  });

  it('a compressed or encoded body: 415 with Accept-Encoding, not "malformed JSON", and nothing counted', async () => {
    const { apiKey } = await issued('verifier');
    const text = JSON.stringify({ numbers: ['110370100000001'] });
    for (const [encoding, body] of [['gzip', gzipSync(text)], ['base64', Buffer.from(text).toString('base64')]] as const) {
      const refused = await system.request('/api/v1/verify/batch', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': String(body.length), 'x-api-key': apiKey },
        body,
      });
      expect(refused.status).toBe(415);
      expect(refused.headers.get('accept-encoding')).toBe('identity');
      expect(await problem(refused)).toMatchObject({ status: 415, type: '/problems/unsupported-content-encoding' });
    }
    const identity = await system.request('/api/v1/verify/batch', { ...json({ numbers: ['110370100000001'] }, { 'x-api-key': apiKey, 'content-encoding': 'identity' }) });
    expect(identity.status).toBe(200);
    const standing = await system.request('/api/v1/organisation', { headers: { 'x-api-key': apiKey } });
    expect(((await standing.json()) as { usedToday: number }).usedToday).toBe(1);
  });

  it('a refused key is answered nothing, and nothing is counted or logged for it (its numbers are read while the key is)', async () => {
    const [first] = publishedNumbers as [string];
    const keyItems = async (id: string) =>
      (await allItems(system.store)).filter((item) => item.pk === `APIKEY#${id}` && item.sk !== 'KEY').map((item) => String(item.sk));
    const unknownId = 'BBBBBBBBBBBBBBBB';
    const unknown = await batch([first], `smk_${unknownId}_${'B'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).not.toContain(noticeOf.get(first));
    expect((await allItems(system.store)).filter((item) => item.pk === `APIKEY#${unknownId}`)).toEqual([]);

    const revoked = await issued('verifier');
    await system.request(`/api/v1/moderation/api-keys/${revoked.key.id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${editor}` } });
    const agency = await issued('agency');
    for (const [{ apiKey, key }, status] of [[revoked, 401], [agency, 403]] as const) {
      const refused = await batch([first, 'miss-1'], apiKey);
      expect(refused.status).toBe(status);
      expect(await refused.text()).not.toContain(noticeOf.get(first));
      expect(await keyItems(key.id)).toEqual([]);
    }
    // Key first: a refused key with a bad body is still a 401, not a 400.
    expect((await batch([''], revoked.apiKey)).status).toBe(401);
    expect((await batch('not a list', `smk_${unknownId}_${'B'.repeat(43)}`)).status).toBe(401);
  });

  it('over quota, the batch is neither counted nor logged; an answered one is both', async () => {
    const small = await issued('verifier', 3);
    const [first] = publishedNumbers as [string];
    expect((await batch([first, 'miss-2'], small.apiKey)).status).toBe(200);
    const over = await batch([first, 'miss-3'], small.apiKey);
    expect(over.status).toBe(429);
    expect(await over.text()).not.toContain(noticeOf.get(first));
    const standing = await system.request('/api/v1/organisation', { headers: { 'x-api-key': small.apiKey } });
    expect(((await standing.json()) as { usedToday: number }).usedToday).toBe(2);
    const download = await system.request('/api/v1/organisation/verifications', { headers: { 'x-api-key': small.apiKey } });
    const hash = createLookupHasher(system.lookupKey);
    const logged = (await download.text()).trimEnd().split('\r\n').slice(1).map((row) => row.split(',')[2]);
    expect(logged).toEqual([inCsv(hash(first)), inCsv(hash(normalizeCertificateNumber('miss-2')))]);
  });

  it('a bad batch is a 400 naming each bad number by index, and costs no quota', async () => {
    const { apiKey } = await issued('verifier', 3);
    const response = await batch(['ok-1', '', 7, 'x1'.repeat(33)], apiKey);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { path: string }[] };
    expect(body.errors.map((error) => error.path)).toEqual(['numbers.1', 'numbers.2', 'numbers.3']);
    expect((await batch(Array.from({ length: 101 }, (_, i) => String(i)), apiKey)).status).toBe(400);
    expect((await batch(['a1', 'b2', 'c3'], apiKey)).status).toBe(200);
  });
});

describe('POST /api/v1/verify/batch', () => {
  it('answers 100 numbers with duplicates and misses in the order asked, normalized and masked as single verify', async () => {
    const { apiKey } = await issued('verifier');
    const [first, second, third] = publishedNumbers as [string, string, string];
    const spaced = `${first.slice(0, 5)} ${first.slice(5)}`;
    const numbers: string[] = [];
    for (let i = 0; numbers.length < 100; i += 1) {
      numbers.push(i % 10 === 0 ? spaced : i % 10 === 3 ? second : i % 10 === 7 ? third : i % 10 === 5 ? HOLDER_ID : `miss-${i % 13}`);
    }
    const response = await batch(numbers, apiKey);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(personalNumbersIn(text)).toEqual([]);
    const { results } = JSON.parse(text) as BatchBody;
    expect(results).toHaveLength(100);
    results.forEach((result, index) => {
      const asked = numbers[index] as string;
      const normalized = normalizeCertificateNumber(asked);
      expect(result.number, `#${index}`).toBe(maskSensitiveText(normalized));
      const notice = noticeOf.get(normalized);
      expect(result.status, `#${index}`).toBe(notice ? 'declared_void' : 'no_record');
      expect(result.notices.map((n) => n.noticeNo), `#${index}`).toEqual(notice ? [notice] : []);
    });
    // Each answer is the single verify's answer, field for field.
    for (const index of [0, 3, 5, 9]) {
      const single = await system.request(`/api/v1/verify?${new URLSearchParams({ number: numbers[index] as string })}`);
      expect(results[index]).toEqual(await single.json());
    }
  });

  it('logs every keyed lookup by hash; the organisation downloads its own log as CSV', async () => {
    const mine = await issued('verifier');
    const theirs = await issued('verifier');
    const [first] = publishedNumbers as [string];
    expect((await batch([first, HOLDER_ID, first], mine.apiKey)).status).toBe(200);
    expect((await batch(['other-org-number-1'], theirs.apiKey)).status).toBe(200);

    const download = await system.request('/api/v1/organisation/verifications', { headers: { 'x-api-key': mine.apiKey } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('text/csv');
    expect(download.headers.get('content-disposition')).toContain('attachment');
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    const rows = csv.trimEnd().split('\r\n').map((row) => row.split(','));
    expect(rows[0]).toEqual(['at', 'request_id', 'number_hash', 'status', 'notice_numbers']);
    const hash = createLookupHasher(system.lookupKey);
    expect(rows.slice(1).map((row) => [row[2], row[3], row[4]])).toEqual([
      [inCsv(hash(first)), 'declared_void', noticeOf.get(first)],
      [inCsv(hash(HOLDER_ID)), 'no_record', ''],
      [inCsv(hash(first)), 'declared_void', noticeOf.get(first)],
    ]);
    expect(csv).not.toContain(first);
    expect(personalNumbersIn(csv)).toEqual([]);
    const keyItems = (await allItems(system.store)).filter((item) => String(item.pk).startsWith('APIKEY#'));
    expect(JSON.stringify(keyItems)).toContain(hash(HOLDER_ID));
    expect(JSON.stringify(keyItems)).not.toContain(HOLDER_ID);

    const bad = await system.request('/api/v1/organisation/verifications?from=2026-13-01', { headers: { 'x-api-key': mine.apiKey } });
    expect(bad.status).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents the keyed routes with the X-Api-Key scheme, in /openapi.json and /docs', async () => {
    const document = (await (await system.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, { type: string; in: string; name: string }> };
    };
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    for (const [path, verb] of [['/api/v1/verify/batch', 'post'], ['/api/v1/organisation', 'get'], ['/api/v1/organisation/verifications', 'get']] as const) {
      const operation = document.paths[path]?.[verb];
      expect(operation?.security, path).toEqual([{ apiKey: [] }]);
      expect(Object.keys(operation?.responses ?? {}), path).toEqual(expect.arrayContaining(['200', '401', '403']));
    }
    expect(Object.keys(document.paths['/api/v1/verify/batch']?.post?.responses ?? {})).toContain('429');
    const docs = await (await system.request('/docs')).text();
    expect(docs).toContain('/api/v1/verify/batch');
  });
});

describe('npm run api-key', () => {
  it('prints one line, a key the local server accepts', async () => {
    const { stdout } = await promisify(execFile)('node_modules/.bin/tsx', ['scripts/api-key.ts', 'verifier', '招商银行', '济南分行'], {
      env: { ...process.env, DATA_DIR: system.dataDir },
    });
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const apiKey = lines[0] as string;
    const standing = await system.request('/api/v1/organisation', { headers: { 'x-api-key': apiKey } });
    expect(standing.status).toBe(200);
    expect(((await standing.json()) as { key: { organisation: string; kind: string } }).key).toMatchObject({ organisation: '招商银行 济南分行', kind: 'verifier' });
    expect((await batch(['1'], apiKey)).status).toBe(200);
  });

  it('shows an organisation its own key with any phone or ID number staff typed into it masked', async () => {
    const response = await issue({ organisation: `张三诊所 ${HOLDER_PHONE}（${HOLDER_ID}）`, kind: 'verifier' });
    expect(response.status).toBe(201);
    const { apiKey } = (await response.json()) as IssuedBody;
    const standing = await (await system.request('/api/v1/organisation', { headers: { 'x-api-key': apiKey } })).text();
    expect(personalNumbersIn(standing)).toEqual([]);
    expect(JSON.parse(standing)).toMatchObject({ key: { organisation: `张三诊所 ${maskSensitiveText(HOLDER_PHONE)}（${maskSensitiveText(HOLDER_ID)}）` } });
  });

  it('lets every one of the first requests with a spooled key through when they come at once', async () => {
    const { stored, apiKey } = newApiKey({ kind: 'verifier', organisation: '并发测试机构' }, new Date(), 'npm run api-key');
    spoolApiKey(system.dataDir, stored);
    const answers = await Promise.all(['1', '2', '3', '4'].map((number) => batch([number], apiKey)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(await getApiKey(system.store, stored.id)).toMatchObject({ id: stored.id, secretHash: stored.secretHash });
  });

  it('refuses an unknown kind', async () => {
    await expect(promisify(execFile)('node_modules/.bin/tsx', ['scripts/api-key.ts', 'bank', 'x'], { env: { ...process.env, DATA_DIR: system.dataDir } })).rejects.toThrow();
  });
});

describe('the verification log', () => {
  it('keeps both of two requests that share a client request id and a millisecond', async () => {
    const keyId = `logtest${Date.now()}`;
    const at = new Date().toISOString();
    const quota = { day: at.slice(0, 10), dailyQuota: 10, expiresAt: Math.floor(Date.now() / 1000) + 86_400 };
    for (const numberHash of ['hash-one', 'hash-two']) {
      expect(await consumeQuotaAndLog(system.store, keyId, quota, [{ at, requestId: 'same', numberHash, status: 'no_record', noticeNumbers: [] }], new Date())).toBe(true);
    }
    const logged = await readVerificationLog(system.store, keyId, at, at);
    expect(logged.map((lookup) => lookup.numberHash).sort()).toEqual(['hash-one', 'hash-two']);
  });
});
