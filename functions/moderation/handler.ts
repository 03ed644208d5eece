import { handle } from 'hono/aws-lambda';
import { createLogger } from '../../shared/http/logger.js';
import { createStaffVerifier } from '../../shared/http/staff-auth.js';
import { kmsLogSigner, logIdentityFromEnvironment } from '../../shared/services/log-signer.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { createStoreContext } from '../../shared/store/client.js';
import { publisherIdentityFromEnvironment, requiredEnv } from '../../shared/http/env.js';
import { s3AttachmentStorage } from '../../shared/store/s3-attachments.js';
import { apiGatewayKeys } from '../../shared/store/api-gateway-keys.js';
import { createModerationApp } from './app.js';

const publisher = publisherIdentityFromEnvironment();

export const handler = handle(
  createModerationApp({
    store: createStoreContext(),
    logger: createLogger('moderation'),
    now: () => new Date(),
    publisher,
    lookupHasher: lookupHasherFromEnvironment(),
    logSigner: kmsLogSigner(requiredEnv('LOG_KEY_ID'), logIdentityFromEnvironment(publisher)),
    attachments: s3AttachmentStorage(requiredEnv('ATTACHMENTS_BUCKET')),
    apiKeyGateway: apiGatewayKeys(requiredEnv('PARTNERS_USAGE_PLAN_NAME')),
    verifyStaff: createStaffVerifier({ userPoolId: requiredEnv('USER_POOL_ID'), clientId: requiredEnv('USER_POOL_CLIENT_ID') }),
  }),
);
