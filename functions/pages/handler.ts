import { handle } from '../lambda-adapter.js';
import { publisherIdentityFromEnvironment } from '../../shared/http/env.js';
import { createLogger } from '../../shared/http/logger.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { createStoreContext } from '../../shared/store/client.js';
import { createPagesApp } from './app.js';

export const handler = handle(
  createPagesApp({
    store: createStoreContext(),
    logger: createLogger('pages'),
    now: () => new Date(),
    lookupHasher: lookupHasherFromEnvironment(),
    publisher: publisherIdentityFromEnvironment(),
  }),
);
