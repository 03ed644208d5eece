import { scheduledRouteEvent } from '../scheduled-run.js';

export const PUBLISHER_RUN_PATH = '/publisher/run';

/** What the publication schedule sends (functions/schedule-event.ts). */
export const SCHEDULED_RUN_EVENT = scheduledRouteEvent(PUBLISHER_RUN_PATH);
