import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createStoreContext } from '../shared/store/client.js';
import { seedTariff } from '../shared/store/config-store.js';
import { ensureTable } from '../shared/store/setup.js';
import { localIdentityPort, localLookupKey, localSigningKey, localStaffAuth, saveLocalIssuer } from './local-auth.js';
import { LOCAL_STAFF_USERS, startLocalIdentityProvider } from './local-identity.js';
import { localClock } from './local-clock.js';
import { JavaMissingError, privateDirectory, startLocalDynamoDb, type LocalDynamoDb } from './local-dynamodb.js';
import { BUNDLE_SWEEP_MINUTES } from '../functions/bundles/schedule-event.js';
import { createLocalSystem } from './local-server.js';
import { answerClientErrorsWithProblems } from './local-client-errors.js';
import { LOCAL_MAIL_PATH, LOCAL_SMS_PATH, startLocalMailServer } from './local-messaging.js';
import { DEFAULT_TARIFF, maskSensitiveText } from '../shared/domain/index.js';

const PUBLISHER_INTERVAL_MS = 60_000;
/**
 * The local outbox consumer polls the due list (the sparse work index) instead of reading DynamoDB Local's stream:
 * the sweep is the code path AWS runs for retries anyway, and a 2 s poll of one index partition costs nothing here.
 */
const OUTBOX_INTERVAL_MS = 2_000;
const BUNDLE_SWEEP_INTERVAL_MS = BUNDLE_SWEEP_MINUTES * 60_000;

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = privateDirectory(resolve(process.env.DATA_DIR ?? './.data'));
  const clock = localClock({ dataDir, clock: process.env.CLOCK });
  clock.save();
  // Absolute URLs (feed, the proof's QR) come from this setting, never from a request's Host header.
  process.env.PUBLIC_BASE_URL ??= `http://127.0.0.1:${port}/`;

  let database: LocalDynamoDb | undefined;
  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    try {
      database = await startLocalDynamoDb({ dataDir: resolve(dataDir, 'dynamodb') });
    } catch (error) {
      if (error instanceof JavaMissingError) {
        console.error(error.message);
        process.exit(1);
      }
      throw error;
    }
    endpoint = database.endpoint;
  }

  const store = createStoreContext({ endpoint, ...(database ? { credentials: database.credentials } : {}) });
  await ensureTable(store);
  await seedTariff(store, DEFAULT_TARIFF);
  // The local staff identity provider (OpenID Connect), signing with the key `npm run token` uses.
  const identity = await startLocalIdentityProvider({
    signingKey: await localSigningKey(dataDir),
    dataDir,
    port: localIdentityPort(),
    now: clock.now,
  });
  saveLocalIssuer(dataDir, identity.issuer);
  const staffAuth = await localStaffAuth(dataDir, clock.now, identity.issuer);
  const mail = await startLocalMailServer(resolve(dataDir), Number(process.env.SMTP_PORT ?? 0));
  const system = createLocalSystem({
    mail,
    store,
    staffAuth: staffAuth.config,
    lookupKey: process.env.LOOKUP_KEY ?? localLookupKey(dataDir),
    dataDir,
    now: clock.now,
  });

  const server = serve({ fetch: system.fetch, port, hostname: '127.0.0.1' });
  answerClientErrorsWithProblems(server);
  const publisherTimer = setInterval(() => {
    clock.save();
    void system.runPublisher().catch(() => undefined);
  }, PUBLISHER_INTERVAL_MS);
  const bundleTimer = setInterval(() => void system.runBundleSweep().catch(() => undefined), BUNDLE_SWEEP_INTERVAL_MS);
  let sweeping = false;
  const outboxTimer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    void system.runOutbox().catch(() => undefined).finally(() => (sweeping = false));
  }, OUTBOX_INTERVAL_MS);
  console.log(`shengming is running at ${process.env.PUBLIC_BASE_URL}  (DynamoDB: ${endpoint}, data: ${dataDir}, ${clock.description})`);
  console.log(`staff sign-in: ${identity.issuer} (users: ${Object.entries(LOCAL_STAFF_USERS).map(([name, user]) => `${name} / ${user.password}`).join(', ')})`);
  console.log(`messages: SMTP on 127.0.0.1:${mail.port}; sent SMS at ${LOCAL_SMS_PATH}, e-mail at ${LOCAL_MAIL_PATH}`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(publisherTimer);
    clearInterval(outboxTimer);
    clearInterval(bundleTimer);
    clock.save();
    server.close();
    await identity.close();
    await mail.close();
    await database?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGHUP', () => void stop());
}

main().catch((error: unknown) => {
  console.error(maskSensitiveText(error instanceof Error ? error.message : String(error)));
  process.exit(1);
});
