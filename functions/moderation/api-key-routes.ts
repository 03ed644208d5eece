import type { Hono } from 'hono';
import { objectBody } from '../../shared/http/fields.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { requireStaff, type StaffEnv, type StaffVerifier } from '../../shared/http/staff-auth.js';
import type { ApiKeyContext } from '../../shared/services/api-keys.js';
import { staffTokenRevocations } from '../../shared/services/staff-revocation.js';

/**
 * The key code, imported by the first key request: editors manage keys a few times a month, and every other staff
 * request of a cold start would parse it for nothing (docs/BENCHMARKS.md, "Cold start and bundle size").
 */
const keyCode = () => import('./api-key-code.js');

const UNKNOWN_KEY = {
  'zh-CN': ['未找到', '没有这个有效的 API 密钥（可能已被吊销）。'],
  en: ['Not found', 'There is no active API key with this id (it may have been revoked).'],
} as const;

/**
 * Editors manage the API keys of authorised verifiers and agencies: issue (the key is shown once, in the 201),
 * list, rotate (a new value, same id; the old one stops at once) and revoke.
 */
export function registerApiKeyRoutes(app: Hono<StaffEnv>, verifyStaff: StaffVerifier, keys: ApiKeyContext): void {
  app.use('/api/v1/moderation/api-keys', requireStaff(verifyStaff, staffTokenRevocations(keys.store), ['editor']));
  app.use('/api/v1/moderation/api-keys/*', requireStaff(verifyStaff, staffTokenRevocations(keys.store), ['editor']));

  const keyAction = (name: 'rotate' | 'revoke') =>
    app.post(`/api/v1/moderation/api-keys/:id/${name}`, async (c) => {
      const id = c.req.param('id');
      const { ApiKeyNotFound, isApiKeyId, rotateApiKey, revokeApiKey } = await keyCode();
      const action = name === 'rotate' ? rotateApiKey : revokeApiKey;
      try {
        if (!isApiKeyId(id)) throw new ApiKeyNotFound();
        c.header('cache-control', 'no-store');
        return c.json(await action(keys, id));
      } catch (error) {
        if (!(error instanceof ApiKeyNotFound)) throw error;
        const [title, detail] = UNKNOWN_KEY[c.get('locale')];
        throw new HttpProblem(404, 'api-key-not-found', title, detail);
      }
    });

  app.get('/api/v1/moderation/api-keys', async (c) => c.json({ items: await (await keyCode()).listKeys(keys) }));

  app.post('/api/v1/moderation/api-keys', async (c) => {
    const body = await objectBody(c);
    const issued = await (await keyCode()).issueApiKey(keys, body, c.get('staff').username);
    c.header('cache-control', 'no-store');
    return c.json(issued, 201);
  });

  keyAction('rotate');
  keyAction('revoke');
}
