import type { Hono } from 'hono';
import { createApp, type AppDeps, type AppEnv } from '../../shared/http/app.js';

export type VerifyDeps = AppDeps;

/** Everyone's routes: verification by number and the published notices. Reads public partitions only. */
export function createVerifyApp(deps: VerifyDeps): Hono<AppEnv> {
  return createApp(deps.logger);
}
