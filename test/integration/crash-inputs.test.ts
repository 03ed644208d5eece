import { beforeAll, describe, expect, it } from 'vitest';
import { createFilingApp } from '../../functions/filing/app.js';
import { localAttachments } from '../../scripts/local-attachments.js';
import { createLogger } from '../../shared/http/logger.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { createValueSealer } from '../../shared/services/sealed-values.js';
import { createLookupHasher } from '../../shared/services/lookup-key.js';
import { json, physicianDeclaration } from '../support/declarations.js';
import { newsroom, nextEditionDate, payFees } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

/** Inputs that used to crash or be refused (issue 12): deep JSON, empty bodies, problem `status` members; the filing limit. */
let system: TestSystem;
let desk: ReturnType<typeof newsroom>;

beforeAll(async () => {
  system = await createTestSystem();
  desk = newsroom(system);
});

const raw = (text: string, method = 'POST', headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers },
  body: text,
});
const receipt = (value: string, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Receipt ${value}` } });

async function expectProblem(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem.status).toBe(status);
  return problem;
}

describe('JSON nested thousands deep (under 64 KiB)', () => {
  const depth = 6_000;
  const objects = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const arrays = `${'['.repeat(depth * 3)}${']'.repeat(depth * 3)}`;
  const inDeclaration = JSON.stringify(physicianDeclaration()).replace('"statement"', '"x"').replace(/}$/, `,"statement":${objects}}`);

  it('is a 400 on every route that reads a body, never a 500', async () => {
    expect(Buffer.byteLength(objects)).toBeLessThan(64 * 1024);
    expect(Buffer.byteLength(arrays)).toBeLessThan(64 * 1024);
    const filed = await desk.file(physicianDeclaration());
    const editor = { authorization: `Bearer ${await system.auth.issueToken('editor')}` };
    const routes: [string, RequestInit][] = [];
    for (const body of [objects, arrays, inDeclaration]) {
      routes.push(
        ['/api/v1/declarations/preview', raw(body)],
        ['/api/v1/declarations', raw(body)],
        [`/api/v1/declarations/${filed.id}`, receipt(filed.receipt, raw(body, 'PATCH'))],
        [`/api/v1/declarations/${filed.id}/withdraw`, receipt(filed.receipt, raw(body))],
        [`/api/v1/moderation/declarations/${filed.id}/decision`, raw(body, 'POST', editor)],
        ['/api/v1/editions', raw(body, 'POST', editor)],
      );
    }
    for (const [path, init] of routes) {
      const problem = await expectProblem(await system.request(path, init), 400);
      expect(problem.type, path).toMatch(/too-deep|validation-error/);
    }
  });
});

describe('a POST whose body is optional', () => {
  it('withdraws with Content-Length: 0 and no body, with no body at all, and with {}', async () => {
    const bodies: RequestInit[] = [
      { method: 'POST', headers: { 'content-length': '0' } },
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '0' } },
      { method: 'POST' },
      raw('{}'),
    ];
    for (const init of bodies) {
      const filed = await desk.file(physicianDeclaration());
      const response = await system.request(`/api/v1/declarations/${filed.id}/withdraw`, receipt(filed.receipt, init));
      expect(response.status, JSON.stringify(init.headers)).toBe(200);
      expect(((await response.json()) as { status: string }).status).toBe('withdrawn');
    }
  });

  it('publishes with Content-Length: 0 and no body', async () => {
    const { id } = await desk.file(physicianDeclaration());
    await desk.decide(id, 'approve');
    const date = nextEditionDate();
    const editor = { authorization: `Bearer ${await system.auth.issueToken('editor')}` };
    expect((await system.request('/api/v1/editions', json({ date }, editor))).status).toBe(201);
    await payFees(system.request, editor.authorization, [id]);
    expect((await system.request(`/api/v1/editions/${date}/notices`, json({ ids: [id] }, editor))).status).toBe(200);
    // Before its date the edition cannot be published (409), but the empty body is accepted as such, not a 400/415.
    const response = await system.request(`/api/v1/editions/${date}/publish`, { method: 'POST', headers: { ...editor, 'content-length': '0', 'content-type': 'application/json' } });
    expect([200, 409]).toContain(response.status);
    if (response.status === 409) expect(((await response.json()) as { status: unknown }).status).toBe(409);
  });
});

describe('the status member of a problem', () => {
  it('is the HTTP status number, also for a wrong-state conflict, which names the current status apart', async () => {
    const filed = await desk.file(physicianDeclaration());
    expect((await system.request(`/api/v1/declarations/${filed.id}/withdraw`, receipt(filed.receipt, { method: 'POST' }))).status).toBe(200);
    const again = await expectProblem(await system.request(`/api/v1/declarations/${filed.id}/withdraw`, receipt(filed.receipt, { method: 'POST' })), 409);
    expect(again).toMatchObject({ type: '/problems/wrong-state', currentStatus: 'withdrawn', action: 'withdraw' });
  });

  it('can never be overwritten by a problem extension', () => {
    const details = new HttpProblem(409, 'x', 't', 'd', { status: 'submitted', type: 'evil', title: 'evil', detail: 'evil', extra: 1 }).toDetails();
    expect(details).toEqual({ type: '/problems/x', title: 't', status: 409, detail: 'd', extra: 1 });
  });
});

/** The filing app with a per-client limit of `perMinute` filing requests. */
const limitedFilingApp = (perMinute: number) =>
  createFilingApp({ store: system.store, logger: createLogger('filing'), now: () => new Date(), lookupHasher: async () => createLookupHasher(system.lookupKey), attachments: localAttachments(system.dataDir).storage, valueSealer: async () => createValueSealer('0'.repeat(64), () => new Date()), filingRateLimit: perMinute });

describe('the filing rate limit', () => {
  it('answers 429 with Retry-After once a client has filed too often, and leaves reading alone', async () => {
    const app = limitedFilingApp(3);
    const env = { incoming: { socket: { remoteAddress: '198.51.100.7' } } };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await app.request('/api/v1/declarations/preview', json(physicianDeclaration()), env)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await app.request('/api/v1/declarations', json(physicianDeclaration()), env);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { status: number }).status).toBe(429);
    expect((await app.request('/api/v1/document-types', {}, env)).status).toBe(200);
    const other = { incoming: { socket: { remoteAddress: '198.51.100.8' } } };
    expect((await app.request('/api/v1/declarations/preview', json(physicianDeclaration()), other)).status).toBe(200);
  });

  it('leaves a person typing a form its submit: the live preview the script posts at each pause counts apart', async () => {
    const app = limitedFilingApp(3);
    const env = { incoming: { socket: { remoteAddress: '198.51.100.9' } } };
    const { declarant, document, contact } = physicianDeclaration();
    const fields = {
      idempotencyKey: crypto.randomUUID(),
      'document.type': document.type,
      kind: 'loss',
      'declarant.type': 'person',
      'declarant.name': declarant.name,
      'document.number': document.number,
      'contact.phone': contact.phone,
    };
    const post = (path: string, values: Record<string, string>) =>
      app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: new URLSearchParams(values).toString() }, env);
    for (let pause = 0; pause < 12; pause += 1) expect((await post('/file/preview', fields)).status).toBe(200);
    const filed = await post('/file', { ...fields, intent: 'submit' });
    expect(filed.status, await filed.clone().text()).toBe(200);
    expect(await filed.text()).toContain('id="receipt"');
  });
});
