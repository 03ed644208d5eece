import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from './app.js';
import type { Locale } from './locale.js';
import { HttpProblem } from './problem.js';
import { DependencyFailure } from '../store/errors.js';

export const STAFF_ROLES = ['moderator', 'editor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffIdentity {
  readonly subject: string;
  readonly username: string;
  readonly roles: readonly StaffRole[];
}

export interface StaffAuthConfig {
  readonly userPoolId: string;
  readonly clientId: string;
  /** Locally, the signing keys are known up front and nothing is fetched; in AWS the pool's JWKS is fetched. */
  readonly jwks?: Jwks;
  /** What expiry is checked against: locally the run's clock (which a demo may set), in AWS the real time. */
  readonly now?: () => Date;
}

export type StaffVerifier = (token: string) => Promise<StaffIdentity>;

/** The cookie the staff console keeps its token in (HttpOnly, set by its sign-in page). */
export const STAFF_TOKEN_COOKIE = 'staff_token';

function isStaffRole(group: unknown): group is StaffRole {
  return typeof group === 'string' && (STAFF_ROLES as readonly string[]).includes(group);
}

/**
 * One verifier for both runtimes: Cognito access tokens in AWS, and locally tokens signed with a key kept under
 * DATA_DIR that claim a local user pool — checked by the same aws-jwt-verify code (signature, issuer, expiry,
 * token use, client id).
 */
export function createStaffVerifier(config: StaffAuthConfig): StaffVerifier {
  const verifier = CognitoJwtVerifier.create({ userPoolId: config.userPoolId, clientId: config.clientId, tokenUse: 'access' });
  if (config.jwks) verifier.cacheJwks(config.jwks);
  const now = config.now;
  return async (token) => {
    // aws-jwt-verify checks expiry against the real time; a clock behind it gets that much grace, and the
    // expiry is then checked against the clock itself.
    const lagSeconds = now ? Math.max(0, Math.ceil((Date.now() - now().getTime()) / 1000)) : 0;
    const payload = await verifier.verify(token, { graceSeconds: lagSeconds });
    if (now && payload.exp * 1000 <= now().getTime()) throw new Error('token expired by the local clock');
    const groups = payload['cognito:groups'] ?? [];
    return {
      subject: payload.sub,
      username: typeof payload.username === 'string' ? payload.username : payload.sub,
      roles: groups.filter(isStaffRole),
    };
  };
}

const ROLE_NAMES: Record<Locale, Record<StaffRole, string>> = {
  'zh-CN': { moderator: '审核员（moderator）', editor: '编辑（editor）' },
  en: { moderator: 'moderator', editor: 'editor' },
};

const AUTH_TEXT: Record<Locale, { unauthenticated: [string, string]; forbidden: (needed: string, held: string) => [string, string] }> = {
  'zh-CN': {
    unauthenticated: ['需要登录', '请提供有效的工作人员令牌（Authorization: Bearer …）。'],
    forbidden: (needed, held) => ['权限不足', `此操作仅限${needed}；您的令牌角色是${held}。`],
  },
  en: {
    unauthenticated: ['Authentication required', 'Send a valid staff token (Authorization: Bearer …).'],
    forbidden: (needed, held) => ['Not allowed for your role', `Only a staff member with the ${needed} role may do this; your token's role is ${held}.`],
  },
};

export interface StaffEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { staff: StaffIdentity };
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/.exec(authorization?.trim() ?? '');
  return match?.[1];
}

/**
 * Guards staff routes: a missing, malformed, forged or expired token is a 401; a valid token without one of
 * `roles` is a 403. The token comes from the Authorization header, or for console pages from the cookie.
 */
export function requireStaff(verify: StaffVerifier, roles: readonly StaffRole[]): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const text = AUTH_TEXT[c.get('locale')];
    const token = bearerToken(c.req.header('authorization')) ?? getCookie(c, STAFF_TOKEN_COOKIE);
    const unauthenticated = new HttpProblem(401, 'unauthenticated', ...text.unauthenticated, {}, { 'www-authenticate': 'Bearer' });
    if (!token) throw unauthenticated;
    let identity: StaffIdentity;
    try {
      identity = await verify(token);
    } catch (error) {
      // The issuer's keys could not be fetched: no verdict on the token, so not a 401 but the provider's failure.
      // A non-200 answer (NonRetryableFetchError) is a wrong issuer URL, not an outage.
      if (error instanceof FetchError) throw new DependencyFailure('IdentityProvider', error, !(error instanceof NonRetryableFetchError));
      throw unauthenticated;
    }
    // Set before the role check, so a page refusing a role can say who is signed in and as what.
    c.set('staff', identity);
    if (!identity.roles.some((role) => roles.includes(role))) {
      // Say which role it takes and which one the token has, so a refusal explains itself.
      const names = ROLE_NAMES[c.get('locale')];
      const list = (of: readonly StaffRole[]) => of.map((role) => names[role]).join(' / ') || '—';
      throw new HttpProblem(403, 'forbidden', ...text.forbidden(list(roles), list(identity.roles)));
    }
    await next();
  };
}
