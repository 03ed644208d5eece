import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../shared/domain/editions.js';
import { json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { newsroom, nextEditionDate, publishOnItsDay } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

interface Notice {
  noticeNo: string;
  text: string;
  correctsNoticeNo?: string;
  correctedBy?: string[];
}
interface Answer {
  status: string;
  notices: Notice[];
}

let system: TestSystem;
let room: ReturnType<typeof newsroom>;
let editor: string;
const servers: Server[] = [];

beforeAll(async () => {
  system = await createTestSystem();
  room = newsroom(system);
  editor = `Bearer ${await system.auth.issueToken('editor')}`;
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

const verify = async (number: string): Promise<Answer> => (await (await system.request(`/api/v1/verify?number=${encodeURIComponent(number)}`)).json()) as Answer;
const notice = async (noticeNo: string): Promise<Notice> => (await (await system.request(`/api/v1/notices/${noticeNo}`)).json()) as Notice;

/** Publishes a notice for `number`, then a correction of `item` in a later edition; both notice numbers. */
async function publishCorrection(number: string, item: string, wrong: string, correct: string): Promise<{ originalNo: string; correctionNo: string }> {
  const { date } = await room.publish([physicianDeclaration(number)]);
  const originalNo = `${date.replaceAll('-', '')}-0001`;
  const second = nextEditionDate();
  expect((await system.request('/api/v1/editions', json({ date: second }, { authorization: editor }))).status).toBe(201);
  const placed = await system.request(`/api/v1/editions/${second}/corrections`, json({ noticeNo: originalNo, item, wrong, correct }, { authorization: editor }));
  expect(placed.status, await placed.clone().text()).toBe(201);
  expect((await publishOnItsDay(system, second, { method: 'POST', headers: { authorization: editor } })).status).toBe(200);
  return { originalNo, correctionNo: `${second.replaceAll('-', '')}-0001` };
}

describe('a correction of the certificate number', () => {
  it('makes the corrected number verifiable with the correction and its original, and marks the original corrected under the wrong number', async () => {
    const wrong = uniqueCertificateNumber();
    const correct = uniqueCertificateNumber();
    const { originalNo, correctionNo } = await publishCorrection(wrong, '证书编码', wrong, correct);

    const corrected = await verify(correct);
    expect(corrected.status).toBe('declared_void');
    expect(corrected.notices.map((entry) => [entry.noticeNo, entry.correctsNoticeNo, entry.correctedBy])).toEqual([
      [correctionNo, originalNo, undefined],
      [originalNo, undefined, [correctionNo]],
    ]);

    const misprinted = await verify(wrong);
    expect(misprinted.status).toBe('declared_void');
    expect(misprinted.notices).toEqual([expect.objectContaining({ noticeNo: originalNo, correctedBy: [correctionNo] })]);
    expect((await notice(originalNo)).correctedBy).toEqual([correctionNo]);
    expect(await (await system.request(`/notices/${originalNo}`)).text()).toContain(`/notices/${correctionNo}`);

    const batch = await system.request('/api/v1/verify/batch', json({ numbers: [correct, wrong] }, { 'x-api-key': await verifierKey() }));
    const { results } = (await batch.json()) as { results: Answer[] };
    expect(results.map((result) => result.notices.map((entry) => [entry.noticeNo, entry.correctedBy]))).toEqual([
      [
        [correctionNo, undefined],
        [originalNo, [correctionNo]],
      ],
      [[originalNo, [correctionNo]]],
    ]);
  });

  it('refuses a corrected number that cannot be one (400 on correct), placing nothing', async () => {
    const number = uniqueCertificateNumber();
    const { date } = await room.publish([physicianDeclaration(number)]);
    const second = nextEditionDate();
    expect((await system.request('/api/v1/editions', json({ date: second }, { authorization: editor }))).status).toBe(201);
    const placed = await system.request(
      `/api/v1/editions/${second}/corrections`,
      json({ noticeNo: `${date.replaceAll('-', '')}-0001`, item: 'number', wrong: number, correct: '张三' }, { authorization: editor }),
    );
    expect(placed.status).toBe(400);
    expect(((await placed.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['correct']);
  });

  it('of another item changes no lookup, but the notice links to it', async () => {
    const number = uniqueCertificateNumber();
    const { date } = await room.publish([physicianDeclaration(number)]);
    const before = await verify(number);
    const second = nextEditionDate();
    const originalNo = `${date.replaceAll('-', '')}-0001`;
    expect((await system.request('/api/v1/editions', json({ date: second }, { authorization: editor }))).status).toBe(201);
    const placed = await system.request(`/api/v1/editions/${second}/corrections`, json({ noticeNo: originalNo, item: '姓名', wrong: '张三', correct: '张叁' }, { authorization: editor }));
    expect(placed.status).toBe(201);
    expect((await publishOnItsDay(system, second, { method: 'POST', headers: { authorization: editor } })).status).toBe(200);
    expect(await verify(number)).toEqual(before);
    expect((await notice(originalNo)).correctedBy).toEqual([`${second.replaceAll('-', '')}-0001`]);
  });
});

async function verifierKey(): Promise<string> {
  const response = await system.request('/api/v1/moderation/api-keys', json({ organisation: `更正测试${Math.random()}`, kind: 'verifier', dailyQuota: 1000 }, { authorization: editor }));
  expect(response.status).toBe(201);
  return ((await response.json()) as { apiKey: string }).apiKey;
}

describe('a watch on the corrected number', () => {
  it('fires once when the correction is published', async () => {
    const received: string[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const correct = uniqueCertificateNumber();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const watched = await system.request('/api/v1/watches', json({ number: correct, callbackUrl: url }, { 'x-api-key': await verifierKey() }));
    expect(watched.status).toBe(201);
    const wrong = uniqueCertificateNumber();
    const { correctionNo } = await publishCorrection(wrong, '证书编码', wrong, correct);
    const day = `${correctionNo.slice(0, 4)}-${correctionNo.slice(4, 6)}-${correctionNo.slice(6, 8)}`;
    for (const minutes of [0, 30]) await system.clock.during(new Date(Date.parse(shanghaiTime(day, 8)) + minutes * 60_000), () => system.runOutbox());
    expect(received).toHaveLength(1);
    expect((JSON.parse(received[0] as string) as { data: { notice: Notice } }).data.notice).toMatchObject({ noticeNo: correctionNo });
  });
});

describe('a correction placed twice', () => {
  it('can be taken out before the cut-off by its id, so only one is printed; once published it stays', async () => {
    const { date } = await room.publish([physicianDeclaration()]);
    const originalNo = `${date.replaceAll('-', '')}-0001`;
    const second = nextEditionDate();
    expect((await system.request('/api/v1/editions', json({ date: second }, { authorization: editor }))).status).toBe(201);
    const body = { noticeNo: originalNo, item: '姓名', wrong: '张三', correct: '张叁' };
    const placed = await Promise.all([1, 2].map(() => system.request(`/api/v1/editions/${second}/corrections`, json(body, { authorization: editor }))));
    const [kept, twice] = (await Promise.all(placed.map(async (response) => ((await response.json()) as { id: string }).id))) as [string, string];
    const takeOut = (id: string) => system.request(`/api/v1/editions/${second}/notices/${id}`, { method: 'DELETE', headers: { authorization: editor } });
    expect((await takeOut(twice)).status).toBe(204);
    expect((await takeOut(twice)).status).toBe(404);
    const edition = (await (await system.request(`/api/v1/editions/${second}`, { headers: { authorization: editor } })).json()) as { notices: { correctionId?: string }[] };
    expect(edition.notices.map((laidOut) => laidOut.correctionId)).toEqual([kept]);
    expect(await (await publishOnItsDay(system, second, { method: 'POST', headers: { authorization: editor } })).json()).toMatchObject({ noticeCount: 1 });
    expect((await notice(originalNo)).correctedBy).toEqual([`${second.replaceAll('-', '')}-0001`]);
    expect(await (await takeOut(kept)).json()).toMatchObject({ type: expect.stringContaining('gone-to-print'), published: true });
  });
});
