import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createStoreContext } from '../../shared/store/client.js';
import { PUBLIC_KEYS } from '../../shared/store/public-keys.js';

/**
 * The floor (handler.ts) going through the fetch API classes as `hono/aws-lambda` does: the event becomes a
 * `Request` (with its `Headers`), the answer a `Response` read back into the result. Node loads its fetch
 * implementation (undici) the first time one of these is touched: what every Hono function pays on its first
 * request and the floor does not (docs/BENCHMARKS.md, "Cold start and bundle size").
 */
const store = createStoreContext();

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const request = new Request(`https://floor.internal${event.path}?key=${event.queryStringParameters?.key ?? ''}`, { headers: new Headers({ accept: 'application/json' }) });
  const hash = new URL(request.url).searchParams.get('key') ?? '';
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: PUBLIC_KEYS.lookup(hash) }));
  const response = new Response(JSON.stringify({ found: Item !== undefined, notices: Item?.notices ?? [] }), { headers: { 'content-type': 'application/json' } });
  return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}
