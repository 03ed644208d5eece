import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { ATTACHMENT_KEY_PREFIX } from '../shared/store/s3-attachments.js';
import { QUEUE_INDEX } from '../shared/store/table-definition.js';
import type { FunctionProfile, TableGrant } from './function-profiles.js';
import type { MailTransport, SmsTransport } from './messaging.js';

/** Proof objects (shared/store/s3-attachments.ts writes `attachments/<id>.<ext>`). */
export const ATTACHMENT_OBJECTS = `${ATTACHMENT_KEY_PREFIX}*`;

/** What a profile's grants are resolved against. */
export interface AccessTargets {
  readonly table: ITable;
  readonly lookupKey: ISecret;
  readonly formSealKey: ISecret;
  readonly staffSessionKey: ISecret;
  readonly webhookSealKey: ISecret;
  readonly logKey: IKey;
  readonly attachments: IBucket;
  readonly logGroup: ILogGroup;
  /** How e-mail and SMS leave (infra/messaging.ts). */
  readonly mail: MailTransport;
  readonly sms: SmsTransport;
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
    grant.workIndex ? [tableArn, `${tableArn}/index/${QUEUE_INDEX.indexName}`] : [tableArn],
    { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...grant.partitions] } },
  );
}

/** Explicit, least-privilege statements for one function: nothing here is granted by a `grant*()` helper. */
export function accessStatements(profile: FunctionProfile, targets: AccessTargets): PolicyStatement[] {
  const { table, lookupKey, formSealKey, staffSessionKey, webhookSealKey, logKey, attachments, logGroup, mail, sms } = targets;
  const statements = [
    allow(['logs:CreateLogStream', 'logs:PutLogEvents'], [logGroup.logGroupArn]),
    ...profile.table.map((grant) => tableGrant(table.tableArn, grant)),
  ];
  if (profile.queueIndex) {
    // The queue index is keyed by queue names, not by the table's partition prefixes: it is limited by resource instead.
    statements.push(allow(['dynamodb:Query'], [`${table.tableArn}/index/${QUEUE_INDEX.indexName}`]));
  }
  if (profile.lookupKey) statements.push(allow(['secretsmanager:GetSecretValue'], [lookupKey.secretArn]));
  if (profile.formSealKey) statements.push(allow(['secretsmanager:GetSecretValue'], [formSealKey.secretArn]));
  if (profile.staffSessionKey) statements.push(allow(['secretsmanager:GetSecretValue'], [staffSessionKey.secretArn]));
  if (profile.webhookSealKey) statements.push(allow(['secretsmanager:GetSecretValue'], [webhookSealKey.secretArn]));
  // Sign only (never Verify, Decrypt or key administration), on this one key; GetPublicKey to publish the verifier key.
  if (profile.logSigning) statements.push(allow(['kms:Sign', 'kms:GetPublicKey'], [logKey.keyArn]));
  if (profile.attachments) {
    // Filing signs upload forms (PutObject) and reads the first bytes of each proof when a declaration is submitted, to
    // check its content against its type (a ranged GetObject; IAM cannot narrow GetObject to a byte range).
    const objectActions = profile.attachments === 'put' ? ['s3:PutObject', 's3:GetObject'] : ['s3:GetObject'];
    statements.push(allow(objectActions, [attachments.arnForObjects(ATTACHMENT_OBJECTS)]));
    // Finding an upload lists its key (names and sizes under the prefix), which reveals no proof's content.
    statements.push(allow(['s3:ListBucket'], [attachments.bucketArn], { StringLike: { 's3:prefix': [ATTACHMENT_OBJECTS] } }));
  }
  if (profile.partnerKeys) {
    // API keys and usage-plan membership in this region only; no other API Gateway resource.
    const gateway = `arn:${Stack.of(table).partition}:apigateway:${Stack.of(table).region}::`;
    statements.push(
      allow(['apigateway:GET', 'apigateway:POST', 'apigateway:DELETE'], [`${gateway}/apikeys`, `${gateway}/apikeys/*`]),
      allow(['apigateway:GET'], [`${gateway}/usageplans`]),
      allow(['apigateway:POST'], [`${gateway}/usageplans/*/keys`]),
    );
  }
  if (profile.messaging && sms.kind === 'sns') {
    // SMS goes to phone numbers, which have no ARN; `NotResource` on every SNS ARN keeps it off every topic.
    statements.push(new PolicyStatement({ effect: Effect.ALLOW, actions: ['sns:Publish'], notResources: ['arn:*:sns:*:*:*'] }));
  }
  if (profile.messaging && mail.kind === 'ses') statements.push(allow(['ses:SendEmail'], [mail.identity.emailIdentityArn]));
  if (profile.messaging && mail.kind === 'smtp') statements.push(allow(['secretsmanager:GetSecretValue'], [mail.credentials.secretArn]));
  return statements;
}
