import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStaffAuth } from '../scripts/local-auth.js';
import { startLocalDynamoDb } from '../scripts/local-dynamodb.js';
import { createLocalSystem, type LocalSystem } from '../scripts/local-server.js';
import { renderNotice, type DeclarationInput } from '../shared/domain/index.js';
import { createLookupHasher } from '../shared/services/lookup-key.js';
import { searchHashesOf } from '../shared/services/search.js';
import { createStoreContext, type StoreContext } from '../shared/store/client.js';
import type { StoredDeclaration } from '../shared/store/declaration-store.js';
import { putIndexedDeclarations } from '../shared/store/search-index.js';
import { ensureTable } from '../shared/store/setup.js';
import { LOOKUP_KEY, median, seededNumber } from './harness.js';

const SMALL = 1_000;
const LARGE = 100_000;
/** Declarations per declarant name: the same in both tables, so a name search returns a page of the same size. */
const PER_NAME = 20;
const SEED_CHUNK = 500;
const SEED_CONCURRENCY = 8;
const DISTINCT_QUERIES = 200;
const WARMUP_REQUESTS = 300;
const ROUNDS = 4;
const REQUESTS_PER_ROUND = 400;

export interface SearchFigures {
  readonly seededSeconds: number;
  readonly p50SmallMs: number;
  readonly p50LargeMs: number;
  readonly ratio: number;
  readonly errors: number;
}

/** A name per PER_NAME declarations (never a real person: a fixed surname and the group's number in words). */
const nameOf = (index: number) => `测试${Math.floor(index / PER_NAME).toString(36)}号`;

function seededDeclaration(index: number, hash: ReturnType<typeof createLookupHasher>): StoredDeclaration {
  const id = randomUUID();
  const declaration: DeclarationInput = {
    kind: 'loss',
    declarant: { type: 'person', name: nameOf(index) },
    document: { type: 'physician_practicing_certificate', number: seededNumber(index) },
    contact: { phone: '13800000000' },
  };
  // One declaration a minute, back from 2026: createdAt orders "newest first".
  const at = new Date(Date.parse('2026-01-01T00:00:00Z') - index * 60_000).toISOString();
  return {
    id,
    status: index % 3 === 0 ? 'approved' : 'submitted',
    version: 1,
    declaration,
    text: renderNotice(declaration),
    warnings: [],
    attachments: [],
    numberKey: seededNumber(index),
    searchHashes: searchHashesOf(hash, id, declaration),
    receiptHash: `bench-${index}`,
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
  };
}

/** `count` declarations with their search items, written by BatchWrite through the search store, 8 chunks at a time. */
async function seed(store: StoreContext, count: number): Promise<void> {
  const hash = createLookupHasher(LOOKUP_KEY);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const start = next;
      next += SEED_CHUNK;
      const chunk = Array.from({ length: Math.min(SEED_CHUNK, count - start) }, (_, offset) => seededDeclaration(start + offset, hash));
      await putIndexedDeclarations(store, chunk);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

/** Searches spread over the table: by number (one hit) and by name (a page of PER_NAME), alternately. */
function queries(count: number): string[] {
  return Array.from({ length: DISTINCT_QUERIES }, (_, i) => {
    const index = Math.floor((i * count) / DISTINCT_QUERIES);
    const q = i % 2 === 0 ? seededNumber(index) : nameOf(index);
    return `/api/v1/moderation/declarations?q=${encodeURIComponent(q)}`;
  });
}

async function timedSearches(system: LocalSystem, token: string, paths: readonly string[], requests: number): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    const response = await system.fetch(new Request(`http://127.0.0.1${paths[i % paths.length]}`, { headers: { authorization: `Bearer ${token}` } }));
    const body = (await response.json()) as { items?: unknown[] };
    latencies.push(performance.now() - started);
    if (response.status !== 200 || !body.items || body.items.length === 0) errors += 1;
  }
  return { latencies, errors };
}

/**
 * Staff search through the moderation app (in process, as `npm start` dispatches it) on DynamoDB Local, with 1k
 * and with 100k declarations in the table: sequential requests, rounds interleaved so drift hits both alike.
 */
export async function measureSearch(log: (line: string) => void = () => undefined): Promise<SearchFigures> {
  const database = await startLocalDynamoDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'shengming-bench-search-'));
  try {
    const small = createStoreContext({ endpoint: database.endpoint, tableName: 'bench-search-small' });
    const large = createStoreContext({ endpoint: database.endpoint, tableName: 'bench-search-large' });
    await ensureTable(small);
    await ensureTable(large);
    const seedStarted = performance.now();
    await seed(small, SMALL);
    await seed(large, LARGE);
    const seededSeconds = (performance.now() - seedStarted) / 1000;
    log(`seeded ${SMALL} + ${LARGE} declarations with their search items in ${seededSeconds.toFixed(0)} s`);

    // The request log line stays out of the report (as in a quiet production log); Powertools reads this at construction.
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    const auth = await localStaffAuth(dataDir);
    const token = await auth.issueToken('moderator');
    const systemFor = (store: StoreContext) => createLocalSystem({ store, staffAuth: auth.config, lookupKey: LOOKUP_KEY, dataDir });
    const sides = [
      { system: systemFor(small), paths: queries(SMALL), latencies: [] as number[] },
      { system: systemFor(large), paths: queries(LARGE), latencies: [] as number[] },
    ];
    let errors = 0;
    for (const side of sides) errors += (await timedSearches(side.system, token, side.paths, WARMUP_REQUESTS)).errors;
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const side of sides) {
        const result = await timedSearches(side.system, token, side.paths, REQUESTS_PER_ROUND);
        side.latencies.push(...result.latencies);
        errors += result.errors;
      }
    }
    const [p50SmallMs, p50LargeMs] = sides.map((side) => median(side.latencies)) as [number, number];
    return { seededSeconds, p50SmallMs, p50LargeMs, ratio: p50LargeMs / p50SmallMs, errors };
  } finally {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
