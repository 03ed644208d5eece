import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
  readonly tableName?: string;
}

/**
 * Builds the document client. Timeouts are short on purpose: a stuck database should turn into a quick
 * 503 with Retry-After for the client, not a Lambda timeout.
 */
export function createStoreContext(options: StoreOptions = {}, env = process.env): StoreContext {
  const endpoint = options.endpoint ?? env.DYNAMODB_ENDPOINT;
  const client = new DynamoDBClient({
    ...(endpoint
      ? {
          endpoint,
          region: env.AWS_REGION ?? 'local',
          // DynamoDB Local accepts any credentials; fixed ones keep it from searching the machine for real ones.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
  return {
    client: DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    }),
    tableName: options.tableName ?? tableName(env),
  };
}
