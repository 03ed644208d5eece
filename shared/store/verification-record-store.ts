import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { VerificationRecord } from '../domain/verification-record.js';
import type { StoreContext } from './client.js';

/**
 * Verification records (`VREF#<reference>`): the verify function's only writes. They hold a masked number and
 * notice numbers, nothing private, and TTL removes them when their time is up.
 */
export const VERIFICATION_RECORD_PARTITION_PREFIX = 'VREF#';
const recordKey = (reference: string) => ({ pk: `${VERIFICATION_RECORD_PARTITION_PREFIX}${reference}`, sk: 'VREF' });

/** Stores a new record; a reference already taken (75 random bits: never in practice) fails the condition. */
export async function putVerificationRecord(store: StoreContext, record: VerificationRecord, expiresAt: number): Promise<void> {
  await store.client.send(
    new PutCommand({
      TableName: store.tableName,
      Item: { ...recordKey(record.reference), ...record, noticeNos: [...record.noticeNos], expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getVerificationRecord(store: StoreContext, reference: string): Promise<VerificationRecord | undefined> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: recordKey(reference) }));
  if (!Item) return undefined;
  return {
    reference,
    checkedAt: String(Item.checkedAt),
    number: String(Item.number),
    status: Item.status === 'declared_void' ? 'declared_void' : 'no_record',
    noticeNos: Array.isArray(Item.noticeNos) ? Item.noticeNos.map(String) : [],
  };
}
