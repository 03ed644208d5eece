import { readFileSync } from 'node:fs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ENTRIES, type FunctionName } from '../../functions/routes.js';
import { createShengmingApp } from '../../infra/shengming-app.js';
import { asList, referencedId, TemplateModel, type CfnTemplate, type PolicyStatement } from './template-model.js';

const FUNCTION_NAMES = Object.keys(FUNCTION_ENTRIES) as FunctionName[];
const baseContext: Record<string, unknown> = {
  ...(JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> }).context,
  'aws:cdk:bundling-stacks': [],
};

/** What `npx cdk synth -c partition=aws-cn -c region=cn-northwest-1 -c staffIssuer=… -c smtpHost=…` synthesizes. */
const CHINA_CONTEXT = {
  partition: 'aws-cn',
  region: 'cn-northwest-1',
  staffIssuer: 'https://sso.example.cn',
  staffClientId: 'shengming-console',
  smtpHost: 'smtp.exmail.qq.com',
  alarmEmail: 'ops@example.cn',
};

/**
 * Resource types the China regions do not have (docs.amazonaws.cn "Getting Started with AWS in China"): Cognito user
 * pools (and API Gateway's Cognito authorizer), SES, and anything edge-optimized (CloudFront-backed).
 */
const UNAVAILABLE_IN_CHINA = [/^AWS::Cognito::/, /^AWS::SES::/, /^AWS::CloudFront::/];

let china: { model: TemplateModel; json: string; violations: string[] };

beforeAll(() => {
  // cdk-nag runs as a validation plugin: synthesis throws on any unacknowledged finding.
  const { app, stack } = createShengmingApp({ ...baseContext, ...CHINA_CONTEXT });
  const template = app.synth().getStackArtifact(stack.artifactId).template as CfnTemplate;
  const { violations } = new AwsSolutionsChecks().validateScope(app);
  china = {
    model: new TemplateModel(template),
    json: JSON.stringify(template),
    violations: violations.map((v) => `${v.severity} ${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
  };
}, 240_000);

/** Every string in a template value, however deeply nested. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

describe('AWS China (-c partition=aws-cn)', () => {
  it('refuses a region of the other partition', () => {
    expect(() => createShengmingApp({ ...baseContext, partition: 'aws-cn', region: 'eu-west-1' })).toThrow(/cn-north-1 or cn-northwest-1/);
    expect(() => createShengmingApp({ ...baseContext, partition: 'aws-gov' })).toThrow(/expected aws or aws-cn/);
  });

  it('has no resource type the China regions lack', () => {
    const types = new Set(Object.values(china.model.template.Resources).map((resource) => resource.Type));
    for (const type of types) for (const unavailable of UNAVAILABLE_IN_CHINA) expect(type).not.toMatch(unavailable);
  });

  it('writes every ARN in the aws-cn partition (literal arn:aws-cn: or the AWS::Partition reference), never arn:aws:', () => {
    const all = strings(china.model.template);
    expect(all.filter((value) => /arn:aws:/.test(value))).toEqual([]);
    expect(all.some((value) => value.startsWith('arn:aws-cn:'))).toBe(true);
    // A Join that starts an ARN names its partition in the next part: the pseudo parameter, or (API Gateway's
    // authorizer URI) the partition field of the authorizer function's own ARN.
    const joins = china.json.match(/"arn:",\{[^}]*\}/g) ?? [];
    for (const join of joins) expect(join).toMatch(/^"arn:",\{("Ref":"AWS::Partition"|"Fn::Select":\[1,\{"Fn::Split":\[":",\{"Fn::GetAtt":\["ApiStaffTokenAuthorizer)/);
  });

  it('tells the functions the stage URL in the region, on its URL suffix (amazonaws.com.cn there)', () => {
    const url = china.model.environment('verify').PUBLIC_BASE_URL as { 'Fn::Join': [string, unknown[]] };
    const parts = url['Fn::Join'][1];
    expect(parts).toContainEqual({ Ref: 'AWS::URLSuffix' });
    expect(parts.filter((part): part is string => typeof part === 'string').join('')).toBe('https://.execute-api.cn-northwest-1./prod/');
  });

  it.each(FUNCTION_NAMES)('%s runs Node 24 on arm64, without Lambda X-Ray (not offered in China)', (name) => {
    const props = china.model.props(china.model.functionId(name));
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.TracingConfig).toBeUndefined();
    const actions = china.model.statements(name).flatMap((statement) => asList(statement.Action));
    expect(actions.filter((action) => action.startsWith('xray:'))).toEqual([]);
  });

  it('keeps a regional API with stage tracing, the publication dead-letter queue and the alarms', () => {
    const [, api] = china.model.only('AWS::ApiGateway::RestApi');
    expect(api.Properties?.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
    const [, stage] = china.model.only('AWS::ApiGateway::Stage');
    expect(stage.Properties?.TracingEnabled).toBe(true);
    const rule = china.model.ofType('AWS::Events::Rule').find(([, resource]) => JSON.stringify(resource).includes('/publisher/run'));
    const [target] = rule?.[1].Properties?.Targets as { DeadLetterConfig?: { Arn: unknown } }[];
    expect(china.model.resource(referencedId(target?.DeadLetterConfig?.Arn) ?? '').Type).toBe('AWS::SQS::Queue');
    const alarms = china.model.ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => String(alarm.Properties?.AlarmDescription));
    expect(alarms).toEqual(expect.arrayContaining(['a scheduled publication run failed', 'DynamoDB throttled requests to the table']));
    expect(alarms.length).toBeGreaterThanOrEqual(8);
  });

  it('uses only the AWS managed WAF rule groups offered in China (no targeted Bot Control)', () => {
    const [, acl] = china.model.only('AWS::WAFv2::WebACL');
    expect(acl.Properties?.Scope).toBe('REGIONAL');
    const managed = ((acl.Properties?.Rules ?? []) as { Statement: { ManagedRuleGroupStatement?: { Name: string } } }[])
      .map((rule) => rule.Statement.ManagedRuleGroupStatement?.Name)
      .filter((name): name is string => name !== undefined);
    expect(managed.sort()).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
  });

  it('sends e-mail through the configured SMTP relay (credentials in a secret only outbox reads) and no SMS', () => {
    const environment = china.model.environment('outbox');
    expect(environment).toMatchObject({ MAIL_TRANSPORT: 'smtp', SMS_TRANSPORT: 'off', SMTP_HOST: 'smtp.exmail.qq.com', SMTP_PORT: '465' });
    const [secretId] = china.model.ofType('AWS::SecretsManager::Secret').find(([id]) => id.includes('SmtpCredentials')) ?? [''];
    expect(referencedId(environment.SMTP_SECRET_ARN)).toBe(secretId);
    const statements: PolicyStatement[] = china.model.statements('outbox');
    const actions = statements.flatMap((statement) => asList(statement.Action));
    expect(actions.filter((action) => /^(sns|ses):/.test(action))).toEqual([]);
    // IAM may merge the grant with another secret's (the webhook seal key's) into one statement naming both.
    const onSecret = (statement: PolicyStatement) => [statement.Resource].flat().some((resource) => referencedId(resource) === secretId);
    expect(statements.filter(onSecret).flatMap((statement) => asList(statement.Action))).toEqual(['secretsmanager:GetSecretValue']);
    for (const name of FUNCTION_NAMES.filter((other) => other !== 'outbox')) {
      expect(china.model.statements(name).some(onSecret), name).toBe(false);
    }
  });

  it('reports no unacknowledged cdk-nag (AwsSolutions) finding', () => {
    expect(china.violations).toEqual([]);
  });
});

describe('global partition (default)', () => {
  it('sends e-mail through SES and SMS through SNS, and names no China ARN', () => {
    const { app, stack } = createShengmingApp(baseContext);
    const template = app.synth().getStackArtifact(stack.artifactId).template as CfnTemplate;
    expect(new TemplateModel(template).environment('outbox')).toMatchObject({ MAIL_TRANSPORT: 'ses', SMS_TRANSPORT: 'sns' });
    expect(strings(template).filter((value) => value.includes('aws-cn'))).toEqual([]);
  }, 240_000);
});
