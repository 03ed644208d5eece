import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { localAttachments } from '../scripts/local-attachments.js';
import { startLocalDynamoDb } from '../scripts/local-dynamodb.js';
import { addDays, shanghaiTime } from '../shared/domain/editions.js';
import { toBase64 } from '../shared/domain/log/bytes.js';
import {
  EMPTY_FRONTIER,
  appendLeaf,
  completingLeaf,
  frontierNodes,
  frontierRoot,
  inclusionRanges,
  leafHash,
  nodeKey,
  nodesFor,
  verifyInclusion,
  type Hash,
  type TreeFrontier,
} from '../shared/domain/log/merkle.js';
import { applyLifecycleAction, submitDeclaration } from '../shared/services/filing.js';
import { localLogSigner } from '../shared/services/log-signer.js';
import { createLookupHasher } from '../shared/services/lookup-key.js';
import { openEdition, placeInEditions, publishEdition, type PublicationContext } from '../shared/services/publication.js';
import { feeOf, recordPayment } from '../shared/services/payments.js';
import { publishingContext, publishingHooks, type PublishingDeps } from '../shared/services/publishing-context.js';
import { inclusionProof } from '../shared/services/transparency-log.js';
import { createStoreContext, type StoreContext } from '../shared/store/client.js';
import { getDeclaration } from '../shared/store/declaration-store.js';
import { PUBLIC_KEYS } from '../shared/store/public-keys.js';
import { ensureTable } from '../shared/store/setup.js';
import { createLogger } from '../shared/http/logger.js';
import { LOOKUP_KEY, median, seededNumber } from './harness.js';

export const EDITION_SIZE = 1_000;
/** With and without the log take turns, so the database's warm-up and any drift on the machine hit both alike. */
const PUBLICATION_ROUNDS = 3;
const SMALL_LOG = 1_000;
const LARGE_LOG = 1_000_000;
const PROOF_SAMPLES = 400;
const SEED_CONCURRENCY = 8;

export interface LogFigures {
  /** Milliseconds to publish one edition of EDITION_SIZE notices, per round. */
  readonly withoutLogMs: readonly number[];
  readonly withLogMs: readonly number[];
  readonly appendRatio: number;
  readonly proofSmallMs: number;
  readonly proofLargeMs: number;
  readonly proofRatio: number;
  readonly nodesReadSmall: number;
  readonly nodesReadLarge: number;
}

/** A clock the bench moves: before the cut-off to place notices, after the edition's hour to publish them. */
export function movableClock() {
  let current = new Date();
  return { now: () => current, set: (instant: Date) => (current = instant) };
}

/** What the publishing functions are built with, the log signed with a local key under `dataDir`. */
function benchPublishingDeps(store: StoreContext, now: () => Date, dataDir: string): PublishingDeps {
  const hasher = Promise.resolve(createLookupHasher(LOOKUP_KEY));
  const signer = Promise.resolve(localLogSigner(dataDir, { origin: 'bench.local/log', publisher: 'bench', witnesses: [] }));
  return { store, logger: createLogger('bench'), now, lookupHasher: () => hasher, logSigner: () => signer };
}

/** Publication as the publishing functions do it (every hook: the log, the notifications, the watches). */
export function benchPublishingContext(store: StoreContext, now: () => Date, dataDir: string): PublicationContext {
  return publishingContext(benchPublishingDeps(store, now, dataDir));
}

let editionNumber = 0;

/** Files, approves and places EDITION_SIZE declarations in a fresh edition, through the services; returns its date. */
export async function prepareEdition(context: PublicationContext, clock: ReturnType<typeof movableClock>, dataDir: string): Promise<string> {
  editionNumber += 1;
  const date = addDays('2027-01-01', editionNumber);
  clock.set(new Date(Date.parse(shanghaiTime(date, 9, -3))));
  const filing = { store: context.store, now: clock.now, attachments: localAttachments(dataDir).storage, lookupHasher: context.lookupHasher };
  await openEdition(context, date, 'bench');
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      while (next < EDITION_SIZE) {
        const index = editionNumber * EDITION_SIZE + next;
        next += 1;
        const submitted = await submitDeclaration(filing, {
          kind: 'loss',
          declarant: { type: 'person', name: '张三' },
          document: { type: 'physician_practicing_certificate', number: seededNumber(index) },
          contact: { phone: '13800000000' },
        });
        const stored = await getDeclaration(context.store, submitted.id);
        if (!stored) throw new Error('filed declaration is missing');
        await applyLifecycleAction(filing, stored, 'approve', { expectedVersion: 1, actor: 'bench' });
        // Placement takes paid notices only: the desk records each fee first.
        await recordPayment(filing, submitted.id, { amountFen: (await feeOf(context.store, stored)).amountFen, reference: 'bench' }, 'bench');
        ids.push(submitted.id);
      }
    }),
  );
  // One by one in a stable order: the print order (and thus notice numbers) follows placement.
  for (const id of ids.sort()) await placeInEditions(context, date, [id], 1, 'bench');
  clock.set(new Date(Date.parse(shanghaiTime(date, 7))));
  return date;
}

async function timedPublication(context: PublicationContext, clock: ReturnType<typeof movableClock>, dataDir: string): Promise<number> {
  const date = await prepareEdition(context, clock, dataDir);
  const started = performance.now();
  const result = await publishEdition(context, date, 'bench');
  const elapsed = performance.now() - started;
  if (result.publishedNow !== EDITION_SIZE) throw new Error(`published ${result.publishedNow} of ${EDITION_SIZE}`);
  return elapsed;
}

/**
 * The tree state a log of `size` entries leaves, for the entries that `indexes`' proofs read: the tree is built in
 * memory (real hashes, so the proofs verify), and only the entry items those proofs need are written, plus the head.
 */
async function seedTree(store: StoreContext, size: number, indexes: readonly number[]): Promise<Hash> {
  const needed = new Set(indexes.flatMap((index) => nodesFor(inclusionRanges(index, size)).map(completingLeaf)));
  const items: Record<string, unknown>[] = [];
  let frontier: TreeFrontier = EMPTY_FRONTIER;
  for (let index = 0; index < size; index += 1) {
    const entry = new TextEncoder().encode(`{"noticeNo":"${index}"}`);
    const appended = appendLeaf(frontier, leafHash(entry));
    frontier = appended.frontier;
    if (needed.has(index)) items.push({ ...PUBLIC_KEYS.logEntry(index), index, noticeNo: String(index), entry: '{}', nodes: appended.completed.map(toBase64) });
  }
  for (let start = 0; start < items.length; start += 25) {
    let pending: Record<string, unknown>[] = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const { UnprocessedItems } = await store.client.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: pending } }));
      pending = (UnprocessedItems?.[store.tableName] ?? []) as Record<string, unknown>[];
    }
  }
  await store.client.send(new PutCommand({ TableName: store.tableName, Item: { ...PUBLIC_KEYS.logHead(), size, frontier: frontier.hashes.map(toBase64) } }));
  return frontierRoot(frontier);
}

/** Median time of one inclusion proof (head read + one BatchGetItem), over sampled leaves, each checked. */
async function proofCost(store: StoreContext, size: number): Promise<{ medianMs: number; nodes: number }> {
  const indexes = Array.from({ length: PROOF_SAMPLES }, (_, i) => Math.floor(((i * 7919) % PROOF_SAMPLES) * (size / PROOF_SAMPLES)));
  const root = await seedTree(store, size, indexes);
  const samples: number[] = [];
  let nodes = 0;
  for (const [round, index] of [...indexes, ...indexes].entries()) {
    const started = performance.now();
    const proof = await inclusionProof(store, index, size);
    const elapsed = performance.now() - started;
    // The first pass warms up; the second is measured.
    if (round >= indexes.length) samples.push(elapsed);
    const onFrontier = new Set(frontierNodes(size).map(nodeKey));
    nodes = Math.max(nodes, nodesFor(inclusionRanges(index, size)).filter((node) => !onFrontier.has(nodeKey(node))).length);
    if (verifyInclusion(index, size, leafHash(new TextEncoder().encode(`{"noticeNo":"${index}"}`)), proof, root)) throw new Error(`proof of ${index} does not verify`);
  }
  return { medianMs: median(samples), nodes };
}

export async function measureLog(progress: (line: string) => void): Promise<LogFigures> {
  const database = await startLocalDynamoDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'shengming-bench-log-'));
  try {
    const store = createStoreContext({ endpoint: database.endpoint, tableName: 'bench-log-publication' });
    await ensureTable(store);
    const clock = movableClock();
    const deps = benchPublishingDeps(store, clock.now, dataDir);
    const withLog = publishingContext(deps);
    // Every other lane's hook stays: the log's own cost is the figure.
    const withoutLog: PublicationContext = { ...withLog, hooks: publishingHooks(deps, { log: false }) };

    // A first publication warms up both the database and the process (its figures are far off the rest's).
    progress(`warm-up publication: ${(await timedPublication(withLog, clock, dataDir)).toFixed(0)} ms`);
    const withoutLogMs: number[] = [];
    const withLogMs: number[] = [];
    for (let round = 0; round < PUBLICATION_ROUNDS; round += 1) {
      withoutLogMs.push(await timedPublication(withoutLog, clock, dataDir));
      progress(`publication without the log, round ${round + 1}: ${withoutLogMs.at(-1)?.toFixed(0)} ms`);
      withLogMs.push(await timedPublication(withLog, clock, dataDir));
      progress(`publication with the log, round ${round + 1}: ${withLogMs.at(-1)?.toFixed(0)} ms`);
    }

    const small = createStoreContext({ endpoint: database.endpoint, tableName: 'bench-log-1k' });
    const large = createStoreContext({ endpoint: database.endpoint, tableName: 'bench-log-1m' });
    await Promise.all([ensureTable(small), ensureTable(large)]);
    const proofSmall = await proofCost(small, SMALL_LOG);
    progress(`inclusion proof at ${SMALL_LOG}: ${proofSmall.medianMs.toFixed(2)} ms`);
    const proofLarge = await proofCost(large, LARGE_LOG);
    progress(`inclusion proof at ${LARGE_LOG}: ${proofLarge.medianMs.toFixed(2)} ms`);

    const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
    return {
      withoutLogMs,
      withLogMs,
      appendRatio: sum(withLogMs) / sum(withoutLogMs),
      proofSmallMs: proofSmall.medianMs,
      proofLargeMs: proofLarge.medianMs,
      proofRatio: proofLarge.medianMs / proofSmall.medianMs,
      nodesReadSmall: proofSmall.nodes,
      nodesReadLarge: proofLarge.nodes,
    };
  } finally {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
