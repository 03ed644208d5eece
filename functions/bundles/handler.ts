import { handle } from 'hono/aws-lambda';
import { createLogger } from '../../shared/http/logger.js';
import { requiredEnv } from '../../shared/http/env.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { createStoreContext } from '../../shared/store/client.js';
import { s3AttachmentStorage } from '../../shared/store/s3-attachments.js';
import { createBundlesApp } from './app.js';

export const handler = handle(
  createBundlesApp({
    store: createStoreContext(),
    logger: createLogger('bundles'),
    now: () => new Date(),
    lookupHasher: lookupHasherFromEnvironment(),
    attachments: s3AttachmentStorage(requiredEnv('ATTACHMENTS_BUCKET')),
  }),
);
