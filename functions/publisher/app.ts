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
    const results = await publishDueEditions(publishingContext(deps));
    for (const result of results) deps.logger.info('edition published', { ...result });
    const purged = await purgeDueContactData(deps);
    return c.json({ editions: results, purged });
  });
  return app;
}
