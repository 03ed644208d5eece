import { createLogger } from '../../shared/http/logger.js';
import { createStaffVerifier, issuerUrl, staffIssuerFromEnvironment } from '../../shared/http/staff-auth.js';
import { valueSealerFromEnvironment } from '../../shared/services/sealed-values.js';
import { staffSignIn, staffSignInConfigFromEnvironment } from '../../shared/services/staff-sign-in.js';
import { kmsLogSignerOnDemand } from '../../shared/services/log-signer-on-demand.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { createStoreContext } from '../../shared/store/client.js';
import { publisherIdentityFromEnvironment, requiredEnv } from '../../shared/http/env.js';
import { s3AttachmentStorage } from '../../shared/store/s3-attachments.js';
import { apiGatewayKeys } from '../../shared/store/api-gateway-keys.js';
import { handle } from '../lambda-adapter.js';
import '../lambda-fetch.js';
import { createModerationApp } from './app.js';
import { STAFF_SESSION_SECONDS } from './staff-session.js';

const staffIssuer = staffIssuerFromEnvironment();

const publisher = publisherIdentityFromEnvironment();

export const handler = handle(
  createModerationApp({
    store: createStoreContext(),
    logger: createLogger('moderation'),
    now: () => new Date(),
    publisher,
    lookupHasher: lookupHasherFromEnvironment(),
    logSigner: kmsLogSignerOnDemand(requiredEnv('LOG_KEY_ID'), publisher),
    attachments: s3AttachmentStorage(requiredEnv('ATTACHMENTS_BUCKET')),
    apiKeyGateway: apiGatewayKeys(requiredEnv('PARTNERS_USAGE_PLAN_NAME')),
    verifyStaff: createStaffVerifier({ issuer: staffIssuer }),
    staffSignIn: staffSignIn(staffSignInConfigFromEnvironment(issuerUrl(staffIssuer), staffIssuer.clientId)),
    sessionSealer: valueSealerFromEnvironment(() => new Date(), process.env, { lifetimeSeconds: STAFF_SESSION_SECONDS, key: 'STAFF_SESSION_KEY' }),
  }),
);
