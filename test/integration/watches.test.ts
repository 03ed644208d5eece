import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../shared/domain/editions.js';
import { apiKeyId } from '../../shared/domain/api-keys.js';
import { containsSensitiveNumber } from '../../shared/domain/mask.js';
import { normalizeCertificateNumber } from '../../shared/domain/normalize.js';
import { MAX_WATCHES_PER_NUMBER, PUBLIC_CALLBACKS, WATCH_SECRET_SEAL_SECONDS, WEBHOOK_CHANNEL, webhookMessageId } from '../../shared/domain/watches.js';
import { createLookupHasher } from '../../shared/services/lookup-key.js';
import { updateActiveApiKey } from '../../shared/store/api-key-store.js';
import { createValueSealer } from '../../shared/services/sealed-values.js';
import { webhookChannel } from '../../shared/services/webhook-channel.js';
import { localSecret } from '../../scripts/local-auth.js';
import { allItems, json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { newsroom, nextEditionDate } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A webhook receiver on 127.0.0.1 that answers each request with the next status of `statuses` (the last one ever after). */
async function receiver(statuses: readonly number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/shengming`, received, server };
}

const servers: Server[] = [];
let system: TestSystem;
let desk: ReturnType<typeof newsroom>;
let editor: string;

async function issued(kind: 'verifier' | 'agency', organisation = `关注测试${kind}`): Promise<string> {
  const response = await system.request('/api/v1/moderation/api-keys', json({ organisation, kind, dailyQuota: 1000 }, { authorization: `Bearer ${editor}` }));
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { apiKey: string }).apiKey;
}

function watch(on: TestSystem, apiKey: string | undefined, body: unknown): Promise<Response> {
  return on.request('/api/v1/watches', json(body, apiKey ? { 'x-api-key': apiKey } : {}));
}

async function created(apiKey: string, number: string, callbackUrl: string): Promise<{ id: string; secret: string }> {
  const response = await watch(system, apiKey, { number, callbackUrl });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; secret: string };
}

/** Runs the outbox as its schedule does, `minutes` after 08:00 on the edition's day (after the notices were published). */
function sweepAt(date: string, minutes: number) {
  return system.clock.during(new Date(Date.parse(shanghaiTime(date, 8)) + minutes * 60_000), () => system.runOutbox());
}

beforeAll(async () => {
  system = await createTestSystem();
  desk = newsroom(system);
  editor = await system.auth.issueToken('editor');
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

describe('watch lists', () => {
  it('deliver one signed webhook per publication through a receiver that fails twice, and never again on a republish', async () => {
    const apiKey = await issued('verifier');
    const number = uniqueCertificateNumber();
    const hook = await receiver([500, 500, 200]);
    // Typed as people type it: spaced, full-width digits; normalized as a lookup is.
    const typed = `${number.slice(0, 4)} ${[...number.slice(4)].map((digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0)).join('')}`;
    expect(normalizeCertificateNumber(typed)).toBe(number);
    const { id, secret } = await created(apiKey, typed, hook.url);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const listed = await system.request('/api/v1/watches', { headers: { 'x-api-key': apiKey } });
    const { items } = (await listed.json()) as { items: { id: string; number: string; callbackUrl: string; createdAt: string }[] };
    expect(items).toEqual([{ id, number: `${'*'.repeat(number.length - 4)}${number.slice(-4)}`, callbackUrl: hook.url, createdAt: expect.any(String) }]);

    const date = nextEditionDate();
    await desk.publish([physicianDeclaration(number)], date);
    for (const minutes of [0, 2, 5, 10, 20]) await sweepAt(date, minutes);
    expect(hook.received).toHaveLength(3);
    // The same message each time: same id, same bytes; each attempt signed afresh.
    expect(new Set(hook.received.map((request) => request.headers['webhook-id'])).size).toBe(1);
    expect(new Set(hook.received.map((request) => request.body)).size).toBe(1);
    const last = hook.received[2] as Received;
    const event = new Webhook(secret).verify(last.body, last.headers as Record<string, string>) as {
      type: string;
      data: { watchId: string; number: string; status: string; notice: { noticeNo: string; text: string; logIndex: number } };
    };
    expect(event).toMatchObject({ type: 'notice.published', data: { watchId: id, number: items[0]?.number, status: 'declared_void' } });
    // The notice exactly as the public verify API shows it.
    const verified = (await (await system.request(`/api/v1/verify?number=${number}`)).json()) as { notices: unknown[] };
    expect(event.data.notice).toEqual(verified.notices[0]);
    // Another organisation's secret does not verify it.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(last.body, last.headers as Record<string, string>)).toThrow();

    // Publishing the edition again (and a scheduled run) enqueues nothing: still exactly one delivery.
    const again = await system.clock.onTheDayOf(date, async () =>
      system.request(`/api/v1/editions/${date}/publish`, { method: 'POST', headers: { authorization: `Bearer ${editor}` } }),
    );
    expect(again.status).toBe(200);
    await system.clock.onTheDayOf(date, () => system.runPublisher());
    for (const minutes of [30, 60]) await sweepAt(date, minutes);
    expect(hook.received).toHaveLength(3);

    // The two failures are on the organisation's delivery list, now delivered.
    const deliveries = (await (await system.request('/api/v1/watches/deliveries', { headers: { 'x-api-key': apiKey } })).json()) as {
      items: { watchId: string; state: string; attempts: number; noticeNo: string }[];
    };
    expect(deliveries.items).toEqual([expect.objectContaining({ watchId: id, state: 'delivered', attempts: 3, noticeNo: event.data.notice.noticeNo })]);

    // Nothing a watch wrote holds the number, in either form it was typed or normalized.
    const watchItems = (await allItems(system.store)).filter((item) => /^(WATCH#|WATCHES#|WEBHOOK#)/.test(String(item.pk)));
    expect(watchItems.length).toBeGreaterThanOrEqual(3);
    const stored = JSON.stringify(watchItems);
    expect(stored).not.toContain(number);
    expect(stored).not.toContain(typed);
    expect(stored).not.toContain(secret.slice('whsec_'.length));
  });

  it('dead-letters a callback that always fails, visible to its organisation and no other', async () => {
    const owner = await issued('verifier', '总是失败的机构');
    const other = await issued('verifier', '另一家机构');
    const number = uniqueCertificateNumber();
    const hook = await receiver([503]);
    const { id } = await created(owner, number, hook.url);
    const date = nextEditionDate();
    await desk.publish([physicianDeclaration(number)], date);
    // Eight attempts, the waits doubling (30 s … 30 min): each sweep an hour after the last finds it due.
    for (let hour = 0; hour < 10; hour += 1) await sweepAt(date, hour * 60);
    expect(hook.received).toHaveLength(8);

    const list = async (apiKey: string) =>
      ((await (await system.request('/api/v1/watches/deliveries', { headers: { 'x-api-key': apiKey } })).json()) as { items: Record<string, unknown>[] }).items;
    expect(await list(owner)).toEqual([expect.objectContaining({ watchId: id, state: 'dead', attempts: 8, lastError: 'http_503', callbackUrl: hook.url })]);
    expect(await list(other)).toEqual([]);
    // Nor may the other organisation end the watch: it is not found for them.
    expect((await system.request(`/api/v1/watches/${id}`, { method: 'DELETE', headers: { 'x-api-key': other } })).status).toBe(404);
    expect((await system.request(`/api/v1/watches`, { headers: { 'x-api-key': other } })).status).toBe(200);
  });

  it('stops delivering once the watch is ended, retries included', async () => {
    const apiKey = await issued('verifier');
    const number = uniqueCertificateNumber();
    const hook = await receiver([500]);
    const { id } = await created(apiKey, number, hook.url);
    const date = nextEditionDate();
    await desk.publish([physicianDeclaration(number)], date);
    await sweepAt(date, 0);
    expect(hook.received).toHaveLength(1);

    const ended = await system.request(`/api/v1/watches/${id}`, { method: 'DELETE', headers: { 'x-api-key': apiKey } });
    expect(ended.status).toBe(204);
    expect((await system.request(`/api/v1/watches/${id}`, { method: 'DELETE', headers: { 'x-api-key': apiKey } })).status).toBe(404);
    for (const minutes of [5, 30, 90]) await sweepAt(date, minutes);
    expect(hook.received).toHaveLength(1);
    const { items } = (await (await system.request('/api/v1/watches', { headers: { 'x-api-key': apiKey } })).json()) as { items: unknown[] };
    expect(items).toEqual([]);
    const deliveries = (await (await system.request('/api/v1/watches/deliveries', { headers: { 'x-api-key': apiKey } })).json()) as { items: unknown[] };
    expect(deliveries.items).toEqual([expect.objectContaining({ watchId: id, state: 'dead', lastError: 'watch_ended' })]);

    // A watch ended before publication is not told at all.
    const later = uniqueCertificateNumber();
    const second = await created(apiKey, later, hook.url);
    expect((await system.request(`/api/v1/watches/${second.id}`, { method: 'DELETE', headers: { 'x-api-key': apiKey } })).status).toBe(204);
    const laterDate = nextEditionDate();
    await desk.publish([physicianDeclaration(later)], laterDate);
    await sweepAt(laterDate, 0);
    expect(hook.received).toHaveLength(1);
  });

  it('ends an organisation\'s watches when its key is revoked: nothing is delivered after, queued retries included', async () => {
    const organisation = `吊销测试机构${Date.now()}`;
    const apiKey = await issued('verifier', organisation);
    const number = uniqueCertificateNumber();
    const later = uniqueCertificateNumber();
    const hook = await receiver([500]);
    await created(apiKey, number, hook.url);
    await created(apiKey, later, hook.url);
    const date = nextEditionDate();
    await desk.publish([physicianDeclaration(number)], date);
    await sweepAt(date, 0);
    expect(hook.received).toHaveLength(1);

    const keys = (await (await system.request('/api/v1/moderation/api-keys', { headers: { authorization: `Bearer ${editor}` } })).json()) as {
      items: { id: string; organisation: string }[];
    };
    const key = keys.items.find((item) => item.organisation === organisation);
    const revoked = await system.request(`/api/v1/moderation/api-keys/${key?.id ?? ''}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${editor}` } });
    expect(revoked.status).toBe(200);
    // The retry already queued goes nowhere, and the second number's publication tells no one.
    for (const minutes of [5, 30, 90]) await sweepAt(date, minutes);
    const laterDate = nextEditionDate();
    await desk.publish([physicianDeclaration(later)], laterDate);
    for (const minutes of [0, 5]) await sweepAt(laterDate, minutes);
    expect(hook.received).toHaveLength(1);
    // Ended, so neither number's watch count holds them any more.
    const watchItems = (await allItems(system.store)).filter((item) => /^(WATCH#|WATCHES#)/.test(String(item.pk)) && String(item.sk).startsWith('W#'));
    expect(watchItems.filter((item) => item.keyId === key?.id || String(item.pk).endsWith(key?.id ?? '?'))).toEqual([]);
  });

  it('delivers nothing for a watch a revocation stopped halfway left behind', async () => {
    const organisation = `半途吊销机构${Date.now()}`;
    const apiKey = await issued('verifier', organisation);
    const number = uniqueCertificateNumber();
    const hook = await receiver([200]);
    const { id } = await created(apiKey, number, hook.url);
    const keyId = apiKeyId(apiKey) ?? '';
    expect(await updateActiveApiKey(system.store, keyId, { status: 'revoked', revokedAt: new Date().toISOString() })).toBeDefined();
    const channel = webhookChannel({
      store: system.store,
      sealer: async () => createValueSealer(localSecret(system.dataDir, 'webhook-seal-key'), () => new Date(), WATCH_SECRET_SEAL_SECONDS),
      rules: { allowLoopback: true },
    });
    const body = { keyId, watchId: id, numberHash: createLookupHasher(system.lookupKey)(number), noticeNo: '20300114-0001', payload: '{}' };
    const delivery = channel.deliver({ id: webhookMessageId(id, body.noticeNo), channel: WEBHOOK_CHANNEL, recipient: hook.url, body });
    await expect(delivery).rejects.toMatchObject({ name: 'PermanentDeliveryFailure', code: 'key_revoked' });
    expect(hook.received).toHaveLength(0);
  });

  it('refuses a missing key (401), an agency key (403) and bad fields (400 naming each), storing nothing', async () => {
    const hook = await receiver([200]);
    const missing = await watch(system, undefined, { number: '110370100000001', callbackUrl: hook.url });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { type: string }).type).toBe('/problems/api-key-missing');
    expect((await system.request('/api/v1/watches', {})).status).toBe(401);
    const agency = await issued('agency');
    expect((await watch(system, agency, { number: '110370100000001', callbackUrl: hook.url })).status).toBe(403);
    expect((await system.request('/api/v1/watches/deliveries', { headers: { 'x-api-key': agency } })).status).toBe(403);

    const apiKey = await issued('verifier', '校验字段的机构');
    const before = (await allItems(system.store)).length;
    const bad = await watch(system, apiKey, { number: '张三', callbackUrl: 'ftp://example.cn/x' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['callbackUrl', 'number']);
    for (const callbackUrl of [`${hook.url}?holder=370102199003071238`, `${hook.url}/tel/139-1234-5678`, `${hook.url}?t=%31%33%39%31%32%33%34%35%36%37%38`]) {
      const personal = await watch(system, apiKey, { number: '110370100000001', callbackUrl });
      expect(personal.status).toBe(400);
      const body = await personal.text();
      expect(body).toContain('callbackUrl');
      expect(containsSensitiveNumber(body)).toBe(false);
    }
    const shapes = await watch(system, apiKey, { number: 7 });
    expect(((await shapes.json()) as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['callbackUrl', 'number']);
    // Each field's message says what is wrong with it: a number too long or empty as a lookup says, not "must be a string".
    for (const [number, says] of [['1'.repeat(65), 'at most 64 characters'], ['', 'Enter the certificate number']] as const) {
      const answer = await system.request('/api/v1/watches', json({ number, callbackUrl: '' }, { 'x-api-key': apiKey, 'accept-language': 'en' }));
      const { errors } = (await answer.json()) as { errors: { path: string; message: string }[] };
      expect(errors.find((error) => error.path === 'number')?.message).toContain(says);
      expect(errors.find((error) => error.path === 'callbackUrl')?.message).toContain('URL');
    }
    expect((await allItems(system.store)).length).toBe(before);
    const standing = (await (await system.request('/api/v1/organisation', { headers: { 'x-api-key': apiKey } })).json()) as { usedToday: number };
    expect(standing.usedToday).toBe(0);
    expect((await system.request('/api/v1/watches/not-an-id', { method: 'DELETE', headers: { 'x-api-key': apiKey } })).status).toBe(404);
  });

  it('ends a watch stored before one-per-organisation claims beside a newer one on the same number, leaving the newer one\'s claim', async () => {
    const hook = await receiver([200]);
    const apiKey = await issued('verifier', '旧关注测试机构');
    const number = uniqueCertificateNumber();
    const older = await created(apiKey, number, hook.url);
    // As a watch made before claims existed: no claim item.
    const claims = (await allItems(system.store)).filter((item) => String(item.pk).startsWith('WATCH#') && String(item.sk).startsWith('K#') && item.watchId === older.id);
    expect(claims).toHaveLength(1);
    await system.store.client.send(new DeleteCommand({ TableName: system.store.tableName, Key: { pk: claims[0]?.pk, sk: claims[0]?.sk } }));
    const newer = await created(apiKey, number, hook.url);
    expect((await system.request(`/api/v1/watches/${older.id}`, { method: 'DELETE', headers: { 'x-api-key': apiKey } })).status).toBe(204);
    expect(await (await watch(system, apiKey, { number, callbackUrl: hook.url })).json()).toMatchObject({ status: 409, watchId: newer.id });
    expect((await system.request(`/api/v1/watches/${newer.id}`, { method: 'DELETE', headers: { 'x-api-key': apiKey } })).status).toBe(204);
    await created(apiKey, number, hook.url);
  });

  it('caps a number at its watch limit across organisations (409), and a refused watch costs no quota', async () => {
    const hook = await receiver([200]);
    const number = uniqueCertificateNumber();
    const organisations = await Promise.all(Array.from({ length: MAX_WATCHES_PER_NUMBER + 1 }, (_, n) => issued('verifier', `上限测试机构${n}`)));
    for (const organisation of organisations.slice(0, MAX_WATCHES_PER_NUMBER)) await created(organisation, number, hook.url);
    const last = organisations[MAX_WATCHES_PER_NUMBER] ?? '';
    await created(last, uniqueCertificateNumber(), hook.url);
    const before = (await allItems(system.store)).length;
    const refused = await watch(system, last, { number, callbackUrl: hook.url });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { type: string }).type).toContain('watch-limit');
    expect((await allItems(system.store)).length).toBe(before);
    const standing = (await (await system.request('/api/v1/organisation', { headers: { 'x-api-key': last } })).json()) as { usedToday: number };
    expect(standing.usedToday).toBe(1);
  });

  it('keeps one watch per organisation and number: a second (any spelling, any callback) is a 409 naming the first, costs nothing, and the number is free again once it ends', async () => {
    const hook = await receiver([200]);
    const apiKey = await issued('verifier', '重复关注测试机构');
    const number = uniqueCertificateNumber();
    const { id } = await created(apiKey, number, hook.url);
    const before = (await allItems(system.store)).length;
    for (const [typed, callbackUrl] of [[number, hook.url], [` ${number.slice(0, 6)} ${number.slice(6)} `, `${hook.url}/other`]] as const) {
      const again = await watch(system, apiKey, { number: typed, callbackUrl });
      expect(again.status).toBe(409);
      expect(again.headers.get('content-type')).toContain('application/problem+json');
      expect(await again.json()).toMatchObject({ type: expect.stringContaining('watch-exists'), status: 409, watchId: id });
    }
    expect((await allItems(system.store)).length).toBe(before);
    const standing = (await (await system.request('/api/v1/organisation', { headers: { 'x-api-key': apiKey } })).json()) as { usedToday: number };
    expect(standing.usedToday).toBe(1);
    // Another organisation may still watch it.
    await created(await issued('verifier', '重复关注测试机构二'), number, hook.url);
    expect((await system.request(`/api/v1/watches/${id}`, { method: 'DELETE', headers: { 'x-api-key': apiKey } })).status).toBe(204);
    await created(apiKey, number, `${hook.url}/other`);
  });
});

describe('callback URLs under the AWS rules', () => {
  let aws: TestSystem;
  let apiKey: string;
  beforeAll(async () => {
    aws = await createTestSystem({ callbackRules: PUBLIC_CALLBACKS });
    const token = await aws.auth.issueToken('editor');
    const response = await aws.request('/api/v1/moderation/api-keys', json({ organisation: '银行', kind: 'verifier' }, { authorization: `Bearer ${token}` }));
    apiKey = ((await response.json()) as { apiKey: string }).apiKey;
  });

  it.each([
    'http://203.0.114.7/hooks',
    'https://127.0.0.1/hooks',
    'https://127.1.2.3:8443/hooks',
    'https://10.0.0.1/hooks',
    'https://172.16.4.4/hooks',
    'https://192.168.1.1/hooks',
    'https://100.64.0.1/hooks',
    'https://169.254.169.254/latest/meta-data/',
    'https://0.0.0.0/hooks',
    'https://[::1]/hooks',
    'https://[::ffff:127.0.0.1]/hooks',
    'https://[fd00:ec2::254]/hooks',
    'https://[fe80::1]/hooks',
    'https://2130706433/hooks',
    'https://localhost/hooks',
    'https://user:pw@example.cn/hooks',
    'not a url',
  ])('refuses %s with a 400 naming callbackUrl', async (callbackUrl) => {
    const before = (await allItems(aws.store)).length;
    const response = await watch(aws, apiKey, { number: '110370100000001', callbackUrl });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { path: string }[] };
    expect(body.errors.map((error) => error.path)).toEqual(['callbackUrl']);
    expect((await allItems(aws.store)).length).toBe(before);
  });

  it('checks the address again as the delivery connects: a name that now resolves to loopback is refused (DNS rebinding)', async () => {
    // Made under the local rules, where https://localhost is a loopback receiver; delivered under the AWS rules.
    const hook = await receiver([200]);
    const apiKeyHere = await issued('verifier', '换绑测试机构');
    const number = uniqueCertificateNumber();
    const callbackUrl = hook.url.replace('http://127.0.0.1', 'https://localhost');
    const { id } = await created(apiKeyHere, number, callbackUrl);
    const channel = webhookChannel({
      store: system.store,
      sealer: async () => createValueSealer(localSecret(system.dataDir, 'webhook-seal-key'), () => new Date(), WATCH_SECRET_SEAL_SECONDS),
      rules: PUBLIC_CALLBACKS,
    });
    const body = { keyId: 'k', watchId: id, numberHash: createLookupHasher(system.lookupKey)(number), noticeNo: '20300114-0001', payload: '{}' };
    const delivery = channel.deliver({ id: webhookMessageId(id, body.noticeNo), channel: WEBHOOK_CHANNEL, recipient: callbackUrl, body });
    await expect(delivery).rejects.toMatchObject({ name: 'PermanentDeliveryFailure', code: 'address_refused' });
    expect(hook.received).toHaveLength(0);
  });

  it('refuses a loopback receiver that the local rules accept', async () => {
    const hook = await receiver([200]);
    expect((await watch(aws, apiKey, { number: '110370100000001', callbackUrl: hook.url })).status).toBe(400);
    expect((await watch(aws, apiKey, { number: '110370100000001', callbackUrl: hook.url.replace('http:', 'https:') })).status).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents the watch routes with the X-Api-Key scheme and the webhook they send, in /openapi.json and /docs', async () => {
    const document = (await (await system.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
      webhooks: Record<string, { post: { requestBody: unknown } }>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    for (const [path, verb, ok] of [
      ['/api/v1/watches', 'post', '201'],
      ['/api/v1/watches', 'get', '200'],
      ['/api/v1/watches/{id}', 'delete', '204'],
      ['/api/v1/watches/deliveries', 'get', '200'],
    ] as const) {
      const operation = document.paths[path]?.[verb];
      expect(operation?.security, `${verb} ${path}`).toEqual([{ apiKey: [] }]);
      expect(Object.keys(operation?.responses ?? {}), `${verb} ${path}`).toEqual(expect.arrayContaining([ok, '401', '403']));
    }
    expect(Object.keys(document.paths['/api/v1/watches']?.post?.responses ?? {})).toEqual(expect.arrayContaining(['400', '429']));
    expect(Object.keys(document.components.schemas.WatchRequest?.properties ?? {}).sort()).toEqual(['callbackUrl', 'number']);
    expect(document.webhooks.noticePublished?.post.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookEvent' } } } });
    expect(await (await system.request('/docs')).text()).toContain('/api/v1/watches');
  });
});
