import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fromBase64, toBase64 } from '../shared/domain/log/bytes.js';
import { entryBytes, parseEntry, type LogRecord } from '../shared/domain/log/entry.js';
import { EMPTY_FRONTIER, appendLeaf, equalHashes, frontierRoot, leafHash, verifyConsistency, type TreeFrontier } from '../shared/domain/log/merkle.js';
import { encodeVerifierKey, parseCheckpoint, parseSignedNote, parseVerifierKey, verifyNote } from '../shared/domain/log/note.js';

/**
 * `npm run audit-log -- <base URL> [--state <file>]`: audits a registry's public log from the outside, with nothing
 * but its public routes. It fetches the verifier key, the signed checkpoint and every entry; checks the signature,
 * recomputes the root, checks that the log only grew since the last checkpoint it saw (kept in the state file,
 * with the key it trusted then), and compares the log with the published notices: a notice public but not logged,
 * logged but not public, or public with other content than its entry is reported. Exit code 1 on any problem.
 */

export interface AuditState {
  readonly verifierKey: string;
  readonly size: number;
  /** base64 */
  readonly root: string;
  readonly checkpoint: string;
  readonly checkedAt: string;
}

export interface AuditReport {
  readonly size: number;
  readonly root: string;
  readonly problems: readonly string[];
  readonly notes: readonly string[];
  /** The state to keep for the next run (absent when the checkpoint itself could not be trusted). */
  readonly state?: AuditState;
}

type Fetch = (url: string) => Promise<Response>;

async function fetchText(get: Fetch, url: string): Promise<string> {
  const response = await get(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

async function fetchJson<T>(get: Fetch, url: string): Promise<T> {
  return JSON.parse(await fetchText(get, url)) as T;
}

/** Runs `work` over 0..count-1 with a few requests in flight at once, keeping the results in order. */
async function inOrder<T>(count: number, work: (index: number) => Promise<T>, parallel = 8): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

interface PublishedNotice extends LogRecord {
  readonly logIndex?: number;
}

async function allPublishedNotices(get: Fetch, base: string): Promise<PublishedNotice[]> {
  const notices: PublishedNotice[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchJson<{ items: PublishedNotice[]; next?: string }>(get, `${base}/api/v1/notices?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    notices.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return notices;
}

const sameRecord = (a: LogRecord, b: LogRecord) => equalHashes(entryBytes(a), entryBytes(b));

export async function auditLog(baseUrl: string, previous: AuditState | undefined, get: Fetch = fetch): Promise<AuditReport> {
  const base = baseUrl.replace(/\/+$/, '');
  const problems: string[] = [];
  const notes: string[] = [];

  const key = parseVerifierKey(await fetchText(get, `${base}/.well-known/log-key`));
  if (typeof key === 'string') return { size: 0, root: '', problems: [`the published log key is unusable: ${key}`], notes };
  const trusted = previous ? parseVerifierKey(previous.verifierKey) : key;
  if (typeof trusted === 'string') return { size: 0, root: '', problems: [`the saved log key is unusable: ${trusted}`], notes };
  if (previous && previous.verifierKey !== encodeVerifierKey(key)) {
    problems.push(`the log key changed since the last audit (was ${previous.verifierKey}, now ${encodeVerifierKey(key)}): checking against the old one`);
  }

  const noteText = await fetchText(get, `${base}/api/v1/log/checkpoint`);
  const note = parseSignedNote(noteText);
  if (typeof note === 'string') return { size: 0, root: '', problems: [...problems, `the checkpoint is not a signed note: ${note}`], notes };
  const signature = await verifyNote(note, trusted);
  const checkpoint = parseCheckpoint(note.text);
  if (signature || typeof checkpoint === 'string') {
    return { size: 0, root: '', problems: [...problems, `the checkpoint does not verify: ${signature ?? checkpoint}`], notes };
  }
  if (checkpoint.origin !== trusted.name) problems.push(`the checkpoint's origin ${checkpoint.origin} is not the key's name ${trusted.name}`);
  const root = toBase64(checkpoint.root);

  // Every entry, recomputing the tree as it goes.
  const entries = await inOrder(checkpoint.size, async (index) => new Uint8Array(await (await get(`${base}/api/v1/log/entries/${index}`)).arrayBuffer()));
  let frontier: TreeFrontier = EMPTY_FRONTIER;
  const records = new Map<string, { index: number; record: LogRecord }>();
  for (const [index, bytes] of entries.entries()) {
    frontier = appendLeaf(frontier, leafHash(bytes)).frontier;
    const record = parseEntry(bytes);
    if (typeof record === 'string') problems.push(`entry ${index} is not a notice record: ${record}`);
    else if (records.has(record.noticeNo)) problems.push(`notice ${record.noticeNo} is logged twice (entries ${records.get(record.noticeNo)?.index} and ${index})`);
    else records.set(record.noticeNo, { index, record });
  }
  if (!equalHashes(frontierRoot(frontier), checkpoint.root)) problems.push(`the entries do not hash to the checkpoint's root (recomputed ${toBase64(frontierRoot(frontier))}, signed ${root})`);

  // The log only grew since the last checkpoint this auditor saw.
  if (previous) {
    const previousRoot = fromBase64(previous.root) ?? new Uint8Array();
    if (previous.size > checkpoint.size) problems.push(`the log shrank from ${previous.size} to ${checkpoint.size} entries`);
    else if (previous.size === checkpoint.size) {
      if (previous.root !== root) problems.push(`the log was rewritten: size ${previous.size} had root ${previous.root}, now ${root}`);
    } else if (previous.size > 0) {
      const proof = await fetchJson<{ hashes: string[] }>(get, `${base}/api/v1/log/proof/consistency?from=${previous.size}&to=${checkpoint.size}`);
      const failure = verifyConsistency(previous.size, checkpoint.size, previousRoot, checkpoint.root, proof.hashes.map((hash) => fromBase64(hash) ?? new Uint8Array()));
      if (failure) problems.push(`the log is not consistent with the checkpoint of ${previous.size} entries seen on ${previous.checkedAt}: ${failure}`);
      else notes.push(`consistent with the previous checkpoint (${previous.size} → ${checkpoint.size} entries)`);
    }
  } else {
    notes.push('first audit of this log: its key and checkpoint are kept for the next one');
  }

  // The log against what is published. Notices published after the checkpoint are not in it yet.
  const published = await allPublishedNotices(get, base);
  for (const notice of published) {
    const logged = records.get(notice.noticeNo);
    const { logIndex, ...record } = notice;
    if (!logged) {
      if (logIndex === undefined || logIndex < checkpoint.size) problems.push(`notice ${notice.noticeNo} is public but not logged`);
      else notes.push(`notice ${notice.noticeNo} is logged after this checkpoint (index ${logIndex})`);
      continue;
    }
    if (logIndex !== logged.index) problems.push(`notice ${notice.noticeNo} says log index ${logIndex}, but is entry ${logged.index}`);
    if (!sameRecord(record, logged.record)) problems.push(`notice ${notice.noticeNo} as published differs from its log entry ${logged.index}`);
  }
  const publicNumbers = new Set(published.map((notice) => notice.noticeNo));
  for (const [noticeNo, { index }] of records) if (!publicNumbers.has(noticeNo)) problems.push(`notice ${noticeNo} is logged (entry ${index}) but not public`);

  return {
    size: checkpoint.size,
    root,
    problems,
    notes,
    state: { verifierKey: previous?.verifierKey ?? encodeVerifierKey(key), size: checkpoint.size, root, checkpoint: noteText, checkedAt: new Date().toISOString() },
  };
}

/** The state file holds one entry per audited base URL. */
export function readAuditState(path: string, baseUrl: string): AuditState | undefined {
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')) as Record<string, AuditState>)[baseUrl];
}

export function writeAuditState(path: string, baseUrl: string, state: AuditState): void {
  const all = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, AuditState>) : {};
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ ...all, [baseUrl]: state }, null, 2)}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  const stateFlag = argv.indexOf('--state');
  const statePath = resolve(stateFlag >= 0 ? (argv[stateFlag + 1] ?? '') : '.audit-log.json');
  const baseUrl = argv.find((arg, i) => !arg.startsWith('--') && (stateFlag < 0 || i !== stateFlag + 1));
  if (!baseUrl || !/^https?:\/\//.test(baseUrl)) {
    console.error('usage: npm run audit-log -- <base URL, e.g. https://notices.example.cn> [--state <file>]');
    return 2;
  }
  const previous = readAuditState(statePath, baseUrl);
  const report = await auditLog(baseUrl, previous);
  console.log(`log of ${baseUrl}: ${report.size} entries, root ${report.root}`);
  for (const note of report.notes) console.log(`  · ${note}`);
  for (const problem of report.problems) console.log(`  ✗ ${problem}`);
  // A log caught misbehaving keeps the old state, so the next run checks against what was trusted before.
  if (report.state && report.problems.length === 0) writeAuditState(statePath, baseUrl, report.state);
  console.log(report.problems.length === 0 ? 'OK: signed, complete, consistent and matching what is published' : `${report.problems.length} problem(s)`);
  return report.problems.length === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
