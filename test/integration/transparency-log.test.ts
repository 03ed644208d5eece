import { statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../shared/domain/log/bytes.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../../shared/domain/log/merkle.js';
import { parseCheckpoint, parseSignedNote, parseVerifierKey, verifyNote, type SignedNote, type VerifierKey } from '../../shared/domain/log/note.js';
import { checkOfflineProof } from '../../shared/domain/log/offline-proof.js';
import { allItems, json, physicianDeclaration } from '../support/declarations.js';
import { auditPublishedLog } from '../support/independent-log-verifier.js';
import { newsroom, nextEditionDate, payFees, publishOnItsDay } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;
let room: ReturnType<typeof newsroom>;

beforeAll(async () => {
  system = await createTestSystem();
  room = newsroom(system);
});

const hashes = (list: string[]) => list.map((hash) => fromBase64(hash) as Uint8Array);

async function checkpoint(): Promise<{ note: SignedNote; size: number; root: Uint8Array }> {
  const response = await system.request('/api/v1/log/checkpoint');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const note = parseSignedNote(await response.text()) as SignedNote;
  const parsed = parseCheckpoint(note.text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return { note, size: parsed.size, root: parsed.root };
}

async function logKey(): Promise<VerifierKey> {
  const response = await system.request('/.well-known/log-key');
  expect(response.status).toBe(200);
  return parseVerifierKey(await response.text()) as VerifierKey;
}

describe('the transparency log', () => {
  it('has no checkpoint before anything is published (404 problem), and says so on /log', async () => {
    const response = await system.request('/api/v1/log/checkpoint');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await (await system.request('/log')).text()).toContain('data-tree-size="0"');
  });

  it('appends every published notice (and a correction) once, in publication order, with logIndex, under a signed checkpoint', async () => {
    const first = await room.publish([physicianDeclaration(), physicianDeclaration(), physicianDeclaration()]);
    const afterFirst = await checkpoint();
    expect(afterFirst.size).toBe(3);

    const date = nextEditionDate();
    const editor = `Bearer ${await system.auth.issueToken('editor')}`;
    const firstNo = `${first.date.replaceAll('-', '')}-0001`;
    expect((await system.request('/api/v1/editions', { ...json({ date }), headers: { 'content-type': 'application/json', authorization: editor } })).status).toBe(201);
    const correction = await system.request(`/api/v1/editions/${date}/corrections`, {
      ...json({ noticeNo: firstNo, item: '证书编码', wrong: '110370100012345', correct: '110370100012346' }),
      headers: { 'content-type': 'application/json', authorization: editor },
    });
    expect(correction.status).toBe(201);
    expect((await publishOnItsDay(system, date, { method: 'POST', headers: { authorization: editor } })).status).toBe(200);
    await room.publish([physicianDeclaration()]);

    const { note, size, root } = await checkpoint();
    expect(size).toBe(5);
    const key = await logKey();
    expect(await verifyNote(note, key)).toBeUndefined();

    const notices = [1, 2, 3].map((n) => `${first.date.replaceAll('-', '')}-000${n}`);
    notices.push(`${date.replaceAll('-', '')}-0001`);
    for (const [index, noticeNo] of notices.entries()) {
      const notice = (await (await system.request(`/api/v1/notices/${noticeNo}`)).json()) as { logIndex: number; text: string; correctsNoticeNo?: string };
      expect(notice.logIndex).toBe(index);
      const entry = await system.request(`/api/v1/log/entries/${index}`);
      expect(entry.headers.get('content-type')).toMatch(/^application\/json/);
      const bytes = new Uint8Array(await entry.arrayBuffer());
      const record = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
      expect(record).toMatchObject({ noticeNo, text: notice.text });
      if (index === 3) expect(record.correctsNoticeNo).toBe(firstNo);
      const proof = (await (await system.request(`/api/v1/log/proof/inclusion?index=${index}&treeSize=${size}`)).json()) as { index: number; treeSize: number; hashes: string[] };
      expect(proof).toMatchObject({ index, treeSize: size });
      expect(verifyInclusion(index, size, leafHash(bytes), hashes(proof.hashes), root)).toBeUndefined();
    }
    const consistency = (await (await system.request(`/api/v1/log/proof/consistency?from=3&to=${size}`)).json()) as { from: number; to: number; hashes: string[] };
    expect(consistency).toMatchObject({ from: 3, to: size });
    expect(verifyConsistency(3, size, afterFirst.root, root, hashes(consistency.hashes))).toBeUndefined();

    // The independent verifier agrees with everything the routes say.
    const audit = await auditPublishedLog((path) => system.request(path));
    expect(audit.size).toBe(5);
    expect(audit.entries.map((entry) => entry.noticeNo).slice(0, 4)).toEqual(notices);
  });

  it('appends nothing when an edition is published again', async () => {
    const { date } = await room.publish([physicianDeclaration()]);
    const before = await checkpoint();
    const editor = `Bearer ${await system.auth.issueToken('editor')}`;
    const again = await publishOnItsDay(system, date, { method: 'POST', headers: { authorization: editor } });
    expect(await again.json()).toMatchObject({ publishedNow: 0 });
    await system.runPublisher();
    const after = await checkpoint();
    expect(after.size).toBe(before.size);
    expect((await allItems(system.store)).filter((item) => String(item.pk).startsWith('PUB#LOG#ENTRY#'))).toHaveLength(after.size);
  });

  it('stays gap-free when two editions are published at the same moment (appends race on the head)', async () => {
    const before = (await checkpoint()).size;
    const editor = `Bearer ${await system.auth.issueToken('editor')}`;
    const editions: string[] = [];
    for (let e = 0; e < 2; e += 1) {
      const ids: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const { id } = await room.file(physicianDeclaration());
        await room.decide(id, 'approve');
        ids.push(id);
      }
      const date = nextEditionDate();
      const headers = { 'content-type': 'application/json', authorization: editor };
      expect((await system.request('/api/v1/editions', { ...json({ date }), headers })).status).toBe(201);
      await payFees(system.request, editor, ids);
      expect((await system.request(`/api/v1/editions/${date}/notices`, { ...json({ ids }), headers })).status).toBe(200);
      editions.push(date);
    }
    const runs = await Promise.all(
      [...editions, ...editions].map((date) => publishOnItsDay(system, date, { method: 'POST', headers: { authorization: editor } })),
    );
    expect(runs.map((run) => run.status)).toEqual([200, 200, 200, 200]);
    await system.runPublisher();
    const audit = await auditPublishedLog((path) => system.request(path));
    expect(audit.size).toBe(before + 8);
    const numbers = audit.entries.map((entry) => entry.noticeNo);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const date of editions) expect(numbers.filter((no) => String(no).startsWith(date.replaceAll('-', '')))).toHaveLength(4);
  });

  it('refuses bad proof parameters with a problem naming the field', async () => {
    const { size } = await checkpoint();
    const cases: [string, string][] = [
      [`/api/v1/log/proof/inclusion?index=${size}&treeSize=${size}`, 'index'],
      [`/api/v1/log/proof/inclusion?index=0&treeSize=${size + 1}`, 'treeSize'],
      ['/api/v1/log/proof/inclusion?index=-1&treeSize=2', 'index'],
      ['/api/v1/log/proof/inclusion?index=0', 'treeSize'],
      ['/api/v1/log/proof/consistency?from=0&to=2', 'from'],
      ['/api/v1/log/proof/consistency?from=3&to=2', 'from'],
      [`/api/v1/log/proof/consistency?from=1&to=${size + 5}`, 'to'],
      ['/api/v1/log/proof/consistency?from=1e3&to=2', 'from'],
      [`/api/v1/log/entries/${size}`, 'index'],
      ['/api/v1/log/entries/abc', 'index'],
    ];
    for (const [path, field] of cases) {
      const response = await system.request(path);
      expect(response.status, path).toBe(400);
      const problem = (await response.json()) as { errors: { path: string }[] };
      expect(problem.errors.map((error) => error.path), path).toEqual([field]);
    }
  });

  it('puts an offline proof in the 登报证明 QR link that checks with the published key alone', async () => {
    const { date } = await room.publish([physicianDeclaration()]);
    const noticeNo = `${date.replaceAll('-', '')}-0001`;
    const page = await (await system.request(`/notices/${noticeNo}/proof`)).text();
    const code = /id="proof-code">([A-Za-z0-9_-]+)</.exec(page)?.[1];
    expect(code).toBeDefined();
    expect(page).toContain('class="qr signed"');
    // The QR code itself, drawn by the async QrCode component (its encoder loaded on first use).
    expect(page).toMatch(/id="proof-qr"[^>]*><svg [^>]*viewBox/);
    const verdict = await checkOfflineProof(code as string, await logKey());
    expect(verdict).toMatchObject({ ok: true, record: { noticeNo, publishedOn: date } });

    const verifyPage = await system.request('/verify');
    expect(verifyPage.headers.get('content-security-policy')).toContain("connect-src 'none'");
    expect(await verifyPage.text()).toContain('id="offline-check"');
  });

  it('shows the tree size, the latest checkpoint and how to audit on /log', async () => {
    const { size, note } = await checkpoint();
    const page = await (await system.request('/log')).text();
    expect(page).toContain(`data-tree-size="${size}"`);
    expect(page).toContain(note.text.split('\n')[2]);
    expect(page).toContain('npm run audit-log');
  });

  it('keeps the local signing key under DATA_DIR, readable by its owner only', () => {
    expect(statSync(join(system.dataDir, 'auth', 'log-signing-key.pem')).mode & 0o777).toBe(0o600);
  });
});
