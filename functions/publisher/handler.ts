import { handle } from '../lambda-adapter.js';
import { createLogger } from '../../shared/http/logger.js';
import { kmsLogSignerOnDemand } from '../../shared/services/log-signer-on-demand.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { publisherIdentityFromEnvironment, requiredEnv } from '../../shared/http/env.js';
import { createStoreContext } from '../../shared/store/client.js';
import { createPublisherApp } from './app.js';
import { failingOnServerError } from '../scheduled-run.js';

const publisher = publisherIdentityFromEnvironment();

const serve = handle(
  createPublisherApp({
    store: createStoreContext(),
    logger: createLogger('publisher'),
    now: () => new Date(),
    lookupHasher: lookupHasherFromEnvironment(),
    logSigner: kmsLogSignerOnDemand(requiredEnv('LOG_KEY_ID'), publisher),
  }),
);

/** A failed run fails the invocation, so EventBridge retries it and then hands it to the dead-letter queue. */
export const handler = failingOnServerError(serve);
