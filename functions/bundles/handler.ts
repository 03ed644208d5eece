import { handle, type ProxyHandler } from '../lambda-adapter.js';
import { createLogger } from '../../shared/http/logger.js';
import { requiredEnv } from '../../shared/http/env.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { createStoreContext } from '../../shared/store/client.js';
import { s3AttachmentStorage } from '../../shared/store/s3-attachments.js';
import { failingOnServerError } from '../scheduled-run.js';
import { createBundlesApp } from './app.js';
import { BUNDLE_SWEEP_PATH } from './schedule-event.js';

const serve = handle(
  createBundlesApp({
    store: createStoreContext(),
    logger: createLogger('bundles'),
    now: () => new Date(),
    lookupHasher: lookupHasherFromEnvironment(),
    attachments: s3AttachmentStorage(requiredEnv('ATTACHMENTS_BUCKET')),
  }),
);

/** A failed sweep fails its (scheduled) invocation, as a failed publication run does; requests are answered as ever. */
const sweep = failingOnServerError(serve);

/** API Gateway's requests, and the sweep schedule's fixed event (BUNDLE_SWEEP_EVENT), which no mount of the API can send. */
export const handler: ProxyHandler = (event, context) =>
  event.path === BUNDLE_SWEEP_PATH ? sweep(event, context) : serve(event, context);
