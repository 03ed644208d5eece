import { readFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ENTRIES, HTTP_ROUTES, type FunctionName } from '../../functions/routes.js';
import { createShengmingApp } from '../../infra/shengming-app.js';
import { referencedId, TemplateModel, type CfnTemplate } from './template-model.js';

const FUNCTION_NAMES = Object.keys(FUNCTION_ENTRIES) as FunctionName[];
const baseContext: Record<string, unknown> = {
  ...(JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> }).context,
  'aws:cdk:bundling-stacks': [],
};

/** One synthesis per variant; cdk-nag runs as a validation plugin and fails synthesis on any unacknowledged finding. */
function synth(extra: Record<string, unknown> = {}): { template: Template; model: TemplateModel } {
  const { app, stack } = createShengmingApp({ ...baseContext, ...extra });
  const json = app.synth().getStackArtifact(stack.artifactId).template as CfnTemplate;
  return { template: Template.fromJSON(json), model: new TemplateModel(json) };
}

let plain: { template: Template; model: TemplateModel };
let customized: { template: Template; model: TemplateModel };

// A synthesis takes tens of seconds on a loaded machine: each variant gets its own hook and a generous timeout.
const SYNTH_TIMEOUT_MS = 240_000;
beforeAll(() => {
  plain = synth();
}, SYNTH_TIMEOUT_MS);
beforeAll(() => {
  customized = synth({
    domainName: 'shengming.example.cn',
    certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c',
    apiGatewayLoggingRole: 'false',
    alarmEmail: 'ops@example.cn',
  });
}, SYNTH_TIMEOUT_MS);

describe('public address', () => {
  it('tells every function the stage URL as PUBLIC_BASE_URL, built from the API id (no dependency cycle)', () => {
    const restApiId = plain.model.ofType('AWS::ApiGateway::RestApi')[0]?.[0] as string;
    for (const name of FUNCTION_NAMES) {
      const url = plain.model.environment(name).PUBLIC_BASE_URL as { 'Fn::Join': [string, unknown[]] };
      const parts = url['Fn::Join'][1];
      expect(parts.map((part) => referencedId(part) ?? part)).toContain(restApiId);
      expect(parts.at(-1)).toBe('/prod/');
    }
  });

  it('with a custom domain, maps the whole domain to the stage at / and tells the functions https://<domain>/', () => {
    customized.template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'shengming.example.cn',
      RegionalCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c',
      SecurityPolicy: 'TLS_1_2',
    });
    const mappings = customized.model.ofType('AWS::ApiGateway::BasePathMapping');
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.[1].Properties?.BasePath).toBeUndefined();
    for (const name of FUNCTION_NAMES) expect(customized.model.environment(name).PUBLIC_BASE_URL).toBe('https://shengming.example.cn/');
  });
});

describe('operations', () => {
  it('traces every function with X-Ray, and the stage too', () => {
    for (const name of FUNCTION_NAMES) expect(plain.model.props(plain.model.functionId(name)).TracingConfig).toEqual({ Mode: 'Active' });
    plain.template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
  });

  it('retries a failed scheduled publication, then parks it in an encrypted SQS dead-letter queue', () => {
    const queues = plain.model.ofType('AWS::SQS::Queue');
    const rule = plain.model.ofType('AWS::Events::Rule').find(([, resource]) => JSON.stringify(resource).includes('/publisher/run'));
    const target = (rule?.[1].Properties?.Targets as Record<string, unknown>[])[0] as Record<string, Record<string, unknown>>;
    expect(target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
    const dlqId = referencedId(target.DeadLetterConfig?.Arn);
    expect(queues.map(([id]) => id)).toContain(dlqId);
    expect(plain.model.props(dlqId as string)).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('alarms to one SNS topic: 5xx rate per HTTP function, publisher failures, dead letters, DynamoDB throttles, WAF blocks', () => {
    const topicId = plain.model.ofType('AWS::SNS::Topic')[0]?.[0];
    const alarms = plain.model.ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties ?? {});
    for (const alarm of alarms) expect((alarm.AlarmActions as unknown[]).map(referencedId)).toEqual([topicId]);
    const described = alarms.map((alarm) => String(alarm.AlarmDescription));
    for (const name of Object.keys(HTTP_ROUTES)) expect(described).toContain(`${name}: more than 5% of requests answered 5xx`);
    expect(described).toEqual(expect.arrayContaining([
      'a scheduled publication run failed',
      'a scheduled publication run was given up on after its retries (see the dead-letter queue)',
      'DynamoDB throttled requests to the table',
      'WAF blocked more than 500 requests in 5 minutes',
    ]));
    const json = JSON.stringify(alarms);
    expect(json).toContain('"MetricName":"Errors"');
    expect(json).toContain('"MetricName":"ApproximateNumberOfMessagesVisible"');
    expect(json).toContain('"MetricName":"ReadThrottleEvents"');
    expect(json).toContain('"MetricName":"BlockedRequests"');
  });

  it('counts 5xx answers from each function\'s own request log lines', () => {
    plain.template.resourcePropertiesCountIs('AWS::Logs::MetricFilter', { FilterPattern: '{ ($.message = "request") && ($.status >= 500) }' }, Object.keys(HTTP_ROUTES).length);
    plain.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'Shengming', MetricName: 'verifyServerErrors', MetricValue: '1', DefaultValue: 0 })],
    });
  });

  it('subscribes an address to the alarm topic when asked', () => {
    customized.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.cn' });
    plain.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('creates the account-wide API Gateway logging role unless told the account already has one', () => {
    plain.template.resourceCountIs('AWS::ApiGateway::Account', 1);
    customized.template.resourceCountIs('AWS::ApiGateway::Account', 0);
    // Execution logging stays on either way (the account's role is used).
    customized.template.hasResourceProperties('AWS::ApiGateway::Stage', { MethodSettings: Match.arrayWith([Match.objectLike({ LoggingLevel: 'ERROR' })]) });
  });
});
