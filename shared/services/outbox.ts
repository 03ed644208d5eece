import { randomUUID } from 'node:crypto';
import {
  DEFAULT_RETRY_POLICY,
  claimed,
  delivered,
  failed,
  isClaimable,
  PermanentDeliveryFailure,
  type OutboxChannel,
  type OutboxItem,
  type RetryPolicy,
} from '../domain/outbox.js';
export { PermanentDeliveryFailure, type OutboxChannel } from '../domain/outbox.js';
import type { StoreContext } from '../store/client.js';
import { claimOutboxItem, getOutboxItem, listDueOutboxIds, settleOutboxItem } from '../store/outbox-store.js';
import type { TransactItem } from '../store/transact.js';

export interface OutboxContext {
  readonly store: StoreContext;
  readonly now: () => Date;
  /** By channel name; an item whose channel is missing here is dead-lettered (`no_channel`). */
  readonly channels: Readonly<Record<string, OutboxChannel>>;
  readonly policy?: RetryPolicy;
  /** In [0, 1): spreads retries (Math.random in production, fixed in tests). */
  readonly jitter?: () => number;
  readonly onOutcome?: (outcome: DeliveryOutcome) => void;
  /**
   * By channel name: what else to write, in the same transaction, when an attempt is recorded (webhooks: the
   * delivery's standing where its organisation can see it).
   */
  readonly settlementRecords?: Readonly<Record<string, (settled: OutboxItem, now: Date) => readonly TransactItem[]>>;
}

export type DeliveryOutcome =
  | { readonly id: string; readonly result: 'delivered' | 'retrying' | 'dead'; readonly attempts: number; readonly error?: string }
  | { readonly id: string; readonly result: 'skipped' };

/** A short failure code for the item and the log: never the error's message, which may echo the recipient. */
function failureOf(error: unknown): { code: string; permanent: boolean } {
  if (error instanceof PermanentDeliveryFailure) return { code: error.code, permanent: true };
  return { code: error instanceof Error ? error.name : 'unknown', permanent: false };
}

/**
 * Delivers one item if it is due: claims it (one consumer wins), sends it through its channel, and records the
 * outcome — delivered, retry later with backoff, or dead. `skipped` when it is not due, settled, or another
 * consumer holds it. Store errors propagate (the caller retries the whole step later; nothing was sent).
 */
export async function deliverOutboxItem(context: OutboxContext, id: string): Promise<DeliveryOutcome> {
  const policy = context.policy ?? DEFAULT_RETRY_POLICY;
  const read = await getOutboxItem(context.store, id);
  const claimedAt = context.now();
  if (!read || !isClaimable(read, claimedAt)) return report(context, { id, result: 'skipped' });
  const claimToken = randomUUID();
  const attempt = claimed(read, claimToken, claimedAt, policy);
  if (!(await claimOutboxItem(context.store, read, attempt, claimedAt))) return report(context, { id, result: 'skipped' });

  const channel = context.channels[attempt.channel];
  let failure: { code: string; permanent: boolean } | undefined;
  if (!channel) failure = { code: 'no_channel', permanent: true };
  else {
    try {
      await channel.deliver({ id: attempt.id, channel: attempt.channel, recipient: attempt.recipient, body: attempt.body });
    } catch (error) {
      failure = failureOf(error);
    }
  }
  const settledAt = context.now();
  const settled = failure ? failed(attempt, failure, settledAt, policy, context.jitter?.()) : delivered(attempt, settledAt);
  // Lost only if our lease ran out and another consumer took the item over: its outcome is the one that counts.
  const records = context.settlementRecords?.[settled.channel]?.(settled, settledAt) ?? [];
  await settleOutboxItem(context.store, claimToken, settled, settledAt, records);
  const result = settled.state === 'delivered' ? 'delivered' : settled.state === 'dead' ? 'dead' : 'retrying';
  return report(context, { id, result, attempts: settled.attempts, ...(failure ? { error: failure.code } : {}) });
}

function report(context: OutboxContext, outcome: DeliveryOutcome): DeliveryOutcome {
  context.onOutcome?.(outcome);
  return outcome;
}

/**
 * One sweep: every item due now (new ones the stream has not delivered yet, retries whose backoff has passed,
 * claims whose lease ran out). In AWS a schedule runs it for retries; locally it is the whole consumer.
 */
export async function deliverDueOutbox(context: OutboxContext, limit = 50): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  for (const id of await listDueOutboxIds(context.store, context.now(), limit)) outcomes.push(await deliverOutboxItem(context, id));
  return outcomes;
}

