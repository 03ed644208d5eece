import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localSigningKey, localStaffAuth, type LocalStaffAuth } from '../../scripts/local-auth.js';
import { startLocalIdentityProvider, type LocalIdentityProvider } from '../../scripts/local-identity.js';
import type { StaffRole } from '../../shared/http/staff-auth.js';
import { CookieJar, signInAsLocalUser } from './staff-sign-in.js';
import { startLocalMailServer, type LocalMailServer } from '../../scripts/local-messaging.js';
import { createLocalSystem, type LocalSystem } from '../../scripts/local-server.js';
import type { PublisherIdentity } from '../../shared/domain/publisher.js';
import type { CallbackRules } from '../../shared/domain/watches.js';
import type { LogIdentity } from '../../shared/services/log-signer.js';
import type { StoreContext } from '../../shared/store/client.js';
import { collectResponse } from './pii-collector.js';
import { createTestStore } from './store.js';
import { createTestClock, type TestClock } from './test-clock.js';

export interface TestSystem extends LocalSystem {
  readonly store: StoreContext;
  readonly auth: LocalStaffAuth;
  /** The local OpenID Connect provider the console signs in at (as `npm start` runs it). */
  readonly identity: LocalIdentityProvider;
  readonly dataDir: string;
  /** The key the system's lookup hashes are made with. */
  readonly lookupKey: string;
  /** The system's clock (unless the test gave its own): travel with it to publish an edition on its day. */
  readonly clock: TestClock;
  /** The local SMTP server the e-mail channel sends to (as `npm start` runs it). */
  readonly mail: LocalMailServer;
  /** Sends a request through the same dispatcher `npm start` serves. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Signs the local user of `role` in to the console through the provider's login form, as a browser does, and
   * returns the Cookie header that carries the session.
   */
  signIn(role: StaffRole): Promise<string>;
}

/** The whole local system (every function's app) on a fresh table, with its own local staff keys. */
export async function createTestSystem(
  options: { now?: () => Date; logIdentity?: LogIdentity; publisher?: PublisherIdentity; accessTokenSeconds?: number; callbackRules?: CallbackRules } = {},
): Promise<TestSystem> {
  const store = await createTestStore();
  const dataDir = mkdtempSync(join(tmpdir(), 'shengming-'));
  const identity = await startLocalIdentityProvider({
    signingKey: await localSigningKey(dataDir),
    dataDir,
    port: 0,
    ...(options.accessTokenSeconds ? { accessTokenSeconds: options.accessTokenSeconds } : {}),
  });
  // Tokens are dated by the real time, so a test that travels in time keeps its staff signed in.
  const auth = await localStaffAuth(dataDir, undefined, identity.issuer);
  const clock = createTestClock();
  const lookupKey = randomBytes(32).toString('hex');
  const mail = await startLocalMailServer(dataDir);
  const system = createLocalSystem({
    mail,
    store,
    staffAuth: auth.config,
    lookupKey,
    dataDir,
    now: options.now ?? clock.now,
    ...(options.logIdentity ? { logIdentity: options.logIdentity } : {}),
    ...(options.publisher ? { publisher: options.publisher } : {}),
    ...(options.callbackRules ? { callbackRules: options.callbackRules } : {}),
  });
  // Every response goes through the PII collector, whether a test calls the system or a browser does.
  const fetch: LocalSystem['fetch'] = async (request, env) => {
    const response = await system.fetch(request, env);
    await collectResponse(request, response);
    return response;
  };
  const request = (path: string, init?: RequestInit) => fetch(new Request(`http://127.0.0.1${path}`, init));
  return {
    ...system,
    fetch,
    store,
    auth,
    identity,
    dataDir,
    lookupKey,
    mail,
    clock,
    request,
    signIn: async (role) => {
      const jar = new CookieJar();
      const { answer } = await signInAsLocalUser(
        async (url) => {
          const cookie = jar.header(url);
          const response = await request(`${url.pathname}${url.search}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
          jar.keep(response.headers.getSetCookie());
          return { status: response.status, location: response.headers.get('location') ?? undefined, body: await response.text() };
        },
        new URL('http://127.0.0.1/staff/sign-in'),
        role,
      );
      if (answer.status !== 200) throw new Error(`signing in as ${role} ended with ${answer.status}`);
      return jar.header(new URL('http://127.0.0.1/staff'));
    },
  };
}
