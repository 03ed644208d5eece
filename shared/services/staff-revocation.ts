import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
import type { StoreContext } from '../store/client.js';
import { anyTokenRevoked, putRevokedTokens } from '../store/revoked-token-store.js';
import { hashFor } from './secrets.js';

/**
 * A staff sign-out ends the session's tokens on this server, whatever the identity provider still thinks of them:
 * a JWT access token verifies until it expires, so without this record a replayed session (or its token used as a
 * bearer token) would work on after sign-out. Only the tokens' hashes are stored.
 */
export interface TokenToRevoke {
  readonly token: string;
  /** Until when the token could be used: it is refused that long. */
  readonly usableUntil: Date;
}

const tokenHash = (token: string) => hashFor('staff-token', token);

export async function revokeStaffTokens(store: StoreContext, tokens: readonly TokenToRevoke[], now: Date): Promise<void> {
  await putRevokedTokens(
    store,
    tokens.map(({ token, usableUntil }) => ({ tokenHash: tokenHash(token), expiresAt: Math.ceil(usableUntil.getTime() / 1000) })),
    now.toISOString(),
  );
}

/** Whether a sign-out revoked any of these tokens (a session's access and refresh tokens, or one bearer token). */
export async function isAnyStaffTokenRevoked(store: StoreContext, tokens: readonly string[]): Promise<boolean> {
  return anyTokenRevoked(store, tokens.map(tokenHash));
}

/** Whether a sign-out revoked one bearer token: the staff API's check (shared/http/staff-auth.ts RevocationCheck). */
export const staffTokenRevocations = (store: StoreContext) => (token: string) => isAnyStaffTokenRevoked(store, [token]);

/**
 * When a JWT stops verifying: its `exp`, read without checking the signature — only ever for a token the server
 * itself kept (the sealed session), to know how long its revocation must last. Undefined for no readable `exp`.
 */
export function jwtExpiry(token: string): Date | undefined {
  try {
    const { exp } = decomposeUnverifiedJwt(token).payload;
    return typeof exp === 'number' ? new Date(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}
