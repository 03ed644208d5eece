/**
 * The watch lists' two numbers, apart from their rules (watches.ts), so that the store and the sealer reach them
 * without bundling the callback checks into every function that seals a value or ends a watch.
 */

/** Watches on one number, from every organisation together: each adds an item to the publication's transaction. */
export const MAX_WATCHES_PER_NUMBER = 50;

/**
 * How long a sealed signing secret opens: a watch lasts until its organisation ends it, so the seal's own expiry
 * (sealed values always carry one) is set past any watch's life.
 */
export const WATCH_SECRET_SEAL_SECONDS = 100 * 365 * 24 * 60 * 60;
