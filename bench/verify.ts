import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { startLocalDynamoDb } from '../scripts/local-dynamodb.js';
import { addDays, noticeNumber } from '../shared/domain/editions.js';
import { normalizeCertificateNumber } from '../shared/domain/normalize.js';
import { createLookupHasher } from '../shared/services/lookup-key.js';
import { createStoreContext, type StoreContext } from '../shared/store/client.js';
import type { PublicNotice } from '../shared/store/edition-store.js';
import { PUBLIC_KEYS } from '../shared/store/public-store.js';
import { ensureTable } from '../shared/store/setup.js';

const LOOKUP_KEY = 'bench-lookup-key';
const SMALL = 1_000;
const LARGE = 100_000;
const WARMUP_SECONDS = 3;
/** Floor and verify take turns, so the database's own warm-up and any drift on the machine hit both alike. */
const THROUGHPUT_ROUNDS = 2;
const THROUGHPUT_ROUND_SECONDS = 5;
const LATENCY_ROUND_SECONDS = 5;
const LATENCY_ROUNDS = 2;
const CONNECTIONS = 10;
/** Distinct lookups the load cycles through: published numbers, so every answer is a hit. */
const DISTINCT_REQUESTS = 200;
const BATCH_SIZE = 25;
const SEED_CONCURRENCY = 8;

export interface VerifyFigures {
  readonly seededSeconds: number;
  readonly verifyRps: number;
  readonly floorRps: number;
  readonly throughputRatio: number;
  readonly verifyErrors: number;
  readonly p50SmallMs: number;
  readonly p50LargeMs: number;
  readonly latencyRatio: number;
}

/** The 15-digit physician code of seeded notice `index` (never a resident ID or a mobile number). */
const seededNumber = (index: number) => `1103701${String(index).padStart(8, '0')}`;

/** Writes `count` published notices the way publication does (notice, date listing, lookup; dates listed). */
async function seedPublished(store: StoreContext, count: number): Promise<string[]> {
  const hash = createLookupHasher(LOOKUP_KEY);
  const perDate = Math.max(10, Math.ceil(count / 100));
  const items: Record<string, unknown>[] = [];
  const noticeNos: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const date = addDays('2026-01-01', Math.floor(index / perDate));
    const notice: PublicNotice = {
      noticeNo: noticeNumber(date, (index % perDate) + 1),
      kind: 'loss',
      documentType: 'physician_practicing_certificate',
      publishedOn: date,
      text: `张三遗失医师执业证书（证书编码：${seededNumber(index)}），声明作废。`,
    };
    noticeNos.push(notice.noticeNo);
    items.push({ ...PUBLIC_KEYS.notice(notice.noticeNo), ...notice });
    items.push({ ...PUBLIC_KEYS.dateListing(date, notice.noticeNo), ...notice });
    items.push({ ...PUBLIC_KEYS.lookup(hash(normalizeCertificateNumber(seededNumber(index))), notice.noticeNo), ...notice });
    if (index % perDate === 0) items.push({ ...PUBLIC_KEYS.publishedDate(date), date, noticeCount: Math.min(perDate, count - index) });
  }
  let cursor = 0;
  const worker = async () => {
    while (cursor < items.length) {
      const batch = items.slice(cursor, cursor + BATCH_SIZE);
      cursor += BATCH_SIZE;
      let pending: Record<string, unknown>[] = batch.map((item) => ({ PutRequest: { Item: item } }));
      while (pending.length > 0) {
        const { UnprocessedItems } = await store.client.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: pending } }));
        pending = (UnprocessedItems?.[store.tableName] ?? []) as Record<string, unknown>[];
      }
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  return noticeNos;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface RunningServer {
  readonly baseUrl: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Runs a TypeScript entry in its own Node process (output discarded, as a quiet production log would cost). */
async function startServer(entry: string, env: Record<string, string>, readyPath: string): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2_000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited: ${errors}`);
    const status = await get(`${baseUrl}${readyPath}`).catch(() => 0);
    if (status === 200) return { baseUrl, pid: child.pid ?? 0, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${entry} did not answer in time: ${errors}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET over a kept-alive connection; resolves with the status once the body is read. */
function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { agent: keepAlive }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function load(baseUrl: string, paths: readonly string[], seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
}

/** Sequential lookups (one in flight) for `seconds`, each timed: latency without queueing. */
async function sequentialLatencies(baseUrl: string, paths: readonly string[], seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i += 1) {
    const started = performance.now();
    const status = await get(`${baseUrl}${paths[i % paths.length]}`);
    if (status !== 200) throw new Error(`lookup answered ${status}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** Answered (2xx) requests per second over several runs. */
function requestsPerSecond(results: readonly autocannon.Result[]): number {
  const answered = results.reduce((sum, result) => sum + result['2xx'], 0);
  const seconds = results.reduce((sum, result) => sum + result.duration, 0);
  return answered / seconds;
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const verifyPaths = (count: number) =>
  Array.from({ length: DISTINCT_REQUESTS }, (_, i) => `/api/v1/verify?number=${seededNumber(Math.floor((i * count) / DISTINCT_REQUESTS))}`);

/**
 * Verify through the full local HTTP stack (`scripts/start.ts`: DynamoDB Local, the dispatcher, the verify app)
 * against a floor server doing one GetItem per request on the same database; then verify's median latency with
 * 1k and with 100k published notices in the table.
 */
export async function measureVerify(log: (line: string) => void = () => undefined): Promise<VerifyFigures> {
  const database = await startLocalDynamoDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'shengming-bench-'));
  const servers: RunningServer[] = [];
  try {
    const small = createStoreContext({ endpoint: database.endpoint, tableName: 'bench-small' });
    const large = createStoreContext({ endpoint: database.endpoint, tableName: 'bench-large' });
    await ensureTable(small);
    await ensureTable(large);
    const seedStarted = performance.now();
    await seedPublished(small, SMALL);
    const largeNotices = await seedPublished(large, LARGE);
    const seededSeconds = (performance.now() - seedStarted) / 1000;
    log(`seeded ${SMALL} + ${LARGE} published notices in ${seededSeconds.toFixed(0)} s`);

    const appEnv = (tableName: string) => ({
      DYNAMODB_ENDPOINT: database.endpoint,
      TABLE_NAME: tableName,
      DATA_DIR: join(dataDir, tableName),
      LOOKUP_KEY,
      VERIFY_RATE_LIMIT: '0',
    });
    const probe = verifyPaths(LARGE)[0] ?? '/';
    const app = await startServer('scripts/start.ts', appEnv('bench-large'), probe);
    servers.push(app);
    const floorKeys = Array.from({ length: DISTINCT_REQUESTS }, (_, i) => largeNotices[Math.floor((i * LARGE) / DISTINCT_REQUESTS)] ?? '');
    const floor = await startServer(
      'bench/verify-floor.ts',
      { DYNAMODB_ENDPOINT: database.endpoint, TABLE_NAME: 'bench-large', FLOOR_KEYS: floorKeys.join(',') },
      '/',
    );
    servers.push(floor);

    await load(floor.baseUrl, ['/'], WARMUP_SECONDS);
    await load(app.baseUrl, verifyPaths(LARGE), WARMUP_SECONDS);
    const floorRounds: autocannon.Result[] = [];
    const verifyRounds: autocannon.Result[] = [];
    for (let round = 0; round < THROUGHPUT_ROUNDS; round += 1) {
      floorRounds.push(await load(floor.baseUrl, ['/'], THROUGHPUT_ROUND_SECONDS));
      verifyRounds.push(await load(app.baseUrl, verifyPaths(LARGE), THROUGHPUT_ROUND_SECONDS));
    }
    const floorRps = requestsPerSecond(floorRounds);
    const verifyRps = requestsPerSecond(verifyRounds);
    log(`throughput: verify ${verifyRps.toFixed(0)} req/s, floor ${floorRps.toFixed(0)} req/s`);
    await floor.stop();

    const smallApp = await startServer('scripts/start.ts', appEnv('bench-small'), verifyPaths(SMALL)[0] ?? '/');
    servers.push(smallApp);
    await sequentialLatencies(smallApp.baseUrl, verifyPaths(SMALL), WARMUP_SECONDS);
    await sequentialLatencies(app.baseUrl, verifyPaths(LARGE), WARMUP_SECONDS);
    const smallLatencies: number[] = [];
    const largeLatencies: number[] = [];
    // Interleaved rounds, so drift on the machine hits both table sizes alike.
    for (let round = 0; round < LATENCY_ROUNDS; round += 1) {
      smallLatencies.push(...(await sequentialLatencies(smallApp.baseUrl, verifyPaths(SMALL), LATENCY_ROUND_SECONDS)));
      largeLatencies.push(...(await sequentialLatencies(app.baseUrl, verifyPaths(LARGE), LATENCY_ROUND_SECONDS)));
    }
    const p50SmallMs = median(smallLatencies);
    const p50LargeMs = median(largeLatencies);
    return {
      seededSeconds,
      verifyRps,
      floorRps,
      throughputRatio: verifyRps / floorRps,
      verifyErrors: verifyRounds.reduce((sum, result) => sum + result.errors + result.non2xx, 0),
      p50SmallMs,
      p50LargeMs,
      latencyRatio: p50LargeMs / p50SmallMs,
    };
  } finally {
    for (const server of servers) await server.stop();
    keepAlive.destroy();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

