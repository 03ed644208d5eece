import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalDynamoDb } from '../scripts/local-dynamodb.js';
import { createStoreContext } from '../shared/store/client.js';
import { ensureTable } from '../shared/store/setup.js';
import { keepAlive, loadGets, LOOKUP_KEY, lookupPaths, processCpuMs, seedPublished, startServer, type RunningServer } from './harness.js';

const PUBLISHED = 1_000;
const DISTINCT_REQUESTS = 200;
const CONNECTIONS_EACH = 5;
const WARMUP_SECONDS = 8;
const ROUNDS = 3;
const ROUND_SECONDS = 8;

export interface LayerFigure {
  readonly layer: string;
  /** Server CPU per answered request, relative to the plain node:http layer measured at the same time. */
  readonly cpuRatio: number;
  readonly rounds: readonly number[];
}

const paths = lookupPaths(PUBLISHED, DISTINCT_REQUESTS);
const firstLookup = paths[0] ?? '/';

/**
 * Each layer is started by asking it `readyPath` once. The last one is asked for the verify page first: rendering
 * any hono/jsx page (hono 4.13+) runs it in an AsyncLocalStorage, which on Node 20 and 22 turns on promise hooks
 * for the rest of the process, so every later request pays for them. That is the state of a server (or a verify
 * Lambda) that has served one page, and it is measured as its own row.
 */
const LAYERS = [
  { layer: 'hono', entry: 'bench/verify-layers.ts', env: { LAYER: 'hono' }, readyPath: firstLookup },
  { layer: 'shell', entry: 'bench/verify-layers.ts', env: { LAYER: 'shell' }, readyPath: firstLookup },
  { layer: 'verify app (scripts/start.ts)', entry: 'scripts/start.ts', env: {}, readyPath: firstLookup },
  { layer: 'verify app, after one page render', entry: 'scripts/start.ts', env: {}, readyPath: '/verify' },
] as const;

const load = (server: RunningServer, seconds: number) => loadGets(server.baseUrl, paths, seconds, CONNECTIONS_EACH);

/** CPU per answered request of each server, both under load at the same time, so drift on the machine hits both. */
async function pairedRound(reference: RunningServer, candidate: RunningServer): Promise<number> {
  const before = [processCpuMs(reference.pid), processCpuMs(candidate.pid)] as const;
  const [referenceResult, candidateResult] = await Promise.all([load(reference, ROUND_SECONDS), load(candidate, ROUND_SECONDS)]);
  const referenceCpu = (processCpuMs(reference.pid) - before[0]) / referenceResult['2xx'];
  const candidateCpu = (processCpuMs(candidate.pid) - before[1]) / candidateResult['2xx'];
  return candidateCpu / referenceCpu;
}

/**
 * Where the verify app's CPU per request goes: each layer between a plain node:http server and the whole app,
 * all making the same single GetItem, is run side by side with the plain server and compared by server CPU per
 * answered request (a throughput bound on a CPU-bound machine). Diagnostic: it explains the throughput ratio.
 */
export async function measureBreakdown(log: (line: string) => void = () => undefined): Promise<LayerFigure[]> {
  const database = await startLocalDynamoDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'shengming-breakdown-'));
  const servers: RunningServer[] = [];
  try {
    const store = createStoreContext({ endpoint: database.endpoint, tableName: 'bench-breakdown' });
    await ensureTable(store);
    await seedPublished(store, PUBLISHED);
    const env = { DYNAMODB_ENDPOINT: database.endpoint, TABLE_NAME: 'bench-breakdown', LOOKUP_KEY, VERIFY_RATE_LIMIT: '0', DATA_DIR: dataDir };
    const plain = await startServer('bench/verify-layers.ts', { ...env, LAYER: 'node' }, firstLookup);
    servers.push(plain);
    const figures: LayerFigure[] = [];
    for (const { layer, entry, env: layerEnv, readyPath } of LAYERS) {
      const candidate = await startServer(entry, { ...env, ...layerEnv }, readyPath);
      servers.push(candidate);
      await Promise.all([load(plain, WARMUP_SECONDS), load(candidate, WARMUP_SECONDS)]);
      const rounds: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) rounds.push(await pairedRound(plain, candidate));
      const cpuRatio = rounds.reduce((sum, ratio) => sum + ratio, 0) / rounds.length;
      log(`${layer}: ${rounds.map((ratio) => ratio.toFixed(2)).join(', ')}`);
      figures.push({ layer, cpuRatio, rounds });
      await candidate.stop();
    }
    return figures;
  } finally {
    for (const server of servers) await server.stop();
    keepAlive.destroy();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
