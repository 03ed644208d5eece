import type { Hono } from 'hono';
import { createApp, type AppEnv } from '../../shared/http/app.js';
import { publishDueEditions } from '../../shared/services/publication.js';
import { publishingContext, type PublishingDeps } from '../../shared/services/publishing-context.js';
import { purgeDueContactData } from '../../shared/services/retention.js';
import { PUBLISHER_RUN_PATH } from './schedule-event.js';

export type PublisherDeps = PublishingDeps;

/**
 * The scheduled publisher. It has no API Gateway route: the EventBridge schedule invokes it with
 * `SCHEDULED_RUN_EVENT`, and the local server calls the same route on a timer. It publishes every edition
 * whose time has come, through the same code as the editor's "publish now", and removes personal data that
 * has outlived its retention period.
 */
export function createPublisherApp(deps: PublisherDeps): Hono<AppEnv> {
  const app = createApp(deps.logger);
  app.post(PUBLISHER_RUN_PATH, async (c) => {
    // Side by side, each to its end: they touch different declarations (due in an edition now, or published or
    // withdrawn past retention), and a run that fails is run again whole (both are idempotent).
    const [published, purged] = await Promise.allSettled([publishDueEditions(publishingContext(deps)), purgeDueContactData(deps)]);
    if (published.status === 'rejected') throw published.reason;
    for (const result of published.value) deps.logger.info('edition published', { ...result });
    if (purged.status === 'rejected') throw purged.reason;
    return c.json({ editions: published.value, purged: purged.value });
  });
  return app;
}
