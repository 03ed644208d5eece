import { handle } from 'hono/aws-lambda';
import { createLogger } from '../../shared/http/logger.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { createStoreContext } from '../../shared/store/client.js';
import { createPartnersApp } from './app.js';

export const handler = handle(
  createPartnersApp({ store: createStoreContext(), logger: createLogger('partners'), now: () => new Date(), lookupHasher: lookupHasherFromEnvironment() }),
);
