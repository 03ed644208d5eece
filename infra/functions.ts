import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { PolicyDocument, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing, type Code } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FUNCTION_ENTRIES, type FunctionName } from '../functions/routes.js';
import { accessStatements, ATTACHMENT_OBJECTS } from './access.js';
import { bundledCode, SDK_EXTERNAL } from './bundling.js';
import type { DataStores } from './data.js';
import { FUNCTION_PROFILES, partnersUsagePlanName, type FunctionProfile } from './function-profiles.js';
import type { Messaging } from './messaging.js';
import { inChina } from './partition.js';
import type { StaffIdentity } from './staff-identity.js';

/** Operational logs: three months is enough to investigate an incident; kept if the stack is deleted. */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;
export const LOG_REMOVAL_POLICY = RemovalPolicy.RETAIN;

/** The Lambda runtime; `npm install` puts the same Node.js major in node_modules/.bin for the scripts and tests. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/** Stack traces in the logs point at the TypeScript sources (the bundles carry source maps). */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';

/**
 * X-Ray: each invocation's trace, with the SDK calls (DynamoDB, KMS, S3…) as subsegments. Lambda has no X-Ray
 * integration in the China regions (the stage still traces there); the alarms and logs are the same.
 */
export function functionTracing(scope: Construct): Tracing {
  return inChina(scope) ? Tracing.DISABLED : Tracing.ACTIVE;
}

/** Active tracing adds X-Ray writes to the role's default policy, which X-Ray grants only on "*". */
export function acknowledgeTracingWildcard(role: Role): void {
  const defaultPolicy = role.node.tryFindChild('DefaultPolicy');
  if (!defaultPolicy) return;
  Validations.of(defaultPolicy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions (X-Ray accepts only "*").',
  });
}

export interface FunctionsProps {
  readonly data: DataStores;
  readonly staff: StaffIdentity;
  /** LOG_ORIGIN and LOG_WITNESSES of the publishing functions, when the deployment sets them. */
  readonly logIdentity: Readonly<Record<string, string>>;
  /** PUBLISHER_* of the functions that name the newspaper, when the deployment sets them (else the demo paper). */
  readonly publisherIdentity: Readonly<Record<string, string>>;
  readonly messaging: Messaging;
  /** PAYMENT_INSTRUCTIONS of the filing function (how citizens pay the fee), when the deployment sets them. */
  readonly paymentInstructions?: string | undefined;
}

/** One Lambda per entry of FUNCTION_ENTRIES, each with its own role, log group and nothing it does not use. */
export class Functions extends Construct {
  readonly byName: Readonly<Record<FunctionName, NodejsFunction>>;

  constructor(scope: Construct, id: string, private readonly props: FunctionsProps) {
    super(scope, id);
    const names = Object.keys(FUNCTION_ENTRIES) as FunctionName[];
    this.byName = Object.fromEntries(names.map((name) => [name, this.createFunction(name, FUNCTION_PROFILES[name])])) as Record<
      FunctionName,
      NodejsFunction
    >;
  }

  private environment(name: FunctionName, profile: FunctionProfile): Record<string, string> {
    const { data, staff, messaging } = this.props;
    return {
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
      TABLE_NAME: data.table.tableName,
      ...(profile.lookupKey ? { LOOKUP_KEY_SECRET_ARN: data.lookupKey.secretArn } : {}),
      ...(profile.formSealKey ? { FORM_SEAL_KEY_SECRET_ARN: data.formSealKey.secretArn } : {}),
      ...(profile.staffSessionKey ? { STAFF_SESSION_KEY_SECRET_ARN: data.staffSessionKey.secretArn } : {}),
      ...(profile.webhookSealKey ? { WEBHOOK_SEAL_KEY_SECRET_ARN: data.webhookSealKey.secretArn } : {}),
      ...(profile.attachments ? { ATTACHMENTS_BUCKET: data.attachments.bucketName } : {}),
      ...(profile.logSigning ? { LOG_KEY_ID: data.logKey.keyArn, ...this.props.logIdentity } : {}),
      ...(profile.publisherIdentity ? this.props.publisherIdentity : {}),
      ...(profile.staffPool ? staff.environment : {}),
      ...(profile.messaging ? messaging.environment() : {}),
      ...(profile.partnerKeys ? { PARTNERS_USAGE_PLAN_NAME: partnersUsagePlanName(Stack.of(this).stackName) } : {}),
      ...(name === 'filing' && this.props.paymentInstructions ? { PAYMENT_INSTRUCTIONS: this.props.paymentInstructions } : {}),
    };
  }

  private createFunction(name: FunctionName, profile: FunctionProfile): NodejsFunction {
    const scope = new Construct(this, name);
    const logGroup = new LogGroup(scope, 'Logs', { retention: LOG_RETENTION, removalPolicy: LOG_REMOVAL_POLICY });
    const { table, lookupKey, formSealKey, staffSessionKey, webhookSealKey, logKey, attachments } = this.props.data;
    const { mail, sms } = this.props.messaging;
    const statements = accessStatements(profile, { table, lookupKey, formSealKey, staffSessionKey, webhookSealKey, logKey, attachments, logGroup, mail, sms });
    const role = new Role(scope, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${name}: ${profile.description}`,
      inlinePolicies: { access: new PolicyDocument({ statements }) },
    });
    if (profile.partnerKeys) {
      const reason =
        'API key ids are minted by API Gateway when an editor issues a partner key, so the function may delete and attach ' +
        'keys it cannot name in advance: API keys (/apikeys/*) and usage-plan membership (/usageplans/*/keys) in this region only.';
      // cdk-nag names the ARN as written: pseudo parameters where the stack is environment-agnostic, literals in China.
      const stack = Stack.of(this);
      const gateway = `arn:${Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition}:apigateway:${Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region}::`;
      Validations.of(role).acknowledge(
        { id: `AwsSolutions-IAM5[Resource::${gateway}/apikeys/*]`, reason },
        { id: `AwsSolutions-IAM5[Resource::${gateway}/usageplans/*/keys]`, reason },
      );
    }
    if (profile.attachments) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.bucketLogicalId()}.Arn>/${ATTACHMENT_OBJECTS}]`,
        reason:
          'Object keys are random ids minted at upload time, so the grant covers the attachments/ prefix of this one ' +
          `private bucket, and only s3:${profile.attachments === 'put' ? 'PutObject (signing upload forms) and GetObject (a ranged read of each proof\'s first bytes at submission)' : 'GetObject (reading proofs: staff, and bundles checking a row\'s files)'}.`,
      });
    }
    const fn = new NodejsFunction(scope, 'Function', {
      code: this.code(name, profile),
      handler: 'index.handler',
      description: profile.description,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: profile.memoryMiB,
      timeout: Duration.seconds(profile.timeoutSeconds),
      role,
      logGroup,
      environment: this.environment(name, profile),
      tracing: functionTracing(this),
    });
    acknowledgeTracingWildcard(role);
    return fn;
  }

  /**
   * The function's bundle, but the SMTP client (nodemailer, loaded on first delivery) only in a function that sends
   * by SMTP: elsewhere it stays out of the bundle and its chunks (about 240 KiB the asset would carry for nothing).
   */
  private code(name: FunctionName, profile: FunctionProfile): Code {
    const sendsBySmtp = profile.messaging === true && this.props.messaging.mail.kind === 'smtp';
    return bundledCode(FUNCTION_ENTRIES[name], sendsBySmtp ? SDK_EXTERNAL : [...SDK_EXTERNAL, 'nodemailer']);
  }

  /** cdk-nag names a bucket in its findings by the bucket's logical ID. */
  private bucketLogicalId(): string {
    const bucket = this.props.data.attachments.node.defaultChild as CfnBucket;
    return Stack.of(this).getLogicalId(bucket);
  }
}
