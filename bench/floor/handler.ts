import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createStoreContext } from '../../shared/store/client.js';
import { PUBLIC_KEYS } from '../../shared/store/public-keys.js';

/**
 * The floor for a verify invocation: parse the event, one GetItem with @aws-sdk/lib-dynamodb on the lookup item
 * the app reads (named by its hash in the query, so no hashing here), the item as JSON. Same client settings as
 * the app (createStoreContext); no framework, validation, masking or logging.
 */
const store = createStoreContext();

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const hash = event.queryStringParameters?.key ?? '';
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: PUBLIC_KEYS.lookup(hash) }));
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ found: Item !== undefined, notices: Item?.notices ?? [] }) };
}
