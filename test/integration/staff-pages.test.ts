import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../shared/domain/editions.js';
import { json, physicianDeclaration } from '../support/declarations.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;

beforeAll(async () => {
  system = await createTestSystem();
});

const ORIGIN = 'http://127.0.0.1';

async function signIn(role: 'moderator' | 'editor'): Promise<string> {
  const response = await system.request('/staff/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: `token=${await system.auth.issueToken(role)}`,
  });
  expect(response.status).toBe(303);
  const cookie = response.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Strict/i);
  return cookie.split(';')[0] ?? '';
}

function form(cookie: string, body: Record<string, string | string[]>): RequestInit {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) for (const item of [value].flat()) params.append(name, item);
  return { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: params.toString() };
}

async function fileOne(): Promise<string> {
  const response = await system.request('/api/v1/declarations', json(physicianDeclaration()));
  return ((await response.json()) as { id: string }).id;
}

describe('the staff console', () => {
  it('sends a visitor without a token to sign-in, and refuses a bad token', async () => {
    const response = await system.request('/staff');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/staff/sign-in');
    const bad = await system.request('/staff/sign-in', form('', { token: 'nope' }));
    expect(bad.status).toBe(401);
  });

  it('lets a moderator review the queue and decide, with a clear message on a stale version', async () => {
    const cookie = await signIn('moderator');
    const id = await fileOne();
    const queue = await (await system.request('/staff', { headers: { cookie } })).text();
    expect(queue).toContain(`/staff/declarations/${id}`);
    const rejectWithoutReason = await system.request(`/staff/declarations/${id}/decision`, form(cookie, { action: 'reject', version: '1', reason: '' }));
    expect(rejectWithoutReason.status).toBe(409);
    const approved = await system.request(`/staff/declarations/${id}/decision`, form(cookie, { action: 'approve', version: '1' }));
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain('approved');
    const stale = await system.request(`/staff/declarations/${id}/decision`, form(cookie, { action: 'reject', version: '1', reason: '晚了' }));
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Someone else changed it');
  });

  it('keeps editor pages from moderators and refuses cross-site form posts', async () => {
    const cookie = await signIn('moderator');
    expect((await system.request('/staff/editions', { headers: { cookie } })).status).toBe(403);
    const crossSite = await system.request('/staff/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'local=editor',
    });
    expect(crossSite.status).toBe(403);
  });

  it('lets an editor create an edition, place approved notices, publish and print', async () => {
    const moderator = await signIn('moderator');
    const editor = await signIn('editor');
    const id = await fileOne();
    await system.request(`/staff/declarations/${id}/decision`, form(moderator, { action: 'approve', version: '1' }));
    const date = addDays(shanghaiDate(new Date()), 60);
    expect((await system.request('/staff/editions', form(editor, { date }))).status).toBe(200);
    const builder = await (await system.request('/staff/editions', { headers: { cookie: editor } })).text();
    expect(builder).toContain(`value="${id}"`);
    const placed = await system.request('/staff/editions/place', form(editor, { date, ids: [id], days: '1' }));
    expect(await placed.text()).toContain('Placed 1');
    // Publishing asks first (on the edition's day), then publishes once confirmed.
    const asked = await system.clock.onTheDayOf(date, () => system.request('/staff/editions/publish', form(editor, { date })));
    expect(await asked.text()).toContain('Confirm publish');
    const published = await system.clock.onTheDayOf(date, () => system.request('/staff/editions/publish', form(editor, { date, confirm: 'yes' })));
    expect(await published.text()).toContain('Published 1');
    const print = await system.request(`/staff/editions/${date}/print`, { headers: { cookie: editor } });
    expect(await print.text()).toContain(`${date.replaceAll('-', '')}-0001`);
    const again = await system.request('/staff/editions/place', form(editor, { date, ids: [id], days: '1' }));
    expect(again.status).toBe(409);
  });
});
