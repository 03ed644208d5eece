import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { HttpProblem } from '../../shared/http/problem.js';
import { publicBaseUrl, publicUrl, sitePath } from '../../shared/http/site-url.js';
import { authorizeStaff, requireRole, STAFF_ROLES, unauthenticatedProblem, type StaffEnv, type StaffIdentity, type StaffRole, type StaffVerifier } from '../../shared/http/staff-auth.js';
import type { ValueSealer } from '../../shared/services/sealed-values.js';
import { isPlainLoopback, SignInRefused, type SignInTransaction, type StaffSignIn, type StaffTokens } from '../../shared/services/staff-sign-in.js';
import { isAnyStaffTokenRevoked, jwtExpiry, revokeStaffTokens, type TokenToRevoke } from '../../shared/services/staff-revocation.js';
import type { StoreContext } from '../../shared/store/client.js';
import { DependencyFailure } from '../../shared/store/errors.js';
import { localizedPath, requestPathWithoutNumbers } from '../../shared/web/page-locale.js';
import { consolePage, renderConsole } from './console/page-context.js';
import { ForbiddenPage, SignInMessagePage } from './console/pages.js';
import type { SignInMessage } from './console/sign-in-pages.js';

/**
 * The console's session: staff sign in at the identity provider (authorization code flow with PKCE), and the
 * tokens it returns are kept sealed (AES-256-GCM, shared/services/sealed-values.ts) in HttpOnly, SameSite=Lax
 * cookies that page scripts cannot read. Every page verifies the access token; an expired one is renewed with the
 * refresh token, and a session that cannot be renewed sends the browser back to sign-in. Signing out revokes the
 * session's access and refresh tokens here (shared/services/staff-revocation.ts): a copy of the cookies, or the access
 * token sent as a bearer token, is refused from then on, though the tokens still verify. The staff JSON API does
 * not read these cookies: it takes bearer tokens only.
 */
export interface StaffSessionDeps {
  /** Where sign-outs record the tokens they revoked. */
  readonly store: StoreContext;
  readonly now: () => Date;
  readonly verifyStaff: StaffVerifier;
  readonly signIn: StaffSignIn;
  /** Seals the session cookies; lives as long as a session may (STAFF_SESSION_SECONDS), by the tokens' clock. */
  readonly sealer: () => Promise<ValueSealer>;
}

/** As long as a refresh token lasts (Cognito's console client: 12 hours). */
export const STAFF_SESSION_SECONDS = 12 * 60 * 60;
/** Long enough to type a password and a TOTP code at the provider (the cookie's Max-Age; the provider's code lives a minute). */
const SIGN_IN_SECONDS = 10 * 60;

const SESSION_COOKIE = 'staff_session';
const SIGN_IN_COOKIE = 'staff_sign_in';
/** Three tokens (Cognito's refresh token alone is ~1.8 kB) exceed one cookie's 4 kB: the sealed value is split. */
const COOKIE_CHUNK = 3_800;
const MAX_CHUNKS = 4;
/** What the session cookies are sealed for (a test holding the key opens them with it, to replay their tokens). */
export const SESSION_BINDING = { form: 'staff-session', field: 'tokens' } as const;
const SIGN_IN_BINDING = { form: 'staff-sign-in', field: 'transaction' } as const;

function cookieOptions(c: Context, maxAge: number): CookieOptions {
  // Secure everywhere but plain-HTTP loopback (`npm start`), where a Secure cookie would never be sent back.
  return { httpOnly: true, secure: !isPlainLoopback(publicBaseUrl()), sameSite: 'Lax', path: sitePath(c, '/staff'), maxAge };
}

const chunkName = (index: number) => (index === 0 ? SESSION_COOKIE : `${SESSION_COOKIE}_${index}`);

function readChunks(c: Context): string | undefined {
  const parts: string[] = [];
  for (let index = 0; index < MAX_CHUNKS; index += 1) {
    const part = getCookie(c, chunkName(index));
    if (part === undefined) break;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join('') : undefined;
}

function clearSession(c: Context): void {
  for (let index = 0; index < MAX_CHUNKS; index += 1) {
    if (getCookie(c, chunkName(index)) !== undefined) deleteCookie(c, chunkName(index), { path: sitePath(c, '/staff') });
  }
}

async function writeSession(c: Context, deps: StaffSessionDeps, tokens: StaffTokens): Promise<void> {
  const sealed = (await deps.sealer()).seal(JSON.stringify(tokens), SESSION_BINDING);
  const chunks = sealed.match(new RegExp(`.{1,${COOKIE_CHUNK}}`, 'g')) ?? [];
  if (chunks.length > MAX_CHUNKS) throw new Error('the staff session does not fit in its cookies');
  clearSession(c);
  chunks.forEach((chunk, index) => setCookie(c, chunkName(index), chunk, cookieOptions(c, STAFF_SESSION_SECONDS)));
}

async function readSession(c: Context, deps: StaffSessionDeps): Promise<StaffTokens | undefined> {
  const sealed = readChunks(c);
  const opened = sealed ? (await deps.sealer()).open(sealed, SESSION_BINDING) : undefined;
  if (!opened) return undefined;
  const tokens = JSON.parse(opened) as Partial<StaffTokens>;
  return typeof tokens.accessToken === 'string' ? (tokens as StaffTokens) : undefined;
}

/**
 * What a sign-out revokes, each for as long as it could be used: the access token until it expires (an unreadable
 * one as long as a session may last), the refresh token as long as the provider lets one last (STAFF_SESSION_SECONDS
 * from now: it was issued at or before now).
 */
function sessionTokens(tokens: StaffTokens, now: Date): TokenToRevoke[] {
  const sessionEnd = new Date(now.getTime() + STAFF_SESSION_SECONDS * 1000);
  return [
    { token: tokens.accessToken, usableUntil: jwtExpiry(tokens.accessToken) ?? sessionEnd },
    ...(tokens.refreshToken ? [{ token: tokens.refreshToken, usableUntil: sessionEnd }] : []),
  ];
}

/** Where a sign-in may return to: a console page of this site, never another origin. */
function consolePath(value: string | undefined): string {
  return value && /^\/staff(\/[\w\-/.]*)?(\?[\w\-=&%.]*)?$/.test(value) && !value.startsWith('/staff/sign') ? value : '/staff';
}

interface StoredTransaction extends SignInTransaction {
  readonly returnTo: string;
}

const MESSAGE_STATUS = { unavailable: 503, expired: 400, failed: 400, notStaff: 403, signedOut: 200 } as const satisfies Record<SignInMessage, number>;

/** Answers with a sign-in message page (console/sign-in-pages.tsx), at the status its message means. */
async function messagePage(c: Context<StaffEnv>, message: SignInMessage) {
  const page = await consolePage(c);
  const status = MESSAGE_STATUS[message];
  return renderConsole(c, page, SignInMessagePage({ page, message, ok: status === 200 }), status);
}

/** A 403 for a signed-in role the page is not for, as a page saying so. */
async function forbiddenPage(c: Context<StaffEnv>) {
  const page = await consolePage(c);
  return renderConsole(c, page, ForbiddenPage({ page }), 403);
}

const isProviderFailure = (error: unknown) => error instanceof DependencyFailure && error.dependency === 'IdentityProvider';

/**
 * The sign-in, callback, sign-out and signed-out routes; returns the guard for console pages (`roles` may see
 * them), which sends a visitor without a live session to sign-in and answers a wrong role with 403.
 */
export function registerStaffSession(app: Hono<StaffEnv>, deps: StaffSessionDeps): (roles: readonly StaffRole[]) => MiddlewareHandler<StaffEnv> {
  const callbackUrl = () => publicUrl('/staff/callback');

  // The sign-out form's answer redirects to the provider, and CSP form-action governs redirects too: console
  // pages allow the provider's origin as a form target, and no other. (`/staff/*` matches `/staff` too.)
  app.use('/staff/*', async (c, next) => {
    await next();
    const policy = c.res.headers.get('content-security-policy');
    if (!policy?.includes("form-action 'self';")) return;
    const origin = await deps.signIn.endSessionOrigin().catch(() => undefined);
    if (origin) c.res.headers.set('content-security-policy', policy.replace("form-action 'self';", `form-action 'self' ${origin};`));
  });

  app.get('/staff/sign-in', async (c) => {
    let started: Awaited<ReturnType<StaffSignIn['start']>>;
    try {
      started = await deps.signIn.start(callbackUrl());
    } catch (error) {
      if (isProviderFailure(error) || error instanceof SignInRefused) return messagePage(c, 'unavailable');
      throw error;
    }
    const transaction: StoredTransaction = {
      ...started.transaction,
      returnTo: consolePath(c.req.query('return')),
    };
    setCookie(c, SIGN_IN_COOKIE, (await deps.sealer()).seal(JSON.stringify(transaction), SIGN_IN_BINDING), cookieOptions(c, SIGN_IN_SECONDS));
    return c.redirect(started.url, 302);
  });

  app.get('/staff/callback', async (c) => {
    const sealed = getCookie(c, SIGN_IN_COOKIE);
    const opened = sealed ? (await deps.sealer()).open(sealed, SIGN_IN_BINDING) : undefined;
    const transaction = opened ? (JSON.parse(opened) as StoredTransaction) : undefined;
    deleteCookie(c, SIGN_IN_COOKIE, { path: sitePath(c, '/staff') });
    if (!transaction) return messagePage(c, 'expired');
    // The URL the provider redirected to, as configured (never the Host header): it must equal the redirect_uri.
    const returned = new URL(callbackUrl());
    returned.search = new URL(c.req.url).search;
    let tokens: StaffTokens;
    try {
      tokens = await deps.signIn.finish(returned, transaction);
    } catch (error) {
      if (isProviderFailure(error)) return messagePage(c, 'unavailable');
      if (error instanceof SignInRefused) return messagePage(c, 'failed');
      throw error;
    }
    try {
      await authorizeStaff(c, deps.verifyStaff, tokens.accessToken, STAFF_ROLES);
    } catch (error) {
      if (error instanceof HttpProblem) return messagePage(c, error.status === 403 ? 'notStaff' : 'failed');
      throw error;
    }
    await writeSession(c, deps, tokens);
    return c.redirect(localizedPath(c, transaction.returnTo), 303);
  });

  app.post('/staff/sign-out', async (c) => {
    const tokens = await readSession(c, deps);
    if (tokens) {
      const now = deps.now();
      await revokeStaffTokens(deps.store, sessionTokens(tokens, now), now);
    }
    clearSession(c);
    let endSession: string | undefined;
    try {
      endSession = await deps.signIn.endSessionUrl(publicUrl('/staff/signed-out'), tokens?.idToken);
    } catch (error) {
      // The provider is down: the console's own session is gone all the same.
      if (!(isProviderFailure(error) || error instanceof SignInRefused)) throw error;
    }
    return c.redirect(endSession ?? localizedPath(c, '/staff/signed-out'), 303);
  });

  app.get('/staff/signed-out', (c) => messagePage(c, 'signedOut'));

  /**
   * The session's identity, renewing its tokens once if the access token no longer verifies. Once per request:
   * a page under two guards (`/staff/editions` and `/staff/editions/*`) must not spend a rotated refresh token twice.
   */
  const identity = async (c: Context<StaffEnv>, roles: readonly StaffRole[]): Promise<StaffIdentity> => {
    const known = c.get('staff') as StaffIdentity | undefined;
    if (known) {
      requireRole(c, known, roles);
      return known;
    }
    const tokens = await readSession(c, deps);
    // Before the access token is trusted or the refresh token spent: a signed-out session (a copy of its cookies
    // kept from before the sign-out) is no session. A token of an older cookie is caught too: Cognito keeps the
    // refresh token across renewals, a provider that rotates it has spent the old one.
    if (tokens && (await isAnyStaffTokenRevoked(deps.store, [tokens.accessToken, ...(tokens.refreshToken ? [tokens.refreshToken] : [])]))) {
      throw unauthenticatedProblem(c, 'revoked');
    }
    try {
      return await authorizeStaff(c, deps.verifyStaff, tokens?.accessToken, roles);
    } catch (error) {
      if (!(error instanceof HttpProblem && error.status === 401 && tokens?.refreshToken)) throw error;
    }
    let renewed: StaffTokens;
    try {
      renewed = await deps.signIn.refresh(tokens.refreshToken);
    } catch (error) {
      if (error instanceof SignInRefused) throw new HttpProblem(401, 'unauthenticated', 'Session expired', 'The session expired.');
      throw error;
    }
    const signedIn = await authorizeStaff(c, deps.verifyStaff, renewed.accessToken, roles);
    await writeSession(c, deps, { ...renewed, ...(renewed.idToken ? {} : tokens.idToken ? { idToken: tokens.idToken } : {}) });
    return signedIn;
  };

  return (roles) => async (c, next) => {
    try {
      await identity(c, roles);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 401) {
        clearSession(c);
        // The address to come back to travels in the Location header and the browser's history: no number in it.
        const { pathname, searchParams } = requestPathWithoutNumbers(c);
        const back = searchParams.size > 0 ? `${pathname}?${searchParams.toString()}` : pathname;
        const target = c.req.method === 'GET' ? `/staff/sign-in?return=${encodeURIComponent(back)}` : '/staff/sign-in';
        return c.redirect(sitePath(c, target), 303);
      }
      if (error instanceof HttpProblem && error.status === 403) return forbiddenPage(c);
      if (isProviderFailure(error)) return messagePage(c, 'unavailable');
      throw error;
    }
    await next();
  };
}
