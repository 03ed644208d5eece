import type { Hono } from 'hono';
import { createApp, type AppDeps, type AppEnv } from '../../shared/http/app.js';

export type PublisherDeps = AppDeps;

/**
 * The scheduled publisher. It has no API Gateway route: the EventBridge schedule invokes it with
 * `SCHEDULED_RUN_EVENT`, and the local server calls the same app on a timer.
 */
export function createPublisherApp(deps: PublisherDeps): Hono<AppEnv> {
  return createApp(deps.logger);
}
