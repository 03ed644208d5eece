import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBundlesApp } from '../../functions/bundles/app.js';
import { localAttachments } from '../../scripts/local-attachments.js';
import { createLogger } from '../../shared/http/logger.js';
import { createLookupHasher } from '../../shared/services/lookup-key.js';
import type { StoreContext } from '../../shared/store/client.js';
import { allItems, HOLDER_ID, HOLDER_PHONE, json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { personalNumbersIn } from '../support/ids.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;
let agencyKey: string;
let verifierKey: string;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['kind', 'declarant.type', 'declarant.name', 'declarant.idNumber', 'document.type', 'document.number', 'contact.phone'];

interface FiledBody {
  bundleId: string;
  declarations: { row: number; id: string; receipt: string; status: string; version: number; text: string; declaration: { declarant: { idNumber?: string } } }[];
}

interface ProblemBody {
  status: number;
  type: string;
  errors: { path: string; row: number; field: string; message: string }[];
}

function csvOf(numbers: readonly string[], change: (cells: string[], index: number) => string[] = (cells) => cells): string {
  const rows = numbers.map((number, index) => change(['loss', 'person', '张三', HOLDER_ID, 'physician_practicing_certificate', number, HOLDER_PHONE], index));
  return [HEADER, ...rows].map((cells) => cells.join(',')).join('\r\n');
}

function numbers(count: number): string[] {
  return Array.from({ length: count }, () => uniqueCertificateNumber());
}

async function issue(kind: 'agency' | 'verifier'): Promise<string> {
  const editor = await system.auth.issueToken('editor');
  const response = await system.request(
    '/api/v1/moderation/api-keys',
    json({ organisation: `测试${kind}`, kind, dailyQuota: 100_000 }, { authorization: `Bearer ${editor}` }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { apiKey: string }).apiKey;
}

function post(body: RequestInit['body'], contentType: string, headers: Record<string, string> = {}, target: Pick<TestSystem, 'request'> = system): Promise<Response> {
  return target.request('/api/v1/bundles', { method: 'POST', headers: { 'content-type': contentType, 'x-api-key': agencyKey, ...headers }, body });
}

/** What the register shows of declarations: their items that an ordinary read sees (not a bundle's staged ones). */
async function declarationItems(): Promise<Record<string, unknown>[]> {
  return (await allItems(system.store)).filter((item) => String(item.pk).startsWith('DECL#') && item.sk === 'DECL');
}

async function itemsNaming(certificateNumbers: readonly string[]): Promise<Record<string, unknown>[]> {
  return (await allItems(system.store)).filter((item) => certificateNumbers.some((number) => JSON.stringify(item).includes(number)));
}

beforeAll(async () => {
  system = await createTestSystem();
  agencyKey = await issue('agency');
  verifierKey = await issue('verifier');
});

describe('POST /api/v1/bundles', () => {
  it('files 300 CSV rows at once (more than one transaction), each in the queue with a masked view and its receipt', async () => {
    const certificates = numbers(300);
    const response = await post(csvOf(certificates), 'text/csv');
    expect(response.status, await response.clone().text()).toBe(201);
    const body = (await response.json()) as FiledBody;
    expect(response.headers.get('location')).toBe(`/api/v1/bundles/${body.bundleId}`);
    expect(body.declarations).toHaveLength(300);
    expect(body.declarations.map((row) => row.row)).toEqual(certificates.map((_, index) => index + 2));
    expect(new Set(body.declarations.map((row) => row.receipt)).size).toBe(300);
    for (const row of body.declarations) expect(row).toMatchObject({ status: 'submitted', version: 1 });
    expect(body.declarations[0]?.declaration.declarant.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(personalNumbersIn(JSON.stringify(body))).toEqual([]);

    // Every row is an ordinary declaration: the citizen's receipt opens it, the queue lists it.
    const first = body.declarations[0];
    const opened = await system.request('/api/v1/declarations/by-receipt', { headers: { authorization: `Receipt ${first?.receipt}` } });
    expect(opened.status).toBe(200);
    const moderator = await system.auth.issueToken('moderator');
    const found = await system.request(`/api/v1/moderation/declarations?q=${certificates[299]}`, { headers: { authorization: `Bearer ${moderator}` } });
    expect(((await found.json()) as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([body.declarations[299]?.id]);
    const ids = new Set(body.declarations.map((row) => row.id));
    const visible = (await declarationItems()).filter((item) => ids.has(String(item.id)));
    expect(visible).toHaveLength(300);
    expect(visible.every((item) => item.pendingBundle === undefined && item.queuePk !== undefined)).toBe(true);

    const followed = await system.request(`/api/v1/bundles/${body.bundleId}`, { headers: { 'x-api-key': agencyKey } });
    expect(followed.status).toBe(200);
    const overview = (await followed.json()) as { state: string; rowCount: number; declarations: { row: number; id: string; status: string }[] };
    expect(overview).toMatchObject({ state: 'filed', rowCount: 300 });
    expect(overview.declarations[0]).toEqual({ row: 2, id: first?.id, status: 'submitted' });
  });

  it('refuses 300 rows with one bad row, naming the sheet row and field, and stores nothing', async () => {
    const certificates = numbers(300);
    const before = await declarationItems();
    const response = await post(csvOf(certificates, (cells, index) => (index === 136 ? cells.with(6, '1381234567') : cells)), 'text/csv');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as ProblemBody;
    expect(problem.errors).toEqual([expect.objectContaining({ row: 138, field: 'contact.phone', path: 'rows[138].contact.phone' })]);
    expect(await declarationItems()).toHaveLength(before.length);
    expect(await itemsNaming(certificates)).toEqual([]);
  });

  it('reports every bad row at once: bad fields, a document twice in the bundle, a document already declared', async () => {
    const certificates = numbers(4);
    const taken = await system.request('/api/v1/declarations', json(physicianDeclaration(certificates[3])));
    expect(taken.status).toBe(201);
    const csv = csvOf(certificates, (cells, index) =>
      index === 0 ? cells.with(3, '370102199003071235') : index === 2 ? cells.with(5, certificates[1] ?? '') : cells,
    );
    const problem = (await (await post(csv, 'text/csv')).json()) as ProblemBody;
    expect(problem.errors.map(({ row, field }) => [row, field])).toEqual([
      [2, 'declarant.idNumber'],
      [4, 'document.number'],
      [5, 'document.number'],
    ]);
    expect(personalNumbersIn(JSON.stringify(problem))).toEqual([]);
  });

  it('reads GBK CSV as Excel in China saves it, with Chinese headers and words', async () => {
    const certificate = uniqueCertificateNumber();
    const text = ['声明类型,声明人类型,声明人,身份证号码,证件类型,证件号码,联系电话', `遗失,个人,李四,${HOLDER_ID},医师执业证书,${certificate},${HOLDER_PHONE}`].join('\r\n');
    const gbk = iconv.encode(text, 'gbk');
    // GBK is not UTF-8: the bytes must be decoded as GBK, not guessed from a label.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    const response = await post(new Uint8Array(gbk), 'text/csv');
    expect(response.status, await response.clone().text()).toBe(201);
    const [row] = ((await response.json()) as FiledBody).declarations;
    expect(row?.text).toContain('李四');
    expect(row?.text).toContain(certificate);
  });

  it('reads GBK CSV whose bytes are also valid UTF-8 (谢伟, 叶英) as GBK, not as Cyrillic', async () => {
    const certificate = uniqueCertificateNumber();
    const text = [HEADER.join(','), ...['谢伟', '叶英'].map((name, index) => ['loss', 'person', name, HOLDER_ID, 'physician_practicing_certificate', `${certificate}${index}`, HOLDER_PHONE].join(','))].join('\r\n');
    const gbk = iconv.encode(text, 'gbk');
    // The trap: these GBK bytes decode as UTF-8 without error, to Cyrillic.
    expect(new TextDecoder('utf-8', { fatal: true }).decode(gbk)).not.toContain('谢伟');
    const response = await post(new Uint8Array(gbk), 'text/csv');
    expect(response.status, await response.clone().text()).toBe(201);
    expect(((await response.json()) as FiledBody).declarations.map((row) => row.text.includes('谢伟') || row.text.includes('叶英'))).toEqual([true, true]);
    // UTF-8 with a Latin letter stays UTF-8.
    const utf8 = await post(csvOf([uniqueCertificateNumber()], (cells) => cells.with(2, '张·José')), 'text/csv');
    expect(await utf8.text()).not.toContain('���');
  });

  it('reads UTF-8 CSV with a BOM', async () => {
    const certificate = uniqueCertificateNumber();
    const response = await post(`\uFEFF${csvOf([certificate])}`, 'text/csv; charset=utf-8');
    expect(response.status, await response.clone().text()).toBe(201);
    expect(((await response.json()) as FiledBody).declarations[0]?.text).toContain(certificate);
  });

  it('reads an XLSX workbook, numbering rows as Excel does', async () => {
    const certificates = numbers(3);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('声明');
    sheet.addRow(['声明类型', '声明人类型', '声明人', '身份证号码', '证件类型', '证件号码', '联系电话', '遗失或作废日期']);
    for (const number of certificates) sheet.addRow(['作废', '个人', '王五', HOLDER_ID, 'physician_practicing_certificate', number, HOLDER_PHONE, new Date('2026-01-05T00:00:00Z')]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const response = await post(bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.status, await response.clone().text()).toBe(201);
    const body = (await response.json()) as FiledBody;
    expect(body.declarations.map((row) => row.row)).toEqual([2, 3, 4]);
    expect(body.declarations[0]?.text).toContain('作废');

    // Fresh numbers (the first ones are filed now), then two bad cells.
    for (const row of [2, 3, 4]) sheet.getCell(`F${row}`).value = uniqueCertificateNumber();
    sheet.getCell('F3').value = '';
    sheet.getCell('D4').value = '12345';
    const bad = await post(new Uint8Array(await workbook.xlsx.writeBuffer()), 'application/octet-stream');
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as ProblemBody;
    expect(problem.errors.map(({ row, field }) => [row, field])).toEqual([
      [3, 'document.number'],
      [4, 'declarant.idNumber'],
    ]);
  });

  it('refuses a certificate number Excel stored as a rounded number, and reads short numbers and dates exactly', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('声明');
    sheet.addRow(['声明类型', '声明人类型', '声明人', '身份证号码', '证件类型', '证件号码', '联系电话', '遗失或作废日期']);
    // 100221201905004321 typed into a General column: the file holds a double, 100221201905004320.
    sheet.addRow(['作废', '个人', '王五', HOLDER_ID, 'physician_practicing_certificate', 100221201905004321, HOLDER_PHONE, new Date('2026-01-05T00:00:00Z')]);
    sheet.addRow(['作废', '个人', '王五', HOLDER_ID, 'physician_practicing_certificate', 1e21, HOLDER_PHONE]);
    const problem = (await (await post(new Uint8Array(await workbook.xlsx.writeBuffer()), 'application/octet-stream')).json()) as ProblemBody;
    expect(problem.errors.map(({ row, field }) => [row, field])).toEqual([
      [2, 'document.number'],
      [3, 'document.number'],
    ]);
    expect(problem.errors[0]?.message).toContain('文本');

    const short = Number(uniqueCertificateNumber().replace(/\D/g, '').slice(-12).replace(/^0/, '1'));
    const exact = new ExcelJS.Workbook();
    const rows = exact.addWorksheet('声明');
    rows.addRow(['声明类型', '声明人类型', '声明人', '身份证号码', '证件类型', '证件号码', '联系电话', '遗失或作废日期']);
    rows.addRow(['作废', '个人', '王五', HOLDER_ID, 'physician_practicing_certificate', short, HOLDER_PHONE, 46027]);
    rows.getCell('H2').numFmt = 'yyyy"年"m"月"d"日"';
    const filed = await post(new Uint8Array(await exact.xlsx.writeBuffer()), 'application/octet-stream');
    expect(filed.status, await filed.clone().text()).toBe(201);
    const [row] = ((await filed.json()) as FiledBody).declarations;
    expect(row?.text).toContain(String(short));
    expect(row?.text).not.toContain(`${short}.0`);
    expect(row?.text).toContain('2026');
  });

  it('says back no ID or phone number of a sheet without a header row, and says the header row is missing', async () => {
    const headerless = `void,person,王五,370102199001011231,physician_practicing_certificate,${uniqueCertificateNumber()},13812345678`;
    const response = await post(headerless, 'text/csv');
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).not.toContain('370102199001011231');
    expect(body).not.toContain('13812345678');
    const problem = JSON.parse(body) as ProblemBody;
    expect(problem.errors).toEqual([expect.objectContaining({ row: 1, field: '' })]);
    expect(problem.errors[0]?.message).toContain('表头');
    // One unknown header among known ones is named, masked.
    const masked = await (await post(`kind,13812345678\nloss,x`, 'text/csv')).text();
    expect(masked).not.toContain('13812345678');
    expect(masked).toContain('138****5678');
  });

  it('names the media types it takes in its 415', async () => {
    for (const contentType of ['application/xml', '']) {
      const response = await system.request('/api/v1/bundles', { method: 'POST', headers: { 'x-api-key': agencyKey, ...(contentType ? { 'content-type': contentType } : {}) }, body: new Uint8Array([60, 120, 47, 62]) });
      expect(response.status).toBe(415);
      const problem = (await response.json()) as { detail: string };
      expect(problem.detail).toContain('text/csv');
      expect(problem.detail).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    }
  });

  it('refuses an XLSX zip bomb with a 413 before inflating it, even when its central directory lies about the size', async () => {
    // 64 MiB of whitespace (beyond the 16 MiB bound) deflates to about 64 KiB; a real bomb pads to gigabytes.
    const inflated = Buffer.alloc(64 * 1024 * 1024, 0x20);
    const data = deflateRawSync(inflated, { level: 9 });
    // Zip records (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16): [offset, bytes, value] little-endian fields.
    const record = (length: number, fields: [number, 2 | 4, number][]) => {
      const bytes = Buffer.alloc(length);
      for (const [at, size, value] of fields) void (size === 2 ? bytes.writeUInt16LE(value, at) : bytes.writeUInt32LE(value, at));
      return bytes;
    };
    const zipOf = (declaredSize: number) => {
      const name = Buffer.from('xl/worksheets/sheet1.xml');
      const local = record(30, [[0, 4, 0x04034b50], [4, 2, 20], [8, 2, 8], [18, 4, data.length], [22, 4, declaredSize], [26, 2, name.length]]);
      const central = record(46, [[0, 4, 0x02014b50], [4, 2, 20], [6, 2, 20], [10, 2, 8], [20, 4, data.length], [24, 4, declaredSize], [28, 2, name.length]]);
      const end = record(22, [[0, 4, 0x06054b50], [8, 2, 1], [10, 2, 1], [12, 4, central.length + name.length], [16, 4, local.length + name.length + data.length]]);
      return new Uint8Array(Buffer.concat([local, name, data, central, name, end]));
    };
    for (const declaredSize of [inflated.length, 100]) {
      const started = performance.now();
      const response = await post(zipOf(declaredSize), XLSX_TYPE);
      expect(response.status).toBe(413);
      expect(((await response.json()) as { type: string }).type).toBe('/problems/bundle-too-large');
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('takes a JSON array, rows numbered from 1', async () => {
    const good = physicianDeclaration();
    const response = await post(JSON.stringify([good, { ...physicianDeclaration(), kind: 'stolen' }]), 'application/json');
    expect(response.status).toBe(400);
    expect(((await response.json()) as ProblemBody).errors.map(({ path }) => path)).toEqual(['rows[2].kind']);
    const filed = await post(JSON.stringify([good]), 'application/json');
    expect(filed.status).toBe(201);
    expect(((await filed.json()) as FiledBody).declarations[0]?.row).toBe(1);
  });

  it('names unknown columns and refuses an empty sheet or too many rows', async () => {
    const unknown = (await (await post('kind,colour\nloss,red', 'text/csv')).json()) as ProblemBody;
    expect(unknown.errors).toEqual([expect.objectContaining({ row: 1, field: 'colour' })]);
    expect((await post(HEADER.join(','), 'text/csv')).status).toBe(400);
    const tooMany = await post(csvOf(Array.from({ length: 1001 }, (_, index) => `X${index}`)), 'text/csv');
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()) as { type: string }).toMatchObject({ type: '/problems/bundle-too-large' });
    expect((await post(new Uint8Array(3 * 1024 * 1024), 'text/csv')).status).toBe(413);
    expect((await post('<xml/>', 'application/xml')).status).toBe(415);
  });

  it('answers fuzzed sheets (random bytes, CSV with random cells, broken zips, JSON) with a problem, never a 5xx, and stores nothing', async () => {
    const before = (await allItems(system.store)).filter((item) => /^(DECL|UNIQ|RCPT|BUNDLE|SRCH)#/.test(String(item.pk))).length;
    const cell = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('"', '""', '\r\n', ',', 'loss', '个人', HOLDER_ID, '=1+1'));
    const csvBody = fc
      .tuple(fc.subarray(HEADER, { minLength: 1 }), fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 6 }))
      .map(([header, rows]) => new TextEncoder().encode([header, ...rows].map((cells) => cells.join(',')).join('\n')));
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 600 }).map((bytes) => ({ bytes, type: 'text/csv' })),
      csvBody.map((bytes) => ({ bytes, type: 'text/csv' })),
      fc.uint8Array({ maxLength: 600 }).map((bytes) => ({ bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...bytes]), type: 'application/octet-stream' })),
      fc.jsonValue({ maxDepth: 4 }).map((value) => ({ bytes: new TextEncoder().encode(JSON.stringify(value)), type: 'application/json' })),
    );
    const failures: unknown[] = [];
    for (const { bytes, type } of fc.sample(body, { numRuns: 300, seed: 20261203 })) {
      const response = await post(bytes, type);
      const problemJson = (response.headers.get('content-type') ?? '').startsWith('application/problem+json');
      if (response.status >= 500 || response.status < 400 || !problemJson) failures.push({ status: response.status, type, body: (await response.text()).slice(0, 200) });
    }
    expect(failures).toEqual([]);
    expect((await allItems(system.store)).filter((item) => /^(DECL|UNIQ|RCPT|BUNDLE|SRCH)#/.test(String(item.pk))).length).toBe(before);
  });

  it('needs an agency key: none is a 401, a verifier key a 403', async () => {
    const csv = csvOf(numbers(1));
    const none = await system.request('/api/v1/bundles', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(none.status).toBe(401);
    expect((await post(csv, 'text/csv', { 'x-api-key': verifierKey })).status).toBe(403);
    expect((await system.request('/api/v1/bundles/00000000-0000-4000-8000-000000000000', { headers: { 'x-api-key': verifierKey } })).status).toBe(403);
  });

  it('shows a bundle to its own agency only', async () => {
    const filed = (await (await post(csvOf(numbers(1)), 'text/csv')).json()) as FiledBody;
    const other = await issue('agency');
    expect((await system.request(`/api/v1/bundles/${filed.bundleId}`, { headers: { 'x-api-key': other } })).status).toBe(404);
  });

  it('replays an Idempotency-Key: the same declarations and receipts, nothing filed twice; another body is refused', async () => {
    const csv = csvOf(numbers(30));
    const headers = { 'idempotency-key': `bundle-${crypto.randomUUID()}` };
    const first = (await (await post(csv, 'text/csv', headers)).json()) as FiledBody;
    const again = await post(csv, 'text/csv', headers);
    expect(again.status).toBe(201);
    const replayed = (await again.json()) as FiledBody;
    expect(replayed.bundleId).toBe(first.bundleId);
    expect(replayed.declarations.map(({ id, receipt }) => [id, receipt])).toEqual(first.declarations.map(({ id, receipt }) => [id, receipt]));
    expect((await post(csvOf(numbers(1)), 'text/csv', headers)).status).toBe(422);
  });

  it('serves a CSV template with a UTF-8 BOM, and an XLSX one, without a key', async () => {
    const csv = await system.request('/api/v1/bundles/template.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('证件号码');
    const xlsx = await system.request('/api/v1/bundles/template.xlsx');
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets[0]?.getRow(1).getCell(1).value).toBe('声明类型');
  });
});

describe('a bundle interrupted midway', () => {
  /**
   * The bundles app on the system's table, with a store that dies (as the process would) at the first transaction
   * `dies` picks: that call and every later one, of any kind, fail. With `once`, only the picked calls fail (a
   * transient error the run survives).
   */
  function crashingBundles(dies: (command: TransactWriteCommand, count: number) => boolean, { once = false } = {}): Pick<TestSystem, 'request'> {
    let count = 0;
    let dead = false;
    // Derived from the real client, so that the SDK's paginators (which check the client's class) accept it.
    const client: DynamoDBDocumentClient = Object.create(system.store.client);
    client.send = ((command: unknown) => {
      const picked = command instanceof TransactWriteCommand && dies(command, (count += 1));
      if (picked && !once) dead = true;
      if (dead || picked) return Promise.reject(Object.assign(new Error('injected'), { name: 'InternalServerError' }));
      return system.store.client.send(command as never);
    }) as DynamoDBDocumentClient['send'];
    const store: StoreContext = { ...system.store, client };
    const app = createBundlesApp({
      store,
      logger: createLogger('bundles-crash'),
      now: system.clock.now,
      lookupHasher: () => Promise.resolve(createLookupHasher(system.lookupKey)),
      attachments: localAttachments(system.dataDir).storage,
    });
    return { request: async (path, init) => app.fetch(new Request(`http://127.0.0.1${path}`, init)) };
  }

  const later = (minutes: number) => new Date(Date.now() + minutes * 60 * 1000);

  it('leaves nothing visible when it dies while staging, and the next request undoes it', async () => {
    const certificates = numbers(100);
    const before = await declarationItems();
    // The third transaction and every one after it fail: the run dies after staging two transactions' rows.
    const crashing = crashingBundles((_, count) => count >= 3);
    const response = await post(csvOf(certificates), 'text/csv', {}, crashing);
    expect(response.status).toBeGreaterThanOrEqual(500);
    const staged = await itemsNaming(certificates);
    expect(staged.length).toBeGreaterThan(0);
    // Staged, not visible: no ordinary declaration, no queue entry, no search item, nothing a citizen's receipt opens.
    expect(staged.every((item) => item.pendingBundle !== undefined || /^(UNIQ|BUNDLE)#/.test(String(item.pk)))).toBe(true);
    expect(staged.some((item) => item.queuePk !== undefined)).toBe(false);
    expect((await declarationItems()).filter((item) => item.pendingBundle === undefined)).toHaveLength(before.length);

    // Once the dead run's lease is over, the next bundle request (anyone's) removes what it staged.
    await system.clock.during(later(6), async () => {
      expect((await post(csvOf(numbers(1)), 'text/csv')).status).toBe(201);
    });
    expect(await itemsNaming(certificates)).toEqual([]);
    // The undone bundle's header stays a day (for its Idempotency-Key's retries), then TTL removes it.
    const undone = (await allItems(system.store)).filter((item) => item.sk === 'BUNDLE' && item.state === 'rolled_back');
    expect(undone.length).toBeGreaterThan(0);
    expect(undone.every((item) => typeof item.expiresAt === 'number' && item.queuePk === undefined)).toBe(true);
  });

  it('refuses a bundle of more rows than the whole daily quota, even as the key\'s first of the day (429, nothing filed)', async () => {
    const editor = await system.auth.issueToken('editor');
    const issued = await system.request('/api/v1/moderation/api-keys', json({ organisation: '小医院', kind: 'agency', dailyQuota: 2 }, { authorization: `Bearer ${editor}` }));
    const smallKey = ((await issued.json()) as { apiKey: string }).apiKey;
    const certificates = numbers(3);
    const refused = await post(csvOf(certificates), 'text/csv', { 'x-api-key': smallKey });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ type: '/problems/api-key-over-quota', requested: 3, remaining: 2, dailyQuota: 2 });
    expect(await itemsNaming(certificates)).toEqual([]);
    expect((await post(csvOf(certificates.slice(0, 2)), 'text/csv', { 'x-api-key': smallKey })).status).toBe(201);
  });

  it('gives the rows of an attempt that failed and was undone back to the agency\'s daily quota', async () => {
    const used = async () =>
      ((await (await system.request('/api/v1/organisation', { headers: { 'x-api-key': agencyKey } })).json()) as { usedToday: number }).usedToday;
    const before = await used();
    const certificates = numbers(100);
    // Only the third transaction fails: the run undoes the two it staged and answers with the error.
    const response = await post(csvOf(certificates), 'text/csv', {}, crashingBundles((_, count) => count === 3, { once: true }));
    expect(response.status, await response.clone().text()).toBeGreaterThanOrEqual(500);
    expect(await itemsNaming(certificates)).toEqual([]);
    expect(await used()).toBe(before);
    expect((await post(csvOf(numbers(5)), 'text/csv')).status).toBe(201);
    expect(await used()).toBe(before + 5);
  });

  it('is undone by the scheduled sweep once its lease is over, with no bundle request, and the sweep is no route of the API', async () => {
    const certificates = numbers(60);
    expect((await post(csvOf(certificates), 'text/csv', {}, crashingBundles((_, count) => count >= 2))).status).toBeGreaterThanOrEqual(500);
    expect((await itemsNaming(certificates)).length).toBeGreaterThan(0);
    // Within the lease the run may still be alive: the sweep leaves it.
    await system.runBundleSweep();
    expect((await itemsNaming(certificates)).length).toBeGreaterThan(0);
    await system.clock.during(later(6), async () => {
      const swept = await system.runBundleSweep();
      expect(swept.status).toBe(200);
      expect(((await swept.json()) as { settled: number }).settled).toBeGreaterThanOrEqual(1);
    });
    expect(await itemsNaming(certificates)).toEqual([]);
    // The certificates are free again: a citizen's (here another bundle's) filing of the same documents goes through.
    expect((await post(csvOf(certificates), 'text/csv')).status).toBe(201);
    expect((await system.request('/bundles/sweep', { method: 'POST' })).status).toBe(404);
  });

  it('finishes on retry when it dies after its commit: the same Idempotency-Key gets every row', async () => {
    const certificates = numbers(40);
    const headers = { 'idempotency-key': `crash-${crypto.randomUUID()}` };
    // Every transaction that makes staged rows visible fails: the bundle is committed but not yet shown.
    const crashing = crashingBundles((command) => command.input.TransactItems?.[0]?.ConditionCheck?.ExpressionAttributeValues?.[':state'] === 'committed');
    expect((await post(csvOf(certificates), 'text/csv', headers, crashing)).status).toBeGreaterThanOrEqual(500);
    expect((await itemsNaming(certificates)).some((item) => item.queuePk !== undefined)).toBe(false);

    const retried = await post(csvOf(certificates), 'text/csv', headers);
    expect(retried.status, await retried.clone().text()).toBe(201);
    const body = (await retried.json()) as FiledBody;
    expect(body.declarations).toHaveLength(40);
    const visible = (await declarationItems()).filter((item) => body.declarations.some((row) => row.id === item.id));
    expect(visible).toHaveLength(40);
    expect(visible.every((item) => item.pendingBundle === undefined)).toBe(true);
    const opened = await system.request('/api/v1/declarations/by-receipt', { headers: { authorization: `Receipt ${body.declarations[39]?.receipt}` } });
    expect(opened.status).toBe(200);
  });

  it('refuses a retry while the first run may still be alive (409 with Retry-After)', async () => {
    const certificates = numbers(30);
    const headers = { 'idempotency-key': `alive-${crypto.randomUUID()}` };
    expect((await post(csvOf(certificates), 'text/csv', headers, crashingBundles((_, count) => count >= 2))).status).toBeGreaterThanOrEqual(500);
    const retried = await post(csvOf(certificates), 'text/csv', headers);
    expect(retried.status).toBe(409);
    expect(Number(retried.headers.get('retry-after'))).toBeGreaterThan(0);
    // After the lease the retry undoes the dead run and files the bundle afresh.
    await system.clock.during(later(6), async () => {
      const afresh = await post(csvOf(certificates), 'text/csv', headers);
      expect(afresh.status, await afresh.clone().text()).toBe(201);
      expect(((await afresh.json()) as FiledBody).declarations).toHaveLength(30);
    });
  });
});

describe('the console: bundles', () => {
  const ORIGIN = 'http://127.0.0.1';
  const form = (cookie: string, body: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });

  it('lists bundles, shows one, and approves all its waiting declarations in one decision', async () => {
    const filed = (await (await post(csvOf(numbers(60)), 'text/csv')).json()) as FiledBody;
    // One row decided on its own first: the bundle's decision leaves it as it is.
    const moderator = await system.auth.issueToken('moderator');
    const single = filed.declarations[5];
    const rejected = await system.request(
      '/api/v1/moderation/decisions',
      json({ decisions: [{ id: single?.id, version: 1, action: 'reject', reason: '证件号码有误' }] }, { authorization: `Bearer ${moderator}` }),
    );
    expect(rejected.status).toBe(200);

    const cookie = await system.signIn('moderator');
    const list = await system.request('/staff/bundles', { headers: { cookie } });
    expect(list.status).toBe(200);
    const listed = await list.text();
    expect(listed).toContain(`/staff/bundles/${filed.bundleId}`);
    expect(listed).toContain('href="/staff/bundles" aria-current="page"');

    const shown = await (await system.request(`/staff/bundles/${filed.bundleId}`, { headers: { cookie } })).text();
    expect(shown).toContain(`/staff/declarations/${filed.declarations[0]?.id}`);
    expect(shown).toContain('59 份声明');

    const noReason = await system.request(`/staff/bundles/${filed.bundleId}/decision`, form(cookie, { action: 'reject', reason: '' }));
    expect(noReason.status).toBe(400);

    const decided = await system.request(`/staff/bundles/${filed.bundleId}/decision`, form(cookie, { action: 'approve' }));
    expect(decided.status).toBe(303);
    expect(decided.headers.get('location')).toBe(`/staff/bundles/${filed.bundleId}?applied=59&skipped=1&refused=0`);
    const followed = (await (await system.request(`/api/v1/bundles/${filed.bundleId}`, { headers: { 'x-api-key': agencyKey } })).json()) as {
      declarations: { status: string }[];
    };
    const statuses = followed.declarations.map((row) => row.status);
    expect(statuses.filter((status) => status === 'approved')).toHaveLength(59);
    expect(statuses[5]).toBe('rejected');
    const audit = (await (await system.request(`/api/v1/moderation/declarations/${filed.declarations[0]?.id}`, { headers: { authorization: `Bearer ${moderator}` } })).json()) as {
      audit: { action: string; actor: string }[];
      bundleId?: string;
    };
    expect(audit.audit.map((entry) => entry.action)).toEqual(['submit', 'approve']);
    // Each declaration leads back to its bundle: in the staff API and on its console page.
    expect(audit.bundleId).toBe(filed.bundleId);
    const page = await (await system.request(`/staff/declarations/${filed.declarations[0]?.id}`, { headers: { cookie } })).text();
    expect(page).toContain(`href="/staff/bundles/${filed.bundleId}"`);
    expect(page).toContain('查看同批提交的全部声明');

    // Deciding again is harmless (nothing waits); deciding otherwise is refused.
    const again = await system.request(`/staff/bundles/${filed.bundleId}/decision`, form(cookie, { action: 'approve' }));
    expect(again.headers.get('location')).toContain('applied=0&skipped=60');
    const otherwise = await system.request(`/staff/bundles/${filed.bundleId}/decision`, form(cookie, { action: 'reject', reason: '重复提交' }));
    expect(otherwise.status).toBe(409);
    const after = await (await system.request(`/staff/bundles/${filed.bundleId}`, { headers: { cookie } })).text();
    expect(after).toContain('已通过，待排版 59');
  });

  it('says a bundle that does not exist is not found', async () => {
    const cookie = await system.signIn('moderator');
    expect((await system.request('/staff/bundles/00000000-0000-4000-8000-000000000000', { headers: { cookie } })).status).toBe(404);
  });
});
