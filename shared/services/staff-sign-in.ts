import type { Configuration } from 'openid-client';
import { DependencyFailure } from '../store/errors.js';

/**
 * Staff sign-in against an OpenID Connect provider: the OAuth 2.0 authorization code flow with PKCE for a public
 * client (openid-client), refresh, and the provider's sign-out. The same code runs against Cognito's managed login
 * in AWS, any OIDC issuer given by configuration, and the local provider of `npm start`.
 */
export interface StaffSignInConfig {
  /** The issuer URL (its discovery document is `<issuer>/.well-known/openid-configuration`). */
  readonly issuer: string;
  readonly clientId: string;
  /** The scopes the console asks for (space-separated). */
  readonly scope: string;
  /**
   * Cognito's managed login publishes no `end_session_endpoint`; its `/logout` takes `client_id` and `logout_uri`
   * instead. Set for Cognito, unset for issuers that follow RP-Initiated Logout.
   */
  readonly cognitoLogoutUrl?: string;
}

export interface StaffTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
}

/** What the browser's round trip to the provider must bring back (kept sealed in a cookie meanwhile). */
export interface SignInTransaction {
  readonly state: string;
  readonly codeVerifier: string;
}

/** The provider refused the sign-in or the refresh (denied, expired, replayed, or a forged callback). */
export class SignInRefused extends Error {
  override readonly name = 'SignInRefused';
}

export interface StaffSignIn {
  /** Where to send the browser to sign in, and the transaction to keep until it comes back to `redirectUri`. */
  start(redirectUri: string): Promise<{ url: string; transaction: SignInTransaction }>;
  /** Exchanges the code of the callback (`callbackUrl`, as the provider redirected to it) for tokens. */
  finish(callbackUrl: URL, transaction: SignInTransaction): Promise<StaffTokens>;
  /** New tokens for a refresh token (which the provider may rotate). */
  refresh(refreshToken: string): Promise<StaffTokens>;
  /** Where to send the browser to end the provider's session too, returning to `postLogoutUri`. */
  endSessionUrl(postLogoutUri: string, idToken?: string): Promise<string | undefined>;
  /** The origin the sign-out form's redirect goes to (pages allow it as a form target: CSP form-action covers redirects). */
  endSessionOrigin(): Promise<string | undefined>;
}

/** Plain HTTP on this machine (`npm start`): the one place neither TLS nor Secure cookies are to be had. */
export function isPlainLoopback(url: URL): boolean {
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
}

function isProviderDown(error: unknown): boolean {
  // fetch failures (TypeError), timeouts, and the provider's 5xx answers.
  if (error instanceof TypeError || (error instanceof Error && error.name === 'TimeoutError')) return true;
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 500;
}

/** A call to the provider: its outage is a DependencyFailure('IdentityProvider'), any other failure a refusal. */
async function calling<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DependencyFailure) throw error;
    if (isProviderDown(error)) throw new DependencyFailure('IdentityProvider', error, true);
    throw new SignInRefused(`${what} refused`, { cause: error });
  }
}

/**
 * openid-client is loaded on first use and the discovery document fetched once (again after a failure), so the
 * functions' cold starts and the staff API's bearer requests never wait for the provider.
 */
export function staffSignIn(config: StaffSignInConfig): StaffSignIn {
  let loaded: Promise<typeof import('openid-client')> | undefined;
  const client = () => (loaded ??= import('openid-client'));
  let configuration: Promise<Configuration> | undefined;
  const discovered = () => {
    if (configuration) return configuration;
    configuration = calling('discovery', async () => {
      const oidc = await client();
      const issuer = new URL(config.issuer);
      // Only a provider on this machine may be reached over plain HTTP (the local one of `npm start`).
      return oidc.discovery(issuer, config.clientId, undefined, oidc.None(), isPlainLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : {});
    });
    configuration.catch(() => (configuration = undefined));
    return configuration;
  };
  const tokensOf = (response: { access_token: string; refresh_token?: string; id_token?: string }): StaffTokens => ({
    accessToken: response.access_token,
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    ...(response.id_token ? { idToken: response.id_token } : {}),
  });
  return {
    async start(redirectUri) {
      const oidc = await client();
      const settings = await discovered();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(settings, {
        redirect_uri: redirectUri,
        scope: config.scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
      });
      return { url: url.href, transaction: { state, codeVerifier } };
    },
    async finish(callbackUrl, transaction) {
      const oidc = await client();
      const settings = await discovered();
      return tokensOf(
        await calling('code exchange', () =>
          oidc.authorizationCodeGrant(settings, callbackUrl, { pkceCodeVerifier: transaction.codeVerifier, expectedState: transaction.state }),
        ),
      );
    },
    async refresh(refreshToken) {
      const oidc = await client();
      const settings = await discovered();
      const response = await calling('refresh', () => oidc.refreshTokenGrant(settings, refreshToken));
      // Cognito does not rotate refresh tokens: the one held stays good.
      return tokensOf({ ...response, refresh_token: response.refresh_token ?? refreshToken });
    },
    async endSessionUrl(postLogoutUri, idToken) {
      if (config.cognitoLogoutUrl) {
        const url = new URL(config.cognitoLogoutUrl);
        url.searchParams.set('client_id', config.clientId);
        url.searchParams.set('logout_uri', postLogoutUri);
        return url.href;
      }
      const oidc = await client();
      const settings = await discovered();
      if (!settings.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(settings, { post_logout_redirect_uri: postLogoutUri, ...(idToken ? { id_token_hint: idToken } : {}) }).href;
    },
    async endSessionOrigin() {
      if (config.cognitoLogoutUrl) return new URL(config.cognitoLogoutUrl).origin;
      const endpoint = (await discovered()).serverMetadata().end_session_endpoint;
      return endpoint ? new URL(endpoint).origin : undefined;
    },
  };
}

/**
 * The sign-in of this deployment: STAFF_ISSUER (or Cognito's issuer, from USER_POOL_ID), STAFF_CLIENT_ID,
 * STAFF_SCOPES (default `openid`), STAFF_LOGOUT_URL for Cognito's managed login.
 */
export function staffSignInConfigFromEnvironment(issuer: string, clientId: string, env: Record<string, string | undefined> = process.env): StaffSignInConfig {
  return {
    issuer,
    clientId,
    scope: env.STAFF_SCOPES ?? 'openid',
    ...(env.STAFF_LOGOUT_URL ? { cognitoLogoutUrl: env.STAFF_LOGOUT_URL } : {}),
  };
}
