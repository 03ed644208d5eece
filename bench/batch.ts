import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startLocalDynamoDb } from '../scripts/local-dynamodb.js';
import { spoolApiKey } from '../scripts/local-api-keys.js';
import { MAX_DAILY_QUOTA } from '../shared/domain/api-keys.js';
import { newApiKey } from '../shared/services/api-keys.js';
import { createLookupHasher } from '../shared/services/lookup-key.js';
import { createStoreContext } from '../shared/store/client.js';
import { findNoticesByNumberHash, findNoticesByNumberHashes } from '../shared/store/public-store.js';
import { ensureTable } from '../shared/store/setup.js';
import { get, keepAlive, LOOKUP_KEY, lookupPaths, median, processCpuMs, seededNumber, seedPublished, startServer } from './harness.js';

const SEEDED = 1_000;
const BATCH = 100;
const WARMUP_SECONDS = 3;
const ROUND_SECONDS = 4;
const ROUNDS = 3;

export interface BatchFigures {
  readonly singleP50Ms: number;
  readonly batchP50Ms: number;
  readonly latencyRatio: number;
  readonly singleCpuMsPerNumber: number;
  readonly batchCpuMsPerNumber: number;
  readonly cpuRatio: number;
  /** The store alone, same database: one GetItem and one BatchGetItem of 100 keys (what DynamoDB Local costs). */
  readonly getItemP50Ms: number;
  readonly batchGetItemP50Ms: number;
}

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', agent: keepAlive, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Requests one after another for `seconds`: each one's latency, and the server's CPU over all of them. */
async function sequential(pid: number, seconds: number, send: (i: number) => Promise<number>): Promise<{ latencies: number[]; cpuMs: number }> {
  const latencies: number[] = [];
  const cpuBefore = processCpuMs(pid);
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i += 1) {
    const started = performance.now();
    const status = await send(i);
    if (status !== 200) throw new Error(`answered ${status}`);
    latencies.push(performance.now() - started);
  }
  return { latencies, cpuMs: processCpuMs(pid) - cpuBefore };
}

/**
 * Batch verify against single verify on the same server (`scripts/start.ts`, DynamoDB Local): server CPU per
 * number and median latency of a 100-number batch (hits and misses, duplicates) vs one lookup, rounds interleaved.
 */
export async function measureBatch(log: (line: string) => void = () => undefined): Promise<BatchFigures> {
  const database = await startLocalDynamoDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'shengming-bench-batch-'));
  try {
    const store = createStoreContext({ endpoint: database.endpoint, tableName: 'bench-batch' });
    await ensureTable(store);
    await seedPublished(store, SEEDED);
    const { stored, apiKey } = newApiKey({ kind: 'verifier', organisation: 'bench', dailyQuota: MAX_DAILY_QUOTA }, new Date(), 'bench');
    spoolApiKey(dataDir, stored);
    const singlePaths = lookupPaths(SEEDED, 200);
    const server = await startServer(
      'scripts/start.ts',
      { DYNAMODB_ENDPOINT: database.endpoint, TABLE_NAME: 'bench-batch', DATA_DIR: dataDir, LOOKUP_KEY, VERIFY_RATE_LIMIT: '0' },
      singlePaths[0] ?? '/',
    );
    try {
      // Three hits to one miss, and every tenth number asked twice.
      const bodies = Array.from({ length: 20 }, (_, round) =>
        JSON.stringify({
          numbers: Array.from({ length: BATCH }, (_, i) => (i % 4 === 3 ? `NOT-FILED-${round}-${i}` : seededNumber(((round * BATCH + i - (i % 10 === 9 ? 1 : 0)) * 7) % SEEDED))),
        }),
      );
      const single = (i: number) => get(`${server.baseUrl}${singlePaths[i % singlePaths.length]}`);
      const batch = (i: number) => post(`${server.baseUrl}/api/v1/verify/batch`, bodies[i % bodies.length] as string, { 'x-api-key': apiKey });
      await sequential(server.pid, WARMUP_SECONDS, single);
      await sequential(server.pid, WARMUP_SECONDS, batch);
      const singles = { latencies: [] as number[], cpuMs: 0 };
      const batches = { latencies: [] as number[], cpuMs: 0 };
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const [into, send] of [[singles, single], [batches, batch]] as const) {
          const run = await sequential(server.pid, ROUND_SECONDS, send);
          into.latencies.push(...run.latencies);
          into.cpuMs += run.cpuMs;
        }
      }
      const hash = createLookupHasher(LOOKUP_KEY);
      const hashes = Array.from({ length: BATCH }, (_, i) => hash(seededNumber((i * 7) % SEEDED)));
      const storeGets: number[] = [];
      const storeBatches: number[] = [];
      for (let round = 0; round < 100; round += 1) {
        let started = performance.now();
        await findNoticesByNumberHash(store, hashes[round % BATCH] as string);
        storeGets.push(performance.now() - started);
        started = performance.now();
        await findNoticesByNumberHashes(store, hashes);
        storeBatches.push(performance.now() - started);
      }
      const singleCpuMsPerNumber = singles.cpuMs / singles.latencies.length;
      const batchCpuMsPerNumber = batches.cpuMs / (batches.latencies.length * BATCH);
      const singleP50Ms = median(singles.latencies);
      const batchP50Ms = median(batches.latencies);
      log(`single: ${singles.latencies.length} lookups; batch: ${batches.latencies.length} batches of ${BATCH}`);
      return {
        singleP50Ms,
        batchP50Ms,
        latencyRatio: batchP50Ms / singleP50Ms,
        singleCpuMsPerNumber,
        batchCpuMsPerNumber,
        cpuRatio: batchCpuMsPerNumber / singleCpuMsPerNumber,
        getItemP50Ms: median(storeGets),
        batchGetItemP50Ms: median(storeBatches),
      };
    } finally {
      await server.stop();
    }
  } finally {
    keepAlive.destroy();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
