import { beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES, mountMatcher } from '../../functions/routes.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;

beforeAll(async () => {
  system = await createTestSystem();
});

const SAMPLE_PARAMS: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  attachmentId: '00000000-0000-4000-8000-000000000001',
  date: '2030-01-02',
};

/**
 * Every route the moderation app registers under a staff mount, read from the router itself: a route added
 * later is covered without touching this test.
 */
function staffRoutes(): { method: string; path: string; editorOnly: boolean }[] {
  const staffMounts = HTTP_ROUTES.moderation.filter((mount) => mount.staff);
  const routes = system.apps.moderation.routes ?? [];
  return routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => ({
      method: route.method,
      path: route.path.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x'),
      editorOnly: route.path.startsWith('/api/v1/editions'),
    }))
    .filter((route) => staffMounts.some((mount) => mountMatcher(mount.path)(route.path)));
}

describe('every staff route', () => {
  it('is found by enumerating the router', () => {
    const paths = staffRoutes().map((route) => `${route.method} ${route.path}`);
    expect(paths).toEqual(expect.arrayContaining(['GET /api/v1/moderation/queue', 'POST /api/v1/editions']));
    expect(paths.length).toBeGreaterThanOrEqual(8);
  });

  it('rejects a missing, malformed, forged or expired token with 401 and a wrong role with 403', async () => {
    const valid = await system.auth.issueToken('editor');
    const [header, payload, signature] = valid.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['editor', 'admin'] })).toString('base64url')}.${signature}`;
    const expired = await system.auth.issueToken('editor', { expiresAt: Math.floor(Date.now() / 1000) - 60 });
    const stranger = await (await createTestSystem()).auth.issueToken('editor');
    const moderator = await system.auth.issueToken('moderator');
    const unauthenticated: (string | undefined)[] = [undefined, 'Bearer', 'Bearer not.a.jwt', `Basic ${valid}`, `Bearer ${forged}`, `Bearer ${expired}`, `Bearer ${stranger}`];

    for (const route of staffRoutes()) {
      for (const authorization of unauthenticated) {
        const response = await system.request(route.path, {
          method: route.method,
          headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/json' },
          ...(route.method === 'GET' ? {} : { body: '{}' }),
        });
        expect({ route: `${route.method} ${route.path}`, authorization: authorization?.slice(0, 12), status: response.status }).toMatchObject({ status: 401 });
      }
      if (route.editorOnly) {
        const response = await system.request(route.path, {
          method: route.method,
          headers: { authorization: `Bearer ${moderator}`, 'content-type': 'application/json' },
          ...(route.method === 'GET' ? {} : { body: '{}' }),
        });
        expect({ route: `${route.method} ${route.path}`, status: response.status }).toMatchObject({ status: 403 });
        // The refusal says why in words: which role it takes and which one the token has.
        expect(((await response.json()) as { detail: string }).detail).toBe('此操作仅限编辑（editor）；您的令牌角色是审核员（moderator）。');
      }
    }
  });

  it('takes the Bearer scheme in any case (RFC 9110 §11.1)', async () => {
    const token = await system.auth.issueToken('editor');
    for (const scheme of ['bearer', 'BEARER', 'beArer']) {
      for (const route of staffRoutes()) {
        const response = await system.request(route.path, {
          method: route.method,
          headers: { authorization: `${scheme} ${token}`, 'content-type': 'application/json' },
          ...(route.method === 'GET' ? {} : { body: '{}' }),
        });
        // Past authentication: whatever the route says of a sample id or an empty body, never that no token came.
        expect({ route: `${route.method} ${route.path}`, scheme, status: response.status }).not.toMatchObject({ status: 401 });
      }
      expect((await system.request('/api/v1/moderation/me', { headers: { authorization: `${scheme} ${token}` } })).status).toBe(200);
    }
  });
});
