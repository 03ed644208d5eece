import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { QUEUE_INDEX } from '../shared/store/table-definition.js';
import type { FunctionProfile, TableGrant } from './function-profiles.js';

/** Key prefix of proof objects (shared/store/s3-attachments.ts writes `attachments/<id>`). */
export const ATTACHMENT_OBJECTS = 'attachments/*';

/** What a profile's grants are resolved against. */
export interface AccessTargets {
  readonly table: ITable;
  readonly lookupKey: ISecret;
  readonly attachments: IBucket;
  readonly logGroup: ILogGroup;
}

function allow(actions: readonly string[], resources: readonly string[], conditions?: PolicyStatement['conditions']): PolicyStatement {
  return new PolicyStatement({ effect: Effect.ALLOW, actions: [...actions], resources: [...resources], ...(conditions ? { conditions } : {}) });
}

/**
 * Item-level access on the table itself (never an index), limited to partitions by `dynamodb:LeadingKeys`.
 * Only item-level actions are granted, which always carry a partition key, so `ForAllValues` cannot be satisfied
 * vacuously (as it would be by a Scan, which is never granted).
 */
function tableGrant(tableArn: string, grant: TableGrant): PolicyStatement {
  return allow(
    grant.actions.map((action) => `dynamodb:${action}`),
    [tableArn],
    { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...grant.partitions] } },
  );
}

/** Explicit, least-privilege statements for one function: nothing here is granted by a `grant*()` helper. */
export function accessStatements(profile: FunctionProfile, targets: AccessTargets): PolicyStatement[] {
  const { table, lookupKey, attachments, logGroup } = targets;
  const statements = [
    allow(['logs:CreateLogStream', 'logs:PutLogEvents'], [logGroup.logGroupArn]),
    ...profile.table.map((grant) => tableGrant(table.tableArn, grant)),
  ];
  if (profile.queueIndex) {
    // The queue index is keyed by queue names, not by the table's partition prefixes: it is limited by resource instead.
    statements.push(allow(['dynamodb:Query'], [`${table.tableArn}/index/${QUEUE_INDEX.indexName}`]));
  }
  if (profile.lookupKey) statements.push(allow(['secretsmanager:GetSecretValue'], [lookupKey.secretArn]));
  if (profile.attachments === 'put') statements.push(allow(['s3:PutObject'], [attachments.arnForObjects(ATTACHMENT_OBJECTS)]));
  if (profile.attachments === 'get') statements.push(allow(['s3:GetObject'], [attachments.arnForObjects(ATTACHMENT_OBJECTS)]));
  return statements;
}
