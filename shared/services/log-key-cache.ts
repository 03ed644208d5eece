import type { StoreContext } from '../store/client.js';
import { getLogKey, type PublishedLogKey } from '../store/log-store.js';

/** The key changes only when the newspaper rotates it; a warm function reads it once a few minutes. */
const KEY_TTL_MS = 5 * 60_000;
let cached: { readonly key: PublishedLogKey; readonly until: number; readonly store: StoreContext } | undefined;

/** The published log key (verify pages embed it for the offline check), read at most every few minutes. */
export async function cachedLogKey(store: StoreContext): Promise<PublishedLogKey | undefined> {
  if (cached && cached.store === store && cached.until > Date.now()) return cached.key;
  const key = await getLogKey(store);
  cached = key ? { key, until: Date.now() + KEY_TTL_MS, store } : undefined;
  return key;
}
