import { Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  Period,
  RestApi,
  type IResource,
  type Method,
  type MethodOptions,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { MAX_DAILY_QUOTA } from '../shared/domain/api-keys.js';
import { API_BINARY_MEDIA_TYPES } from './binary-media.js';
import { HTTP_ROUTES, type HttpFunctionName, type RouteMount } from '../functions/routes.js';
import { LOG_REMOVAL_POLICY, LOG_RETENTION } from './functions.js';
import { addProblemGatewayResponses } from './gateway-responses.js';
import { partnersUsagePlanName } from './function-profiles.js';
import { StaffTokenAuthorizer } from './staff-authorizer.js';
import type { StaffIdentity } from './staff-identity.js';

export const STAGE_NAME = 'prod';

/** Stage-wide throttle (all clients together), API Gateway's token bucket. */
export const STAGE_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;

/**
 * Tighter throttles for single methods. A method setting must name a method that exists, so each of these
 * paths also gets an explicit method of that verb (next to the ANY that serves the rest).
 */
export const METHOD_THROTTLES = [{ path: '/api/v1/verify', method: 'GET', rateLimit: 20, burstLimit: 40 }] as const;

export const PARTNERS_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;

/**
 * Access tokens from the console's code flow at Cognito's managed login carry this scope; asking for one makes the
 * Cognito authorizer accept access tokens (without a scope it would want ID tokens).
 */
export const STAFF_TOKEN_SCOPE = 'openid';

/** Why each public (non-staff) mount has no API Gateway authorizer, per function. */
const PUBLIC_BY_DESIGN: Readonly<Record<HttpFunctionName, string>> = {
  filing:
    'Citizens file without an account by design (contract). Who may read, edit or withdraw a declaration is decided ' +
    'by the function from the receipt secret issued at filing (only its hash is stored); abuse is limited by WAF and stage throttling.',
  verify:
    'Verification of published notices is public by design: anyone (banks, employers) may ask. The function can only ' +
    'read PUB# partitions (IAM LeadingKeys), answers exact normalized numbers only, and WAF rate-limits the lookup paths per client.',
  pages:
    'The pages of the public record are public by design, as verification is: the function reads PUB# partitions only (IAM LeadingKeys) ' +
    'besides its own verification records, and WAF rate-limits the lookup paths per client.',
  partners:
    'Authorised organisations present an API key (X-Api-Key): API Gateway requires a key of the partners usage plan, which ' +
    'throttles and caps it, and the function checks the key\'s hash, status, kind and daily quota itself.',
  bundles:
    'Agencies file bundles with an API key (X-Api-Key) of the partners usage plan, which throttles and caps it; the function ' +
    'checks the key\'s hash, status, kind (agency) and daily quota itself. The bundle templates are public downloads of a header row.',
  moderation:
    'Staff console pages authenticate with an HttpOnly cookie holding the Cognito access token, which the function verifies ' +
    '(aws-jwt-verify: signature, issuer, client, expiry, group); a Cognito authorizer only reads the Authorization header. ' +
    'The staff JSON API (/api/v1/moderation, /api/v1/editions) is behind the Cognito authorizer.',
};

export interface PublicApiProps {
  readonly functions: Readonly<Record<HttpFunctionName, IFunction>>;
  /** Cognito's user pool gets the Cognito authorizer; a configured OIDC issuer a Lambda TOKEN authorizer. */
  readonly staff: StaffIdentity;
}

/** The REST API: one resource per mount of HTTP_ROUTES, each served by its function through a proxy integration. */
export class PublicApi extends Construct {
  readonly api: RestApi;
  private readonly staffMethodOptions: MethodOptions;
  private readonly staffUsesCognito: boolean;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: LOG_RETENTION, removalPolicy: LOG_REMOVAL_POLICY });
    // API Gateway's CloudWatch role is one per account and region: a second stack in the same account (or an account
    // whose role is managed elsewhere) deploys with `-c apiGatewayLoggingRole=false` and uses the one already set.
    const loggingRole = this.node.tryGetContext('apiGatewayLoggingRole') !== false && this.node.tryGetContext('apiGatewayLoggingRole') !== 'false';

    this.api = new RestApi(this, 'RestApi', {
      description: '声明登记 shengming: citizens, staff and public verification',
      endpointTypes: [EndpointType.REGIONAL],
      // Every type (infra/binary-media.ts): bodies reach the functions as their bytes, downloads reach browsers as files.
      binaryMediaTypes: [...API_BINARY_MEDIA_TYPES],
      cloudWatchRole: loggingRole,
      ...(loggingRole ? { cloudWatchRoleRemovalPolicy: LOG_REMOVAL_POLICY } : {}),
      deployOptions: {
        stageName: STAGE_NAME,
        throttlingRateLimit: STAGE_THROTTLE.rateLimit,
        throttlingBurstLimit: STAGE_THROTTLE.burstLimit,
        methodOptions: Object.fromEntries(
          METHOD_THROTTLES.map((t) => [`${t.path}/${t.method}`, { throttlingRateLimit: t.rateLimit, throttlingBurstLimit: t.burstLimit }]),
        ),
        // The standard JSON fields log the resource path template, never the query string (it can hold a certificate number).
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        // Execution logs at ERROR only; data tracing would write request bodies (personal data) to the logs.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
      },
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'All routes are Lambda proxy integrations whose functions validate every field and answer with the contract\'s ' +
        'problem+json, one localized (zh-CN/en) message per bad field; a gateway request validator would reject first with a ' +
        'different, English-only error shape.',
    });
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) Validations.of(cloudWatchRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The account-level role API Gateway uses to write execution and access logs; AWS maintains this service-role ' +
        'policy for exactly that purpose and API Gateway names the log groups itself, so a hand-written policy would be no narrower.',
    });
    // The binary media types take effect with a deployment: a new list makes a new one (CDK hashes resources and methods only).
    this.api.latestDeployment?.addToLogicalId({ binaryMediaTypes: API_BINARY_MEDIA_TYPES });
    addProblemGatewayResponses(this.api);

    // Partner keys: each issued key joins this plan (functions/moderation, ApiKeyGateway), which throttles every key
    // and caps it at the largest daily quota; each key's own quota is counted by the app in DynamoDB.
    this.api.addUsagePlan('PartnersPlan', {
      name: partnersUsagePlanName(Stack.of(this).stackName),
      description: 'Authorised verifiers and agencies (keys issued by editors)',
      throttle: PARTNERS_THROTTLE,
      quota: { limit: MAX_DAILY_QUOTA, period: Period.DAY },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });

    const { userPool } = props.staff;
    this.staffUsesCognito = userPool !== undefined;
    this.staffMethodOptions = userPool
      ? {
          authorizationType: AuthorizationType.COGNITO,
          authorizer: new CognitoUserPoolsAuthorizer(this, 'StaffAuthorizer', { cognitoUserPools: [userPool] }),
          authorizationScopes: [STAFF_TOKEN_SCOPE],
        }
      : { authorizationType: AuthorizationType.CUSTOM, authorizer: new StaffTokenAuthorizer(this, 'StaffTokenAuthorizer', { staff: props.staff }).authorizer };
    for (const [name, mounts] of Object.entries(HTTP_ROUTES) as [HttpFunctionName, readonly RouteMount[]][]) {
      const integration = new LambdaIntegration(props.functions[name], { allowTestInvoke: false });
      for (const mount of mounts) this.mount(name, mount, integration);
    }
  }

  get stage() {
    return this.api.deploymentStage;
  }

  /** `resourceForPath` reuses existing resources, so `/a` and `/a/{proxy+}` share the `/a` resource. */
  private mount(name: HttpFunctionName, mount: RouteMount, integration: LambdaIntegration): void {
    const resource: IResource = this.api.root.resourceForPath(mount.path);
    const verbs = ['ANY', ...METHOD_THROTTLES.filter((t) => t.path === mount.path).map((t) => t.method)];
    for (const verb of verbs) {
      const method = resource.addMethod(verb, integration, this.methodOptions(mount));
      if (!mount.staff) acknowledgePublic(method, PUBLIC_BY_DESIGN[name]);
      else if (!this.staffUsesCognito) {
        Validations.of(method).acknowledge({
          id: 'AwsSolutions-COG4',
          reason:
            'Staff sign in at the configured OpenID Connect issuer (no Cognito user pool: none exists in AWS China, or the ' +
            "newspaper's own SSO is used); a Lambda TOKEN authorizer verifies its bearer JWTs with the issuer's JWKS.",
        });
      }
    }
  }

  private methodOptions(mount: RouteMount): MethodOptions {
    return mount.staff
      ? this.staffMethodOptions
      : { authorizationType: AuthorizationType.NONE, ...(mount.apiKey ? { apiKeyRequired: true } : {}) };
  }
}

function acknowledgePublic(method: Method, reason: string): void {
  Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
}
