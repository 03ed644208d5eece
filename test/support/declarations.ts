import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from '../../shared/store/client.js';
import { residentId } from './ids.js';

let sequence = 0;

/** A unique 15-digit 医师执业证书 code per call, so tests never collide on the uniqueness claim. */
export function uniqueCertificateNumber(): string {
  sequence += 1;
  return `1103701${String(Date.now() % 1e5).padStart(5, '0')}${String(sequence).padStart(3, '0')}`;
}

export const HOLDER_ID = residentId('370102', '19900307', '123');
export const HOLDER_PHONE = '13812345678';

export function physicianDeclaration(number = uniqueCertificateNumber()) {
  return {
    kind: 'loss',
    declarant: { type: 'person', name: '张三', idNumber: HOLDER_ID },
    document: { type: 'physician_practicing_certificate', number },
    contact: { phone: HOLDER_PHONE },
  };
}

export function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  const text = JSON.stringify(body);
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers },
    body: text,
  };
}

/** Every item in a test table (test-only: tables here are small). */
export async function allItems(store: StoreContext): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.client.send(new ScanCommand({ TableName: store.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
