import { BatchGetCommand, type BatchGetCommandOutput, DynamoDBDocumentClient, paginateQuery, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from './sdk.js';
import { tableName } from './table-definition.js';

/** What every store needs: a document client and the table it works on. */
export interface StoreContext {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export interface StoreOptions {
  /** A DynamoDB endpoint such as DynamoDB Local; absent in AWS. */
  readonly endpoint?: string;
  /** The credentials for that endpoint (DynamoDB Local keeps one database per access key); absent in AWS. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly tableName?: string;
}

/**
 * The store for a table. The document client is built on first use (then kept): building it resolves the SDK's
 * whole runtime configuration, which pages and routes that never touch the table need not pay for at cold start.
 * Timeouts are short on purpose: a stuck database should turn into a quick 503 with Retry-After, not a Lambda
 * timeout.
 */
export function createStoreContext(options: StoreOptions = {}, env = process.env): StoreContext {
  let client: DynamoDBDocumentClient | undefined;
  return {
    get client() {
      return (client ??= documentClient(options.endpoint ?? env.DYNAMODB_ENDPOINT, options.credentials, env));
    },
    tableName: options.tableName ?? tableName(env),
  };
}

function documentClient(
  endpoint: string | undefined,
  credentials: StoreOptions['credentials'],
  env: Record<string, string | undefined>,
): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(endpoint
      ? {
          endpoint,
          // With the project's own DynamoDB Local (credentials given) the region is fixed too: with the key it names
          // the database file, which must not change with whatever AWS_REGION a shell has.
          region: credentials ? 'local' : (env.AWS_REGION ?? 'local'),
          // Given ones pick DynamoDB Local's database; fixed ones otherwise keep the SDK from searching for real ones.
          credentials: credentials ?? { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** Every page of a query on the store's table, following LastEvaluatedKey (the SDK's own paginator). */
export function queryPages(store: StoreContext, input: Omit<QueryCommandInput, 'TableName'>): AsyncIterable<QueryCommandOutput> {
  return paginateQuery({ client: store.client }, { TableName: store.tableName, ...input });
}

const BATCH_GET_LIMIT = 100;
const UNPROCESSED_RETRIES = 6;

/**
 * Items by key, a hundred per BatchGetItem; keys DynamoDB leaves unprocessed (throttling, the 16 MB answer limit)
 * are asked again with jittered exponential backoff, a few times, then the call fails as throttled. Missing items
 * are absent. Consistent reads unless told otherwise (public lookups read eventually consistent, at half the cost).
 */
export async function batchGetItems(
  store: StoreContext,
  keys: readonly Record<string, unknown>[],
  options: { consistentRead?: boolean; projection?: string } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    let pending: Record<string, unknown>[] = keys.slice(start, start + BATCH_GET_LIMIT);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > UNPROCESSED_RETRIES) throw Object.assign(new Error('keys left unprocessed'), { name: 'ProvisionedThroughputExceededException' });
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
      const answer: BatchGetCommandOutput = await store.client.send(
        new BatchGetCommand({
          RequestItems: {
            [store.tableName]: {
              Keys: pending,
              ConsistentRead: options.consistentRead ?? true,
              ...(options.projection ? { ProjectionExpression: options.projection } : {}),
            },
          },
        }),
      );
      items.push(...(answer.Responses?.[store.tableName] ?? []));
      pending = (answer.UnprocessedKeys?.[store.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return items;
}
