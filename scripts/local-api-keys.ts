import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreContext } from '../shared/store/client.js';
import { getApiKey, putNewApiKey, type StoredApiKey } from '../shared/store/api-key-store.js';

/**
 * `npm run api-key` works whether or not `npm start` is running, without touching DynamoDB Local's files: it
 * leaves the new key's record (its hash, never the key) under DATA_DIR, and the local server takes it into the
 * table the first time the key is presented (and at start).
 */
const spoolDirectory = (dataDir: string) => join(dataDir, 'auth', 'api-keys');

export function spoolApiKey(dataDir: string, key: StoredApiKey): void {
  mkdirSync(spoolDirectory(dataDir), { recursive: true, mode: 0o700 });
  writeFileSync(join(spoolDirectory(dataDir), `${key.id}.json`), JSON.stringify(key), { mode: 0o600, flag: 'wx' });
}

/** Moves every spooled key into the table; true when it moved any. */
export async function importSpooledApiKeys(store: StoreContext, dataDir: string): Promise<boolean> {
  let names: string[];
  try {
    names = readdirSync(spoolDirectory(dataDir)).filter((name) => name.endsWith('.json'));
  } catch {
    return false;
  }
  for (const name of names) {
    const path = join(spoolDirectory(dataDir), name);
    const key = JSON.parse(readFileSync(path, 'utf8')) as StoredApiKey;
    if (!(await getApiKey(store, key.id))) await putNewApiKey(store, key);
    rmSync(path, { force: true });
  }
  return names.length > 0;
}
