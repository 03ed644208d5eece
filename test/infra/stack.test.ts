import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { ResponseType } from 'aws-cdk-lib/aws-apigateway';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct, MetadataEntry } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OUTBOX_SWEEP_EVENT } from '../../functions/outbox/consumer.js';
import { BUNDLE_SWEEP_EVENT } from '../../functions/bundles/schedule-event.js';
import { SCHEDULED_RUN_EVENT } from '../../functions/publisher/schedule-event.js';
import { FUNCTION_ENTRIES, HTTP_ROUTES, type FunctionName, type HttpFunctionName } from '../../functions/routes.js';
import { METHOD_THROTTLES, STAGE_THROTTLE } from '../../infra/api.js';
import { isBinaryMediaType } from '../../infra/binary-media.js';
import { createShengmingApp, type ShengmingApp } from '../../infra/shengming-app.js';
import { SHEET_MEDIA_TYPES } from '../../shared/domain/bundle-sheet.js';
import { QUEUE_INDEX, TABLE_KEYS } from '../../shared/store/table-definition.js';
import { asList, iamPattern, referencedId, TemplateModel, type CfnTemplate, type PolicyStatement } from './template-model.js';

const FUNCTION_NAMES = Object.keys(FUNCTION_ENTRIES) as FunctionName[];
const ROUTE_MOUNTS = (Object.entries(HTTP_ROUTES) as [HttpFunctionName, (typeof HTTP_ROUTES)[HttpFunctionName]][]).flatMap(
  ([name, mounts]) => mounts.map((mount) => ({ name, ...mount })),
);
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** Each Lambda asset would be bundled with esbuild; the assertions only need the template, so bundling is skipped. */
const context: Record<string, unknown> = {
  ...(JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> }).context,
  'aws:cdk:bundling-stacks': [],
  paymentInstructions: '工商银行 账号 1602…；或到广告部柜台缴费',
};

let shengming: ShengmingApp;
let assembly: CloudAssembly;
let template: Template;
let model: TemplateModel;

beforeAll(() => {
  // One synthesis for the whole file. It runs cdk-nag as a validation plugin and throws if anything is unacknowledged.
  shengming = createShengmingApp(context);
  assembly = shengming.app.synth();
  const json = assembly.getStackArtifact(shengming.stack.artifactId).template as CfnTemplate;
  template = Template.fromJSON(json);
  model = new TemplateModel(json);
  // A synthesis takes tens of seconds on a loaded machine (the artifact suite bundles in parallel).
}, 240_000);

/** Active tracing's grant (X-Ray takes only Resource "*"), which CDK adds to every function's role; the checks below are about data. */
const TRACING_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
const actionsOf = (statement: PolicyStatement) => asList(statement.Action).filter((action) => !TRACING_ACTIONS.includes(action));
const leadingKeys = (statement: PolicyStatement): readonly string[] | undefined =>
  statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as readonly string[] | undefined;
const STREAM_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
/** The stream event source's own grant (reading the table's stream, not its items). */
const isStreamRead = (statement: PolicyStatement) => actionsOf(statement).every((action) => STREAM_ACTIONS.includes(action));
const dynamoStatements = (name: FunctionName) => model.statements(name).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
/** Whether a statement lets the function act on an item whose partition key is `key`. */
const reachesPartition = (statement: PolicyStatement, key: string) =>
  leadingKeys(statement)?.some((pattern) => iamPattern(pattern).test(key)) ?? true;

describe('DynamoDB table', () => {
  it('is the single on-demand table with PITR, deletion protection, TTL and the sparse queue index, retained', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.timeToLive, Enabled: true },
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: QUEUE_INDEX.indexName,
            KeySchema: [
              { AttributeName: QUEUE_INDEX.partitionKey, KeyType: 'HASH' },
              { AttributeName: QUEUE_INDEX.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ],
      }),
    });
  });

  it('has a generated name, passed to every function as TABLE_NAME', () => {
    const [tableId, table] = model.only('AWS::DynamoDB::Table');
    expect(table.Properties?.TableName).toBeUndefined();
    for (const name of FUNCTION_NAMES) expect(referencedId(model.environment(name).TABLE_NAME), name).toBe(tableId);
  });
});

describe('functions', () => {
  it('are one per entry of FUNCTION_ENTRIES', () => {
    expect([...model.functionsByName().keys()].sort()).toEqual([...FUNCTION_NAMES].sort());
    template.resourceCountIs('AWS::Lambda::Function', FUNCTION_NAMES.length);
  });

  it.each(FUNCTION_NAMES)('%s runs Node 24 on arm64 and logs to its own log group with a retention', (name) => {
    const props = model.props(model.functionId(name));
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    const logGroupId = referencedId((props.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup);
    expect(logGroupId, 'explicit log group').toBeDefined();
    const logGroup = model.resource(logGroupId ?? '');
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties?.RetentionInDays).toBe(90);
    expect(logGroup.DeletionPolicy).toBe('Retain');
    expect(model.environment(name)).toMatchObject({ NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: name });
  });

  it('log groups are not shared between functions', () => {
    const groups = FUNCTION_NAMES.map((name) => JSON.stringify(model.props(model.functionId(name)).LoggingConfig));
    expect(new Set(groups).size).toBe(FUNCTION_NAMES.length);
  });

  it.each(FUNCTION_NAMES)('%s has its own role with no managed policies', (name) => {
    const others = FUNCTION_NAMES.filter((other) => other !== name).map((other) => model.roleId(other));
    expect(others).not.toContain(model.roleId(name));
    expect(model.props(model.roleId(name)).ManagedPolicyArns).toBeUndefined();
  });
});

describe('least-privilege IAM', () => {
  it.each(FUNCTION_NAMES)('%s: every table statement is limited by LeadingKeys, the queue index query aside', (name) => {
    for (const statement of dynamoStatements(name)) {
      expect(statement.Effect).toBe('Allow');
      expect(actionsOf(statement).some((action) => action.includes('*')), 'no dynamodb wildcards').toBe(false);
      if (isStreamRead(statement)) continue;
      const onIndex = JSON.stringify(statement.Resource).includes('/index/');
      if (onIndex && !leadingKeys(statement)) {
        expect(['moderation', 'publisher', 'bundles']).toContain(name);
        expect(actionsOf(statement)).toEqual(['dynamodb:Query']);
        expect(JSON.stringify(statement.Resource)).toContain(`/index/${QUEUE_INDEX.indexName}`);
      } else {
        expect(leadingKeys(statement), JSON.stringify(statement)).toEqual(expect.arrayContaining([expect.any(String)]));
      }
      expect(actionsOf(statement)).not.toContain('dynamodb:Scan');
    }
  });

  it('lets moderation reach the edition list (opening, listing and numbering editions), filing only read it, and no other public function', () => {
    expect(dynamoStatements('moderation').some((statement) => reachesPartition(statement, 'EDITIONS'))).toBe(true);
    for (const name of ['verify', 'partners'] as const) {
      expect(dynamoStatements(name).some((statement) => reachesPartition(statement, 'EDITIONS')), name).toBe(false);
    }
    // A withdrawal finds the editions a scheduled declaration is placed in.
    const filing = dynamoStatements('filing').filter((statement) => reachesPartition(statement, 'EDITIONS'));
    expect([...new Set(filing.flatMap(actionsOf))]).toEqual(['dynamodb:Query']);
  });

  it('lets filing take a withdrawn notice out of its editions (check and delete), never put or update an edition item', () => {
    const actions = [...new Set(dynamoStatements('filing').filter((statement) => reachesPartition(statement, 'EDITION#2031-01-01')).flatMap(actionsOf))].sort();
    expect(actions).toEqual(['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem']);
  });

  describe('verify (the public API)', () => {
    it('reads PUB# partitions only and writes nothing', () => {
      const statements = dynamoStatements('verify');
      expect([...new Set(statements.flatMap(actionsOf))].sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
      for (const statement of statements) {
        const keys = leadingKeys(statement) ?? [];
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.every((pattern) => pattern.startsWith('PUB#')), JSON.stringify(statement)).toBe(true);
      }
    });
  });

  describe('pages (the public record\'s pages)', () => {
    it('reads PUB# partitions only, and writes nothing but its own verification records (VREF#, PutItem)', () => {
      const statements = dynamoStatements('pages');
      expect([...new Set(statements.flatMap(actionsOf))].sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
      for (const statement of statements) {
        const keys = leadingKeys(statement) ?? [];
        expect(keys.length).toBeGreaterThan(0);
        const writes = actionsOf(statement).includes('dynamodb:PutItem');
        expect(keys.every((pattern) => pattern.startsWith(writes ? 'VREF#' : 'PUB#')), JSON.stringify(statement)).toBe(true);
        if (writes) expect(reachesPartition(statement, 'PUB#LOOKUP#abc')).toBe(false);
      }
    });
  });

  describe.each(['verify', 'pages'] as const)('%s (public)', (name) => {
    it('cannot reach private partitions, and never touches an index', () => {
      for (const statement of dynamoStatements(name)) {
        for (const key of ['DECL#0b1c', 'UNIQ#resident_id_card#X', 'IDEM#abc', 'EDITION#2025-01-01', 'APIKEY#k1']) {
          expect(reachesPartition(statement, key), `${key} via ${JSON.stringify(statement)}`).toBe(false);
        }
        expect(JSON.stringify(statement.Resource)).not.toContain('/index');
      }
    });

    it('reads the lookup key and nothing in S3', () => {
      const other = model.statements(name).flatMap(actionsOf).filter((action) => !action.startsWith('dynamodb:') && !action.startsWith('logs:'));
      expect(other).toEqual(['secretsmanager:GetSecretValue']);
    });
  });

  describe('partners (keyed routes)', () => {
    it('reads PUB# lookups only (GetItem/BatchGetItem) and its own APIKEY# partitions; never a declaration or an edition', () => {
      for (const statement of dynamoStatements('partners')) {
        const keys = leadingKeys(statement) ?? [];
        expect(keys.length, JSON.stringify(statement)).toBeGreaterThan(0);
        for (const key of ['DECL#0b1c', 'UNIQ#resident_id_card#X', 'IDEM#abc', 'EDITION#2025-01-01', 'OUTBOX#x']) {
          expect(reachesPartition(statement, key), `${key} via ${JSON.stringify(statement)}`).toBe(false);
        }
        if (reachesPartition(statement, 'PUB#LOOKUP#abc')) expect([...actionsOf(statement)].sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem']);
        expect(JSON.stringify(statement.Resource)).not.toContain('/index');
      }
      expect(dynamoStatements('partners').some((statement) => reachesPartition(statement, 'APIKEY#k1'))).toBe(true);
      expect(dynamoStatements('verify').some((statement) => reachesPartition(statement, 'APIKEY#k1'))).toBe(false);
    });

    it('makes, lists and ends watches (by number hash and per organisation) and reads delivery records; publishers only find watches', () => {
      // On the table (moderation and publisher also Query the work index, whose list names hold no watch).
      const reaching = (name: FunctionName, key: string) => [
        ...new Set(
          dynamoStatements(name)
            .filter((statement) => reachesPartition(statement, key) && !JSON.stringify(statement.Resource).includes('/index'))
            .flatMap(actionsOf),
        ),
      ].sort();
      expect(reaching('partners', 'WATCH#hash')).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
      expect(reaching('partners', 'WATCHES#k1')).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      expect(reaching('partners', 'WEBHOOK#k1')).toEqual(['dynamodb:Query']);
      for (const name of ['moderation', 'publisher'] as const) expect(reaching(name, 'OUTBOX#watch_x_y'), name).toContain('dynamodb:PutItem');
      expect(reaching('publisher', 'WATCH#hash')).toEqual(['dynamodb:Query']);
      expect(reaching('publisher', 'WATCHES#k1')).toEqual([]);
      // Editors revoking a key end its organisation's watches; they never make one or read a watch's secret.
      expect(reaching('moderation', 'WATCH#hash')).toEqual(['dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      expect(reaching('moderation', 'WATCHES#k1')).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      for (const name of ['verify', 'filing'] as const) expect(reaching(name, 'WATCH#hash'), name).toEqual([]);
    });

    it('needs an API key of the partners usage plan on every keyed method, which throttles and caps keys', () => {
      const keyedMounts = ROUTE_MOUNTS.filter((mount) => mount.apiKey);
      expect(keyedMounts.map((mount) => mount.name)).toEqual(expect.arrayContaining(['partners', 'bundles']));
      const keyed = model.methods().filter((method) => keyedMounts.some((mount) => mount.path === method.path));
      expect(keyed.length).toBeGreaterThanOrEqual(keyedMounts.length);
      for (const method of keyed) expect(method.props.ApiKeyRequired, method.path).toBe(true);
      const others = model.methods().filter((method) => !keyedMounts.some((mount) => mount.path === method.path));
      for (const method of others) expect(method.props.ApiKeyRequired, method.path).not.toBe(true);
      const [, plan] = model.only('AWS::ApiGateway::UsagePlan');
      expect(plan.Properties).toMatchObject({ Throttle: { RateLimit: expect.any(Number), BurstLimit: expect.any(Number) }, Quota: { Period: 'DAY' } });
      expect(model.environment('moderation').PARTNERS_USAGE_PLAN_NAME).toBe(plan.Properties?.UsagePlanName);
      // A key API Gateway refuses is the contract's 401 (problem+json), its plan's cap a 429.
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'INVALID_API_KEY', StatusCode: '401' });
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'QUOTA_EXCEEDED', StatusCode: '429' });
    });

    it('bundles writes declarations and its own bundles, never an edition, a public item, an outbox item or an idempotency record', () => {
      const statements = dynamoStatements('bundles');
      for (const key of ['DECL#0b1c', 'UNIQ#resident_id_card#X', 'RCPT#abc', 'BUNDLE#b1']) {
        expect(statements.some((statement) => reachesPartition(statement, key) && actionsOf(statement).includes('dynamodb:PutItem')), key).toBe(true);
      }
      for (const key of ['EDITION#2025-01-01', 'PUB#LOOKUP#abc', 'PUB#CONFIG', 'OUTBOX#x', 'IDEM#abc', 'VREF#x']) {
        expect(statements.some((statement) => leadingKeys(statement) !== undefined && reachesPartition(statement, key)), key).toBe(false);
      }
      // The verifiers' function never writes a declaration; the agencies' one never reads a verification log.
      expect(dynamoStatements('partners').some((statement) => reachesPartition(statement, 'DECL#0b1c'))).toBe(false);
      const keyGrants = statements.filter((statement) => leadingKeys(statement) !== undefined && reachesPartition(statement, 'APIKEY#k1'));
      expect(keyGrants.length).toBeGreaterThan(0);
      expect(keyGrants.flatMap(actionsOf)).not.toContain('dynamodb:Query');
      // Bundle sheets reach the function as bytes (a GBK CSV or an XLSX sent as text would be mangled), and a
      // browser, whose Accept starts with text/html, gets the XLSX template as a file rather than as base64 text.
      const [, api] = model.only('AWS::ApiGateway::RestApi');
      const binaryTypes = (api.Properties?.BinaryMediaTypes ?? []) as string[];
      for (const sheetType of SHEET_MEDIA_TYPES) expect(isBinaryMediaType(sheetType, binaryTypes), sheetType).toBe(true);
      expect(isBinaryMediaType('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', binaryTypes)).toBe(true);
    });

    it('lets only moderation manage API Gateway keys, and only keys and plan membership', () => {
      for (const name of FUNCTION_NAMES) {
        const gateway = model.statements(name).filter((statement) => actionsOf(statement).some((action) => action.startsWith('apigateway:')));
        if (name !== 'moderation') {
          expect(gateway, name).toEqual([]);
          continue;
        }
        const resources = JSON.stringify(gateway.map((statement) => statement.Resource));
        expect(resources).toContain('::/apikeys');
        expect(resources).toContain('::/usageplans/*/keys');
        expect(resources).not.toContain('/restapis');
      }
    });
  });

  it('filing cannot write any PUB# partition, and reads only the tariff there', () => {
    for (const statement of dynamoStatements('filing')) {
      const writes = actionsOf(statement).some((action) => WRITE_ACTIONS.includes(action) || action === 'dynamodb:ConditionCheckItem');
      if (writes) expect(reachesPartition(statement, 'PUB#anything'), JSON.stringify(statement)).toBe(false);
      if (reachesPartition(statement, 'PUB#NOTICE#1')) expect.fail(`filing reaches published notices: ${JSON.stringify(statement)}`);
    }
    const tariff = dynamoStatements('filing').filter((statement) => reachesPartition(statement, 'PUB#CONFIG'));
    expect(tariff.flatMap(actionsOf)).toEqual(['dynamodb:GetItem']);
  });

  it.each([
    ['filing', ['s3:GetObject', 's3:PutObject', 's3:ListBucket']],
    ['moderation', ['s3:GetObject', 's3:ListBucket']],
    ['bundles', ['s3:GetObject', 's3:ListBucket']],
    ['verify', []],
    ['publisher', []],
  ] as const)('%s has exactly %j, on proof objects only', (name, expected) => {
    const s3 = model.statements(name).filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')));
    expect(s3.flatMap(actionsOf)).toEqual(expected);
    for (const statement of s3) {
      if (actionsOf(statement).includes('s3:ListBucket')) {
        // Listing is on the bucket, limited to the attachments/ prefix.
        expect(statement.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DataAttachments/), 'Arn'] });
        expect(statement.Condition).toEqual({ StringLike: { 's3:prefix': ['attachments/*'] } });
      } else {
        expect(statement.Resource).toEqual({
          'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^DataAttachments/), 'Arn'] }, '/attachments/*']],
        });
      }
    }
  });

  it.each(FUNCTION_NAMES)('%s reaches staff-search items (SRCH#) only as its role needs', (name) => {
    // Item grants (limited by LeadingKeys); the index and stream grants are resource-limited and hold no search item.
    const actions = dynamoStatements(name)
      .filter((statement) => leadingKeys(statement) !== undefined && reachesPartition(statement, 'SRCH#abc'))
      .flatMap(actionsOf)
      .sort();
    const expected: Partial<Record<FunctionName, string[]>> = {
      filing: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
      moderation: ['dynamodb:Query'],
      // A bundle's declarations get their search items when they become visible (and lose none).
      bundles: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
    };
    expect(actions).toEqual(expected[name] ?? []);
  });

  it.each(FUNCTION_NAMES)('%s reaches revoked staff tokens (REVOKED#) only if it is moderation: it reads them and records a sign-out\'s', (name) => {
    const actions = dynamoStatements(name)
      .filter((statement) => leadingKeys(statement) !== undefined && reachesPartition(statement, 'REVOKED#0f3a'))
      .flatMap(actionsOf)
      .sort();
    expect(actions).toEqual(name === 'moderation' ? ['dynamodb:BatchGetItem', 'dynamodb:PutItem'] : []);
  });

  it.each(FUNCTION_NAMES)('%s gets PAYMENT_INSTRUCTIONS from the stack context only if it is filing', (name) => {
    expect(model.environment(name).PAYMENT_INSTRUCTIONS).toBe(name === 'filing' ? '工商银行 账号 1602…；或到广告部柜台缴费' : undefined);
  });

  // CDK merges statements with the same actions: one may list both of filing's secrets.
  const readsSecret = (statement: { Resource?: unknown }, id: string) => [statement.Resource].flat().some((resource) => referencedId(resource) === id);

  it.each(FUNCTION_NAMES)('%s reads the form seal key only if it is filing', (name) => {
    const [sealKeyId] = model.ofType('AWS::SecretsManager::Secret').find(([id]) => id.includes('FormSealKey')) ?? [''];
    const reads = model
      .statements(name)
      .some((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue') && readsSecret(statement, sealKeyId));
    expect(reads).toBe(name === 'filing');
    expect('FORM_SEAL_KEY_SECRET_ARN' in model.environment(name)).toBe(reads);
  });

  it.each(FUNCTION_NAMES)('%s reads the webhook seal key only if it is partners or outbox', (name) => {
    const [sealKeyId] = model.ofType('AWS::SecretsManager::Secret').find(([id]) => id.includes('WebhookSealKey')) ?? [''];
    const reads = model
      .statements(name)
      .some((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue') && readsSecret(statement, sealKeyId));
    expect(reads).toBe(name === 'partners' || name === 'outbox');
    expect('WEBHOOK_SEAL_KEY_SECRET_ARN' in model.environment(name)).toBe(reads);
  });

  // Filing reads it to hash the terms staff search finds a declaration by (it writes no PUB# item, see above).
  it.each(FUNCTION_NAMES)('%s reads the lookup key only if it is filing, moderation, publisher, verify, pages, partners or bundles', (name) => {
    const [lookupKeyId] = model.ofType('AWS::SecretsManager::Secret').find(([id]) => id.includes('LookupKey')) ?? [''];
    const reads = model
      .statements(name)
      .some((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue') && readsSecret(statement, lookupKeyId));
    expect(reads).toBe(['filing', 'moderation', 'publisher', 'verify', 'pages', 'partners', 'bundles'].includes(name));
    expect('LOOKUP_KEY_SECRET_ARN' in model.environment(name)).toBe(reads);
  });
});

describe('transparency log signing key', () => {
  it('is a retained KMS Ed25519 key for signing only', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' }),
    });
  });

  it.each(FUNCTION_NAMES)('%s may sign with it only if it publishes (moderation, publisher), on that key alone', (name) => {
    const kms = model.statements(name).filter((statement) => actionsOf(statement).some((action) => action.startsWith('kms:')));
    const [keyId] = model.ofType('AWS::KMS::Key').map(([id]) => id);
    if (name === 'moderation' || name === 'publisher') {
      expect(kms.flatMap(actionsOf).sort()).toEqual(['kms:GetPublicKey', 'kms:Sign']);
      for (const statement of kms) expect(statement.Resource).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(model.environment(name).LOG_KEY_ID).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    } else {
      expect(kms).toEqual([]);
      expect('LOG_KEY_ID' in model.environment(name)).toBe(false);
    }
  });
});

describe('REST API', () => {
  it('has exactly one resource per mount of HTTP_ROUTES, proxies nested under their parents', () => {
    const paths = [...model.resourcePaths().values()];
    for (const { path } of ROUTE_MOUNTS) if (path !== '/') expect(paths).toContain(path);
    expect(new Set(paths).size).toBe(paths.length);
    // e.g. /api/v1/declarations/{proxy+} is a child of /api/v1/declarations, which also has its own method.
    expect(paths).toContain('/api/v1/declarations/{proxy+}');
  });

  it.each(ROUTE_MOUNTS)('$path ($name): staff=$staff decides the authorizer, and it reaches $name', ({ name, path, staff }) => {
    const methods = model.methods().filter((method) => method.path === path);
    expect(methods.map((method) => method.httpMethod)).toContain('ANY');
    for (const method of methods) {
      expect(method.props.AuthorizationType).toBe(staff ? 'COGNITO_USER_POOLS' : 'NONE');
      if (staff) expect(referencedId(method.props.AuthorizerId)).toBeDefined();
      expect(JSON.stringify(method.props.Integration)).toContain(model.functionId(name));
    }
  });

  it('has no method outside HTTP_ROUTES', () => {
    const mounted = new Set(ROUTE_MOUNTS.map((mount) => mount.path));
    for (const method of model.methods()) expect(mounted, method.path).toContain(method.path);
  });

  it('protects staff methods with the Cognito user pool', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^StaffUserPool'), 'Arn'] }],
    });
  });

  it('throttles the stage, and verify GET more tightly on a method that exists', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          ResourcePath: '/*',
          HttpMethod: '*',
          ThrottlingRateLimit: STAGE_THROTTLE.rateLimit,
          ThrottlingBurstLimit: STAGE_THROTTLE.burstLimit,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
        Match.objectLike({ ResourcePath: '/~1api~1v1~1verify', HttpMethod: 'GET', ThrottlingRateLimit: Match.anyValue() }),
      ]),
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    for (const throttle of METHOD_THROTTLES) {
      expect(throttle.rateLimit).toBeLessThan(STAGE_THROTTLE.rateLimit);
      expect(model.methods().some((m) => m.path === throttle.path && m.httpMethod === throttle.method)).toBe(true);
    }
  });
});

describe('gateway responses', () => {
  const ALL_TYPES = Object.values(ResponseType).filter((value): value is ResponseType => value instanceof ResponseType).map((type) => type.responseType);
  const responses = () =>
    new Map(
      model.ofType('AWS::ApiGateway::GatewayResponse').map(([, resource]) => {
        const props = resource.Properties as { ResponseType: string; StatusCode?: string; ResponseParameters: Record<string, string>; ResponseTemplates: Record<string, string> };
        return [props.ResponseType, props] as const;
      }),
    );

  it('rewrite every error API Gateway answers itself as problem+json, each type listed (the fallbacks included)', () => {
    expect([...responses().keys()].sort()).toEqual([...ALL_TYPES].sort());
    for (const [type, props] of responses()) {
      expect(props.ResponseParameters['gatewayresponse.header.Content-Type'], type).toBe("'application/problem+json; charset=utf-8'");
      const body = JSON.parse(props.ResponseTemplates['application/json'] ?? '') as Record<string, unknown>;
      expect(body.type, type).toMatch(/^\/problems\/[a-z-]+$/);
      expect(String(body.title).length, type).toBeGreaterThan(1);
      expect(body.requestId).toBe('$context.requestId');
      // RFC 9457 and the contract: the body's status is the response's.
      if (props.StatusCode) expect(body.status, type).toBe(Number(props.StatusCode));
    }
  });

  it('keep each error\'s own status under the two fallbacks (a fallback status would replace them all)', () => {
    for (const fallback of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      const props = responses().get(fallback);
      expect(props?.StatusCode, fallback).toBeUndefined();
      expect(JSON.parse(props?.ResponseTemplates['application/json'] ?? '')).toMatchObject({ gatewayError: '$context.error.responseType' });
    }
  });

  it.each([
    ['UNAUTHORIZED', 401, '/problems/unauthenticated'],
    ['EXPIRED_TOKEN', 401, '/problems/unauthenticated'],
    ['ACCESS_DENIED', 403, '/problems/forbidden'],
    ['WAF_FILTERED', 403, '/problems/forbidden'],
    ['THROTTLED', 429, '/problems/rate-limited'],
    ['QUOTA_EXCEEDED', 429, '/problems/api-key-over-quota'],
    ['INVALID_API_KEY', 401, '/problems/api-key-invalid'],
    ['BAD_REQUEST_BODY', 400, '/problems/invalid-request'],
    ['MISSING_AUTHENTICATION_TOKEN', 404, '/problems/not-found'],
    ['REQUEST_TOO_LARGE', 413, '/problems/payload-too-large'],
    ['UNSUPPORTED_MEDIA_TYPE', 415, '/problems/unsupported-media-type'],
    ['INTEGRATION_TIMEOUT', 503, '/problems/store-unavailable'],
    ['AUTHORIZER_FAILURE', 503, '/problems/store-unavailable'],
    ['API_CONFIGURATION_ERROR', 500, '/problems/internal'],
  ] as const)('%s is a %d %s', (type, status, problemType) => {
    const props = responses().get(type);
    expect(props?.StatusCode).toBe(String(status));
    expect(JSON.parse(props?.ResponseTemplates['application/json'] ?? '')).toMatchObject({ type: problemType, status });
    if (status === 429 || status === 503) expect(props?.ResponseParameters['gatewayresponse.header.Retry-After'], type).toMatch(/^'\d+'$/);
    if (status === 401) expect(props?.ResponseParameters['gatewayresponse.header.WWW-Authenticate'], type).toBeDefined();
  });

  it('name the identity provider when the staff authorizer fails, as the functions name their dependencies', () => {
    expect(JSON.parse(responses().get('AUTHORIZER_FAILURE')?.ResponseTemplates['application/json'] ?? '')).toMatchObject({ dependency: 'IdentityProvider' });
  });
});

describe('WAF', () => {
  type Rule = { Name: string; Statement: Record<string, unknown> };
  const rules = () => (model.only('AWS::WAFv2::WebACL')[1].Properties?.Rules ?? []) as Rule[];
  const byteMatches = (node: unknown): Record<string, unknown>[] => {
    if (Array.isArray(node)) return node.flatMap(byteMatches);
    if (typeof node !== 'object' || node === null) return [];
    const record = node as Record<string, unknown>;
    const own = record.ByteMatchStatement ? [record.ByteMatchStatement as Record<string, unknown>] : [];
    return [...own, ...Object.values(record).flatMap(byteMatches)];
  };

  it('is a regional web ACL associated with the API stage', () => {
    const [aclId, acl] = model.only('AWS::WAFv2::WebACL');
    expect(acl.Properties?.Scope).toBe('REGIONAL');
    const [, association] = model.only('AWS::WAFv2::WebACLAssociation');
    expect(referencedId(association.Properties?.WebACLArn)).toBe(aclId);
    const [stageId] = model.only('AWS::ApiGateway::Stage');
    expect(JSON.stringify(association.Properties?.ResourceArn)).toContain(`{"Ref":"${stageId}"}`);
  });

  it('rate-limits per client with a scope-down to the verify path', () => {
    const rateRules = rules().filter((rule) => 'RateBasedStatement' in rule.Statement);
    expect(rateRules.map((rule) => rule.Name).sort()).toEqual(['FilingRatePerClient', 'LookupRatePerClient']);
    const rate = rateRules.find((rule) => rule.Name === 'LookupRatePerClient')?.Statement.RateBasedStatement as { AggregateKeyType: string; Limit: number; ScopeDownStatement?: unknown };
    expect(rate.AggregateKeyType).toBe('IP');
    const matches = byteMatches(rate.ScopeDownStatement);
    expect(matches).toContainEqual(
      expect.objectContaining({ FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/api/v1/verify' }),
    );
    // Every branch of the scope-down is a verification path, so the limit never applies to filing or staff.
    for (const match of matches) expect(String(match.SearchString)).toMatch(/\/verify$/);
  });

  it('rate-limits filing writes per client: POST and PATCH on the filing paths, with and without the stage prefix', () => {
    const filing = rules().find((rule) => rule.Name === 'FilingRatePerClient') as (Rule & { Action: unknown }) | undefined;
    const rate = filing?.Statement.RateBasedStatement as { AggregateKeyType: string; Limit: number; ScopeDownStatement?: unknown };
    expect(rate.AggregateKeyType).toBe('IP');
    expect(JSON.stringify(filing?.Action)).toContain('"ResponseCode":429');
    expect(JSON.stringify(filing?.Action)).toContain('Retry-After');
    const matches = byteMatches(rate.ScopeDownStatement);
    const paths = matches.filter((match) => 'UriPath' in (match.FieldToMatch as object)).map((match) => match.SearchString);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/declarations', '/prod/api/v1/declarations', '/file', '/declarations']));
    const methods = matches.filter((match) => 'Method' in (match.FieldToMatch as object)).map((match) => match.SearchString);
    expect(methods.sort()).toEqual(['PATCH', 'POST']);
    // Reading (GET) is never in scope: the statement ANDs the paths with the write methods.
    expect(Object.keys(rate.ScopeDownStatement as object)).toEqual(['AndStatement']);
  });

  it('applies the AWS managed common and known-bad-inputs rule sets', () => {
    const managed = rules().map((rule) => (rule.Statement.ManagedRuleGroupStatement as { Name?: string } | undefined)?.Name);
    expect(managed).toEqual(expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']));
  });
});

describe('staff identity', () => {
  it('has no self sign-up, requires MFA, a strong password and threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: { PasswordPolicy: Match.objectLike({ RequireSymbols: true, RequireNumbers: true, RequireUppercase: true }) },
    });
  });

  it('has the moderator and editor groups and a public client without a secret', () => {
    const groups = model.ofType('AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties?.GroupName);
    expect(groups.sort()).toEqual(['editor', 'moderator']);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false });
  });

  it('requires a TOTP second factor and no SMS', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });

  it('has a user pool domain with managed login, branded with Cognito\'s own values', () => {
    const [, domain] = model.only('AWS::Cognito::UserPoolDomain');
    expect(domain.Properties?.ManagedLoginVersion).toBe(2);
    expect(referencedId(domain.Properties?.UserPoolId)).toBe(model.only('AWS::Cognito::UserPool')[0]);
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true });
  });

  it('gives the console a client for the authorization code flow only, returning to the stack\'s own URL', () => {
    const [, client] = model.only('AWS::Cognito::UserPoolClient');
    const props = client.Properties ?? {};
    expect(props.AllowedOAuthFlows).toEqual(['code']);
    expect(props.AllowedOAuthFlowsUserPoolClient).toBe(true);
    // No password, SRP or custom flow of the client's own: only refresh next to the managed login.
    expect(props.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    expect(props.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(props.AllowedOAuthScopes).toContain('openid');
    const urls = JSON.stringify([props.CallbackURLs, props.LogoutURLs]);
    expect(urls).toContain('staff/callback');
    expect(urls).toContain('staff/signed-out');
    // Made from the stack's public URL (the API's id), never a placeholder.
    expect(urls).toContain(model.only('AWS::ApiGateway::RestApi')[0]);
    expect(urls).not.toContain('example.com');
  });

  it('tells moderation the pool, the client, the scopes and the managed login\'s logout', () => {
    const environment = model.environment('moderation');
    expect(Object.keys(environment)).toEqual(expect.arrayContaining(['USER_POOL_ID', 'STAFF_CLIENT_ID', 'STAFF_SCOPES', 'STAFF_LOGOUT_URL', 'STAFF_SESSION_KEY_SECRET_ARN']));
    expect(environment.STAFF_SCOPES).toContain('openid');
    expect(JSON.stringify(environment.STAFF_LOGOUT_URL)).toContain('/logout');
  });
});

describe('staff identity from a configured OIDC issuer (-c staffIssuer=… -c staffClientId=…)', () => {
  let oidc: { model: TemplateModel; template: Template; shengming: ShengmingApp };

  beforeAll(() => {
    const app = createShengmingApp({ ...context, staffIssuer: 'https://sso.example.com/realms/news', staffClientId: 'shengming-console', staffRolesClaim: 'roles' });
    const json = app.app.synth().getStackArtifact(app.stack.artifactId).template as CfnTemplate;
    oidc = { model: new TemplateModel(json), template: Template.fromJSON(json), shengming: app };
  }, 240_000);

  it('makes no Cognito resource at all', () => {
    const types = Object.values(oidc.model.template.Resources).map((resource) => resource.Type);
    expect(types.filter((type) => type.startsWith('AWS::Cognito::'))).toEqual([]);
  });

  it('guards every staff method with a Lambda TOKEN authorizer reading the Authorization header', () => {
    const [authorizerId, authorizer] = oidc.model.only('AWS::ApiGateway::Authorizer');
    expect(authorizer.Properties?.Type).toBe('TOKEN');
    expect(authorizer.Properties?.IdentitySource).toBe('method.request.header.Authorization');
    for (const method of oidc.model.methods()) {
      const staff = ROUTE_MOUNTS.some((mount) => mount.staff && mount.path === method.path);
      expect(method.props.AuthorizationType, method.path).toBe(staff ? 'CUSTOM' : 'NONE');
      if (staff) expect(referencedId(method.props.AuthorizerId)).toBe(authorizerId);
    }
  });

  it('tells moderation and the authorizer the issuer, the client and the roles claim', () => {
    const expected = { STAFF_ISSUER: 'https://sso.example.com/realms/news', STAFF_CLIENT_ID: 'shengming-console', STAFF_ROLES_CLAIM: 'roles' };
    expect(oidc.model.environment('moderation')).toMatchObject(expected);
    expect('USER_POOL_ID' in oidc.model.environment('moderation')).toBe(false);
    const authorizerFunctions = oidc.model
      .ofType('AWS::Lambda::Function')
      .filter(([, fn]) => (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME === 'staff-authorizer');
    expect(authorizerFunctions).toHaveLength(1);
    expect(authorizerFunctions[0]?.[1].Properties?.Environment).toMatchObject({ Variables: expected });
  });

  it('reports no unacknowledged cdk-nag (AwsSolutions) finding', () => {
    const { violations } = new AwsSolutionsChecks().validateScope(oidc.shengming.app);
    expect(violations.map((v) => `${v.severity} ${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('refuses half an issuer, and AWS China without one', () => {
    expect(() => createShengmingApp({ ...context, staffIssuer: 'https://sso.example.com' })).toThrow(/staffClientId/);
    expect(() => createShengmingApp({ ...context, partition: 'aws-cn' })).toThrow(/Cognito user pools do not exist in AWS China/);
  });
});

describe('schedules', () => {
  it.each([
    ['publisher', SCHEDULED_RUN_EVENT],
    ['bundles', BUNDLE_SWEEP_EVENT],
  ] as const)('invoke %s every few minutes with its fixed route event, through a permission for that rule only', (name, event) => {
    const [ruleId, rule] = model.ofType('AWS::Events::Rule').find(([, candidate]) =>
      JSON.stringify(candidate.Properties?.Targets).includes(model.functionId(name)),
    ) ?? ['', {}];
    expect(String(rule.Properties?.ScheduleExpression)).toMatch(/^rate\(\d+ minutes?\)$/);
    const [target] = rule.Properties?.Targets as { Arn: unknown; Input: string }[];
    expect(referencedId(target?.Arn)).toBe(model.functionId(name));
    expect(JSON.parse(target?.Input ?? '')).toEqual(event);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [model.functionId(name), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });

  it('give the schedules\' routes no mount of the API (nobody outside can run them)', () => {
    const paths = model.methods().map((method) => method.path);
    for (const event of [SCHEDULED_RUN_EVENT, BUNDLE_SWEEP_EVENT]) expect(paths.some((path) => event.path.startsWith(path.replace(/\{proxy\+\}$/, '')) && path !== '/')).toBe(false);
  });
});

describe('outbox delivery', () => {
  it('reads only outbox items (table and work index), watches and key status (GetItem) and writes webhook delivery records; never a declaration', () => {
    const statements = dynamoStatements('outbox').filter((statement) => !isStreamRead(statement));
    const byKeys = Object.fromEntries(statements.map((statement) => [(leadingKeys(statement) ?? []).join(' '), actionsOf(statement).sort()]));
    expect(byKeys).toEqual({
      'APIKEY#*': ['dynamodb:GetItem'],
      'OUTBOX#*': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      'WATCH#*': ['dynamodb:GetItem'],
      'WEBHOOK#*': ['dynamodb:PutItem'],
    });
    for (const statement of statements) {
      for (const key of ['DECL#0b1c', 'UNIQ#x', 'IDEM#x', 'EDITION#2025-01-01', 'PUB#NOTICE#1', 'WATCHES#k1']) expect(reachesPartition(statement, key)).toBe(false);
    }
  });

  it('reads the stream of this table only, receiving new outbox items only', () => {
    const [tableId] = model.only('AWS::DynamoDB::Table');
    const reads = dynamoStatements('outbox').filter(isStreamRead);
    const onStream = reads.filter((statement) => !actionsOf(statement).includes('dynamodb:ListStreams'));
    expect(onStream.length).toBeGreaterThan(0);
    for (const statement of onStream) expect(statement.Resource).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: model.functionId('outbox') },
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: 'OUTBOX#' }] } } } }) }] },
    });
  });

  it('sends SMS to numbers only (no SNS topic) and e-mail from the stack identity only', () => {
    const statements = model.statements('outbox');
    const sns = statements.filter((statement) => actionsOf(statement).includes('sns:Publish'));
    expect(sns).toEqual([expect.objectContaining({ Action: 'sns:Publish', NotResource: 'arn:*:sns:*:*:*' })]);
    const ses = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('ses:')));
    const [identityId] = model.only('AWS::SES::EmailIdentity');
    expect(ses).toHaveLength(1);
    expect(JSON.stringify(ses[0]?.Resource)).toContain(identityId);
    for (const name of FUNCTION_NAMES.filter((other) => other !== 'outbox')) {
      expect(model.statements(name).flatMap(actionsOf).filter((action) => /^(sns|ses):/.test(action)), name).toEqual([]);
    }
  });

  it('sweeps the due list every minute', () => {
    const sweep = model.ofType('AWS::Events::Rule').find(([, rule]) => JSON.stringify(rule.Properties?.Targets).includes(model.functionId('outbox')));
    expect(sweep?.[1].Properties?.ScheduleExpression).toBe('rate(1 minute)');
    expect(JSON.parse((sweep?.[1].Properties?.Targets as { Input: string }[])[0]?.Input ?? '')).toEqual(OUTBOX_SWEEP_EVENT);
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  const acknowledgements = (): { path: string; id: string; reason: string }[] =>
    shengming.app.node.findAll().flatMap((construct: IConstruct) =>
      construct.node.metadata
        .filter((entry: MetadataEntry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry: MetadataEntry) => Object.entries(entry.data as Record<string, string>))
        .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^annotation::/i, ''), reason })),
    );

  it('reports no unacknowledged error or warning', () => {
    // In cdk-nag 3 findings are policy-validation violations, not annotations: ask the pack directly.
    const { violations } = new AwsSolutionsChecks().validateScope(shengming.app);
    expect(violations.map((v) => `${v.severity} ${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('left an empty validation report and no warning or error annotations in the assembly', () => {
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
    expect(report.pluginReports).toEqual([]);
    const { messages } = assembly.getStackArtifact(shengming.stack.artifactId);
    expect(messages.filter((m) => m.level !== 'info').map((m) => `${m.level} ${m.id} ${String(m.entry.data)}`)).toEqual([]);
  });

  it('acknowledges only reviewed rules, each with a specific reason', () => {
    const found = acknowledgements();
    const rules = new Set(found.map((ack) => ack.id.replace(/^AwsSolutions-([A-Z]+\d+).*$/, '$1')));
    expect([...rules].sort()).toEqual(['APIG2', 'APIG4', 'COG4', 'IAM4', 'IAM5', 'S1', 'SMG4', 'SNS2', 'SQS3']);
    for (const ack of found) expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThan(60);
  });

  it('acknowledges the missing authorizer only on methods of public mounts', () => {
    const publicMethods = new Set(model.methods().filter((m) => m.props.AuthorizationType === 'NONE').map((m) => m.id));
    const acknowledged = acknowledgements().filter((ack) => ack.id === 'AwsSolutions-APIG4');
    expect(acknowledged).toHaveLength(publicMethods.size);
    for (const ack of acknowledged) expect(ack.path).not.toMatch(/moderation\/\{proxy\+\}|editions/);
  });
});
