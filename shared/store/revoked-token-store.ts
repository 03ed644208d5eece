import { batchGetItems, type StoreContext } from './client.js';
import { TABLE_KEYS } from './table-definition.js';
import { transactWrite } from './transact.js';

/**
 * Staff tokens a sign-out revoked, one private partition each (`REVOKED#<token hash>`, never the token), kept until
 * the token could no longer be used anyway: then DynamoDB TTL removes the item. One IAM `LeadingKeys` pattern
 * (`REVOKED#*`) covers them.
 */
export const REVOKED_TOKEN_PARTITION_PREFIX = 'REVOKED#';
const revokedKey = (tokenHash: string) => ({ pk: `${REVOKED_TOKEN_PARTITION_PREFIX}${tokenHash}`, sk: 'TOKEN' });

export interface RevokedToken {
  readonly tokenHash: string;
  /** Epoch seconds after which the token is unusable whatever this table says (its TTL). */
  readonly expiresAt: number;
}

/** Records the tokens as revoked, all or none (a session's tokens end together); revoking one again renews its record. */
export async function putRevokedTokens(store: StoreContext, tokens: readonly RevokedToken[], revokedAt: string): Promise<void> {
  if (tokens.length === 0) return;
  await transactWrite(
    store,
    tokens.map(({ tokenHash, expiresAt }) => ({
      Put: { TableName: store.tableName, Item: { ...revokedKey(tokenHash), revokedAt, [TABLE_KEYS.timeToLive]: expiresAt } },
    })),
  );
}

/** Whether any of the tokens was revoked: one consistent read, so a sign-out holds from the next request on. */
export async function anyTokenRevoked(store: StoreContext, tokenHashes: readonly string[]): Promise<boolean> {
  if (tokenHashes.length === 0) return false;
  const found = await batchGetItems(store, [...new Set(tokenHashes)].map(revokedKey), { projection: 'pk' });
  return found.length > 0;
}
