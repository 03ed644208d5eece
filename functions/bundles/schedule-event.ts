import { scheduledRouteEvent } from '../scheduled-run.js';

export const BUNDLE_SWEEP_PATH = '/bundles/sweep';

/** How often the sweep runs (the stack's schedule and the local server's timer). */
export const BUNDLE_SWEEP_MINUTES = 5;

/** What the bundle sweep schedule sends (functions/schedule-event.ts). */
export const BUNDLE_SWEEP_EVENT = scheduledRouteEvent(BUNDLE_SWEEP_PATH);
