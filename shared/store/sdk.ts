import { createRequire } from 'node:module';
import type * as ClientDynamoDb from '@aws-sdk/client-dynamodb';
import type * as UtilDynamoDb from '@aws-sdk/util-dynamodb';

// Cold start: an ESM `import` of the SDK's large CommonJS entries makes Node scan each for named exports
// (~50 ms for client-dynamodb); lib-dynamodb has already required these, so a plain require() costs nothing.
const require = createRequire(import.meta.url);

export const { DynamoDBClient } = require('@aws-sdk/client-dynamodb') as typeof ClientDynamoDb;
export const { unmarshall } = require('@aws-sdk/util-dynamodb') as typeof UtilDynamoDb;
