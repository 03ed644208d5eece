import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { exportJWK, importPKCS8, SignJWT, type JWK } from 'jose';
import type { StaffAuthConfig, StaffRole } from '../shared/http/staff-auth.js';

/**
 * The local stand-in for the Cognito user pool: an RSA key kept under DATA_DIR signs tokens that look like
 * Cognito access tokens of a pool named below. `npm start` verifies them with the same verifier as in AWS.
 */
const LOCAL_REGION = 'zz-local-1';
export const LOCAL_USER_POOL_ID = `${LOCAL_REGION}_shengming`;
export const LOCAL_CLIENT_ID = 'shengming-local-console';
const KEY_ID = 'shengming-local-1';
const TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;

export interface LocalStaffAuth {
  readonly config: StaffAuthConfig;
  /** A token for a local staff user; `expiresAt` (epoch seconds) lets tests make expired ones. */
  issueToken(role: StaffRole, options?: { username?: string; expiresAt?: number }): Promise<string>;
}

function loadOrCreatePrivateKey(dataDir: string): string {
  const directory = join(dataDir, 'auth');
  const path = join(directory, 'staff-signing-key.pem');
  if (!existsSync(path)) {
    mkdirSync(directory, { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(path, 'utf8');
}

/** The local lookup-hash key, made once and kept under DATA_DIR so published lookups survive restarts. */
export function localLookupKey(dataDir: string): string {
  return localSecret(dataDir, 'lookup-key');
}

/** A random key kept under `<dataDir>/auth/<name>` (0600), made on first use: the local stand-in for a secret. */
export function localSecret(dataDir: string, name: string): string {
  const path = join(dataDir, 'auth', name);
  if (!existsSync(path)) {
    mkdirSync(join(dataDir, 'auth'), { recursive: true });
    writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(path, 'utf8').trim();
}

/** Tokens are dated by `now`, the local clock (CLOCK), which the local verifier checks their expiry against. */
export async function localStaffAuth(dataDir: string, now: () => Date = () => new Date()): Promise<LocalStaffAuth> {
  const privateKey = await importPKCS8(loadOrCreatePrivateKey(dataDir), 'RS256', { extractable: true });
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk }: JWK = await exportJWK(privateKey);
  const jwks: Jwks = { keys: [{ ...publicJwk, kid: KEY_ID, alg: 'RS256', use: 'sig', kty: 'RSA' }] } as Jwks;
  return {
    config: { userPoolId: LOCAL_USER_POOL_ID, clientId: LOCAL_CLIENT_ID, jwks, now },
    issueToken: (role, { username = `local-${role}`, expiresAt } = {}) => {
      const issuedAt = Math.floor(now().getTime() / 1000);
      return new SignJWT({ token_use: 'access', client_id: LOCAL_CLIENT_ID, username, 'cognito:groups': [role] })
        .setProtectedHeader({ alg: 'RS256', kid: KEY_ID })
        .setIssuer(`https://cognito-idp.${LOCAL_REGION}.amazonaws.com/${LOCAL_USER_POOL_ID}`)
        .setSubject(`local-user:${username}`)
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt ?? issuedAt + TOKEN_LIFETIME_SECONDS)
        .sign(privateKey);
    },
  };
}
