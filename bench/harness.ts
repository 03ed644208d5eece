import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { freePort } from '../scripts/local-dynamodb.js';
import { addDays, noticeNumber } from '../shared/domain/editions.js';
import { normalizeCertificateNumber } from '../shared/domain/normalize.js';
import { createLookupHasher } from '../shared/services/lookup-key.js';
import type { StoreContext } from '../shared/store/client.js';
import type { PublicNotice } from '../shared/store/edition-store.js';
import { PUBLIC_KEYS } from '../shared/store/public-keys.js';

/** What the benchmarks share: seeding published notices, running a server process, timing plain requests. */
export const LOOKUP_KEY = 'bench-lookup-key';
const BATCH_SIZE = 25;
const SEED_CONCURRENCY = 8;

/** The 15-digit physician code of seeded notice `index` (never a resident ID or a mobile number). */
export const seededNumber = (index: number) => `1103701${String(index).padStart(8, '0')}`;

/** Distinct lookups a load cycles through: published numbers spread over the `count` seeded, so every answer is a hit. */
export const lookupPaths = (count: number, distinct = 200): string[] =>
  Array.from({ length: distinct }, (_, i) => `/api/v1/verify?number=${seededNumber(Math.floor((i * count) / distinct))}`);

/** GET load cycling through `paths` for `seconds`, on `connections` kept-alive connections. */
export function loadGets(baseUrl: string, paths: readonly string[], seconds: number, connections: number): Promise<autocannon.Result> {
  return autocannon({ url: baseUrl, connections, duration: seconds, requests: paths.map((path) => ({ method: 'GET', path })) });
}

/** Writes `count` published notices the way publication does (notice, date listing, lookup; dates listed). */
export async function seedPublished(store: StoreContext, count: number): Promise<string[]> {
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
    items.push({ ...PUBLIC_KEYS.lookup(hash(normalizeCertificateNumber(seededNumber(index)))), notices: [notice] });
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

export interface RunningServer {
  readonly baseUrl: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Runs a TypeScript entry in its own Node process (output discarded, as a quiet production log would cost). */
export async function startServer(entry: string, env: Record<string, string>, readyPath: string): Promise<RunningServer> {
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

export const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET over a kept-alive connection; resolves with the status once the body is read. */
export function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { agent: keepAlive }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); NaN where there is none. */
export function processCpuMs(pid: number): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

