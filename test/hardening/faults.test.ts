import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStaffAuth } from '../../scripts/local-auth.js';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../scripts/local-dynamodb.js';
import { createLocalSystem, type LocalSystem } from '../../scripts/local-server.js';
import { addDays, shanghaiDate } from '../../shared/domain/editions.js';
import { createStoreContext, type StoreContext } from '../../shared/store/client.js';
import { ensureTable } from '../../shared/store/setup.js';
import { allItems, json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { auditPublishedLog } from '../support/independent-log-verifier.js';
import { collectResponse } from '../support/pii-collector.js';
import { createTestClock } from '../support/test-clock.js';
import { payFees } from '../support/publishing.js';

/**
 * Faults: a DynamoDB Local of this suite's own, kept on disk, is killed (SIGKILL, as a crash) in the middle of
 * work and started again on the same port. Clients must get 503 with Retry-After (never 500), nothing may be
 * half-written, and retried work must complete exactly once.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'shengming-faults-'));
let database: LocalDynamoDb;
let port: number;
let store: StoreContext;
let system: LocalSystem;
let editorToken: string;
const NOTICES = 16;
const clock = createTestClock();

async function startDatabase(): Promise<void> {
  database = await startLocalDynamoDb({ dataDir: join(dataDir, 'dynamodb'), ...(port ? { port } : {}) });
  port = Number(new URL(database.endpoint).port);
}

async function crashDatabase(): Promise<void> {
  const exited = new Promise((resolve) => database.process.once('exit', resolve));
  database.process.kill('SIGKILL');
  await exited;
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const request = new Request(`http://127.0.0.1${path}`, init);
  const response = await system.fetch(request);
  await collectResponse(request, response);
  return response;
}

beforeAll(async () => {
  await startDatabase();
  store = createStoreContext({ endpoint: database.endpoint, tableName: 'faults' });
  await ensureTable(store);
  const auth = await localStaffAuth(dataDir);
  editorToken = await auth.issueToken('editor');
  system = createLocalSystem({ store, staffAuth: auth.config, lookupKey: randomBytes(32).toString('hex'), dataDir, now: clock.now });
});

afterAll(async () => {
  await database?.stop();
});

/** Every declaration has exactly its uniqueness claim and its submit audit entry; no claim without a declaration. */
function expectNoPartialItems(items: Record<string, unknown>[]): void {
  const declarations = items.filter((item) => item.sk === 'DECL');
  const claims = items.filter((item) => String(item.pk).startsWith('UNIQ#'));
  expect(claims.map((claim) => claim.declarationId).sort()).toEqual(declarations.map((item) => item.id).sort());
  for (const declaration of declarations) {
    const submits = items.filter((item) => item.pk === declaration.pk && String(item.sk).startsWith('AUDIT#') && item.action === 'submit');
    expect(submits).toHaveLength(1);
  }
  const idempotency = items.filter((item) => String(item.pk).startsWith('IDEM#'));
  for (const record of idempotency) expect(declarations.map((item) => item.id)).toContain(record.declarationId);
}

// Killing and restarting Java takes seconds, more on a busy machine.
const FAULT_TEST_TIMEOUT_MS = 180_000;

describe('a database that dies', () => {
  it('during a burst of submissions: 503 with Retry-After, no partial items, retries complete exactly once', async () => {
    const bodies = Array.from({ length: 24 }, () => ({ key: randomUUID(), body: physicianDeclaration(uniqueCertificateNumber()) }));
    const submit = ({ key, body }: (typeof bodies)[number]) => send('/api/v1/declarations', json(body, { 'idempotency-key': key }));

    const burst = bodies.map(async (entry, index) => {
      await new Promise((resolve) => setTimeout(resolve, index * 20));
      return submit(entry);
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await crashDatabase();
    const responses = await Promise.all(burst);

    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 503)).toBe(true);
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    for (const response of responses.filter((candidate) => candidate.status === 503)) {
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }

    await startDatabase();
    expectNoPartialItems(await allItems(store));
    const created = new Map<string, string>();
    for (const [index, response] of responses.entries()) {
      if (response.status === 201) created.set(bodies[index]!.key, ((await response.json()) as { id: string }).id);
    }
    for (const entry of bodies) {
      const retried = await submit(entry);
      expect(retried.status).toBe(201);
      const { id } = (await retried.json()) as { id: string };
      if (created.has(entry.key)) expect(id).toBe(created.get(entry.key));
    }
    const items = await allItems(store);
    expectNoPartialItems(items);
    expect(items.filter((item) => item.sk === 'DECL')).toHaveLength(24);
  }, FAULT_TEST_TIMEOUT_MS);

  it('during publication: every notice is published exactly once after a restart, and in the log once, in order, with no gap', async () => {
    const editor = (init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${editorToken}` } });
    const moderator = editor;
    const date = addDays(shanghaiDate(new Date()), 30);
    expect((await send('/api/v1/editions', editor(json({ date })))).status).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < NOTICES; i += 1) {
      const filed = (await (await send('/api/v1/declarations', json(physicianDeclaration(uniqueCertificateNumber())))).json()) as { id: string };
      expect((await send(`/api/v1/moderation/declarations/${filed.id}/decision`, moderator(json({ action: 'approve', version: 1 })))).status).toBe(200);
      ids.push(filed.id);
    }
    await payFees(send, `Bearer ${editorToken}`, ids);
    expect((await send(`/api/v1/editions/${date}/notices`, editor(json({ ids })))).status).toBe(200);

    const publishing = clock.onTheDayOf(date, () => send(`/api/v1/editions/${date}/publish`, editor({ method: 'POST' })));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await crashDatabase();
    const interrupted = await publishing;
    expect([200, 503]).toContain(interrupted.status);

    await startDatabase();
    const published = (await allItems(store)).filter((item) => item.pk === `PUB#DATE#${date}`).length;
    const resumed = await clock.onTheDayOf(date, () => send(`/api/v1/editions/${date}/publish`, editor({ method: 'POST' })));
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ noticeCount: NOTICES, publishedNow: NOTICES - published });

    const items = await allItems(store);
    const numbers = items.filter((item) => item.pk === `PUB#DATE#${date}`).map((item) => String(item.noticeNo)).sort();
    const compact = date.replaceAll('-', '');
    expect(numbers).toEqual(Array.from({ length: NOTICES }, (_, i) => `${compact}-${String(i + 1).padStart(4, '0')}`));
    for (const id of ids) expect(items.find((item) => item.pk === `DECL#${id}` && item.sk === 'DECL')?.status).toBe('published');
    expect(items.filter((item) => String(item.pk).startsWith('PUB#NOTICE#')).length).toBe(NOTICES);

    // The log: exactly the published notices, each once, at indexes 0..n-1 in publication (print) order.
    const entries = items.filter((item) => String(item.pk).startsWith('PUB#LOG#ENTRY#')).sort((a, b) => Number(a.index) - Number(b.index));
    expect(entries.map((entry) => Number(entry.index))).toEqual(Array.from({ length: NOTICES }, (_, i) => i));
    expect(entries.map((entry) => entry.noticeNo)).toEqual(numbers);
    expect(items.find((item) => item.pk === 'PUB#LOG' && item.sk === 'HEAD')?.size).toBe(NOTICES);
    for (const entry of entries) {
      expect(items.find((item) => item.pk === `PUB#NOTICE#${String(entry.noticeNo)}`)?.logIndex).toBe(entry.index);
    }
    // And an independent reading of the published log agrees with the signed checkpoint.
    const audit = await auditPublishedLog((path) => send(path, {}));
    expect(audit.size).toBe(NOTICES);
  }, FAULT_TEST_TIMEOUT_MS);
});

describe('a throttled database', () => {
  function throttle(times: number): { attempts: () => number; release: () => void } {
    let attempts = 0;
    let remaining = times;
    const name = `test-throttle-${randomUUID()}`;
    // Below the SDK's retry middleware, as DynamoDB's own throttling would be.
    store.client.middlewareStack.add(
      (next) => async (args) => {
        attempts += 1;
        if (remaining > 0) {
          remaining -= 1;
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
            name: 'ThrottlingException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return next(args);
      },
      { step: 'deserialize', name, priority: 'low' },
    );
    return { attempts: () => attempts, release: () => store.client.middlewareStack.remove(name) };
  }

  it('is retried with backoff by the SDK and the request succeeds', async () => {
    const injected = throttle(2);
    try {
      const response = await send('/api/v1/health', {});
      expect(response.status).toBe(200);
      expect(injected.attempts()).toBe(3);
    } finally {
      injected.release();
    }
  });

  it('answers 503 with Retry-After once retries are exhausted', async () => {
    const injected = throttle(1_000);
    try {
      const response = await send('/api/v1/declarations', json(physicianDeclaration()));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(injected.attempts()).toBeGreaterThanOrEqual(3);
    } finally {
      injected.release();
    }
  });
});
