import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startLocalDynamoDb } from '../scripts/local-dynamodb.js';
import { createStoreContext } from '../shared/store/client.js';
import { ensureTable } from '../shared/store/setup.js';
import { LOOKUP_KEY, seededNumber, seedPublished, startServer } from './harness.js';

const PUBLISHED = 1_000;
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.LOAD_ROUND_SECONDS ?? 8);
/**
 * Rounds of warm-up before memory is compared. With every filing stored (the filing limiter off), the server's heap
 * grows for three rounds and then holds (LOAD_ROUNDS=8 on 2026-12-03: 326, 357, 387, then 387 MiB for five
 * rounds and 6,000 more filings): growth within those three rounds is the heap settling, not a leak.
 */
const WARMUP_ROUNDS = 3;
const CONNECTIONS = 16;
/** Of every ten requests: six lookups that hit, three that miss, one new filing. */
const VERIFY_HITS = 6;
const VERIFY_MISSES = 3;

export interface LoadRound {
  readonly requests: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rssMiB: number;
  readonly filings: number;
}

export interface LoadFigures {
  readonly rssBeforeMiB: number;
  readonly rounds: readonly LoadRound[];
}

/** Resident memory of a process, from /proc (Linux). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kilobytes / 1024;
}

let filingSequence = 0;

/** A new, valid filing for a certificate nobody has filed yet (no ID or phone number of anyone real). */
function filingBody(): string {
  filingSequence += 1;
  return JSON.stringify({
    kind: 'loss',
    declarant: { type: 'organization', name: '济南压测商贸有限公司' },
    document: { type: 'food_business_license', number: `JY237010${String(Date.now() % 1e6).padStart(6, '0')}${String(filingSequence).padStart(6, '0')}`, copy: 'original' },
    contact: { phone: '13912345678' },
  });
}

/**
 * A mixed, verify-heavy load on the whole local system (`scripts/start.ts` against DynamoDB Local) in several
 * rounds, with the server process's resident memory read before and after each round: every answer must be
 * 200 (lookups) or 201 (filings), and memory must not keep growing from round to round.
 */
export async function measureLoad(log: (line: string) => void = () => undefined): Promise<LoadFigures> {
  const database = await startLocalDynamoDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'shengming-load-'));
  const store = createStoreContext({ endpoint: database.endpoint, tableName: 'bench-load' });
  await ensureTable(store);
  await seedPublished(store, PUBLISHED);
  const server = await startServer(
    'scripts/start.ts',
    { DYNAMODB_ENDPOINT: database.endpoint, TABLE_NAME: 'bench-load', DATA_DIR: dataDir, LOOKUP_KEY, VERIFY_RATE_LIMIT: '0', FILING_RATE_LIMIT: '0' },
    '/api/v1/health',
  );
  try {
    const requests: autocannon.Request[] = [
      ...Array.from({ length: VERIFY_HITS }, (_, i) => ({ method: 'GET' as const, path: `/api/v1/verify?number=${seededNumber(i * 97)}` })),
      ...Array.from({ length: VERIFY_MISSES }, (_, i) => ({ method: 'GET' as const, path: `/api/v1/verify?number=NOT-FILED-${i}` })),
      {
        method: 'POST' as const,
        path: '/api/v1/declarations',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: autocannon.Request) => ({ ...request, body: filingBody() }),
      },
    ];
    const run = (seconds: number) => autocannon({ url: server.baseUrl, connections: CONNECTIONS, duration: seconds, requests });
    for (let round = 0; round < WARMUP_ROUNDS; round += 1) await run(ROUND_SECONDS);
    const rssBeforeMiB = rssMiB(server.pid);
    const rounds: LoadRound[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const filingsBefore = filingSequence;
      const result = await run(ROUND_SECONDS);
      const figures: LoadRound = {
        requests: result.requests.total,
        errors: result.errors + result.timeouts + result.non2xx,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        rssMiB: rssMiB(server.pid),
        filings: filingSequence - filingsBefore,
      };
      log(`round ${round + 1}: ${figures.requests} requests, ${figures.errors} errors, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, RSS ${figures.rssMiB.toFixed(0)} MiB`);
      rounds.push(figures);
    }
    return { rssBeforeMiB, rounds };
  } finally {
    await server.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
