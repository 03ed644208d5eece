import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalSystem } from '../../scripts/local-server.js';
import { createStoreContext } from '../../shared/store/client.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;

beforeAll(async () => {
  system = await createTestSystem();
});

async function expectProblem(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  return body;
}

describe('the local system', () => {
  it('answers health by reading the store', async () => {
    const response = await system.request('/api/v1/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers an unknown route with a 404 problem, in Chinese by default and English on request', async () => {
    const zh = await expectProblem(await system.request('/api/v1/nothing-here'), 404);
    expect(zh.title).toBe('未找到');
    const en = await expectProblem(await system.request('/api/v1/nothing-here', { headers: { 'accept-language': 'en-GB,en;q=0.9' } }), 404);
    expect(en.title).toBe('Not found');
  });

  it('refuses bodies over 64 KiB with 413', async () => {
    const body = JSON.stringify({ statement: 'x'.repeat(70 * 1024) });
    const response = await system.request('/api/v1/declarations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    });
    await expectProblem(response, 413);
  });

  it('refuses non-JSON API bodies with 415', async () => {
    const response = await system.request('/api/v1/declarations', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'content-length': '5' },
      body: 'hello',
    });
    await expectProblem(response, 415);
  });

  it('answers 503 with Retry-After when the store cannot be reached', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    const offline = createLocalSystem({
      store: createStoreContext({ endpoint: `http://127.0.0.1:${closedPort}`, tableName: 'offline' }),
      staffAuth: system.auth.config,
      lookupKey: 'offline',
      dataDir: system.dataDir,
    });
    const response = await offline.fetch(new Request('http://127.0.0.1/api/v1/health'));
    await expectProblem(response, 503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('staff authentication', () => {
  const path = '/api/v1/moderation/me';

  it('accepts a token from the local issuer with a staff role', async () => {
    const token = await system.auth.issueToken('moderator');
    const response = await system.request(path, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ username: 'local-moderator', roles: ['moderator'] });
  });

  it('rejects a missing, malformed or forged token with 401', async () => {
    await expectProblem(await system.request(path), 401);
    await expectProblem(await system.request(path, { headers: { authorization: 'Bearer not-a-jwt' } }), 401);
    const token = await system.auth.issueToken('editor');
    const [header, payload, signature = ''] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, username: 'mallory' })).toString('base64url');
    await expectProblem(await system.request(path, { headers: { authorization: `Bearer ${header}.${forgedPayload}.${signature}` } }), 401);
  });

  it('rejects a token signed by another key with 401', async () => {
    const stranger = await createTestSystem();
    const token = await stranger.auth.issueToken('moderator');
    await expectProblem(await system.request(path, { headers: { authorization: `Bearer ${token}` } }), 401);
  });

  it('rejects an editor-only route for a moderator with 403', async () => {
    const token = await system.auth.issueToken('moderator');
    await expectProblem(await system.request('/api/v1/editions', { headers: { authorization: `Bearer ${token}` } }), 403);
  });
});
