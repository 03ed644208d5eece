import type { StoredDeclaration } from '../store/declaration-store.js';
import type { PublicNotice } from '../store/edition-store.js';
import type { TransactItem } from '../store/transact.js';

/**
 * Something that must be written in the same transaction as each notice's publication (the transparency log's
 * append, an outbox message, …), so it happens exactly when the notice becomes public and never otherwise.
 * A publication run makes one hook object per run (from `PublicationContext.hooks`), so a hook may keep state
 * across the run's notices.
 */
export interface PublicationHook {
  /**
   * The notice as it will be stored (a hook may add a field, e.g. `logIndex`) and the items to write with it.
   * `published` is the declaration as this transaction publishes it (absent for a correction and for a later
   * edition of a multi-day run, which reprint). `numberHash` is the keyed hash of the notice's certificate number,
   * the lookup item the notice joins (absent for a correction).
   */
  prepare(
    notice: PublicNotice,
    published?: StoredDeclaration,
    numberHash?: string,
  ): Promise<{ readonly notice: PublicNotice; readonly items: readonly TransactItem[] }>;
  /** The transaction committed. */
  committed(): void;
  /** A condition of some hook's items failed and nothing was written: forget cached state; the notice is retried. */
  conflicted(): void;
  /** The run is over (every notice of the edition is published): e.g. sign a checkpoint. */
  finished?(): Promise<void>;
}

export type PublicationHookFactory = () => PublicationHook;

/**
 * A hook whose module is imported when a run first needs it (its first notice, or the end of a run that had none
 * left to publish): code that only publishing runs would otherwise be parsed at every cold start of the functions
 * that publish, whose requests mostly do not.
 */
export function hookOnDemand(load: () => Promise<PublicationHook>): PublicationHook {
  let hook: Promise<PublicationHook> | undefined;
  let loaded: PublicationHook | undefined;
  const ready = async () => (loaded ??= await (hook ??= load()));
  return {
    async prepare(notice, published, numberHash) {
      return (await ready()).prepare(notice, published, numberHash);
    },
    // Only after a prepare, so the hook is there.
    committed: () => loaded?.committed(),
    conflicted: () => loaded?.conflicted(),
    async finished() {
      await (await ready()).finished?.();
    },
  };
}
