import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createStoreContext, type StoreContext } from '../../shared/store/client.js';
import { ensureTable } from '../../shared/store/setup.js';

/** A fresh table in the run's DynamoDB Local, so test files never see each other's items. */
export async function createTestStore(): Promise<StoreContext> {
  const store = createStoreContext({ endpoint: inject('dynamodbEndpoint'), tableName: `test-${randomUUID()}` });
  await ensureTable(store);
  return store;
}
