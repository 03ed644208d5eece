import { handle } from '../lambda-adapter.js';
import { createLogger } from '../../shared/http/logger.js';
import { PUBLIC_CALLBACKS } from '../../shared/domain/watches.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { webhookSealerFromEnvironment } from '../../shared/services/sealed-values.js';
import { createStoreContext } from '../../shared/store/client.js';
import { createPartnersApp } from './app.js';

const now = () => new Date();

export const handler = handle(
  createPartnersApp({
    store: createStoreContext(),
    logger: createLogger('partners'),
    now,
    lookupHasher: lookupHasherFromEnvironment(),
    webhookSealer: webhookSealerFromEnvironment(now),
    // In AWS callbacks go to public https addresses only; nothing here reads a setting that could widen that.
    callbackRules: PUBLIC_CALLBACKS,
  }),
);
