import { createFilingApp } from '../functions/filing/app.js';
import { createModerationApp } from '../functions/moderation/app.js';
import { createPublisherApp } from '../functions/publisher/app.js';
import { BUNDLE_SWEEP_PATH } from '../functions/bundles/schedule-event.js';
import { PUBLISHER_RUN_PATH } from '../functions/publisher/schedule-event.js';
import { createVerifyApp } from '../functions/verify/app.js';
import { createPagesApp } from '../functions/pages/app.js';
import { createPartnersApp } from '../functions/partners/app.js';
import { createBundlesApp } from '../functions/bundles/app.js';
import { importSpooledApiKeys } from './local-api-keys.js';
import { HTTP_ROUTES, mountMatcher, type HttpFunctionName } from '../functions/routes.js';
import type { Hono } from 'hono';
import { createApp, type AppEnv, type PublicationDeps } from '../shared/http/app.js';
import { localLogSigner, logIdentityFromEnvironment, type LogIdentity } from '../shared/services/log-signer.js';
import { createLookupHasher } from '../shared/services/lookup-key.js';
import { publisherIdentityFromEnvironment } from '../shared/http/env.js';
import type { PublisherIdentity } from '../shared/domain/publisher.js';
import { createValueSealer } from '../shared/services/sealed-values.js';
import { LOCAL_SIGN_IN_SCOPE, localSecret } from './local-auth.js';
import { LOCAL_UPLOAD_PATH, localAttachments } from './local-attachments.js';
import { LOCAL_MAIL_PATH, LOCAL_SMS_PATH, localMessagesApp, localSmsChannel } from './local-messaging.js';
import { createOutboxConsumer } from '../functions/outbox/consumer.js';
import type { DeliveryOutcome } from '../shared/services/outbox.js';
import { createLogger } from '../shared/http/logger.js';
import type { StaffAuthConfig, StaffEnv } from '../shared/http/staff-auth.js';
import { createStaffVerifier, issuerUrl } from '../shared/http/staff-auth.js';
import { staffSignIn } from '../shared/services/staff-sign-in.js';
import { STAFF_SESSION_SECONDS } from '../functions/moderation/staff-session.js';
import type { PartnerEnv } from '../shared/http/api-key-auth.js';
import type { StoreContext } from '../shared/store/client.js';
import { smtpEmailChannel } from '../shared/store/smtp-messaging.js';
import { WATCH_SECRET_SEAL_SECONDS, WEBHOOK_CHANNEL, type CallbackRules } from '../shared/domain/watches.js';
import { webhookChannel, webhookSettlementRecords } from '../shared/services/webhook-channel.js';

/** What the dispatcher needs of an app: answer a request. */
type FetchApp = { fetch(request: Request, env?: AppEnv['Bindings']): Response | Promise<Response> };

export interface LocalSystem {
  /** Routes a request to the function API Gateway would give it, exactly as mounted in AWS. */
  readonly fetch: (request: Request, env?: AppEnv['Bindings']) => Promise<Response>;
  readonly apps: {
    readonly filing: Hono<AppEnv>;
    readonly moderation: Hono<StaffEnv>;
    readonly verify: Hono<AppEnv>;
    readonly pages: Hono<AppEnv>;
    readonly partners: Hono<PartnerEnv>;
    readonly bundles: Hono<PartnerEnv>;
    readonly publisher: Hono<AppEnv>;
  };
  /** What the EventBridge schedule does in AWS: one publisher run. */
  runPublisher(): Promise<Response>;
  /** What the outbox consumer does in AWS (stream and sweep): deliver every due outbox item once. */
  runOutbox(): Promise<DeliveryOutcome[]>;
  /** What the bundle sweep schedule does in AWS: finish or undo bundles whose run died. */
  runBundleSweep(): Promise<Response>;
}

export interface LocalSystemOptions {
  readonly store: StoreContext;
  /** The local identity provider's issuer and keys (scripts/local-auth.ts); the console signs in there. */
  readonly staffAuth: StaffAuthConfig;
  /** The key of the public lookup hashes (in AWS a Secrets Manager secret). */
  readonly lookupKey: string;
  /** Where attachments are kept (in AWS an S3 bucket). */
  readonly dataDir: string;
  readonly now?: () => Date;
  /** The local SMTP server the e-mail channel sends to (scripts/local-messaging.ts); without it e-mail is not sent. */
  readonly mail?: { readonly port: number };
  /** The newspaper (print page, proofs, the log's signer); defaults to PUBLISHER_* (else the demo newspaper). */
  readonly publisher?: PublisherIdentity;
  /** The log's identity (origin, newspaper, accepted witnesses); defaults to LOG_ORIGIN, LOG_WITNESSES and the publisher's name. */
  readonly logIdentity?: LogIdentity;
  /**
   * Where watch callbacks may go. Locally loopback is allowed (`http` too), so a receiver on 127.0.0.1 works;
   * PUBLIC_CALLBACKS applies the AWS rules (the Lambda handlers always do).
   */
  readonly callbackRules?: CallbackRules;
}

/** The local server's callback rules: loopback receivers allowed, everything else as in AWS. */
export const LOCAL_CALLBACKS: CallbackRules = { allowLoopback: true };

const MAIL_FROM = '声明登记 <no-reply@shengming.local>';

/** Builds every function's app from the same factories the Lambda handlers use, and one dispatcher over them. */
export function createLocalSystem(options: LocalSystemOptions): LocalSystem {
  const hasher = Promise.resolve(createLookupHasher(options.lookupKey));
  const deps = (service: string): PublicationDeps => ({
    store: options.store,
    logger: createLogger(service),
    now: options.now ?? (() => new Date()),
    lookupHasher: () => hasher,
  });
  // The local stand-in for the KMS key: an Ed25519 key under DATA_DIR.
  const publisher = options.publisher ?? publisherIdentityFromEnvironment();
  const logSigner = Promise.resolve().then(() => localLogSigner(options.dataDir, options.logIdentity ?? logIdentityFromEnvironment(publisher)));
  const publishing = (service: string) => ({ ...deps(service), logSigner: () => logSigner });
  const attachments = localAttachments(options.dataDir, options.now);
  // The local stand-in for the Secrets Manager secret: a key under DATA_DIR.
  const sealer = Promise.resolve(createValueSealer(localSecret(options.dataDir, 'form-seal-key'), options.now ?? (() => new Date())));
  // The local stand-in for the secret the console's session cookies are sealed with; sessions age by the tokens' clock.
  const sessionSealer = Promise.resolve(
    createValueSealer(localSecret(options.dataDir, 'staff-session-key'), options.staffAuth.now ?? (() => new Date()), STAFF_SESSION_SECONDS),
  );
  // The local stand-in for the secret watches' signing secrets are sealed with (partners seals, the outbox opens).
  const webhookSealer = Promise.resolve(
    createValueSealer(localSecret(options.dataDir, 'webhook-seal-key'), options.now ?? (() => new Date()), WATCH_SECRET_SEAL_SECONDS),
  );
  const callbackRules = options.callbackRules ?? LOCAL_CALLBACKS;
  const apps = {
    filing: createFilingApp({ ...deps('filing'), attachments: attachments.storage, valueSealer: () => sealer }),
    moderation: createModerationApp({
      ...publishing('moderation'),
      publisher,
      verifyStaff: createStaffVerifier(options.staffAuth),
      attachments: attachments.storage,
      staffSignIn: staffSignIn({ issuer: issuerUrl(options.staffAuth.issuer), clientId: options.staffAuth.issuer.clientId, scope: LOCAL_SIGN_IN_SCOPE }),
      sessionSealer: () => sessionSealer,
    }),
    verify: createVerifyApp(deps('verify')),
    pages: createPagesApp({ ...deps('pages'), publisher }),
    partners: createPartnersApp({
      ...deps('partners'),
      importPendingKeys: () => importSpooledApiKeys(options.store, options.dataDir),
      webhookSealer: () => webhookSealer,
      callbackRules,
    }),
    bundles: createBundlesApp({
      ...deps('bundles'),
      attachments: attachments.storage,
      importPendingKeys: () => importSpooledApiKeys(options.store, options.dataDir),
    }),
    publisher: createPublisherApp(publishing('publisher')),
  };
  const outbox = createOutboxConsumer(
    {
      store: options.store,
      now: options.now ?? (() => new Date()),
      jitter: Math.random,
      channels: {
        sms: localSmsChannel(options.dataDir),
        ...(options.mail ? { email: smtpEmailChannel({ host: '127.0.0.1', port: options.mail.port, from: MAIL_FROM }) } : {}),
        [WEBHOOK_CHANNEL]: webhookChannel({ store: options.store, sealer: () => webhookSealer, rules: callbackRules }),
      },
      settlementRecords: { [WEBHOOK_CHANNEL]: webhookSettlementRecords(options.store) },
    },
    createLogger('outbox'),
  );
  const messages = localMessagesApp(options.dataDir);
  const unrouted = createApp(createLogger('gateway'));
  const mounts = [
    // The stand-in for S3's upload endpoint, as DynamoDB Local stands in for DynamoDB.
    { path: `${LOCAL_UPLOAD_PATH}/{proxy+}`, app: attachments.app },
    { path: LOCAL_UPLOAD_PATH, app: attachments.app },
    // The stand-ins for SNS SMS and SES: what the outbox "sent".
    { path: LOCAL_SMS_PATH, app: messages },
    { path: LOCAL_MAIL_PATH, app: messages },
    ...(Object.keys(HTTP_ROUTES) as HttpFunctionName[]).flatMap((name) =>
      HTTP_ROUTES[name].map((mount) => ({ path: mount.path, app: apps[name] })),
    ),
  ].map((mount) => ({ matches: mountMatcher(mount.path), app: mount.app }));
  return {
    apps,
    fetch: async (request, env) => {
      const path = new URL(request.url).pathname;
      const target = mounts.find((mount) => mount.matches(path))?.app ?? unrouted;
      return await target.fetch(request, env);
    },
    runPublisher: async () => await apps.publisher.fetch(new Request(`http://publisher.internal${PUBLISHER_RUN_PATH}`, { method: 'POST' })),
    runOutbox: async () => await outbox.sweep(),
    runBundleSweep: async () => await apps.bundles.fetch(new Request(`http://bundles.internal${BUNDLE_SWEEP_PATH}`, { method: 'POST' })),
  };
}
