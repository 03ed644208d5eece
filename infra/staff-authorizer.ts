import { Duration } from 'aws-cdk-lib';
import { TokenAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundledCode } from './bundling.js';
import { acknowledgeTracingWildcard, functionTracing, FUNCTION_RUNTIME, LOG_REMOVAL_POLICY, LOG_RETENTION } from './functions.js';
import type { StaffIdentity } from './staff-identity.js';

/** The authorizer's source, relative to the repository root. */
export const STAFF_AUTHORIZER_ENTRY = 'functions/staff-authorizer/handler.ts';

/** How long API Gateway keeps an answer per token: a revoked session still reaches the functions, which check again. */
const RESULTS_CACHE = Duration.minutes(5);

/**
 * Where staff tokens come from a configured OIDC issuer (no Cognito, as in AWS China): a Lambda TOKEN authorizer
 * in front of the staff API, verifying the bearer JWT against the issuer's keys. Its function may write its own
 * logs and nothing else; it reaches the issuer's JWKS over the internet.
 */
export class StaffTokenAuthorizer extends Construct {
  readonly authorizer: TokenAuthorizer;
  readonly handler: NodejsFunction;

  constructor(scope: Construct, id: string, props: { staff: StaffIdentity }) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: LOG_RETENTION, removalPolicy: LOG_REMOVAL_POLICY });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'staff authorizer: verifies staff bearer tokens of the configured OIDC issuer',
      inlinePolicies: {
        access: new PolicyDocument({ statements: [new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] })] }),
      },
    });
    this.handler = new NodejsFunction(this, 'Function', {
      code: bundledCode(STAFF_AUTHORIZER_ENTRY),
      handler: 'index.handler',
      description: 'Staff API authorizer: bearer JWTs of the configured OIDC issuer (aws-jwt-verify)',
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      role,
      logGroup,
      environment: { POWERTOOLS_SERVICE_NAME: 'staff-authorizer', POWERTOOLS_LOG_LEVEL: 'INFO', ...props.staff.environment },
      tracing: functionTracing(this),
    });
    acknowledgeTracingWildcard(role);
    this.authorizer = new TokenAuthorizer(this, 'Authorizer', {
      handler: this.handler,
      identitySource: 'method.request.header.Authorization',
      resultsCacheTtl: RESULTS_CACHE,
    });
  }
}
