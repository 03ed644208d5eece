import { expect } from 'vitest';
import { addDays, shanghaiDate } from '../../shared/domain/editions.js';
import { json } from './declarations.js';
import type { TestSystem } from './system.js';

export interface Filed {
  readonly id: string;
  readonly receipt: string;
}

let editionOffset = 0;

/** A fresh future edition date per call (each test file has its own table, so offsets only need to differ within one). */
export function nextEditionDate(): string {
  editionOffset += 1;
  return addDays(shanghaiDate(new Date()), 20 + editionOffset);
}

/**
 * Records each declaration's fee as paid, as the desk does before placement: the amount the staff view states
 * (`payment.owedFen`), through the staff route, with a staff `authorization` header. Every test, bench and
 * script that places notices pays with this first.
 */
export async function payFees(send: (path: string, init: RequestInit) => Promise<Response>, authorization: string, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const view = await send(`/api/v1/moderation/declarations/${id}`, { headers: { authorization } });
    expect(view.status, await view.clone().text()).toBe(200);
    const { payment } = (await view.json()) as { payment: { status: string; owedFen?: number } };
    if (payment.status !== 'unpaid') continue;
    const paid = await send(`/api/v1/moderation/declarations/${id}/payment`, json({ amount: payment.owedFen, reference: `TEST-${id.slice(0, 8)}` }, { authorization }));
    expect(paid.status, await paid.clone().text()).toBe(201);
  }
}

/** Publishes the edition of `date` through the route, on the morning of its date (it cannot be published earlier). */
export function publishOnItsDay(system: TestSystem, date: string, init: RequestInit): Promise<Response> {
  return system.clock.onTheDayOf(date, () => system.request(`/api/v1/editions/${date}/publish`, init));
}

/** Drives the staff API the way a newspaper does: file, decide, place and publish through the real routes. */
export function newsroom(system: TestSystem) {
  const tokens = Promise.all([system.auth.issueToken('moderator'), system.auth.issueToken('editor')]);
  const staff = async (role: 0 | 1, init: RequestInit = {}): Promise<RequestInit> => ({
    ...init,
    headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${(await tokens)[role]}` },
  });

  const file = async (body: unknown): Promise<Filed> => {
    const response = await system.request('/api/v1/declarations', json(body));
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as Filed;
  };

  const decide = async (id: string, action: 'approve' | 'reject', version = 1): Promise<void> => {
    const body = { action, version, ...(action === 'reject' ? { reason: '材料不符' } : {}) };
    const response = await system.request(`/api/v1/moderation/declarations/${id}/decision`, await staff(0, json(body)));
    expect(response.status, await response.clone().text()).toBe(200);
  };

  /** Files, approves and places every body in a new edition, then publishes it. Notice numbers in filing order. */
  const publish = async (bodies: readonly unknown[], date = nextEditionDate()): Promise<{ date: string; ids: string[] }> => {
    const ids: string[] = [];
    for (const body of bodies) {
      const { id } = await file(body);
      await decide(id, 'approve');
      ids.push(id);
    }
    expect((await system.request('/api/v1/editions', await staff(1, json({ date })))).status).toBe(201);
    await payFees(system.request, `Bearer ${(await tokens)[1]}`, ids);
    expect((await system.request(`/api/v1/editions/${date}/notices`, await staff(1, json({ ids })))).status).toBe(200);
    const published = await publishOnItsDay(system, date, await staff(1, { method: 'POST' }));
    expect(published.status).toBe(200);
    return { date, ids };
  };

  /** Files and approves, then places in an edition that is never published (status `scheduled`). */
  const schedule = async (body: unknown): Promise<string> => {
    const { id } = await file(body);
    await decide(id, 'approve');
    const date = nextEditionDate();
    expect((await system.request('/api/v1/editions', await staff(1, json({ date })))).status).toBe(201);
    await payFees(system.request, `Bearer ${(await tokens)[1]}`, [id]);
    expect((await system.request(`/api/v1/editions/${date}/notices`, await staff(1, json({ ids: [id] })))).status).toBe(200);
    return id;
  };

  return { file, decide, publish, schedule };
}
