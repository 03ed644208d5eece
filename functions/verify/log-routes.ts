import type { Context, Hono } from 'hono';
import { toBase64 } from '../../shared/domain/log/bytes.js';
import type { AppEnv } from '../../shared/http/app.js';
import { fieldProblem } from '../../shared/http/fields.js';
import { CHECKPOINT_CACHE } from '../../shared/http/public-lookup.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { queryValue } from '../../shared/http/query.js';
import { consistencyProof, inclusionProof, LogRangeError } from '../../shared/services/transparency-log.js';
import type { StoreContext } from '../../shared/store/client.js';
import { latestCheckpoint, readEntry, readLogHead } from '../../shared/store/log-store.js';
import { cachedLogKey } from '../../shared/services/log-key-cache.js';

/** Entries and proofs for a fixed size never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOTHING_YET = {
  'zh-CN': ['尚无签署的检查点', '公开日志还没有签署过检查点。'],
  en: ['No checkpoint yet', 'The public log has not signed a checkpoint yet.'],
} as const;

function notYet(c: Context<AppEnv>): HttpProblem {
  const [title, detail] = NOTHING_YET[c.get('locale')];
  return new HttpProblem(404, 'log-not-started', title, detail);
}

/** A whole number ≥ 0 from the query (or the path), else a 400 naming the field. */
function countFrom(c: Context<AppEnv>, name: string, raw: string | undefined): number {
  const value = raw !== undefined && /^(0|[1-9][0-9]{0,15})$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw fieldProblem(c, name, `${name} 须为非负整数。`, `${name} must be a whole number (0 or more).`);
  return value;
}

function outOfRange(c: Context<AppEnv>, error: LogRangeError): HttpProblem {
  return fieldProblem(
    c,
    error.field,
    `${error.field} 超出范围：公开日志现有 ${error.treeSize} 条。`,
    `${error.field} is out of range: the public log has ${error.treeSize} entries.`,
  );
}

async function mapRange<T>(c: Context<AppEnv>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LogRangeError) throw outOfRange(c, error);
    throw error;
  }
}

/**
 * The public record's routes (contract: "The public record can be checked"): the signed checkpoint, the verifier
 * key, each entry's exact bytes, inclusion and consistency proofs (the `/log` page is the pages function's). All
 * read `PUB#LOG…` only.
 */
export function registerLogRoutes(app: Hono<AppEnv>, store: StoreContext): void {
  app.get('/api/v1/log/checkpoint', async (c) => {
    const checkpoint = await latestCheckpoint(store);
    if (!checkpoint) throw notYet(c);
    return c.body(checkpoint.note, 200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': CHECKPOINT_CACHE });
  });

  app.get('/.well-known/log-key', async (c) => {
    const key = await cachedLogKey(store);
    if (!key) throw notYet(c);
    return c.body(`${key.verifierKey}\n`, 200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': CHECKPOINT_CACHE });
  });

  app.get('/api/v1/log/entries/:index', async (c) => {
    const index = countFrom(c, 'index', c.req.param('index'));
    const entry = await readEntry(store, index);
    if (!entry) {
      const { frontier } = await readLogHead(store);
      throw outOfRange(c, new LogRangeError('index', frontier.size));
    }
    return c.body(entry.entry, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': IMMUTABLE });
  });

  app.get('/api/v1/log/proof/inclusion', async (c) => {
    const index = countFrom(c, 'index', queryValue(c, 'index'));
    const treeSize = countFrom(c, 'treeSize', queryValue(c, 'treeSize'));
    const hashes = await mapRange(c, () => inclusionProof(store, index, treeSize));
    c.header('cache-control', IMMUTABLE);
    return c.json({ index, treeSize, hashes: hashes.map(toBase64) });
  });

  app.get('/api/v1/log/proof/consistency', async (c) => {
    const from = countFrom(c, 'from', queryValue(c, 'from'));
    const to = countFrom(c, 'to', queryValue(c, 'to'));
    const hashes = await mapRange(c, () => consistencyProof(store, from, to));
    c.header('cache-control', IMMUTABLE);
    return c.json({ from, to, hashes: hashes.map(toBase64) });
  });
}
