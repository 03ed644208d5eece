import { handle } from '../lambda-adapter.js';
import { createLogger } from '../../shared/http/logger.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { createStoreContext } from '../../shared/store/client.js';
import { createVerifyApp } from './app.js';

export const handler = handle(
  createVerifyApp({
    store: createStoreContext(),
    logger: createLogger('verify'),
    now: () => new Date(),
    lookupHasher: lookupHasherFromEnvironment(),
  }),
);
