import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PaymentRecord, Settlement } from '../domain/payment.js';
import { batchGetItems, type StoreContext } from './client.js';
import { auditItem, declarationItemKey, type AuditEntry } from './declaration-store.js';
import { TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';

/**
 * A declaration's settlement (paid or waived) is its own item beside it in the declaration's partition, not an
 * attribute of the declaration: recording a payment must not bump the version a moderator's decision is based on,
 * and a decision that rewrites the declaration item must not lose the payment.
 */
const settlementKey = (declarationId: string) => ({ pk: declarationItemKey(declarationId).pk, sk: 'SETTLEMENT' });

export type SettleOutcome = 'recorded' | 'already_settled' | 'not_payable';

function fromItem(item: Record<string, unknown>): Settlement {
  const { pk: _pk, sk: _sk, declarationId: _id, ...settlement } = item;
  return settlement as unknown as Settlement;
}

/** The declaration exists in one of `payableStatuses` (the first item of a settlement's transaction). */
function payableCheck(store: StoreContext, declarationId: string, payableStatuses: readonly string[]): TransactItem {
  const statusValues = Object.fromEntries(payableStatuses.map((status, i) => [`:s${i}`, status]));
  return {
    ConditionCheck: {
      TableName: store.tableName,
      Key: declarationItemKey(declarationId),
      ConditionExpression: `#status IN (${Object.keys(statusValues).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: statusValues,
    },
  };
}

/** Writes [payable check, settlement change, audit entry] in one transaction; the change's condition is the second. */
async function writeSettlement(
  store: StoreContext,
  declarationId: string,
  change: TransactItem,
  audit: AuditEntry,
  payableStatuses: readonly string[],
): Promise<SettleOutcome> {
  try {
    await transactWrite(store, [payableCheck(store, declarationId, payableStatuses), change, auditItem(store, declarationId, audit)]);
    return 'recorded';
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    return error.failedAt(1) ? 'already_settled' : 'not_payable';
  }
}

/**
 * Records the settlement and its audit entry in one transaction, once: only while the declaration exists in one of
 * `payableStatuses`, and only if none was recorded before.
 */
export function recordSettlement(
  store: StoreContext,
  declarationId: string,
  settlement: Settlement,
  audit: AuditEntry,
  payableStatuses: readonly string[],
): Promise<SettleOutcome> {
  const put: TransactItem = {
    Put: {
      TableName: store.tableName,
      Item: { ...settlementKey(declarationId), declarationId, ...settlement },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  return writeSettlement(store, declarationId, put, audit, payableStatuses);
}

/**
 * Adds a further payment to a paid settlement with its audit entry in one transaction: only while the declaration is
 * payable and the settlement still holds the `topUpsBefore` top-ups it was judged with (a concurrent one is
 * `already_settled`).
 */
export function recordTopUp(
  store: StoreContext,
  declarationId: string,
  topUp: PaymentRecord,
  topUpsBefore: number,
  audit: AuditEntry,
  payableStatuses: readonly string[],
): Promise<SettleOutcome> {
  const update: TransactItem = {
    Update: {
      TableName: store.tableName,
      Key: settlementKey(declarationId),
      UpdateExpression: 'SET topUps = list_append(if_not_exists(topUps, :none), :topUp)',
      ConditionExpression: topUpsBefore === 0 ? '#kind = :paid AND attribute_not_exists(topUps)' : '#kind = :paid AND size(topUps) = :count',
      ExpressionAttributeNames: { '#kind': 'kind' },
      ExpressionAttributeValues: { ':none': [], ':topUp': [topUp], ':paid': 'paid', ...(topUpsBefore === 0 ? {} : { ':count': topUpsBefore }) },
    },
  };
  return writeSettlement(store, declarationId, update, audit, payableStatuses);
}

export async function getSettlement(store: StoreContext, declarationId: string): Promise<Settlement | undefined> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: settlementKey(declarationId), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
}

/** The settlements of several declarations (absent for unsettled ones). */
export async function getSettlements(store: StoreContext, declarationIds: readonly string[]): Promise<Map<string, Settlement>> {
  const items = await batchGetItems(store, [...new Set(declarationIds)].map(settlementKey));
  return new Map(items.map((item) => [String(item.declarationId), fromItem(item)]));
}
