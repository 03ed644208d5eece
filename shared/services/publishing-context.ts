import type { PublicationDeps } from '../http/app.js';
import type { LogSigner } from './log-signer.js';
import type { PublicationContext } from './publication.js';
import { publishedNotificationHook } from './notifications.js';
import { hookOnDemand, type PublicationHookFactory } from './publication-hooks.js';
import { watchNotificationHook } from './watches.js';

/** What the functions that publish (moderation's "publish now", the scheduled publisher) are built with. */
export interface PublishingDeps extends PublicationDeps {
  /** Signs the log's checkpoints; resolved lazily (in AWS: KMS, on the first checkpoint). */
  readonly logSigner: () => Promise<LogSigner>;
}

/**
 * Every lane's hook on the publish transaction, in order (add new hooks to this list); without the log's when
 * `log` is false, which only measuring what the log costs does (bench/log.ts).
 */
export function publishingHooks(deps: PublishingDeps, { log = true }: { readonly log?: boolean } = {}): PublicationHookFactory[] {
  return [
    // The transparency log's code (its tree, entries, signed notes) is only for publishing: on demand.
    ...(log ? [() => hookOnDemand(async () => (await import('./transparency-log.js')).logAppendHook(deps.store, deps.now, deps.logSigner))] : []),
    publishedNotificationHook(deps.store, deps.now),
    // After the log's hook, so the webhook carries the notice's logIndex as the public API shows it.
    watchNotificationHook(deps.store, deps.now),
  ];
}

/** The publication context with every lane's hook on the publish transaction. */
export function publishingContext(deps: PublishingDeps): PublicationContext {
  return { store: deps.store, now: deps.now, lookupHasher: deps.lookupHasher, hooks: publishingHooks(deps) };
}
