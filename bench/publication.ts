import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startLocalDynamoDb } from '../scripts/local-dynamodb.js';
import { shanghaiTime } from '../shared/domain/editions.js';
import { publishEdition } from '../shared/services/publication.js';
import { createStoreContext, type StoreContext } from '../shared/store/client.js';
import { ensureTable } from '../shared/store/setup.js';
import { benchPublishingContext, EDITION_SIZE, movableClock, prepareEdition } from './log.js';

const ROUNDS = 3;
/** The first publisher is killed as it sends the write request after this many. */
const KILL_AFTER = EDITION_SIZE / 2;

/** A write request as it went to DynamoDB (low-level command name, marshalled input). */
export interface RecordedWrite {
  readonly command: string;
  readonly input: Record<string, unknown>;
  /** Items it writes: the items of a transaction or batch, else 1. */
  readonly items: number;
}

const WRITE_COMMANDS = new Set(['TransactWriteItemsCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

function itemsOf(command: string, input: Record<string, unknown>): number {
  if (command === 'TransactWriteItemsCommand') return (input.TransactItems as unknown[]).length;
  if (command === 'BatchWriteItemCommand') return Object.values(input.RequestItems as Record<string, unknown[]>).reduce((sum, list) => sum + list.length, 0);
  return 1;
}

/**
 * Calls `onWrite` for every write request the store's client sends, before it is sent (and `onAnswered` once
 * DynamoDB has accepted it), seen where the SDK has marshalled it: what goes over the wire.
 */
export function recordWrites(store: StoreContext, onWrite: (write: RecordedWrite) => void, onAnswered: (write: RecordedWrite) => void = () => undefined): void {
  store.client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      if (!WRITE_COMMANDS.has(command)) return next(args);
      const input = args.input as Record<string, unknown>;
      const write = { command, input, items: itemsOf(command, input) };
      onWrite(write);
      const output = await next(args);
      onAnswered(write);
      return output;
    },
    { step: 'build', name: 'benchWriteRecorder' },
  );
}

/** The tokens (`#name`, `:value`) an expression uses. */
const tokens = (expression: unknown) => new Set(typeof expression === 'string' ? (expression.match(/[#:][A-Za-z0-9_]+/g) ?? []) : []);

/** A write without its conditions: only what it stores (condition checks, which store nothing, are dropped). */
function bare(operation: Record<string, unknown>): Record<string, unknown> {
  const { ConditionExpression: _condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values, ...rest } = operation;
  const used = new Set([...tokens(rest.UpdateExpression), ...tokens(rest.ProjectionExpression)]);
  const keep = (map: unknown) => Object.fromEntries(Object.entries((map ?? {}) as Record<string, unknown>).filter(([token]) => used.has(token)));
  const keptNames = keep(names);
  const keptValues = keep(values);
  return {
    ...rest,
    ...(Object.keys(keptNames).length > 0 ? { ExpressionAttributeNames: keptNames } : {}),
    ...(Object.keys(keptValues).length > 0 ? { ExpressionAttributeValues: keptValues } : {}),
  };
}

/**
 * The floor for a publication: the same write requests, in the same order, each transaction with the same
 * items (same keys, same sizes) but bare: no conditions and no reads before it, nothing computed between.
 */
async function replayBare(store: StoreContext, writes: readonly RecordedWrite[]): Promise<void> {
  const { TransactWriteItemsCommand, PutItemCommand, UpdateItemCommand, DeleteItemCommand, BatchWriteItemCommand } = await import('@aws-sdk/client-dynamodb');
  const here = (input: Record<string, unknown>) => bare({ ...input, TableName: store.tableName }) as never;
  for (const { command, input } of writes) {
    if (command === 'TransactWriteItemsCommand') {
      const items = (input.TransactItems as Record<string, Record<string, unknown>>[])
        .filter((item) => !item.ConditionCheck)
        .map((item) => Object.fromEntries(Object.entries(item).map(([kind, operation]) => [kind, bare({ ...operation, TableName: store.tableName })])));
      await store.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } else if (command === 'PutItemCommand') await store.client.send(new PutItemCommand(here(input)));
    else if (command === 'UpdateItemCommand') await store.client.send(new UpdateItemCommand(here(input)));
    else if (command === 'DeleteItemCommand') await store.client.send(new DeleteItemCommand(here(input)));
    else if (command === 'BatchWriteItemCommand') {
      const requests = Object.values(input.RequestItems as Record<string, unknown[]>).flat();
      await store.client.send(new BatchWriteItemCommand({ RequestItems: { [store.tableName]: requests as never } }));
    }
  }
}

export interface PublicationFigures {
  readonly publishMs: readonly number[];
  readonly floorMs: readonly number[];
  readonly ratio: number;
  /** Write requests and items of one uninterrupted publication of EDITION_SIZE notices. */
  readonly requests: number;
  readonly items: number;
  readonly transactions: number;
  readonly resume: ResumeFigures;
}

export interface ResumeFigures {
  /** Write requests the killed run had answered, and sent but not seen answered (the unfinished one). */
  readonly answeredBeforeKill: number;
  readonly unfinishedAtKill: number;
  readonly unfinishedItems: number;
  /** Write requests of the run that finished the edition. */
  readonly resumedRequests: number;
  /** Requests both runs sent beyond an uninterrupted publication's (and the items in them). */
  readonly extraRequests: number;
  readonly extraItems: number;
  readonly publishedNotices: number;
}

/** Publishes a prepared edition in a child process and kills it (SIGKILL) midway, a write request in flight. */
async function killedMidway(endpoint: string, tableName: string, date: string, dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/publication-child.ts'], {
    env: { ...process.env, DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: tableName, EDITION_DATE: date, DATA_DIR: dataDir, PUBLISH_AT: shanghaiTime(date, 7) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let answered = 0;
  let answeredItems = 0;
  let sent = 0;
  let sentItems = 0;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for await (const line of createInterface({ input: child.stdout })) {
    const [event = '', items = '0'] = line.split(' ');
    if (event === 'sent') {
      sent += 1;
      sentItems += Number(items);
      // Killed while this request is on its way: DynamoDB may or may not have applied it.
      if (sent === KILL_AFTER + 1) child.kill('SIGKILL');
    } else if (event === 'answered') {
      answered += 1;
      answeredItems += Number(items);
    }
  }
  await exited;
  return { sent, sentItems, answered, answeredItems };
}

/**
 * An edition of 1,000 notices published through the publication service with every hook (lookup items,
 * listings, the transparency log's entries and checkpoint), against a floor that sends the same write requests
 * bare; rounds alternate. Then a publication killed midway and resumed, its write requests counted.
 */
export async function measurePublication(log: (line: string) => void): Promise<PublicationFigures> {
  const database = await startLocalDynamoDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'shengming-bench-publication-'));
  try {
    const store = createStoreContext({ endpoint: database.endpoint, tableName: 'bench-publication' });
    await ensureTable(store);
    const clock = movableClock();
    const context = benchPublishingContext(store, clock.now, dataDir);
    let recording: RecordedWrite[] | undefined;
    recordWrites(store, (write) => recording?.push(write));

    const publishMs: number[] = [];
    const floorMs: number[] = [];
    let writes: RecordedWrite[] = [];
    // Round 0 warms up the process and the database; it is not counted.
    for (let round = 0; round <= ROUNDS; round += 1) {
      const date = await prepareEdition(context, clock, dataDir);
      recording = [];
      const started = performance.now();
      const result = await publishEdition(context, date, 'bench');
      const elapsed = performance.now() - started;
      writes = recording;
      recording = undefined;
      if (result.publishedNow !== EDITION_SIZE) throw new Error(`published ${result.publishedNow} of ${EDITION_SIZE}`);
      const floor = createStoreContext({ endpoint: database.endpoint, tableName: `bench-publication-floor-${round}` });
      await ensureTable(floor);
      const floorStarted = performance.now();
      await replayBare(floor, writes);
      const floorElapsed = performance.now() - floorStarted;
      log(`publication round ${round}: ${elapsed.toFixed(0)} ms, floor ${floorElapsed.toFixed(0)} ms (${writes.length} write requests)`);
      if (round > 0) {
        publishMs.push(elapsed);
        floorMs.push(floorElapsed);
      }
    }
    const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
    const requests = writes.length;
    const items = sum(writes.map((write) => write.items));

    const date = await prepareEdition(context, clock, dataDir);
    const killed = await killedMidway(database.endpoint, store.tableName, date, dataDir);
    recording = [];
    const resumed = await publishEdition(context, date, 'bench');
    const resumedWrites = recording;
    recording = undefined;
    log(`killed after ${killed.answered} answered writes (${killed.sent - killed.answered} unfinished); the resumed run sent ${resumedWrites.length}`);
    const resume: ResumeFigures = {
      answeredBeforeKill: killed.answered,
      unfinishedAtKill: killed.sent - killed.answered,
      unfinishedItems: killed.sentItems - killed.answeredItems,
      resumedRequests: resumedWrites.length,
      extraRequests: killed.sent + resumedWrites.length - requests,
      extraItems: killed.sentItems + sum(resumedWrites.map((write) => write.items)) - items,
      publishedNotices: resumed.noticeCount,
    };
    return {
      publishMs,
      floorMs,
      ratio: sum(publishMs) / sum(floorMs),
      requests,
      items,
      transactions: writes.filter((write) => write.command === 'TransactWriteItemsCommand').length,
      resume,
    };
  } finally {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
