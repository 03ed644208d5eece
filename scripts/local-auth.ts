import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { exportJWK, importPKCS8, SignJWT, type JWK } from 'jose';
import type { StaffAuthConfig, StaffRole } from '../shared/http/staff-auth.js';

/**
 * The local stand-in for the staff identity provider's keys and tokens: an RSA key kept under DATA_DIR signs the
 * local OpenID Connect provider's access tokens (scripts/local-identity.ts) and the ones `npm run token` prints,
 * in the same shape (RFC 9068 JWT access tokens). `npm start` verifies both with the verifier any OIDC issuer gets.
 */
export const LOCAL_CLIENT_ID = 'shengming-local-console';
/** The resource the local provider issues staff access tokens for (their `aud`). */
export const LOCAL_STAFF_AUDIENCE = 'urn:shengming:staff-api';
/** The claim the local provider lists roles in (Cognito's would be `cognito:groups`). */
export const LOCAL_ROLES_CLAIM = 'roles';
/** The scope of staff access tokens at the local provider. */
export const LOCAL_STAFF_SCOPE = 'staff';
/** What the local console asks the local provider for: an ID token, a refresh token and staff API access. */
export const LOCAL_SIGN_IN_SCOPE = `openid profile offline_access ${LOCAL_STAFF_SCOPE}`;
export const LOCAL_SIGNING_KEY_ID = 'shengming-local-1';
const TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;

/** The local provider's own port: `IDENTITY_PORT`, or the one after `PORT` (3001 by default). */
export function localIdentityPort(env: Record<string, string | undefined> = process.env): number {
  return env.IDENTITY_PORT ? Number(env.IDENTITY_PORT) : Number(env.PORT ?? 3000) + 1;
}

/** The local provider's issuer URL for a port, which `npm run token` names in its tokens too. */
export function localIssuer(env: Record<string, string | undefined> = process.env): string {
  return `http://127.0.0.1:${localIdentityPort(env)}`;
}

const issuerPath = (dataDir: string) => join(dataDir, 'auth', 'issuer');

/** `npm start` notes its provider's issuer under DATA_DIR, so `npm run token` names it whatever PORT either was given. */
export function saveLocalIssuer(dataDir: string, issuer: string): void {
  mkdirSync(join(dataDir, 'auth'), { recursive: true });
  writeFileSync(issuerPath(dataDir), `${issuer}\n`, { mode: 0o600 });
}

/** The issuer `npm start` last ran with on this DATA_DIR, else the one its port settings give. */
export function savedLocalIssuer(dataDir: string, env: Record<string, string | undefined> = process.env): string {
  return existsSync(issuerPath(dataDir)) ? readFileSync(issuerPath(dataDir), 'utf8').trim() : localIssuer(env);
}

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

/** The local signing key as a private JWK with its kid: what the local provider signs with. */
export async function localSigningKey(dataDir: string): Promise<JWK> {
  return signingJwk(await importPKCS8(loadOrCreatePrivateKey(dataDir), 'RS256', { extractable: true }));
}

async function signingJwk(privateKey: Awaited<ReturnType<typeof importPKCS8>>): Promise<JWK> {
  return { ...(await exportJWK(privateKey)), kid: LOCAL_SIGNING_KEY_ID, alg: 'RS256', use: 'sig' };
}

/** Tokens are dated by `now`, the local clock (CLOCK), which the local verifier checks their expiry against. */
export async function localStaffAuth(dataDir: string, now: () => Date = () => new Date(), issuer: string = localIssuer()): Promise<LocalStaffAuth> {
  const privateKey = await importPKCS8(loadOrCreatePrivateKey(dataDir), 'RS256', { extractable: true });
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = await signingJwk(privateKey);
  const jwks = { keys: [publicJwk] } as Jwks;
  return {
    config: {
      issuer: { kind: 'oidc', issuer, clientId: LOCAL_CLIENT_ID, audience: LOCAL_STAFF_AUDIENCE, rolesClaim: LOCAL_ROLES_CLAIM, jwksUri: `${issuer}/jwks` },
      jwks,
      now,
    },
    issueToken: (role, { username = `local-${role}`, expiresAt } = {}) => {
      const issuedAt = Math.floor(now().getTime() / 1000);
      return new SignJWT({ client_id: LOCAL_CLIENT_ID, scope: LOCAL_STAFF_SCOPE, username, [LOCAL_ROLES_CLAIM]: [role] })
        .setProtectedHeader({ alg: 'RS256', kid: LOCAL_SIGNING_KEY_ID, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(LOCAL_STAFF_AUDIENCE)
        .setSubject(`local-user:${username}`)
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt ?? issuedAt + TOKEN_LIFETIME_SECONDS)
        .sign(privateKey);
    },
  };
}
