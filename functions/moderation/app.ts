import type { Hono } from 'hono';
import { createApp, type AppDeps } from '../../shared/http/app.js';
import { requireStaff, type StaffEnv, type StaffVerifier } from '../../shared/http/staff-auth.js';

export interface ModerationDeps extends AppDeps {
  readonly verifyStaff: StaffVerifier;
}

/** Staff routes: every `/api/v1/moderation/*` and `/api/v1/editions*` route needs a staff token. */
export function createModerationApp(deps: ModerationDeps): Hono<StaffEnv> {
  const app = createApp<StaffEnv>(deps.logger);
  app.use('/api/v1/moderation/*', requireStaff(deps.verifyStaff, ['moderator', 'editor']));
  app.use('/api/v1/editions', requireStaff(deps.verifyStaff, ['editor']));
  app.use('/api/v1/editions/*', requireStaff(deps.verifyStaff, ['editor']));

  app.get('/api/v1/moderation/me', (c) => {
    const { username, roles } = c.get('staff');
    return c.json({ username, roles });
  });
  return app;
}
