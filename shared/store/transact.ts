import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './client.js';
import { unmarshall } from './sdk.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface CancellationReason {
  readonly code: string | undefined;
  /** The item as it was, for operations that asked for it with ReturnValuesOnConditionCheckFailure. */
  readonly item: Record<string, unknown> | undefined;
}

/** A transaction whose conditions failed; `reasons[i]` belongs to the i-th operation. Nothing was written. */
export class TransactionConditionFailed extends Error {
  constructor(readonly reasons: readonly CancellationReason[]) {
    super('transaction conditions failed');
    this.name = 'TransactionConditionFailed';
  }

  failedAt(index: number): CancellationReason | undefined {
    const reason = this.reasons[index];
    return reason?.code === 'ConditionalCheckFailed' ? reason : undefined;
  }
}

/** The most operations DynamoDB takes in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

const MAX_CONFLICT_RETRIES = 6;

function reasonsOf(error: TransactionCanceledException): CancellationReason[] {
  // The document client does not unmarshall items inside cancellation reasons.
  return (error.CancellationReasons ?? []).map((reason) => ({
    code: reason.Code,
    item: reason.Item ? unmarshall(reason.Item) : undefined,
  }));
}

/**
 * Waits before the `attempt`-th retry of a write that lost to another writer: jittered and growing (15 ms, 30 ms, …,
 * at most about a second), so contenders that collided spread out instead of colliding again.
 */
export function backOffAfterConflict(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 15 * 2 ** Math.min(attempt, 6) * (0.5 + Math.random())));
}

/**
 * Writes all items or none. A conflict with another transaction in flight (two citizens filing the same
 * certificate at once) is retried with jittered backoff, so that each contender ends with a definite outcome;
 * failed conditions come back as TransactionConditionFailed.
 */
export async function transactWrite(store: StoreContext, items: TransactItem[]): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await store.client.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      // Matched by name: importing the SDK's error class would cost cold-start time (see sdk.ts).
      if (!(error instanceof Error && error.name === 'TransactionCanceledException')) throw error;
      const reasons = reasonsOf(error as TransactionCanceledException);
      const conflicted = reasons.some((reason) => reason.code === 'TransactionConflict');
      const conditionFailed = reasons.some((reason) => reason.code === 'ConditionalCheckFailed');
      if (conditionFailed) throw new TransactionConditionFailed(reasons);
      if (!conflicted || attempt >= MAX_CONFLICT_RETRIES) throw error;
      await backOffAfterConflict(attempt);
    }
  }
}

export type { TransactItem };
