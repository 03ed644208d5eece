import { createHmac, createSecretKey } from 'node:crypto';
import { readSecretString } from '../store/secrets-manager.js';

/**
 * Public lookup items are keyed by an HMAC of the normalized certificate number, so the public partitions never
 * hold a number in plain text and cannot be enumerated offline without the key.
 */
export type LookupHasher = (numberKey: string) => string;

/**
 * base64url, not hex: a hash logged for every lookup must never look like a phone number to the log masker (which
 * would mangle it). A mobile-shaped run of digits turns up in about one hex hash in a few hundred, and practically
 * never in base64url, where only ten symbols in 64 are digits.
 */
export function createLookupHasher(key: string): LookupHasher {
  // A key object made once: a string key is turned into one on every call.
  const secret = createSecretKey(key, 'utf8');
  return (numberKey) => createHmac('sha256', secret).update(numberKey, 'utf8').digest('base64url');
}

/**
 * The hasher for this runtime, built once on first use: from `LOOKUP_KEY` when set (local runs and tests), else
 * from the Secrets Manager secret named by `LOOKUP_KEY_SECRET_ARN` (AWS). Lazy, so a cold start that never
 * looks anything up does not pay for the secret.
 */
export function lookupHasherFromEnvironment(env: Record<string, string | undefined> = process.env): () => Promise<LookupHasher> {
  let hasher: Promise<LookupHasher> | undefined;
  return () => {
    hasher ??= (async () => {
      if (env.LOOKUP_KEY) return createLookupHasher(env.LOOKUP_KEY);
      const secretId = env.LOOKUP_KEY_SECRET_ARN;
      if (!secretId) throw new Error('neither LOOKUP_KEY nor LOOKUP_KEY_SECRET_ARN is set');
      return createLookupHasher(await readSecretString(secretId));
    })();
    hasher.catch(() => (hasher = undefined));
    return hasher;
  };
}
