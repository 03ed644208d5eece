import { handle } from '../lambda-adapter.js';
import { createLogger } from '../../shared/http/logger.js';
import { createStoreContext } from '../../shared/store/client.js';
import { requiredEnv } from '../../shared/http/env.js';
import { s3AttachmentStorage } from '../../shared/store/s3-attachments.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { valueSealerFromEnvironment } from '../../shared/services/sealed-values.js';
import { createFilingApp } from './app.js';

export const handler = handle(
  createFilingApp({
    store: createStoreContext(),
    logger: createLogger('filing'),
    now: () => new Date(),
    lookupHasher: lookupHasherFromEnvironment(),
    attachments: s3AttachmentStorage(requiredEnv('ATTACHMENTS_BUCKET')),
    valueSealer: valueSealerFromEnvironment(() => new Date()),
  }),
);
