import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { inject, beforeAll, describe, expect, it } from 'vitest';
import { createPagesApp } from '../../functions/pages/app.js';
import { createVerifyApp } from '../../functions/verify/app.js';
import { HTTP_ROUTES, mountMatcher } from '../../functions/routes.js';
import { DEMO_PUBLISHER } from '../../shared/domain/publisher.js';
import { addDays, noticeNumber, shanghaiDate } from '../../shared/domain/editions.js';
import { createLogger } from '../../shared/http/logger.js';
import { createLookupHasher } from '../../shared/services/lookup-key.js';
import { createStoreContext, type StoreContext } from '../../shared/store/client.js';
import { allItems, HOLDER_ID, HOLDER_PHONE, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { personalNumbersIn } from '../support/ids.js';
import { newsroom, nextEditionDate } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

interface VerifyBody {
  number: string;
  status: 'declared_void' | 'no_record';
  notices: { noticeNo: string; kind: string; documentType: string; publishedOn: string; text: string }[];
  note: string;
}

interface NoticeListBody {
  items: { noticeNo: string; publishedOn: string; text: string }[];
  next?: string;
}

let system: TestSystem;
let desk: ReturnType<typeof newsroom>;

/** A 15-digit physician code, published with a statement carrying an ID and a phone number in free text. */
const physicianNumber = uniqueCertificateNumber();
/** A drug licence number with a province character and letters: `鲁AA` + 7 digits. */
const drugLicence = `鲁AA${String(Date.now() % 1e7).padStart(7, '0')}`;
let published: { date: string; ids: string[] };
/** The notice numbers publication gave the two (print order among notices placed at once is by id). */
let physicianNotice: string;
let drugNotice: string;

function drugLicenceDeclaration(number: string) {
  return {
    kind: 'void',
    declarant: { type: 'organization', name: '济南市历下区康宁大药房有限公司' },
    document: { type: 'drug_business_license', number },
    contact: { phone: HOLDER_PHONE },
  };
}

/** Reads a non-staff response and fails on any full resident ID or mobile number in it. */
async function publicText(response: Response): Promise<string> {
  const text = await response.text();
  expect(personalNumbersIn(text)).toEqual([]);
  return text;
}

async function verify(query: string, init?: RequestInit): Promise<{ status: number; body: VerifyBody; response: Response }> {
  const response = await system.request(`/api/v1/verify?${query}`, init);
  const body = JSON.parse(await publicText(response.clone())) as VerifyBody;
  return { status: response.status, body, response };
}

const numberQuery = (number: string) => new URLSearchParams({ number }).toString();

const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

/** The pages app alone on the test table, with its own limiter. */
function pagesApp(verifyRateLimit: number) {
  return createPagesApp({ store: system.store, logger: createLogger('pages'), now: () => new Date(), publisher: DEMO_PUBLISHER, lookupHasher: async () => createLookupHasher(system.lookupKey), verifyRateLimit });
}

/** The verify app alone on the test table, with its own limiter and store client. */
function verifyApp(verifyRateLimit: number, store: StoreContext = system.store, logger = createLogger('verify')) {
  return createVerifyApp({ store, logger, now: () => new Date(), lookupHasher: async () => createLookupHasher(system.lookupKey), verifyRateLimit });
}

beforeAll(async () => {
  system = await createTestSystem();
  desk = newsroom(system);
  published = await desk.publish([
    { ...physicianDeclaration(physicianNumber), statement: `持有人身份证 ${HOLDER_ID}，联系电话 ${HOLDER_PHONE}` },
    drugLicenceDeclaration(drugLicence),
  ]);
  const listing = (await (await system.request(`/api/v1/notices?date=${published.date}`)).json()) as NoticeListBody;
  const noticeWith = (fragment: string) => listing.items.find((item) => item.text.includes(fragment))?.noticeNo ?? '';
  physicianNotice = noticeWith(physicianNumber);
  drugNotice = noticeWith(drugLicence);
  expect([physicianNotice, drugNotice].sort()).toEqual([noticeNumber(published.date, 1), noticeNumber(published.date, 2)]);
});

describe('GET /api/v1/verify', () => {
  it('finds a published notice by every spelling of its number', async () => {
    const fullWidth = Array.from(physicianNumber, (digit) => String.fromCodePoint(digit.codePointAt(0)! + 0xfee0)).join('');
    const spellings = [
      physicianNumber,
      fullWidth,
      `  ${physicianNumber.slice(0, 5)} ${physicianNumber.slice(5, 10)} ${physicianNumber.slice(10)} `,
      `${physicianNumber.slice(0, 4)}-${physicianNumber.slice(4, 8)}－${physicianNumber.slice(8)}`,
    ];
    for (const spelling of spellings) {
      const { status, body } = await verify(numberQuery(spelling));
      expect(status, spelling).toBe(200);
      expect(body.status, spelling).toBe('declared_void');
      expect(body.number).toBe(physicianNumber);
      expect(body.notices).toEqual([
        expect.objectContaining({
          noticeNo: physicianNotice,
          kind: 'loss',
          documentType: 'physician_practicing_certificate',
          publishedOn: published.date,
        }),
      ]);
      expect(body.notices[0]?.text).toContain('医师执业证书');
    }
  });

  it('folds lower-case letters, traditional characters, full-width letters and separators', async () => {
    const digits = drugLicence.slice(3);
    for (const spelling of [drugLicence, `魯aa${digits}`, `魯 ＡＡ-${digits}`, `鲁Aa·${digits.slice(0, 3)} ${digits.slice(3)}`]) {
      const { body } = await verify(numberQuery(spelling));
      expect(body.status, spelling).toBe('declared_void');
      expect(body.notices.map((notice) => notice.noticeNo)).toEqual([drugNotice]);
      expect(body.number).toBe(drugLicence);
    }
  });

  it('narrows to a document type, and refuses an unknown type with 400 naming `type`', async () => {
    const query = numberQuery(physicianNumber);
    expect((await verify(`${query}&type=physician_practicing_certificate`)).body.status).toBe('declared_void');
    expect((await verify(`${query}&type=nurse_practicing_certificate`)).body.status).toBe('no_record');
    const unknown = await system.request(`/api/v1/verify?${query}&type=passport`);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await unknown.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['type']);
  });

  it('matches exact numbers only: a prefix, a longer number or a wildcard find nothing', async () => {
    for (const near of [physicianNumber.slice(0, -1), `${physicianNumber}0`, `${physicianNumber.slice(0, 10)}*`, `${physicianNumber.slice(0, 10)}%`, drugLicence.slice(0, -2)]) {
      const { status, body } = await verify(numberQuery(near));
      expect(status, near).toBe(200);
      expect(body.status, near).toBe('no_record');
      expect(body.notices).toEqual([]);
    }
  });

  it('does not count declarations that are submitted, approved, scheduled, rejected or withdrawn', async () => {
    const numbers = Array.from({ length: 5 }, () => uniqueCertificateNumber());
    await desk.file(physicianDeclaration(numbers[0]));
    const approved = await desk.file(physicianDeclaration(numbers[1]));
    await desk.decide(approved.id, 'approve');
    await desk.schedule(physicianDeclaration(numbers[2]));
    const rejected = await desk.file(physicianDeclaration(numbers[3]));
    await desk.decide(rejected.id, 'reject');
    const withdrawn = await desk.file(physicianDeclaration(numbers[4]));
    const withdraw = await system.request(`/api/v1/declarations/${withdrawn.id}/withdraw`, {
      method: 'POST',
      headers: { authorization: `Receipt ${withdrawn.receipt}` },
    });
    expect(withdraw.status).toBe(200);
    for (const number of numbers) expect((await verify(numberQuery(number))).body.status, number).toBe('no_record');
  });

  it('says plainly what a no-record answer does not prove, in Chinese or English', async () => {
    const chinese = await verify(numberQuery(uniqueCertificateNumber()));
    expect(chinese.body.note).toMatch(/不能证明/);
    const english = await verify(numberQuery(uniqueCertificateNumber()), { headers: { 'accept-language': 'en' } });
    expect(english.body.note).toMatch(/does not prove/);
    expect(english.response.headers.get('cache-control')).toBe('no-store');
  });

  it('masks a resident ID number that is looked up', async () => {
    const { body } = await verify(numberQuery(HOLDER_ID));
    expect(body.status).toBe('no_record');
    expect(body.number).toBe(`${HOLDER_ID.slice(0, 6)}********${HOLDER_ID.slice(-4)}`);
  });

  it('answers a number that cannot be a certificate number with a 400 naming `number`', async () => {
    const bad = ['', 'number=', 'number=%20%20', 'number=---', `number=${'1'.repeat(65)}`, 'number=1234%00567', 'number=12%0A34', 'number=%E2%80%8B'];
    for (const query of bad) {
      const response = await system.request(`/api/v1/verify?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as { errors: { path: string; message: string }[] };
      expect(problem.errors.map((error) => error.path), query).toEqual(['number']);
      expect(problem.errors[0]?.message).toMatch(/证件号码/);
    }
    const english = await system.request('/api/v1/verify?number=', { headers: { 'accept-language': 'en' } });
    expect(((await english.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/certificate number/);
  });

  it('keeps every page answer under a reference that brings back a printable record, never the plain number', async () => {
    const hit = await publicText(await system.request(`/verify?${numberQuery(physicianNumber)}`));
    const reference = /id="verification-reference">([0-9A-Z-]+)</.exec(hit)?.[1] ?? '';
    expect(reference).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(hit).toContain(`href="/verify?ref=${reference}"`);

    const recalled = await publicText(await system.request(`/verify?ref=${reference.toLowerCase().replaceAll('-', ' ')}`));
    expect(recalled).toContain(`id="verification-reference">${reference}<`);
    expect(recalled).toContain('data-status="declared_void"');
    expect(recalled).toContain(physicianNotice);
    expect(recalled).toContain('查验当时的结果');
    expect(recalled).not.toContain('打开可打印的查验记录');

    // A resident ID looked up: the record holds it masked, like the answer; the table never holds it plain.
    const id = await publicText(await system.request(`/verify?${numberQuery(HOLDER_ID)}`));
    const idReference = /id="verification-reference">([0-9A-Z-]+)</.exec(id)?.[1] ?? '';
    const idRecord = await publicText(await system.request(`/verify?ref=${idReference}`));
    expect(idRecord).toContain('data-status="no_record"');
    expect(idRecord).toContain(`${HOLDER_ID.slice(0, 6)}********${HOLDER_ID.slice(-4)}`);
    const records = (await allItems(system.store)).filter((item) => String(item.pk).startsWith('VREF#'));
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(records)).not.toContain(HOLDER_ID);
    expect(records.every((item) => typeof item.expiresAt === 'number')).toBe(true);

    const missing = await system.request('/verify?ref=AAAA-BBBB-CCCC-DDDD');
    expect(await publicText(missing)).toContain('没有这个查验编号的记录');
  });

  it('tells someone who typed a name, in the API and on the page, to enter the certificate number instead', async () => {
    const api = await system.request(`/api/v1/verify?${numberQuery('张明')}`);
    expect(api.status).toBe(400);
    expect(((await api.json()) as { errors: { path: string; message: string }[] }).errors).toEqual([
      { path: 'number', message: expect.stringContaining('证件上印的编号') },
    ]);
    const page = await system.request(`/verify?${numberQuery('张明')}`);
    const html = await page.text();
    expect(html).toContain('这看起来是姓名或单位名称');
    expect(html).not.toContain('没有刊登过');
  });

  it('costs one read, and logs the keyed hash and the metric, never the number', async () => {
    const counted = createStoreContext({ endpoint: inject('dynamodbEndpoint'), tableName: system.store.tableName });
    const commands: string[] = [];
    counted.client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    const logger = createLogger('verify');
    logger.setLogLevel('INFO');
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      const app = verifyApp(0, counted, logger);
      const response = await app.request(`/api/v1/verify?${numberQuery(`${physicianNumber.slice(0, 7)} ${physicianNumber.slice(7)}`)}`);
      expect(response.status).toBe(200);
    } finally {
      process.stdout.write = write;
    }
    expect(commands).toEqual(['GetItemCommand']);
    const entries = lines.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    // One line for the request, which is also the metric.
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      message: 'request',
      status: 200,
      numberHash: createLookupHasher(system.lookupKey)(physicianNumber),
      answer: 'declared_void',
      Verifications: 1,
      _aws: { CloudWatchMetrics: [{ Namespace: 'Shengming', Metrics: [{ Name: 'Verifications', Unit: 'Count' }] }] },
    });
    expect(lines.join('')).not.toContain(physicianNumber);
    expect(lines.join('')).not.toContain(physicianNumber.slice(7));
  });
});

describe('rate limiting per client address', () => {
  it('answers 429 problem+json with Retry-After past the limit, per address, counting only lookups', async () => {
    const app = verifyApp(3);
    const lookup = (address: string) => app.request(`/api/v1/verify?${numberQuery(physicianNumber)}`, {}, from(address));
    for (let i = 0; i < 3; i += 1) expect((await lookup('192.0.2.1')).status).toBe(200);
    const limited = await lookup('192.0.2.1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(await limited.json()).toMatchObject({ status: 429, type: '/problems/rate-limited' });
    expect((await lookup('192.0.2.2')).status).toBe(200);
  });

  it('limits the verify page\'s lookups in the pages function, where reading the page without a number is not one', async () => {
    const pages = pagesApp(2);
    const lookup = (address: string) => pages.request(`/verify?${numberQuery(physicianNumber)}`, {}, from(address));
    for (let i = 0; i < 2; i += 1) expect((await lookup('192.0.2.3')).status).toBe(200);
    expect((await pages.request('/verify', {}, from('192.0.2.3'))).status).toBe(200);
    const limited = await lookup('192.0.2.3');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ status: 429, type: '/problems/rate-limited' });
    expect((await lookup('192.0.2.4')).status).toBe(200);
  });

  it('is off with a limit of 0', async () => {
    const app = verifyApp(0);
    const responses = await Promise.all(Array.from({ length: 80 }, async () => await app.request(`/api/v1/verify?${numberQuery('12345')}`)));
    const statuses = responses.map((response) => response.status);
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});

describe('published notices', () => {
  let dates: string[];

  beforeAll(async () => {
    // Two more editions, so listings cross dates: 3 notices on the first, 2 on the second.
    const first = await desk.publish([physicianDeclaration(), physicianDeclaration(), physicianDeclaration()], nextEditionDate());
    const second = await desk.publish([physicianDeclaration(), physicianDeclaration()], nextEditionDate());
    dates = [first.date, second.date];
  });

  async function list(query: string): Promise<NoticeListBody> {
    const response = await system.request(`/api/v1/notices?${query}`);
    expect(response.status, query).toBe(200);
    return JSON.parse(await publicText(response)) as NoticeListBody;
  }

  async function listAll(query: string): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeGreaterThan(0);
      seen.push(...page.items.map((item) => item.noticeNo));
      cursor = page.next;
    } while (cursor);
    return seen;
  }

  it('lists one date newest first, page by page', async () => {
    const [first] = dates;
    const all = await listAll(`date=${first}&limit=1`);
    expect(all).toEqual([3, 2, 1].map((position) => noticeNumber(first!, position)));
    const page = await list(`date=${first}&limit=3`);
    expect(page.items).toHaveLength(3);
    expect(page.next).toBeUndefined();
  });

  it('lists every date newest first across dates', async () => {
    const [first, second] = dates;
    const all = await listAll('limit=2');
    const expected = [
      ...[2, 1].map((position) => noticeNumber(second!, position)),
      ...[3, 2, 1].map((position) => noticeNumber(first!, position)),
      ...[2, 1].map((position) => noticeNumber(published.date, position)),
    ];
    expect(all).toEqual(expected);
  });

  it('refuses a cursor it did not make, a cursor of another date and a malformed date', async () => {
    const [first, second] = dates;
    const forged = Buffer.from(JSON.stringify({ pk: 'DECL#x', sk: 'DECL' })).toString('base64url');
    for (const query of [`cursor=${forged}`, 'cursor=%%%', `date=${second}&cursor=${(await list(`date=${first}&limit=1`)).next}`, 'date=2026-02-30', 'date=tomorrow', 'limit=0']) {
      const response = await system.request(`/api/v1/notices?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('serves one notice by number, and a 404 problem for an unknown or malformed one', async () => {
    const noticeNo = physicianNotice;
    const response = await system.request(`/api/v1/notices/${noticeNo}`);
    expect(response.status).toBe(200);
    const notice = JSON.parse(await publicText(response)) as { noticeNo: string; text: string };
    expect(notice.noticeNo).toBe(noticeNo);
    // The statement's ID and phone were masked at publication.
    expect(notice.text).toContain(`${HOLDER_ID.slice(0, 6)}********${HOLDER_ID.slice(-4)}`);
    expect(notice.text).toContain(`${HOLDER_PHONE.slice(0, 3)}****${HOLDER_PHONE.slice(-4)}`);
    for (const unknown of [noticeNumber(published.date, 99), 'nope', '20261301-0001x']) {
      const missing = await system.request(`/api/v1/notices/${unknown}`);
      expect(missing.status, unknown).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('publishes the latest notices as a valid Atom feed whose entries link to their pages', async () => {
    const response = await system.request('/feed.atom');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const xml = await publicText(response);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' || name === 'link' }).parse(xml) as {
      feed: { '@xmlns': string; id: string; updated: string; entry: { id: string; title: { '#text': string; '@type': string }; updated: string; link: { '@href': string }[]; content: unknown }[] };
    };
    expect(parsed.feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(Date.parse(parsed.feed.updated)).not.toBeNaN();
    const entries = parsed.feed.entry;
    expect(entries).toHaveLength(7);
    expect(entries[0]?.id).toBe(`http://127.0.0.1/notices/${noticeNumber(dates[1]!, 2)}`);
    for (const entry of entries) {
      const href = entry.link[0]?.['@href'] ?? '';
      expect(href).toMatch(/^http:\/\/127\.0\.0\.1\/notices\/\d{8}-\d{4}$/);
      expect((await system.request(new URL(href).pathname)).status).toBe(200);
      expect(entry.title['#text']).toMatch(/声明/);
      expect(Date.parse(entry.updated)).not.toBeNaN();
    }
  });
});

describe('pages', () => {
  it('answers the verify page in red for a declared number and in green with the caveat for an unknown one', async () => {
    const declared = await system.request(`/verify?${numberQuery(`${physicianNumber.slice(0, 6)}-${physicianNumber.slice(6)}`)}`);
    expect(declared.status).toBe(200);
    expect(declared.headers.get('content-type')).toMatch(/^text\/html/);
    const declaredHtml = await publicText(declared);
    expect(declaredHtml).toContain('data-status="declared_void"');
    expect(declaredHtml).toContain(physicianNotice);
    const unknown = await publicText(await system.request(`/verify?${numberQuery(uniqueCertificateNumber())}`));
    expect(unknown).toContain('data-status="no_record"');
    expect(unknown).toContain('不能证明');
    const english = await publicText(await system.request(`/verify?lang=en&${numberQuery(uniqueCertificateNumber())}`));
    expect(english).toContain('does not prove');
    expect(english).toContain('name="lang" value="en"');
    const bad = await system.request('/verify?number=---');
    expect(bad.status).toBe(400);
    expect(await publicText(bad)).toContain('role="alert"');
  });

  it('lists notices by date and shows a notice with a link to its proof', async () => {
    const listing = await publicText(await system.request(`/notices?date=${published.date}`));
    expect(listing).toContain(`/notices/${physicianNotice}`);
    const page = await system.request(`/notices/${physicianNotice}`);
    expect(page.status).toBe(200);
    expect(await publicText(page)).toContain(`/notices/${physicianNotice}/proof`);
    expect((await system.request(`/notices/${noticeNumber(published.date, 99)}`)).status).toBe(404);
    expect((await system.request('/notices?date=2026-13-01')).status).toBe(400);
  });

  it('prints a proof of publication whose QR code opens the verify page for the notice', async () => {
    const noticeNo = drugNotice;
    const proof = await system.request(`/notices/${noticeNo}/proof`);
    expect(proof.status).toBe(200);
    const html = await publicText(proof);
    expect(html).toContain('登报证明');
    expect(html).toContain(noticeNo);
    expect(html).toContain(drugLicence);
    expect(html).toMatch(/<svg[^>]*viewBox/);
    expect(html).toContain('@media print');
    const verifyUrl = `http://127.0.0.1/verify?notice=${noticeNo}`;
    expect(html).toContain(verifyUrl);
    const check = await publicText(await system.request(new URL(verifyUrl).pathname + new URL(verifyUrl).search));
    expect(check).toContain('data-status="published"');
    const forged = await publicText(await system.request(`/verify?notice=${noticeNumber(published.date, 77)}`));
    expect(forged).toContain('data-status="unknown_notice"');
    expect((await system.request(`/notices/${noticeNumber(published.date, 77)}/proof`)).status).toBe(404);
  });
});

interface DocumentedOperation {
  security?: Partial<Record<'receipt' | 'apiKey' | 'staffBearer', string[]>>[];
  tags: string[];
  responses: Record<string, unknown>;
}

interface ServedDocument {
  openapi: string;
  paths: Record<string, Record<string, DocumentedOperation>>;
  components: { schemas: Record<string, { properties?: object; required?: string[] }>; securitySchemes: Record<string, object> };
}

async function servedDocument(): Promise<ServedDocument> {
  const response = await system.request('/openapi.json');
  expect(response.status).toBe(200);
  return (await response.json()) as ServedDocument;
}

/** A value for each path parameter of the document, of the shape the routes check (so none is refused for it). */
const SAMPLE_PARAMS: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  attachmentId: '00000000-0000-4000-8000-000000000001',
  date: '2030-01-02',
  noticeNo: '20300102-0001',
  index: '0',
};

/** Every documented operation, with a request path for it (its parameters filled in). */
function documentedOperations(document: ServedDocument): { method: string; path: string; url: string; operation: DocumentedOperation }[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, url: path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x'), operation })),
  );
}

/** A request as a client that may hold `authorization` would send it: POST, PATCH and DELETE with the body `{}`. */
function send(method: string, url: string, headers: Record<string, string> = {}): Promise<Response> {
  const withBody = method !== 'get' && method !== 'delete';
  return system.request(url, { method: method.toUpperCase(), headers: { 'content-type': 'application/json', ...headers }, ...(withBody ? { body: '{}' } : {}) });
}

/** The staff JSON operations, and the roles whose tokens may call each. */
const STAFF_OPERATIONS: readonly [method: string, path: string, roles: readonly string[]][] = [
  ['get', '/api/v1/moderation/me', ['moderator', 'editor']],
  ['get', '/api/v1/moderation/queue', ['moderator', 'editor']],
  ['get', '/api/v1/moderation/declarations', ['moderator', 'editor']],
  ['get', '/api/v1/moderation/declarations/{id}', ['moderator', 'editor']],
  ['post', '/api/v1/moderation/declarations/{id}/decision', ['moderator', 'editor']],
  ['post', '/api/v1/moderation/decisions', ['moderator', 'editor']],
  ['post', '/api/v1/moderation/declarations/{id}/payment', ['moderator', 'editor']],
  ['post', '/api/v1/moderation/declarations/{id}/payment-waiver', ['editor']],
  ['get', '/api/v1/moderation/declarations/{id}/attachments/{attachmentId}', ['moderator', 'editor']],
  ['post', '/api/v1/moderation/log/cosignatures', ['editor']],
  ['get', '/api/v1/moderation/api-keys', ['editor']],
  ['post', '/api/v1/moderation/api-keys', ['editor']],
  ['post', '/api/v1/moderation/api-keys/{id}/rotate', ['editor']],
  ['post', '/api/v1/moderation/api-keys/{id}/revoke', ['editor']],
  ['post', '/api/v1/editions', ['editor']],
  ['get', '/api/v1/editions', ['editor']],
  ['get', '/api/v1/editions/{date}', ['editor']],
  ['delete', '/api/v1/editions/{date}', ['editor']],
  ['post', '/api/v1/editions/{date}/notices', ['editor']],
  ['delete', '/api/v1/editions/{date}/notices/{id}', ['editor']],
  ['post', '/api/v1/editions/{date}/corrections', ['editor']],
  ['post', '/api/v1/editions/{date}/publish', ['editor']],
  ['get', '/api/v1/editions/{date}/print', ['editor']],
];

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document of the public, citizen, partner and staff routes, and a docs page', async () => {
    const document = await servedDocument();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/verify', '/api/v1/notices', '/api/v1/notices/{noticeNo}', '/feed.atom', '/api/v1/declarations', '/api/v1/declarations/{id}']),
    );
    expect(document.components.schemas.DeclarationInput?.properties).toHaveProperty('declarant');
    expect(document.components.schemas.Verification?.properties).toHaveProperty('note');
    const docs = await system.request('/docs');
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('/api/v1/verify');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('documents each staff operation with the staffBearer scheme and the roles that may call it', async () => {
    const document = await servedDocument();
    expect(document.components.securitySchemes.staffBearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const [method, path, roles] of STAFF_OPERATIONS) {
      const operation = document.paths[path]?.[method];
      expect(operation?.security, `${method} ${path}`).toEqual(roles.map((role) => ({ staffBearer: [role] })));
      expect(operation?.tags, `${method} ${path}`).toEqual(['staff']);
      expect(Object.keys(operation?.responses ?? {}), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403']));
    }
    const staffOperations = documentedOperations(document).filter(({ operation }) => operation.tags.includes('staff'));
    expect(staffOperations.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(STAFF_OPERATIONS.map(([method, path]) => `${method} ${path}`).sort());
    // The request bodies are the fields the routes read.
    expect(document.components.schemas.DecisionRequest?.required?.sort()).toEqual(['action', 'version']);
    expect(Object.keys(document.components.schemas.PlacementRequest?.properties ?? {}).sort()).toEqual(['days', 'ids']);
    expect(Object.keys(document.components.schemas.ApiKeyRequest?.properties ?? {}).sort()).toEqual(['dailyQuota', 'kind', 'organisation']);
  });

  it('documents every route registered behind a staff token or an API key, with that security', async () => {
    const document = await servedDocument();
    const guarded = (['moderation', 'partners', 'bundles'] as const).flatMap((name) =>
      (system.apps[name].routes ?? [])
        .filter((route) => route.method !== 'ALL')
        .flatMap((route) => {
          const url = route.path.replace(/:(\w+)/g, (_, param: string) => SAMPLE_PARAMS[param] ?? 'x');
          const mounts = HTTP_ROUTES[name].filter((mount) => mountMatcher(mount.path)(url));
          // Behind credentials only when every mount it could come through asks for them (a template is open to all).
          const scheme = mounts.length > 0 && mounts.every((mount) => mount.staff) ? 'staffBearer' : mounts.length > 0 && mounts.every((mount) => mount.apiKey) ? 'apiKey' : undefined;
          return scheme ? [{ method: route.method.toLowerCase(), path: route.path.replace(/:(\w+)/g, '{$1}'), scheme }] : [];
        }),
    );
    expect(guarded.length).toBeGreaterThan(STAFF_OPERATIONS.length);
    for (const { method, path, scheme } of guarded) {
      const security = document.paths[path]?.[method]?.security;
      expect(security, `${method} ${path}`).toBeDefined();
      for (const alternative of security ?? []) expect(Object.keys(alternative), `${method} ${path}`).toEqual([scheme]);
    }
  });

  it('has a security entry on exactly the operations that refuse a request without credentials (401)', async () => {
    const operations = documentedOperations(await servedDocument());
    expect(operations.filter(({ operation }) => operation.security).length).toBeGreaterThan(STAFF_OPERATIONS.length);
    for (const { method, url, operation } of operations) {
      const { status } = await send(method, url);
      expect(status === 401, `${method} ${url} answered ${status} without credentials`).toBe(operation.security !== undefined);
    }
  });

  it('refuses a staff operation to a token of a role its security does not list (403), and only then', async () => {
    const operations = documentedOperations(await servedDocument()).filter(({ operation }) => operation.tags.includes('staff'));
    for (const role of ['moderator', 'editor'] as const) {
      const token = await system.auth.issueToken(role);
      for (const { method, url, operation } of operations) {
        const allowed = operation.security?.some((alternative) => alternative.staffBearer?.includes(role)) ?? false;
        const { status } = await send(method, url, { authorization: `Bearer ${token}` });
        const refusal = status === 401 || status === 403 ? status : 'none';
        expect(refusal, `${role} ${method} ${url} answered ${status}`).toBe(allowed ? 'none' : 403);
      }
    }
  });

  it('shows on /docs the credential header of each secured operation: Receipt, X-Api-Key or Bearer with its roles', async () => {
    const html = await (await system.request('/docs')).text();
    const section = (method: string, path: string) => html.match(new RegExp(`<section class="op" id="${method}-${path.replace(/[{}]/g, '\\$&')}">([\\s\\S]*?)</section>`))?.[1] ?? '';
    expect(section('get', '/api/v1/declarations/{id}')).toContain('Authorization: Receipt &lt;receipt&gt;');
    expect(section('post', '/api/v1/verify/batch')).toContain('X-Api-Key: &lt;key&gt;');
    expect(section('post', '/api/v1/verify/batch')).not.toContain('Authorization');
    expect(section('post', '/api/v1/editions/{date}/publish')).toContain('Authorization: Bearer &lt;token&gt; (role editor)');
    expect(section('get', '/api/v1/moderation/queue')).toContain('Authorization: Bearer &lt;token&gt; (role moderator or editor)');
    expect(section('get', '/api/v1/verify')).not.toContain('Authorization');
  });
});

describe('lookup input read as people write it (digits of every script, strict query parameters)', () => {
  /** A physician code spelled in Arabic-Indic digits, as it was filed. */
  const asciiNumber = uniqueCertificateNumber();
  const arabicIndic = asciiNumber.replace(/[0-9]/g, (digit) => String.fromCodePoint(0x660 + Number(digit)));
  let noticeNo: string;

  beforeAll(async () => {
    const { date } = await desk.publish([physicianDeclaration(arabicIndic)], nextEditionDate());
    noticeNo = noticeNumber(date, 1);
  });

  it('finds a number filed in Arabic-Indic digits by its ASCII, Devanagari or Chinese-numeral spelling', async () => {
    const chinese = asciiNumber.replace(/[0-9]/g, (digit) => '〇一二三四五六七八九'[Number(digit)]!);
    const devanagari = asciiNumber.replace(/[0-9]/g, (digit) => String.fromCodePoint(0x966 + Number(digit)));
    for (const spelling of [asciiNumber, arabicIndic, devanagari, chinese]) {
      const { status, body } = await verify(numberQuery(spelling));
      expect(status, spelling).toBe(200);
      expect(body.status, spelling).toBe('declared_void');
      expect(body.notices.map((notice) => notice.noticeNo), spelling).toEqual([noticeNo]);
      expect(body.number).toBe(asciiNumber);
    }
  });

  it('reads a resident ID written in Chinese numerals as a number, not as a name', async () => {
    const { status, body } = await verify(numberQuery('一一〇一〇五一九四九一二三一〇〇二X'));
    expect(status).toBe(200);
    expect(body.status).toBe('no_record');
  });

  it('answers a parameter that is not percent-encoded UTF-8 with a 400 naming it', async () => {
    for (const [path, field] of [
      ['/api/v1/verify?number=%E4%B8', 'number'],
      ['/api/v1/verify?number=123456&type=%FF', 'type'],
      ['/api/v1/notices?date=%E4', 'date'],
      ['/api/v1/notices?limit=%C0%AF', 'limit'],
      ['/api/v1/notices?cursor=%ED%A0%80', 'cursor'],
      ['/api/v1/log/proof/inclusion?index=0&treeSize=%FF', 'treeSize'],
    ] as const) {
      const response = await system.request(path);
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as { errors: { path: string }[] }).errors.map((error) => error.path), path).toEqual([field]);
    }
  });

  it('answers a repeated or array-style parameter with a 400 naming it, and ignores unknown ones', async () => {
    for (const [path, field] of [
      ['/api/v1/verify?number=A1&number=B2', 'number'],
      ['/api/v1/verify?number=A1&type=invoice&type=invoice', 'type'],
      ['/api/v1/notices?limit=1&limit=2', 'limit'],
      ['/api/v1/notices?date=2020-01-01&date=2020-01-02', 'date'],
      ['/api/v1/notices?date[]=1', 'date'],
      ['/api/v1/notices?date%5B%5D=2020-01-01', 'date'],
      ['/api/v1/log/proof/inclusion?index=0&treeSize=1&treeSize=2', 'treeSize'],
    ] as const) {
      const response = await system.request(path);
      expect(response.status, path).toBe(400);
      const problem = (await response.json()) as { errors: { path: string; message: string }[] };
      expect(problem.errors.map((error) => error.path), path).toEqual([field]);
      expect(problem.errors[0]?.message, path).toContain(`${field} 只能给出一次`);
    }
    expect((await system.request('/api/v1/notices?limit=1&unknown=1&unknown=2')).status).toBe(200);
  });

  it('caches a listing that can still change a minute at most, and a day that is over for long', async () => {
    const tomorrow = addDays(shanghaiDate(new Date()), 1);
    for (const path of [`/api/v1/notices?date=${tomorrow}`, `/notices?date=${tomorrow}`, '/api/v1/notices', `/api/v1/notices?date=${shanghaiDate(new Date())}`]) {
      const response = await system.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('public, max-age=60');
    }
    for (const path of ['/api/v1/notices?date=2020-01-01', '/notices?date=2020-01-01']) {
      expect((await system.request(path)).headers.get('cache-control'), path).toBe('public, max-age=300');
    }
  });

  it('answers a bad query on the notices page with an HTML page, as a bad notice path is', async () => {
    for (const path of ['/notices?date=x', '/notices?date=%FF', '/notices?date=2020-01-01&date=2020-01-02', '/notices?cursor=forged']) {
      const response = await system.request(path);
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await response.text(), path).toContain('链接有误');
    }
    const page = await system.request('/verify?number=%E4%B8');
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('number 的编码有误');
  });
});
