import { restApiEvent } from '../scripts/lambda/events.js';
import { startLambda } from '../scripts/lambda/runtime.js';
import { MAX_DAILY_QUOTA } from '../shared/domain/api-keys.js';
import { normalizeCertificateNumber } from '../shared/domain/normalize.js';
import { newApiKey } from '../shared/services/api-keys.js';
import { createLookupHasher } from '../shared/services/lookup-key.js';
import { consumeQuotaAndLog, putNewApiKey } from '../shared/store/api-key-store.js';
import { createStoreContext } from '../shared/store/client.js';
import { findNoticesByNumberHash, findNoticesByNumberHashes } from '../shared/store/public-store.js';
import { LOOKUP_KEY, median, seededNumber } from './harness.js';
import { compare, NETWORK_DELAY_MS, withRig, type Comparison } from './lambda.js';
import { startLatencyProxy } from './latency-proxy.js';

const BATCH = 100;
/** A batch takes about as long as twenty single lookups: rounds of each side last about as long. */
const BATCHES_PER_ROUND = 20;
const DISTINCT_BODIES = 20;
const FLOOR_ROUNDS = 10;
const FLOOR_PER_ROUND = 20;
/** The rig's 1,000 published notices (bench/lambda.ts). */
const PUBLISHED = 1_000;

export interface BatchFigures {
  /** Reference: the verify bundle answering one lookup; candidate: the partners bundle answering 100 numbers. */
  readonly comparison: Comparison;
  readonly batchSize: number;
  /** Batch CPU per number / single CPU per lookup: the median of the rounds. */
  readonly cpuRatio: number;
  /** Batch p50 / single p50: the median of the rounds. */
  readonly p50Ratio: number;
  /** The store alone through the same proxy: one GetItem, and one BatchGetItem of the batch's distinct keys (p50, ms). */
  readonly getItemP50Ms: number;
  readonly batchGetItemP50Ms: number;
  /** The batch's second round trip alone through the same proxy: its quota counter and log item, one transaction (p50, ms). */
  readonly quotaAndLogP50Ms: number;
  readonly distinctKeys: number;
}

/** Three hits to one miss, every tenth number the one before it again (read once, answered twice). */
function batchNumbers(variant: number): string[] {
  return Array.from({ length: BATCH }, (_, i) =>
    i % 4 === 3 ? `NOT-FILED-${variant}-${i}` : seededNumber(((variant * BATCH + i - (i % 10 === 9 ? 1 : 0)) * 7) % PUBLISHED),
  );
}

/**
 * Batch verify as Lambda runs it: the partners bundle answering `POST /api/v1/verify/batch` events of 100 numbers
 * (a verifier key stored as staff issue it) against the verify bundle answering single lookups, each in its own
 * environment, DynamoDB Local 2 ms away each way, rounds interleaved (bench/lambda.ts `compare`); then the store
 * alone through the same proxy, GetItem against one BatchGetItem of a batch's keys, interleaved.
 */
export async function measureBatch(log: (line: string) => void): Promise<BatchFigures> {
  return withRig(async (rig) => {
    const { stored, apiKey } = newApiKey({ kind: 'verifier', organisation: 'bench', dailyQuota: MAX_DAILY_QUOTA }, new Date(), 'bench');
    await putNewApiKey(rig.store, stored);
    const bodies = Array.from({ length: DISTINCT_BODIES }, (_, variant) => JSON.stringify({ numbers: batchNumbers(variant) }));
    const batchEvents = () =>
      Array.from({ length: BATCHES_PER_ROUND }, (_, i) =>
        restApiEvent({ method: 'POST', path: '/api/v1/verify/batch', headers: { 'X-Api-Key': apiKey, 'Content-Type': 'application/json' }, body: bodies[i % DISTINCT_BODIES] }),
      );
    const proxy = await startLatencyProxy(rig.databasePort, NETWORK_DELAY_MS);
    try {
      const verify = await startLambda(rig.config('verify', proxy.endpoint));
      const partners = await startLambda(rig.config('partners', proxy.endpoint));
      let comparison: Comparison;
      try {
        comparison = await compare(verify, rig.verifyEvents, partners, batchEvents);
      } finally {
        await Promise.all([verify.stop(), partners.stop()]);
      }
      log(`batch p50 ${comparison.candidate.p50Ms.toFixed(2)} ms, single ${comparison.reference.p50Ms.toFixed(2)} ms`);

      const distant = createStoreContext({ endpoint: proxy.endpoint, tableName: rig.store.tableName });
      const hash = createLookupHasher(LOOKUP_KEY);
      const hashes = batchNumbers(0).map((number) => hash(normalizeCertificateNumber(number)));
      const distinctKeys = new Set(hashes).size;
      const timed = async (into: number[], read: () => Promise<unknown>) => {
        const started = performance.now();
        await read();
        into.push(performance.now() - started);
      };
      // What a batch's log item holds: every number's hash and an answer (the bench key's own partition).
      const lookups = hashes.map((numberHash, i) => ({ at: new Date().toISOString(), requestId: `floor-${i}`, numberHash, status: 'no_record' as const, noticeNumbers: [] }));
      const quota = { day: 'floor', dailyQuota: Number.MAX_SAFE_INTEGER, expiresAt: Math.floor(Date.now() / 1000) };
      let written = 0;
      const floorRound = async (gets: number[], batchGets: number[], transactions: number[]) => {
        for (let i = 0; i < FLOOR_PER_ROUND; i += 1) await timed(gets, () => findNoticesByNumberHash(distant, hashes[i] as string));
        for (let i = 0; i < FLOOR_PER_ROUND; i += 1) await timed(batchGets, () => findNoticesByNumberHashes(distant, hashes));
        for (let i = 0; i < FLOOR_PER_ROUND; i += 1) {
          const request = lookups.map((lookup) => ({ ...lookup, requestId: `floor-${(written += 1)}` }));
          await timed(transactions, () => consumeQuotaAndLog(distant, stored.id, quota, request, new Date()));
        }
      };
      await floorRound([], [], []);
      const gets: number[] = [];
      const batchGets: number[] = [];
      const transactions: number[] = [];
      for (let round = 0; round < FLOOR_ROUNDS; round += 1) await floorRound(gets, batchGets, transactions);
      return {
        comparison,
        batchSize: BATCH,
        cpuRatio: comparison.cpuRatio / BATCH,
        p50Ratio: median(comparison.roundP50Ratios),
        getItemP50Ms: median(gets),
        batchGetItemP50Ms: median(batchGets),
        quotaAndLogP50Ms: median(transactions),
        distinctKeys,
      };
    } finally {
      await proxy.stop();
    }
  });
}
