import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { StaffRole } from '../shared/http/staff-auth.js';
import {
  LOCAL_CLIENT_ID,
  LOCAL_ROLES_CLAIM,
  LOCAL_STAFF_AUDIENCE,
  LOCAL_STAFF_SCOPE,
  localSecret,
} from './local-auth.js';

/**
 * The local staff identity provider: a real OpenID Connect provider (`oidc-provider`) on its own port, with a
 * login form, the authorization code flow with PKCE, refresh tokens and RP-initiated logout, so `npm start` signs
 * staff in through the very code path that signs them in with Cognito or a newspaper's SSO. It signs with the key
 * `npm run token` uses (scripts/local-auth.ts), and its access tokens have the same shape.
 */

/** The local staff users and their passwords (local only; documented in the README). */
export const LOCAL_STAFF_USERS: Readonly<Record<string, { readonly password: string; readonly roles: readonly StaffRole[] }>> = {
  moderator: { password: 'moderator-local-pw', roles: ['moderator'] },
  editor: { password: 'editor-local-pw', roles: ['editor'] },
};

/** Where the console's code flow returns and where sign-out lands, under whatever base the console is served. */
export const CONSOLE_CALLBACK_PATH = '/staff/callback';
export const CONSOLE_SIGNED_OUT_PATH = '/staff/signed-out';

const ACCESS_TOKEN_SECONDS = 60 * 60;

export interface LocalIdentityProvider {
  readonly issuer: string;
  close(): Promise<void>;
}

export interface LocalIdentityOptions {
  /** The local signing key (scripts/local-auth.ts localSigningKey), the one `npm run token` signs with. */
  readonly signingKey: JWK;
  readonly dataDir: string;
  /** 0 picks a free port (tests); the issuer URL names the port it listens on. */
  readonly port: number;
  /** The local clock (CLOCK): access tokens last an hour by it as well as by the real time. */
  readonly now?: () => Date;
  /** Shorter-lived access tokens, for tests of the console's refresh. */
  readonly accessTokenSeconds?: number;
}

const escapeHtml = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.4rem 0}input{padding:.5rem;box-sizing:border-box}button{padding:.6rem;background:#8b1a1a;color:#fff;border:0;cursor:pointer}.alert{color:#8b1a1a}.hint{color:#555;font-size:.9rem}</style>
</head><body>${body}</body></html>`;
}

function loginPage(uid: string, error?: string): string {
  return page(
    '工作人员登录 Staff sign-in',
    `<h1>声明登记 工作人员登录<br>Staff sign-in</h1>
${error ? `<p class="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="username">用户名 Username</label><input id="username" name="username" required autofocus>
<label for="password">密码 Password</label><input id="password" name="password" type="password" required>
<button type="submit">登录 Sign in</button>
</form>
<p class="hint">本机身份提供方 Local identity provider (npm start)</p>`,
  );
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new Error('login form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/** Any URL under which the local console is served: the local stand-in accepts the console's paths at every base. */
function isConsoleUrl(value: string, path: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname.endsWith(path) && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}

function configuration(options: LocalIdentityOptions): Configuration {
  const now = options.now ?? (() => new Date());
  const lifetime = options.accessTokenSeconds ?? ACCESS_TOKEN_SECONDS;
  // A CLOCK ahead of the real time: tokens live that much longer, so they last `lifetime` by the local clock too.
  const accessTokenSeconds = () => lifetime + Math.max(0, Math.ceil((now().getTime() - Date.now()) / 1000));
  const accountRoles = (accountId: string | undefined) => (accountId ? LOCAL_STAFF_USERS[accountId]?.roles : undefined) ?? [];
  return {
    clients: [
      {
        client_id: LOCAL_CLIENT_ID,
        client_name: '声明登记 staff console',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // Replaced below by a check of the path alone: the console may be served under any base locally.
        redirect_uris: [`http://127.0.0.1${CONSOLE_CALLBACK_PATH}`],
        post_logout_redirect_uris: [`http://127.0.0.1${CONSOLE_SIGNED_OUT_PATH}`],
      },
    ],
    jwks: { keys: [options.signingKey] } as Configuration['jwks'],
    cookies: { keys: [localSecret(options.dataDir, 'identity-cookie-key')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'offline_access'],
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
    findAccount: (_ctx, sub) =>
      LOCAL_STAFF_USERS[sub] ? { accountId: sub, claims: () => ({ sub, preferred_username: sub, name: sub }) } : undefined,
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = page(
            '退出登录 Sign out',
            `<h1>退出本机登录？<br>Sign out of the local provider?</h1>${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">退出 Yes, sign me out</button>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = page('已退出 Signed out', '<h1>已退出 Signed out</h1>');
        },
      },
      // Access tokens are JWTs for the staff API (RFC 9068), not opaque handles: the functions verify them offline.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => LOCAL_STAFF_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: LOCAL_STAFF_SCOPE,
          audience: LOCAL_STAFF_AUDIENCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: accessTokenSeconds(),
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    extraTokenClaims: (_ctx, token) => {
      const accountId = 'accountId' in token ? token.accountId : undefined;
      return { username: accountId, [LOCAL_ROLES_CLAIM]: accountRoles(accountId) };
    },
    // The console is a first-party client: no consent screen, and a refresh token for every sign-in (as Cognito does).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return provider.Grant.find(existing);
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile offline_access');
      grant.addResourceScope(LOCAL_STAFF_AUDIENCE, LOCAL_STAFF_SCOPE);
      await grant.save();
      return grant;
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: () => accessTokenSeconds(),
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_SECONDS,
      RefreshToken: 12 * 60 * 60,
      Interaction: 10 * 60,
      Session: 12 * 60 * 60,
      Grant: 12 * 60 * 60,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('登录出错 Sign-in error', `<h1>登录出错 Sign-in error</h1><p>${escapeHtml(String(out.error_description ?? out.error ?? ''))}</p>`);
    },
  };
}

/** Starts the provider on 127.0.0.1 (its issuer is `http://127.0.0.1:<port>`). */
export async function startLocalIdentityProvider(options: LocalIdentityOptions): Promise<LocalIdentityProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => send(res, 503, 'starting');
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, configuration(options));
  provider.Client.prototype.redirectUriAllowed = function (value: string) {
    return isConsoleUrl(value, CONSOLE_CALLBACK_PATH);
  };
  provider.Client.prototype.postLogoutRedirectUriAllowed = function (value: string) {
    return isConsoleUrl(value, CONSOLE_SIGNED_OUT_PATH);
  };
  const callback = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse) => {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') return send(res, 200, loginPage(details.uid));
    const form = await formBody(req);
    const username = form.get('username') ?? '';
    const user = LOCAL_STAFF_USERS[username];
    if (!user || user.password !== form.get('password')) return send(res, 401, loginPage(details.uid, '用户名或密码错误。Wrong username or password.'));
    await provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
  };
  handle = (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return void callback(req, res);
    interaction(req, res).catch(() => {
      if (!res.headersSent) send(res, 400, page('登录出错 Sign-in error', '<h1>登录已过期，请重新登录。The sign-in expired; start again.</h1>'));
    });
  };
  return {
    issuer,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
