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

/** An edition date as messages and pages write it in Chinese (2030-01-05 → 2030年1月5日). */
export function inChinese(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** The number the first notice of the edition of `date` gets (`20301105-0001`), written out as the contract shows it. */
export function firstNoticeNo(date: string): string {
  return `${date.replaceAll('-', '')}-0001`;
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

  const openEdition = async (date: string): Promise<void> => {
    expect((await system.request('/api/v1/editions', await staff(1, json({ date })))).status).toBe(201);
  };

  /** Pays the fees and places the declarations in the edition of `date` and, for a run, the `days` - 1 after it. */
  const place = async (date: string, ids: readonly string[], days = 1): Promise<void> => {
    await payFees(system.request, `Bearer ${(await tokens)[1]}`, ids);
    expect((await system.request(`/api/v1/editions/${date}/notices`, await staff(1, json({ ids, days })))).status).toBe(200);
  };

  const publishEdition = async (date: string): Promise<void> => {
    const published = await publishOnItsDay(system, date, await staff(1, { method: 'POST' }));
    expect(published.status, await published.clone().text()).toBe(200);
  };

  /** An editor takes the declaration out of the edition of `date` (before its cut-off). */
  const takeOut = async (date: string, id: string): Promise<void> => {
    const response = await system.request(`/api/v1/editions/${date}/notices/${id}`, await staff(1, { method: 'DELETE' }));
    expect(response.status, await response.clone().text()).toBe(204);
  };

  const fileApproved = async (body: unknown): Promise<Filed> => {
    const filed = await file(body);
    await decide(filed.id, 'approve');
    return filed;
  };

  /** Files, approves and places every body in a new edition, then publishes it. Notice numbers in filing order. */
  const publish = async (bodies: readonly unknown[], date = nextEditionDate()): Promise<{ date: string; ids: string[] }> => {
    const ids: string[] = [];
    for (const body of bodies) ids.push((await fileApproved(body)).id);
    await openEdition(date);
    await place(date, ids);
    await publishEdition(date);
    return { date, ids };
  };

  /** Files and approves, then places in an edition that is never published (status `scheduled`). */
  const schedule = async (body: unknown): Promise<string> => {
    const { id } = await fileApproved(body);
    const date = nextEditionDate();
    await openEdition(date);
    await place(date, [id]);
    return id;
  };

  /** Files and approves, then places in a run of `days` new consecutive editions, none of them published yet. */
  const run = async (body: unknown, days: number): Promise<Filed & { dates: string[] }> => {
    const filed = await fileApproved(body);
    const first = nextEditionDate();
    const dates = [first, ...Array.from({ length: days - 1 }, () => nextEditionDate())];
    for (const date of dates) await openEdition(date);
    await place(first, [filed.id], days);
    return { ...filed, dates };
  };

  return { file, decide, publish, schedule, run, takeOut, publishEdition };
}
