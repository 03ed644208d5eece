import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app.js';
import { authorizationCredentials } from './authorization.js';
import { requiredEnv } from './env.js';
import type { Locale } from './locale.js';
import { HttpProblem } from './problem.js';
import { callDependency, DependencyFailure } from '../store/errors.js';

export const STAFF_ROLES = ['moderator', 'editor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffIdentity {
  readonly subject: string;
  readonly username: string;
  readonly roles: readonly StaffRole[];
}

/**
 * Who issues staff tokens. In AWS (global regions) a Cognito user pool; anywhere else any OpenID Connect issuer
 * (the newspaper's own SSO, the identity provider used in AWS China, the local provider of `npm start`).
 */
export type StaffIssuer =
  | { readonly kind: 'cognito'; readonly userPoolId: string; readonly clientId: string }
  | {
      readonly kind: 'oidc';
      /** The issuer URL, exactly as the tokens' `iss` claim and its discovery document name it. */
      readonly issuer: string;
      /** The console's client id: an access token must name it (`client_id`, RFC 9068, or `azp`). */
      readonly clientId: string;
      /** The `aud` an access token must carry, when the issuer sets one (RFC 9068 resource servers). */
      readonly audience?: string;
      /** The claim that lists the user's roles; `cognito:groups` when not configured. */
      readonly rolesClaim?: string;
      /** Where the signing keys are; else read from the issuer's discovery document. */
      readonly jwksUri?: string;
    };

export interface StaffAuthConfig {
  readonly issuer: StaffIssuer;
  /** Locally, the signing keys are known up front and nothing is fetched; in AWS the issuer's JWKS is fetched. */
  readonly jwks?: Jwks;
  /** What expiry is checked against: locally the run's clock (which a demo may set), in AWS the real time. */
  readonly now?: () => Date;
}

export type StaffVerifier = (token: string) => Promise<StaffIdentity>;

/**
 * Whether a console sign-out revoked a token that still verifies (shared/services/staff-revocation.ts). Given, not
 * imported, so the API Gateway authorizer, which has no table, loads no database client.
 */
export type RevocationCheck = (token: string) => Promise<boolean>;

/** Cognito's own claim for a user's groups, which are the staff roles. */
const COGNITO_GROUPS_CLAIM = 'cognito:groups';

function isStaffRole(group: unknown): group is StaffRole {
  return typeof group === 'string' && (STAFF_ROLES as readonly string[]).includes(group);
}

/** The issuer the deployment names: Cognito when USER_POOL_ID is set, else STAFF_ISSUER (+ STAFF_AUDIENCE, STAFF_ROLES_CLAIM, STAFF_JWKS_URI). */
export function staffIssuerFromEnvironment(env: Record<string, string | undefined> = process.env): StaffIssuer {
  const clientId = requiredEnv('STAFF_CLIENT_ID', env);
  if (env.USER_POOL_ID) return { kind: 'cognito', userPoolId: env.USER_POOL_ID, clientId };
  return {
    kind: 'oidc',
    issuer: requiredEnv('STAFF_ISSUER', env),
    clientId,
    ...(env.STAFF_AUDIENCE ? { audience: env.STAFF_AUDIENCE } : {}),
    ...(env.STAFF_ROLES_CLAIM ? { rolesClaim: env.STAFF_ROLES_CLAIM } : {}),
    ...(env.STAFF_JWKS_URI ? { jwksUri: env.STAFF_JWKS_URI } : {}),
  };
}

/** The issuer URL of a staff issuer, where its discovery document (`/.well-known/openid-configuration`) lives. */
export function issuerUrl(issuer: StaffIssuer): string {
  if (issuer.kind === 'oidc') return issuer.issuer;
  const region = issuer.userPoolId.split('_')[0];
  return `https://cognito-idp.${region}.amazonaws.com/${issuer.userPoolId}`;
}

/** The issuer's JWKS URI from its discovery document; a failure to read it is the provider's, not the token's. */
async function discoveredJwksUri(issuer: string): Promise<string> {
  return callDependency('IdentityProvider', async () => {
    const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (!response.ok) throw new Error(`the staff issuer's discovery document answered ${response.status}`);
    const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
    if (typeof jwksUri !== 'string') throw new Error("the staff issuer's discovery document names no jwks_uri");
    return jwksUri;
  });
}

type PayloadVerifier = (token: string, graceSeconds: number) => Promise<JwtPayload>;

function cognitoPayloadVerifier(issuer: Extract<StaffIssuer, { kind: 'cognito' }>, jwks: Jwks | undefined): PayloadVerifier {
  const verifier = CognitoJwtVerifier.create({ userPoolId: issuer.userPoolId, clientId: issuer.clientId, tokenUse: 'access' });
  if (jwks) verifier.cacheJwks(jwks);
  return (token, graceSeconds) => verifier.verify(token, { graceSeconds });
}

/** Any OIDC issuer's JWT access tokens (RFC 9068): signature by the issuer's JWKS, `iss`, `exp`, `aud` if set, and the client. */
function oidcPayloadVerifier(issuer: Extract<StaffIssuer, { kind: 'oidc' }>, jwks: Jwks | undefined): PayloadVerifier {
  const create = (jwksUri: string) => {
    const verifier = JwtVerifier.create({
      issuer: issuer.issuer,
      audience: issuer.audience ?? null,
      jwksUri,
      customJwtCheck: ({ payload }) => {
        if (payload.client_id !== issuer.clientId && payload.azp !== issuer.clientId) throw new Error('the token was issued to another client');
      },
    });
    if (jwks) verifier.cacheJwks(jwks);
    return verifier;
  };
  let verifier: Promise<ReturnType<typeof create>> | undefined;
  return async (token, graceSeconds) => {
    if (!verifier) {
      verifier = (issuer.jwksUri ? Promise.resolve(issuer.jwksUri) : discoveredJwksUri(issuer.issuer)).then(create);
      verifier.catch(() => (verifier = undefined));
    }
    return (await verifier).verify(token, { graceSeconds });
  };
}

/**
 * One verifier for every runtime: Cognito access tokens in AWS, any OIDC issuer's JWT access tokens elsewhere —
 * locally the tokens of the local provider and of `npm run token`, both signed with the key kept under DATA_DIR.
 * All checked by aws-jwt-verify (signature, issuer, expiry, client); the roles come from `cognito:groups` or the
 * configured claim.
 */
export function createStaffVerifier(config: StaffAuthConfig): StaffVerifier {
  const { issuer, now } = config;
  const verify = issuer.kind === 'cognito' ? cognitoPayloadVerifier(issuer, config.jwks) : oidcPayloadVerifier(issuer, config.jwks);
  const rolesClaim = (issuer.kind === 'oidc' && issuer.rolesClaim) || COGNITO_GROUPS_CLAIM;
  return async (token) => {
    // aws-jwt-verify checks expiry against the real time; a clock behind it gets that much grace, and the
    // expiry is then checked against the clock itself.
    const lagSeconds = now ? Math.max(0, Math.ceil((Date.now() - now().getTime()) / 1000)) : 0;
    const payload = await verify(token, lagSeconds);
    if (now && (payload.exp ?? 0) * 1000 <= now().getTime()) throw new Error('token expired by the local clock');
    if (!payload.sub) throw new Error('the token names no subject');
    const roles = payload[rolesClaim];
    const username = payload.username ?? payload.preferred_username;
    return {
      subject: payload.sub,
      username: typeof username === 'string' ? username : payload.sub,
      roles: Array.isArray(roles) ? roles.filter(isStaffRole) : [],
    };
  };
}

const ROLE_NAMES: Record<Locale, Record<StaffRole, string>> = {
  'zh-CN': { moderator: '审核员（moderator）', editor: '编辑（editor）' },
  en: { moderator: 'moderator', editor: 'editor' },
};

const AUTH_TEXT: Record<Locale, { unauthenticated: [string, string]; revoked: [string, string]; forbidden: (needed: string, held: string) => [string, string] }> = {
  'zh-CN': {
    unauthenticated: ['需要登录', '请提供有效的工作人员令牌（Authorization: Bearer …）。'],
    revoked: ['需要登录', '此令牌所属的会话已退出登录，令牌已失效；请重新登录或使用新的令牌。'],
    forbidden: (needed, held) => ['权限不足', `此操作仅限${needed}；您的令牌角色是${held}。`],
  },
  en: {
    unauthenticated: ['Authentication required', 'Send a valid staff token (Authorization: Bearer …).'],
    revoked: ['Authentication required', 'The session this token belongs to was signed out, which ended the token; sign in again or send a new token.'],
    forbidden: (needed, held) => ['Not allowed for your role', `Only a staff member with the ${needed} role may do this; your token's role is ${held}.`],
  },
};

export interface StaffEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { staff: StaffIdentity };
}

/** The audit actor of the signed-in staff member (`staff:<username>`). */
export const staffActor = (c: Context<StaffEnv>): string => `staff:${c.get('staff').username}`;

/** A JWT's compact form: three base64url parts. */
const JWT_SHAPE = /^[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+$/;

/** The JWT of `Authorization: Bearer <JWT>` (the scheme in any case), as the staff API and its authorizer take it. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const token = authorizationCredentials(authorization, 'Bearer');
  return token && JWT_SHAPE.test(token) ? token : undefined;
}

/** The 401 for no usable staff token: none, a bad one, or (`revoked`, which says so) one a sign-out revoked. */
export function unauthenticatedProblem(c: Context<StaffEnv>, reason: 'unauthenticated' | 'revoked'): HttpProblem {
  return new HttpProblem(401, 'unauthenticated', ...AUTH_TEXT[c.get('locale')][reason], {}, { 'www-authenticate': 'Bearer' });
}

/**
 * Who holds `token`, if they have one of `roles`: no token, or a malformed, forged or expired one, is a 401, and so
 * is one a console sign-out revoked when `revoked` is given; a valid token without one of `roles` is a 403.
 */
export async function authorizeStaff(
  c: Context<StaffEnv>,
  verify: StaffVerifier,
  token: string | undefined,
  roles: readonly StaffRole[],
  revoked?: RevocationCheck,
): Promise<StaffIdentity> {
  const unauthenticated = unauthenticatedProblem(c, 'unauthenticated');
  if (!token) throw unauthenticated;
  let identity: StaffIdentity;
  try {
    identity = await verify(token);
  } catch (error) {
    // The issuer's keys could not be fetched: no verdict on the token, so not a 401 but the provider's failure.
    // A non-200 answer (NonRetryableFetchError) is a wrong issuer URL, not an outage.
    if (error instanceof FetchError) throw new DependencyFailure('IdentityProvider', error, !(error instanceof NonRetryableFetchError));
    if (error instanceof DependencyFailure) throw error;
    throw unauthenticated;
  }
  // Once the token verifies (a forged one costs no read), before its role: a revoked token is a 401 whatever its
  // role. A failure of the table reaches the error handler as the table's (a 503 when transient), never a 401.
  if (revoked && (await revoked(token))) throw unauthenticatedProblem(c, 'revoked');
  // Set before the role check, so a page refusing a role can say who is signed in and as what.
  c.set('staff', identity);
  requireRole(c, identity, roles);
  return identity;
}

/** A 403 unless `identity` has one of `roles`, saying which role it takes and which one the token has. */
export function requireRole(c: Context<StaffEnv>, identity: StaffIdentity, roles: readonly StaffRole[]): void {
  if (identity.roles.some((role) => roles.includes(role))) return;
  const names = ROLE_NAMES[c.get('locale')];
  const list = (of: readonly StaffRole[]) => of.map((role) => names[role]).join(' / ') || '—';
  throw new HttpProblem(403, 'forbidden', ...AUTH_TEXT[c.get('locale')].forbidden(list(roles), list(identity.roles)));
}

/**
 * Guards staff API routes with the bearer token of the Authorization header, refusing one a console sign-out
 * revoked. A route under two guards (`/api/v1/moderation/*` and `/api/v1/moderation/api-keys`) verifies the token
 * once and checks each guard's roles. (Console pages have their own session: functions/moderation/staff-session.ts.)
 */
export function requireStaff(verify: StaffVerifier, revoked: RevocationCheck, roles: readonly StaffRole[]): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const known = c.get('staff') as StaffIdentity | undefined;
    if (known) requireRole(c, known, roles);
    else await authorizeStaff(c, verify, bearerToken(c.req.header('authorization')), roles, revoked);
    await next();
  };
}
