import type { Hono } from 'hono';
import { createApp, type AppDeps, type AppEnv } from '../../shared/http/app.js';
import { readTariff } from '../../shared/store/config-store.js';

export type FilingDeps = AppDeps;

/** Citizens' routes: the catalogue, preview, filing and following one's own declaration, and their pages. */
export function createFilingApp(deps: FilingDeps): Hono<AppEnv> {
  const app = createApp(deps.logger);

  // Health reads one item, so it reports whether the store answers, not only whether the code loaded.
  const health = async () => {
    await readTariff(deps.store);
    return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
  };
  app.get('/health', health);
  app.get('/api/v1/health', health);

  return app;
}
