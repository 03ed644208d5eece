import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_BINDING, STAFF_SESSION_SECONDS } from '../../functions/moderation/staff-session.js';
import { localSecret } from '../../scripts/local-auth.js';
import { createValueSealer } from '../../shared/services/sealed-values.js';
import { hashFor } from '../../shared/services/secrets.js';
import type { StaffTokens } from '../../shared/services/staff-sign-in.js';
import { addDays, shanghaiDate } from '../../shared/domain/editions.js';
import { PNG, uploadProof } from '../support/attachments.js';
import { json, physicianDeclaration } from '../support/declarations.js';
import { CookieJar, signInAsLocalUser } from '../support/staff-sign-in.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

/**
 * The console's sign-in through the local OpenID Connect provider (the code path Cognito and any OIDC issuer take
 * in AWS): the session cookies, refresh, sign-out at the provider, and proofs opened through short-lived links.
 */

let system: TestSystem;
const ORIGIN = 'http://127.0.0.1';

beforeAll(async () => {
  // Access tokens of two seconds, so a test can see the console renew one.
  system = await createTestSystem({ accessTokenSeconds: 2 });
});

const get = (path: string, cookie = '') => system.request(path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

/** Signs in through the provider's login form with a jar of its own, returning the jar and the cookies it was set. */
async function signedIn(role: 'moderator' | 'editor') {
  const jar = new CookieJar();
  const setCookies: string[] = [];
  await signInAsLocalUser(
    async (url) => {
      const response = await get(`${url.pathname}${url.search}`, jar.header(url));
      setCookies.push(...response.headers.getSetCookie());
      jar.keep(response.headers.getSetCookie());
      return { status: response.status, location: response.headers.get('location') ?? undefined, body: await response.text() };
    },
    new URL(`${ORIGIN}/staff/sign-in`),
    role,
  );
  return { jar, setCookies, cookie: () => jar.header(new URL(`${ORIGIN}/staff`)) };
}

/** The tokens a Cookie header's session holds, opened with the system's session key as the console opens them. */
function sessionTokensIn(of: TestSystem, cookie: string): StaffTokens {
  const values = new Map(cookie.split('; ').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const));
  let sealed = '';
  for (let index = 0; values.has(index === 0 ? 'staff_session' : `staff_session_${index}`); index += 1) {
    sealed += values.get(index === 0 ? 'staff_session' : `staff_session_${index}`);
  }
  const sealer = createValueSealer(localSecret(of.dataDir, 'staff-session-key'), () => new Date(), STAFF_SESSION_SECONDS);
  return JSON.parse(sealer.open(sealed, SESSION_BINDING) ?? 'null') as StaffTokens;
}

const signOut = (cookie: string) => system.request('/staff/sign-out', { method: 'POST', headers: { cookie, origin: ORIGIN }, redirect: 'manual' });

describe('staff sign-in at the identity provider', () => {
  it('sends the browser to the provider with PKCE (S256) and a state, coming back to the configured callback', async () => {
    const response = await get('/staff/sign-in');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin).toBe(system.identity.issuer);
    expect(location.searchParams.get('response_type')).toBe('code');
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/staff/callback`);
    // The code verifier and the state wait sealed in an HttpOnly cookie for the console's own paths.
    const transaction = response.headers.getSetCookie().find((line) => line.startsWith('staff_sign_in='));
    expect(transaction).toMatch(/HttpOnly/);
    expect(transaction).toMatch(/Path=\/staff/);
    expect(transaction).not.toContain(location.searchParams.get('state') ?? 'state');
  });

  it('keeps the session sealed in HttpOnly SameSite=Lax cookies that no script can read, holding no readable token', async () => {
    const { setCookies, cookie } = await signedIn('moderator');
    const session = setCookies.filter((line) => line.startsWith('staff_session'));
    expect(session.length).toBeGreaterThan(0);
    for (const line of session) {
      expect(line).toMatch(/HttpOnly/);
      expect(line).toMatch(/SameSite=Lax/);
      expect(line).toMatch(/Path=\/staff/);
      // Plain-HTTP loopback only: anywhere else the cookie is Secure (see the base-path test's https addresses).
      expect(line).not.toMatch(/Secure/);
      // Sealed (AES-GCM): no JWT, no claim, readable in it.
      expect(line).not.toMatch(/eyJ[\w-]+\.eyJ/);
    }
    const queue = await get('/staff', cookie());
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain('moderator');
  });

  it('renews an expired access token with the refresh token, without asking the person again', async () => {
    const { jar, cookie } = await signedIn('editor');
    const before = cookie();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const page = await get('/staff/editions', before);
    expect(page.status).toBe(200);
    const renewed = page.headers.getSetCookie().filter((line) => line.startsWith('staff_session'));
    expect(renewed.length).toBeGreaterThan(0);
    jar.keep(renewed);
    expect(cookie()).not.toBe(before);
    expect((await get('/staff/editions', cookie())).status).toBe(200);
  });

  it('sends a tampered session back to sign-in, a page to where it was going, and a forged callback to a message', async () => {
    const { cookie } = await signedIn('moderator');
    const tampered = cookie().replace(/staff_session=s1\.(.)/, (_match, first: string) => `staff_session=s1.${first === 'A' ? 'B' : 'A'}`);
    const refused = await get('/staff/declarations/00000000-0000-4000-8000-000000000000?lang=en', tampered);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe(`/staff/sign-in?return=${encodeURIComponent('/staff/declarations/00000000-0000-4000-8000-000000000000?lang=en')}`);
    const forged = await get('/staff/callback?code=abc&state=xyz');
    expect(forged.status).toBe(400);
    // Sign-in returns only to the console's own pages.
    const away = await get(`/staff/sign-in?return=${encodeURIComponent('https://evil.example/')}`);
    expect(away.status).toBe(302);
  });

  it('signs out at the provider too: the console forgets the session and the provider ends its own', async () => {
    const { jar, cookie } = await signedIn('moderator');
    const response = await signOut(cookie());
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${system.identity.issuer}/session/end`);
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${ORIGIN}/staff/signed-out`);
    expect(decodeJwt(location.searchParams.get('id_token_hint') ?? '').iss).toBe(system.identity.issuer);
    jar.keep(response.headers.getSetCookie());
    expect(jar.names().filter((name) => name.startsWith('staff_session'))).toEqual([]);
    const after = await get('/staff', cookie());
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/staff\/sign-in/);
    expect((await get('/staff/signed-out')).status).toBe(200);
  });

  it('refuses a copy of a signed-out session whose access token expired: its refresh token is revoked, never spent', async () => {
    const { cookie } = await signedIn('editor');
    const copied = cookie();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await signOut(copied)).status).toBe(303);
    // Without the revocation the console would renew the session with the refresh token the provider still honours.
    const replayed = await get('/staff/editions', copied);
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toMatch(/^\/staff\/sign-in/);
    expect(replayed.headers.getSetCookie().filter((line) => line.startsWith('staff_session')).every((line) => /Max-Age=0/i.test(line))).toBe(true);
  });

  it('keeps bearer tokens for the API: the console session is no credential there', async () => {
    const { cookie } = await signedIn('editor');
    expect((await get('/api/v1/moderation/queue', cookie())).status).toBe(401);
    const token = await system.auth.issueToken('editor');
    expect((await system.request('/api/v1/moderation/queue', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});

describe('staff sign-out revokes the session on this server', () => {
  // Access tokens of an hour (the provider's default): what refuses them after sign-out is the revocation, not expiry.
  let hourly: TestSystem;
  beforeAll(async () => {
    hourly = await createTestSystem();
  });
  const at = (path: string, headers: Record<string, string>) => hourly.request(path, { headers, redirect: 'manual' });

  it('refuses the session\'s cookies and its access token as a bearer token from then on, while a new sign-in works', async () => {
    const editor = async () => {
      const cookie = await hourly.signIn('editor');
      const bearer = { authorization: `Bearer ${sessionTokensIn(hourly, cookie).accessToken}` };
      return { cookie, bearer };
    };
    const before = await editor();
    expect((await at('/staff/editions', { cookie: before.cookie })).status).toBe(200);
    expect((await at('/api/v1/moderation/queue', before.bearer)).status).toBe(200);

    const signedOut = await hourly.request('/staff/sign-out', { method: 'POST', headers: { cookie: before.cookie, origin: ORIGIN }, redirect: 'manual' });
    expect(signedOut.status).toBe(303);

    const replayed = await at('/staff/editions', { cookie: before.cookie });
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toBe(`/staff/sign-in?return=${encodeURIComponent('/staff/editions')}`);
    // Each staff API guard refuses it, whatever role the route takes (an editor's own routes, the API keys' two guards).
    for (const path of ['/api/v1/moderation/queue', '/api/v1/editions', '/api/v1/moderation/api-keys']) {
      const refused = await at(path, { ...before.bearer, 'accept-language': 'en' });
      expect(refused.status, path).toBe(401);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect(await refused.json()).toMatchObject({ status: 401, type: expect.stringMatching(/unauthenticated$/), detail: expect.stringMatching(/signed out/) });
    }

    // Only hashes are kept, each until its token could no longer be used anyway (DynamoDB TTL).
    const tokens = sessionTokensIn(hourly, before.cookie);
    const revoked = async (token: string) =>
      (await hourly.store.client.send(new GetCommand({ TableName: hourly.store.tableName, Key: { pk: `REVOKED#${hashFor('staff-token', token)}`, sk: 'TOKEN' } }))).Item;
    expect(await revoked(tokens.accessToken)).toMatchObject({ expiresAt: decodeJwt(tokens.accessToken).exp });
    const refreshUntil = (await revoked(tokens.refreshToken ?? ''))?.expiresAt as number;
    expect(refreshUntil * 1000 - Date.now()).toBeGreaterThan((STAFF_SESSION_SECONDS - 60) * 1000);
    expect(JSON.stringify(await revoked(tokens.accessToken))).not.toContain(tokens.accessToken);

    const after = await editor();
    expect(after.bearer.authorization).not.toBe(before.bearer.authorization);
    expect((await at('/staff/editions', { cookie: after.cookie })).status).toBe(200);
    expect((await at('/api/v1/moderation/queue', after.bearer)).status).toBe(200);
    // A bearer token of `npm run token`, no console session's, is not touched by a sign-out.
    expect((await at('/api/v1/moderation/queue', { authorization: `Bearer ${await hourly.auth.issueToken('editor')}` })).status).toBe(200);
  });
});

describe('proofs for staff', () => {
  it('open in a browser tab through a short-lived signed link: inline, their own type, nosniff; altered or expired links refused', async () => {
    const upload = await uploadProof(system, 'image/png', PNG, 'proof.png');
    expect(upload.status).toBe(204);
    const filed = await system.request('/api/v1/declarations', json({ ...physicianDeclaration(), attachments: [upload.id] }));
    expect(filed.status).toBe(201);
    const { id } = (await filed.json()) as { id: string };
    const { cookie } = await signedIn('moderator');

    const detail = await (await get(`/staff/declarations/${id}`, cookie())).text();
    expect(detail).toContain(`/staff/declarations/${id}/attachments/${upload.id}`);
    const opened = await get(`/staff/declarations/${id}/attachments/${upload.id}`, cookie());
    expect(opened.status).toBe(302);
    const link = opened.headers.get('location') ?? '';

    // The link itself needs no cookie and no Authorization header: it is what an <img> or a new tab sends.
    const file = await get(link);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toBe('inline; filename="proof.png"');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);

    const url = new URL(link, ORIGIN);
    const signature = url.searchParams.get('signature') ?? '';
    const altered = new URL(url);
    altered.searchParams.set('signature', `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`);
    expect((await get(`${altered.pathname}${altered.search}`)).status).toBe(403);
    const extended = new URL(url);
    extended.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3_600_000));
    expect((await get(`${extended.pathname}${extended.search}`)).status).toBe(403);
    const tomorrow = addDays(shanghaiDate(new Date()), 1);
    expect((await system.clock.onTheDayOf(tomorrow, () => get(link))).status).toBe(403);

    // Only signed-in staff get a link, and only to a file the declaration refers to.
    expect((await get(`/staff/declarations/${id}/attachments/${upload.id}`)).status).toBe(303);
    const other = await uploadProof(system, 'image/png', PNG, 'other.png');
    expect((await get(`/staff/declarations/${id}/attachments/${other.id}`, cookie())).status).toBe(404);
  });
});
