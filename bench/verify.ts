import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startLocalDynamoDb } from '../scripts/local-dynamodb.js';
import { createStoreContext } from '../shared/store/client.js';
import { ensureTable } from '../shared/store/setup.js';
import { get, keepAlive, loadGets, LOOKUP_KEY, lookupPaths, median, processCpuMs, seedPublished, startServer, type RunningServer } from './harness.js';

const SMALL = 1_000;
const LARGE = 100_000;
/** Latency warm-up; throughput's is longer, as both servers' JIT (and the database's) settle under load. */
const WARMUP_SECONDS = 3;
const THROUGHPUT_WARMUP_SECONDS = 10;
/** Floor and verify take turns, so the database's own warm-up and any drift on the machine hit both alike. */
const THROUGHPUT_ROUNDS = 3;
const THROUGHPUT_ROUND_SECONDS = 5;
const LATENCY_ROUND_SECONDS = 5;
const LATENCY_ROUNDS = 2;
const CONNECTIONS = 10;
/** Distinct lookups the load cycles through: published numbers, so every answer is a hit. */
const DISTINCT_REQUESTS = 200;

export interface CpuShare {
  readonly serverMs: number;
  readonly databaseMs: number;
}

export interface VerifyFigures {
  readonly seededSeconds: number;
  readonly verifyRps: number;
  readonly floorRps: number;
  readonly throughputRatio: number;
  /** CPU per answered request under load, in ms: the server process and the database, for each side. */
  readonly cpuPerRequest: { readonly verify: CpuShare; readonly floor: CpuShare };
  readonly verifyErrors: number;
  readonly p50SmallMs: number;
  readonly p50LargeMs: number;
  readonly latencyRatio: number;
}

const load = (baseUrl: string, paths: readonly string[], seconds: number) => loadGets(baseUrl, paths, seconds, CONNECTIONS);

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

/** One load round, with the CPU the server and the database used for it. */
async function measuredLoad(server: RunningServer, databasePid: number, paths: readonly string[]) {
  const before = [processCpuMs(server.pid), processCpuMs(databasePid)] as const;
  const result = await load(server.baseUrl, paths, THROUGHPUT_ROUND_SECONDS);
  return { result, serverMs: processCpuMs(server.pid) - before[0], databaseMs: processCpuMs(databasePid) - before[1] };
}

function cpuShare(rounds: readonly Awaited<ReturnType<typeof measuredLoad>>[]): CpuShare {
  const answered = rounds.reduce((sum, round) => sum + round.result['2xx'], 0);
  const total = (pick: (round: (typeof rounds)[number]) => number) => rounds.reduce((sum, round) => sum + pick(round), 0) / answered;
  return { serverMs: total((round) => round.serverMs), databaseMs: total((round) => round.databaseMs) };
}

/** Answered (2xx) requests per second over several runs. */
function requestsPerSecond(results: readonly autocannon.Result[]): number {
  const answered = results.reduce((sum, result) => sum + result['2xx'], 0);
  const seconds = results.reduce((sum, result) => sum + result.duration, 0);
  return answered / seconds;
}

const verifyPaths = (count: number) => lookupPaths(count, DISTINCT_REQUESTS);

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

    await load(floor.baseUrl, ['/'], THROUGHPUT_WARMUP_SECONDS);
    await load(app.baseUrl, verifyPaths(LARGE), THROUGHPUT_WARMUP_SECONDS);
    const databasePid = database.process.pid ?? 0;
    const floorRounds: Awaited<ReturnType<typeof measuredLoad>>[] = [];
    const verifyRounds: Awaited<ReturnType<typeof measuredLoad>>[] = [];
    for (let round = 0; round < THROUGHPUT_ROUNDS; round += 1) {
      floorRounds.push(await measuredLoad(floor, databasePid, ['/']));
      verifyRounds.push(await measuredLoad(app, databasePid, verifyPaths(LARGE)));
    }
    const floorRps = requestsPerSecond(floorRounds.map((round) => round.result));
    const verifyRps = requestsPerSecond(verifyRounds.map((round) => round.result));
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
      cpuPerRequest: { verify: cpuShare(verifyRounds), floor: cpuShare(floorRounds) },
      verifyErrors: verifyRounds.reduce((sum, { result }) => sum + result.errors + result.non2xx, 0),
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

