import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { newOutboxItem, type OutboxMessage, type RetryPolicy } from '../../shared/domain/outbox.js';
import { deliverDueOutbox, deliverOutboxItem, PermanentDeliveryFailure, type OutboxChannel, type OutboxContext } from '../../shared/services/outbox.js';
import type { StoreContext } from '../../shared/store/client.js';
import { getOutboxItem, listDeadOutboxItems, listDueOutboxIds, outboxPut } from '../../shared/store/outbox-store.js';
import { TransactionConditionFailed, transactWrite } from '../../shared/store/transact.js';
import { createTestStore } from '../support/store.js';
import { createTestSystem } from '../support/system.js';

let store: StoreContext;
// A table per test: a sweep sees every due item of its table.
beforeEach(async () => {
  store = await createTestStore();
});

const POLICY: RetryPolicy = { maxAttempts: 4, baseDelaySeconds: 10, maxDelaySeconds: 60, leaseSeconds: 30 };

/** A clock the test moves by hand. */
function manualClock(start = '2030-01-14T02:00:00.000Z') {
  let at = Date.parse(start);
  return { now: () => new Date(at), advance: (seconds: number) => (at += seconds * 1000) };
}

/** A channel that fails its first `failures` calls, then records what it delivered. */
function flakyChannel(failures: number, error: () => Error = () => Object.assign(new Error('provider said no to 13812345678'), { name: 'Throttled' })) {
  const sent: OutboxMessage[] = [];
  let calls = 0;
  const channel: OutboxChannel = {
    deliver: async (message) => {
      calls += 1;
      if (calls <= failures) throw error();
      sent.push(message);
    },
  };
  return { channel, sent, calls: () => calls };
}

let counter = 0;
async function enqueue(now: Date, channel = 'sms'): Promise<string> {
  counter += 1;
  const id = `test-${Date.now()}-${counter}:sms`;
  // Enqueued as producers do: as one step of a transaction (here with one other write beside it).
  await transactWrite(store, [
    outboxPut(store, newOutboxItem({ id, channel, recipient: '13812345678', body: { text: '您的声明已通过审核。' } }, now)),
    { Put: { TableName: store.tableName, Item: { pk: `TEST#${id}`, sk: 'CAUSE' } } },
  ]);
  return id;
}

function context(clock: ReturnType<typeof manualClock>, channels: OutboxContext['channels']): OutboxContext {
  return { store, now: clock.now, channels, policy: POLICY, jitter: () => 0.5 };
}

describe('the outbox', () => {
  it('is written with the change that causes it, and the same message id cannot be enqueued twice', async () => {
    const clock = manualClock();
    const id = await enqueue(clock.now());
    expect(await getOutboxItem(store, id)).toMatchObject({ state: 'pending', attempts: 0, channel: 'sms' });
    const again = transactWrite(store, [
      outboxPut(store, newOutboxItem({ id, channel: 'sms', recipient: '13812345678', body: {} }, clock.now())),
      { Put: { TableName: store.tableName, Item: { pk: `TEST#${id}#2`, sk: 'CAUSE' } } },
    ]);
    await expect(again).rejects.toBeInstanceOf(TransactionConditionFailed);
  });

  it('delivers exactly once through a sender that fails twice then succeeds, backing off between attempts', async () => {
    const clock = manualClock();
    const id = await enqueue(clock.now());
    const sms = flakyChannel(2);
    const ctx = context(clock, { sms: sms.channel });

    expect(await deliverOutboxItem(ctx, id)).toMatchObject({ result: 'retrying', attempts: 1, error: 'Throttled' });
    const afterFirst = await getOutboxItem(store, id);
    expect(afterFirst).toMatchObject({ state: 'pending', lastError: 'Throttled', nextAttemptAt: new Date(clock.now().getTime() + 10_000).toISOString() });
    expect(JSON.stringify(afterFirst)).not.toContain('provider said no');

    // Not due yet: neither a sweep nor a direct attempt touches it.
    expect(await deliverDueOutbox(ctx)).toEqual([]);
    expect(await deliverOutboxItem(ctx, id)).toEqual({ id, result: 'skipped' });
    expect(sms.calls()).toBe(1);

    clock.advance(10);
    expect(await deliverDueOutbox(ctx)).toEqual([expect.objectContaining({ id, result: 'retrying', attempts: 2 })]);
    expect((await getOutboxItem(store, id))?.nextAttemptAt).toBe(new Date(clock.now().getTime() + 20_000).toISOString());

    clock.advance(20);
    expect(await deliverDueOutbox(ctx)).toEqual([expect.objectContaining({ id, result: 'delivered', attempts: 3 })]);
    expect(await getOutboxItem(store, id)).toMatchObject({ state: 'delivered', attempts: 3, deliveredAt: clock.now().toISOString() });

    // Settled: later sweeps and stream redeliveries send nothing more.
    clock.advance(3600);
    expect(await deliverDueOutbox(ctx)).toEqual([]);
    expect(await deliverOutboxItem(ctx, id)).toEqual({ id, result: 'skipped' });
    expect(sms.sent.map((message) => message.id)).toEqual([id]);
    expect(sms.calls()).toBe(3);
  });

  it('sends once when consumers race for the same item (a stream record and a sweep at the same moment)', async () => {
    const clock = manualClock();
    const id = await enqueue(clock.now());
    const sms = flakyChannel(0);
    const ctx = context(clock, { sms: sms.channel });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => deliverOutboxItem(ctx, id)));
    expect(outcomes.filter((outcome) => outcome.result === 'delivered')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.result === 'skipped')).toHaveLength(5);
    expect(sms.sent).toHaveLength(1);
  });

  it('dead-letters an item after its last attempt, and at once on a permanent failure', async () => {
    const clock = manualClock();
    const retried = await enqueue(clock.now());
    const refused = await enqueue(clock.now());
    const always = flakyChannel(Number.POSITIVE_INFINITY);
    const ctx = context(clock, { sms: always.channel });
    for (let attempt = 1; attempt <= POLICY.maxAttempts; attempt += 1) {
      await deliverOutboxItem(ctx, retried);
      clock.advance(POLICY.maxDelaySeconds);
    }
    expect(await getOutboxItem(store, retried)).toMatchObject({ state: 'dead', attempts: POLICY.maxAttempts });
    expect(always.calls()).toBe(POLICY.maxAttempts);

    const invalid = flakyChannel(Number.POSITIVE_INFINITY, () => new PermanentDeliveryFailure('invalid_recipient'));
    expect(await deliverOutboxItem(context(clock, { sms: invalid.channel }), refused)).toMatchObject({ result: 'dead', attempts: 1 });
    expect((await listDeadOutboxItems(store, clock.now())).map((item) => item.id)).toEqual(expect.arrayContaining([retried, refused]));
    expect(await listDueOutboxIds(store, clock.now())).not.toContain(retried);
  });

  it('dead-letters a message for a channel this consumer does not have', async () => {
    const clock = manualClock();
    const id = await enqueue(clock.now(), 'pigeon');
    expect(await deliverOutboxItem(context(clock, {}), id)).toMatchObject({ result: 'dead', error: 'no_channel' });
  });

  it('takes over an item whose consumer crashed mid-delivery once its lease has run out', async () => {
    const clock = manualClock();
    const id = await enqueue(clock.now());
    // A consumer claimed it and died before recording anything.
    const item = await getOutboxItem(store, id);
    const lease = new Date(clock.now().getTime() + POLICY.leaseSeconds * 1000).toISOString();
    await store.client.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { pk: `OUTBOX#${id}`, sk: 'OUTBOX', ...item, state: 'delivering', attempts: 1, claimToken: 'lost', claimedUntil: lease, queuePk: 'OUTBOX#due', queueSk: `${lease}#${id}` },
      }),
    );
    const sms = flakyChannel(0);
    const ctx = context(clock, { sms: sms.channel });
    expect(await deliverDueOutbox(ctx)).toEqual([]);
    clock.advance(POLICY.leaseSeconds);
    expect(await deliverDueOutbox(ctx)).toEqual([expect.objectContaining({ id, result: 'delivered', attempts: 2 })]);
    expect(sms.sent).toHaveLength(1);
  });
});

describe('the local consumer (npm start)', () => {
  it('delivers SMS to the SMS outbox page (masked) and e-mail through the local SMTP server', async () => {
    const system = await createTestSystem();
    const now = new Date();
    await transactWrite(system.store, [
      outboxPut(system.store, newOutboxItem({ id: 'local-1:sms', channel: 'sms', recipient: '13812345678', body: { text: '您的声明已刊登。' } }, now)),
      outboxPut(
        system.store,
        newOutboxItem({ id: 'local-1:email', channel: 'email', recipient: 'filer@example.com', body: { subject: '声明已刊登', text: '您的声明已刊登。' } }, now),
      ),
    ]);
    const outcomes = await system.runOutbox();
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['delivered', 'delivered']);
    expect(await system.runOutbox()).toEqual([]);

    const sms = (await (await system.request('/_local/sms?format=json')).json()) as { to: string; text: string }[];
    expect(sms).toEqual([expect.objectContaining({ to: '138****5678', text: '您的声明已刊登。' })]);
    const page = await (await system.request('/_local/sms')).text();
    expect(page).toContain('138****5678');
    expect(page).not.toContain('13812345678');
    const mail = (await (await system.request('/_local/mail?format=json')).json()) as { to: string; subject: string; text: string }[];
    expect(mail).toEqual([expect.objectContaining({ to: 'filer@example.com', subject: '声明已刊登', text: expect.stringContaining('您的声明已刊登。') })]);
  });
});
