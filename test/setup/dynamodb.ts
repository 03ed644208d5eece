import type { TestProject } from 'vitest/node';
import { startLocalDynamoDb } from '../../scripts/local-dynamodb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

/** One real DynamoDB Local (in memory) for the whole run; each test file makes its own table in it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = process.env.DYNAMODB_ENDPOINT ? undefined : await startLocalDynamoDb();
  project.provide('dynamodbEndpoint', process.env.DYNAMODB_ENDPOINT ?? database?.endpoint ?? '');
  return async () => {
    await database?.stop();
  };
}
