import type { PublicationDeps } from '../http/app.js';
import type { LogSigner } from './log-signer.js';
import type { PublicationContext } from './publication.js';
import { publishedNotificationHook } from './notifications.js';
import { hookOnDemand } from './publication-hooks.js';
import { watchNotificationHook } from './watches.js';

/** What the functions that publish (moderation's "publish now", the scheduled publisher) are built with. */
export interface PublishingDeps extends PublicationDeps {
  /** Signs the log's checkpoints; resolved lazily (in AWS: KMS, on the first checkpoint). */
  readonly logSigner: () => Promise<LogSigner>;
}

/** The publication context with every lane's hook on the publish transaction (add new hooks to this list). */
export function publishingContext(deps: PublishingDeps): PublicationContext {
  return {
    store: deps.store,
    now: deps.now,
    lookupHasher: deps.lookupHasher,
    hooks: [
      // The transparency log's code (its tree, entries, signed notes) is only for publishing: on demand.
      () => hookOnDemand(async () => (await import('./transparency-log.js')).logAppendHook(deps.store, deps.now, deps.logSigner)),
      publishedNotificationHook(deps.store, deps.now),
      // After the log's hook, so the webhook carries the notice's logIndex as the public API shows it.
      watchNotificationHook(deps.store, deps.now),
    ],
  };
}
