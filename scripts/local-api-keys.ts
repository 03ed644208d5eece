import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreContext } from '../shared/store/client.js';
import { putApiKeyUnlessStored, type StoredApiKey } from '../shared/store/api-key-store.js';

/**
 * `npm run api-key` works whether or not `npm start` is running, without touching DynamoDB Local's files: it
 * leaves the new key's record (its hash, never the key) under DATA_DIR, and the local server takes it into the
 * table the first time the key is presented (and at start).
 */
const spoolDirectory = (dataDir: string) => join(dataDir, 'auth', 'api-keys');

export function spoolApiKey(dataDir: string, key: StoredApiKey): void {
  mkdirSync(spoolDirectory(dataDir), { recursive: true, mode: 0o700 });
  const path = join(spoolDirectory(dataDir), `${key.id}.json`);
  // Written aside and renamed, so the server never reads a half-written record.
  writeFileSync(`${path}.partial`, JSON.stringify(key), { mode: 0o600, flag: 'wx' });
  renameSync(`${path}.partial`, path);
}

/** A spooled record, or undefined when a request importing it at the same time has stored it and removed the file. */
function readSpooled(path: string): StoredApiKey | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StoredApiKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Moves every spooled key into the table. Requests that present a new key at once all import it: the first stores
 * it, the others find it stored (or its file already gone, removed only once stored).
 */
export async function importSpooledApiKeys(store: StoreContext, dataDir: string): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(spoolDirectory(dataDir)).filter((name) => name.endsWith('.json'));
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(spoolDirectory(dataDir), name);
    const key = readSpooled(path);
    if (!key) continue;
    await putApiKeyUnlessStored(store, key);
    rmSync(path, { force: true });
  }
}
