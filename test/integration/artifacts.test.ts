import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { OUTBOX_SWEEP_EVENT } from '../../functions/outbox/consumer.js';
import { BUNDLE_SWEEP_EVENT } from '../../functions/bundles/schedule-event.js';
import { SCHEDULED_RUN_EVENT } from '../../functions/publisher/schedule-event.js';
import { FUNCTION_ENTRIES, type FunctionName } from '../../functions/routes.js';
import { STACK_NAME } from '../../infra/shengming-app.js';
import { addDays, shanghaiDate, shanghaiTime } from '../../shared/domain/editions.js';
import { bundleFiles } from '../../scripts/lambda/bundle-files.js';
import type { AssemblyFunction } from '../../scripts/lambda/cloud-assembly.js';
import { headerValue, restApiEvent, resultBody, type RestRequest } from '../../scripts/lambda/events.js';
import { localFunctionConfig } from '../../scripts/lambda/local-config.js';
import { startLambda, type FunctionConfig, type LambdaEnvironment } from '../../scripts/lambda/runtime.js';
import { synthesizeFunctions } from '../../scripts/lambda/synthesize.js';
import { TemplateModel, type CfnTemplate } from '../infra/template-model.js';
import { HOLDER_ID, HOLDER_PHONE, json, physicianDeclaration, uniqueCertificateNumber } from '../support/declarations.js';
import { startKmsStub, type KmsStub } from '../support/kms-stub.js';
import { newsroom, payFees, type Filed } from '../support/publishing.js';
import { CookieJar, signInAsLocalUser } from '../support/staff-sign-in.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

/**
 * The deployable artifacts, proven: the stack is synthesized once with its real bundling (as `cdk deploy` would
 * upload it), every function's bundle in cdk.out is started as the nodejs24.x runtime starts it (its own Node 24
 * process, the bundle as task root, only the runtime's AWS SDK resolvable, the template's environment) against
 * DynamoDB Local, and every method of the REST API in the template is invoked with a REST proxy event through the
 * function its integration names. No answer may be a 5xx; each gets the status class its sample expects.
 */

type StatusClass = 2 | 3 | 4;
interface Sample extends RestRequest {
  readonly expect: StatusClass;
}

// Inside the repository, as cdk.out is: the runner must not let the bundles see the repository's node_modules.
mkdirSync('node_modules/.cache', { recursive: true });
const outdir = resolve(mkdtempSync(join('node_modules/.cache', 'artifacts-test-')));

let system: TestSystem;
let functions: Record<FunctionName, AssemblyFunction>;
let model: TemplateModel;
let filed: Filed;
let noticeNo: string;
let certificateNumber: string;
let apiKey: string;
let agencyKey: string;
let dueDate: string;
let kms: KmsStub;
let firstRun: { editions: { date: string }[] };
const environments = new Map<FunctionName, LambdaEnvironment>();
const logs = new Map<FunctionName, string[]>();

beforeAll(async () => {
  // One synthesis (bundling included) for the whole file.
  functions = synthesizeFunctions(outdir);
  model = new TemplateModel(JSON.parse(readFileSync(join(outdir, `${STACK_NAME}.template.json`), 'utf8')) as CfnTemplate);
  system = await createTestSystem();
  kms = await startKmsStub();
  const { file, decide } = newsroom(system);
  const editor = await system.auth.issueToken('editor');
  const asEditor = (body: unknown) => json(body, { authorization: `Bearer ${editor}` });
  // An edition due yesterday (Asia/Shanghai), prepared days before: the publisher's bundle publishes it below.
  certificateNumber = uniqueCertificateNumber();
  dueDate = addDays(shanghaiDate(new Date()), -1);
  await system.clock.during(new Date(shanghaiTime(addDays(dueDate, -3), 9)), async () => {
    const { id } = await file(physicianDeclaration(certificateNumber));
    await decide(id, 'approve');
    await payFees(system.request, `Bearer ${editor}`, [id]);
    expect((await system.request('/api/v1/editions', asEditor({ date: dueDate }))).status).toBe(201);
    expect((await system.request(`/api/v1/editions/${dueDate}/notices`, asEditor({ ids: [id] }))).status).toBe(200);
  });
  filed = await file(physicianDeclaration());
  const issued = await system.request('/api/v1/moderation/api-keys', asEditor({ organisation: '测试核验机构', kind: 'verifier', dailyQuota: 100 }));
  expect(issued.status).toBe(201);
  apiKey = ((await issued.json()) as { apiKey: string }).apiKey;
  const agency = await system.request('/api/v1/moderation/api-keys', asEditor({ organisation: '测试卫健委', kind: 'agency', dailyQuota: 100 }));
  agencyKey = ((await agency.json()) as { apiKey: string }).apiKey;
  await Promise.all(
    (Object.keys(FUNCTION_ENTRIES) as FunctionName[]).map(async (name) => {
      const lines: string[] = [];
      logs.set(name, lines);
      environments.set(name, await startLambda(functionConfig(name, { onLog: (text) => lines.push(text) })));
    }),
  );
  // The scheduled run, as EventBridge sends it: the due edition is published (its checkpoint signed through KMS).
  const run = await environments.get('publisher')?.invoke(SCHEDULED_RUN_EVENT);
  firstRun = JSON.parse((run?.result as APIGatewayProxyResult).body) as { editions: { date: string }[] };
  const verified = (await (await system.request(`/api/v1/verify?number=${encodeURIComponent(certificateNumber)}`)).json()) as { notices: { noticeNo: string }[] };
  noticeNo = verified.notices[0]?.noticeNo ?? '';
  expect(noticeNo, 'the notice the publisher bundle published').not.toBe('');
}, 180_000);

afterAll(async () => {
  await Promise.all([...environments.values()].map((environment) => environment.stop()));
  await kms.close();
  rmSync(outdir, { recursive: true, force: true });
});

/**
 * How the suite starts `name`'s bundle: against DynamoDB Local, KMS (the log's signing key) at the stub, staff tokens
 * from the system's local OIDC provider (the issuer a China stack is given instead of a user pool); every other AWS
 * service is out of reach.
 */
function functionConfig(name: FunctionName, options: Partial<FunctionConfig> = {}): FunctionConfig {
  const local = { endpoint: inject('dynamodbEndpoint'), tableName: system.store.tableName, lookupKey: system.lookupKey, formSealKey: 'artifacts-form-seal-key' };
  const environment = { AWS_ENDPOINT_URL_KMS: kms.endpoint, ...('USER_POOL_ID' in functions[name].environment ? staffIssuerEnvironment() : {}) };
  return localFunctionConfig(functions[name], local, { functionName: name, environment, ...options });
}

/** The variables of shared/http/staff-auth.ts staffIssuerFromEnvironment for the system's own issuer. */
function staffIssuerEnvironment(): Record<string, string> {
  const { issuer } = system.auth.config;
  if (issuer.kind !== 'oidc') throw new Error('the test system signs staff in with an OIDC issuer');
  return {
    USER_POOL_ID: '',
    STAFF_ISSUER: issuer.issuer,
    STAFF_CLIENT_ID: issuer.clientId,
    ...(issuer.audience ? { STAFF_AUDIENCE: issuer.audience } : {}),
    ...(issuer.rolesClaim ? { STAFF_ROLES_CLAIM: issuer.rolesClaim } : {}),
    ...(issuer.jwksUri ? { STAFF_JWKS_URI: issuer.jwksUri } : {}),
  };
}

/** The function a method's Lambda proxy integration invokes, by name. */
function integrationTarget(integration: unknown): FunctionName {
  const json = JSON.stringify(integration);
  const found = (Object.keys(FUNCTION_ENTRIES) as FunctionName[]).find((name) => json.includes(`"${functions[name].logicalId}"`));
  if (!found) throw new Error(`no function in integration ${json}`);
  return found;
}

/** What a browser sends first: its Accept header names text/html before anything else. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The binary media types of the synthesized API: they decide how bodies reach the functions and leave API Gateway. */
function templateBinaryTypes(): string[] {
  const [, api] = model.only('AWS::ApiGateway::RestApi');
  const types = api.Properties?.BinaryMediaTypes;
  return Array.isArray(types) ? types.map(String) : [];
}

/** A request through the function, the body as API Gateway passes it on to the client. */
async function invokeForBytes(name: FunctionName, request: RestRequest): Promise<{ status: number; body: Buffer }> {
  const environment = environments.get(name);
  if (!environment) throw new Error(`${name} is not running`);
  const binaryTypes = templateBinaryTypes();
  const { result } = await environment.invoke(restApiEvent(request, binaryTypes));
  const answer = result as APIGatewayProxyResult;
  return { status: answer.statusCode, body: resultBody(answer, headerValue(request.headers ?? {}, 'accept'), binaryTypes) };
}

async function invoke(name: FunctionName, request: RestRequest): Promise<{ status: number; body: string }> {
  const { status, body } = await invokeForBytes(name, request);
  return { status, body: body.toString('utf8') };
}

/** Requests for each resource of the API (ANY methods get the verbs the route serves). */
const samples = (): Record<string, readonly Sample[]> => ({
  '/': [{ path: '/', expect: 2 }],
  '/health': [{ path: '/health', expect: 2 }],
  '/api/v1/health': [{ path: '/api/v1/health', expect: 2 }],
  '/api/v1/document-types': [{ path: '/api/v1/document-types', expect: 2 }],
  '/api/v1/declarations': [
    // A browser or SDK may send the JSON body base64-encoded (binary media): the function reads it the same.
    { method: 'POST', path: '/api/v1/declarations', headers: { 'Content-Type': 'application/json' }, binaryBody: new TextEncoder().encode(JSON.stringify(physicianDeclaration())), expect: 2 },
    { method: 'POST', path: '/api/v1/declarations', headers: { 'Content-Type': 'application/json' }, body: '{}', expect: 4 },
  ],
  '/api/v1/declarations/{proxy+}': [
    { path: `/api/v1/declarations/${filed.id}`, headers: { Authorization: `Receipt ${filed.receipt}` }, expect: 2 },
    { path: `/api/v1/declarations/${filed.id}`, expect: 4 },
  ],
  '/api/v1/attachments': [
    // An S3 presigned POST, signed by the runtime's SDK with the function's credentials (no request to S3).
    { method: 'POST', path: '/api/v1/attachments', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ contentType: 'image/png', size: 2048 }), expect: 2 },
    { method: 'POST', path: '/api/v1/attachments', headers: { 'Content-Type': 'application/json' }, body: '{}', expect: 4 },
  ],
  '/declarations/{proxy+}': [
    { path: '/declarations/follow', expect: 2 },
    { path: `/declarations/${filed.id}`, expect: 2 },
  ],
  '/file': [{ path: '/file', expect: 2 }],
  '/file/{proxy+}': [
    { path: '/file/form?type=physician_practicing_certificate', expect: 2 },
    // A form post, urlencoded as a browser sends it: missing fields are answered on the page, never a 5xx.
    { method: 'POST', path: '/file/preview', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://example.execute-api.eu-west-1.amazonaws.com' }, body: 'documentType=physician_practicing_certificate', expect: 2 },
  ],
  '/api/v1/moderation/{proxy+}': [
    { path: '/api/v1/moderation/queue', expect: 4 },
  ],
  '/api/v1/editions': [
    { path: '/api/v1/editions', expect: 4 },
  ],
  '/api/v1/editions/{proxy+}': [{ method: 'POST', path: '/api/v1/editions/2030-01-01/publish', expect: 4 }],
  '/staff': [{ path: '/staff', expect: 3 }],
  // Sign-in sends the browser to the issuer (authorization code flow with PKCE); the signed-out page is the console's own.
  '/staff/{proxy+}': [
    { path: '/staff/sign-in', expect: 3 },
    { path: '/staff/signed-out', expect: 2 },
  ],
  '/api/v1/verify': [{ path: `/api/v1/verify?number=${encodeURIComponent(certificateNumber)}`, expect: 2 }],
  '/api/v1/notices': [{ path: '/api/v1/notices', expect: 2 }],
  '/api/v1/notices/{proxy+}': [{ path: `/api/v1/notices/${noticeNo}`, expect: 2 }],
  '/feed.atom': [{ path: '/feed.atom', expect: 2 }],
  '/verify': [{ path: `/verify?number=${encodeURIComponent(certificateNumber)}`, expect: 2 }],
  '/notices': [{ path: '/notices', expect: 2 }],
  '/notices/{proxy+}': [{ path: `/notices/${noticeNo}`, expect: 2 }],
  '/openapi.json': [{ path: '/openapi.json', expect: 2 }],
  '/docs': [{ path: '/docs', expect: 2 }],
  '/api/v1/log/{proxy+}': [
    { path: '/api/v1/log/checkpoint', expect: 2 },
    { path: '/api/v1/log/entries/0', expect: 2 },
  ],
  '/.well-known/log-key': [{ path: '/.well-known/log-key', expect: 2 }],
  '/log': [{ path: '/log', expect: 2 }],
  '/api/v1/verify/batch': [
    { method: 'POST', path: '/api/v1/verify/batch', headers: { 'Content-Type': 'application/json', 'X-Api-Key': apiKey }, body: JSON.stringify({ numbers: [certificateNumber] }), expect: 2 },
    { method: 'POST', path: '/api/v1/verify/batch', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ numbers: [certificateNumber] }), expect: 4 },
  ],
  '/api/v1/organisation': [
    { path: '/api/v1/organisation', headers: { 'X-Api-Key': apiKey }, expect: 2 },
    { path: '/api/v1/organisation', expect: 4 },
  ],
  '/api/v1/organisation/{proxy+}': [{ path: '/api/v1/organisation/verifications', headers: { 'X-Api-Key': apiKey }, expect: 2 }],
  // A watch on a loopback callback is refused as Lambda's rules refuse it (only the local server allows loopback).
  '/api/v1/watches': [
    { path: '/api/v1/watches', headers: { 'X-Api-Key': apiKey }, expect: 2 },
    { method: 'POST', path: '/api/v1/watches', headers: { 'Content-Type': 'application/json', 'X-Api-Key': apiKey }, body: JSON.stringify({ number: certificateNumber, callbackUrl: 'https://127.0.0.1/hook' }), expect: 4 },
    { method: 'POST', path: '/api/v1/watches', headers: { 'Content-Type': 'application/json' }, body: '{}', expect: 4 },
  ],
  '/api/v1/watches/{proxy+}': [
    { path: '/api/v1/watches/deliveries', headers: { 'X-Api-Key': apiKey }, expect: 2 },
    { method: 'DELETE', path: '/api/v1/watches/00000000-0000-4000-8000-000000000000', headers: { 'X-Api-Key': apiKey }, expect: 4 },
  ],
  '/api/v1/bundles': [
    // A GBK CSV as Excel in China saves it arrives as its bytes (text/csv is a binary media type of the API).
    {
      method: 'POST',
      path: '/api/v1/bundles',
      headers: { 'Content-Type': 'text/csv', 'X-Api-Key': agencyKey },
      binaryBody: new Uint8Array(iconv.encode(`声明类型,声明人类型,声明人,身份证号码,证件类型,证件号码,联系电话\r\n遗失,个人,张三,${HOLDER_ID},医师执业证书,${uniqueCertificateNumber()},${HOLDER_PHONE}`, 'gbk')),
      expect: 2,
    },
    { method: 'POST', path: '/api/v1/bundles', headers: { 'Content-Type': 'application/json', 'X-Api-Key': agencyKey }, body: JSON.stringify([{}]), expect: 4 },
    { method: 'POST', path: '/api/v1/bundles', headers: { 'Content-Type': 'application/json' }, body: '[]', expect: 4 },
  ],
  '/api/v1/bundles/template.csv': [{ path: '/api/v1/bundles/template.csv', expect: 2 }],
  '/api/v1/bundles/template.xlsx': [{ path: '/api/v1/bundles/template.xlsx', expect: 2 }],
  '/api/v1/bundles/{id}': [{ path: '/api/v1/bundles/00000000-0000-4000-8000-000000000000', headers: { 'X-Api-Key': agencyKey }, expect: 4 }],
});

describe('the synthesized bundles, run as Lambda runs them', () => {
  it('every function starts on Node 24 with the runtime\'s SDK only', () => {
    for (const name of Object.keys(FUNCTION_ENTRIES) as FunctionName[]) {
      expect(functions[name].runtime, name).toBe('nodejs24.x');
      expect(environments.get(name)?.coldStart.importMs, name).toBeGreaterThan(0);
    }
  });

  it("load neither worker_threads (node:util imported as an ES module) nor Node's fetch at import: 3 ms and more of a cold start each", () => {
    for (const name of Object.keys(FUNCTION_ENTRIES) as FunctionName[]) {
      const builtins = environments.get(name)?.coldStart.builtinsAtImport ?? [];
      // The runtime's SDK loads these; the list is the one Node keeps.
      expect(builtins, name).toEqual(expect.arrayContaining(['util', 'net', 'http']));
      expect(builtins.filter((builtin) => builtin === 'worker_threads' || builtin.includes('undici')), name).toEqual([]);
    }
  });

  it('answer every method of the REST API in the template, through the function its integration names, without a 5xx', async () => {
    const table = samples();
    const methods = model.methods();
    expect(methods.length).toBeGreaterThan(20);
    for (const method of methods) {
      const name = integrationTarget(method.props.Integration);
      const forPath = table[method.path];
      expect(forPath, `no sample request for ${method.httpMethod} ${method.path}`).toBeDefined();
      const requests = (forPath ?? []).filter((sample) => method.httpMethod === 'ANY' || (sample.method ?? 'GET') === method.httpMethod);
      expect(requests.length, `${method.httpMethod} ${method.path}`).toBeGreaterThan(0);
      for (const sample of requests) {
        const { status, body } = await invoke(name, sample);
        expect(status, `${sample.method ?? 'GET'} ${sample.path} → ${status} ${body.slice(0, 300)}`).toBeLessThan(500);
        expect(Math.floor(status / 100), `${sample.method ?? 'GET'} ${sample.path} → ${status} ${body.slice(0, 300)}`).toBe(sample.expect);
      }
    }
  }, 120_000);

  it('send the bundle templates to a browser as files: the XLSX as its bytes, the CSV with its byte-order mark', async () => {
    const headers = { Accept: BROWSER_ACCEPT };
    const xlsx = await invokeForBytes('bundles', { path: '/api/v1/bundles/template.xlsx', headers });
    expect(xlsx.status).toBe(200);
    // A ZIP's local file header: what API Gateway would send as base64 text under binary types a browser's Accept misses.
    expect(xlsx.body.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    const csv = await invokeForBytes('bundles', { path: '/api/v1/bundles/template.csv', headers });
    expect(csv.status).toBe(200);
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.body.toString('utf8')).toContain('证件号码');
  });

  it("answer without loading Node's fetch implementation (functions/lambda-adapter.ts)", async () => {
    for (const name of Object.keys(FUNCTION_ENTRIES) as FunctionName[]) {
      const environment = environments.get(name);
      if (!environment) throw new Error(`${name} is not running`);
      // Every method of the API has been answered above; one more request reads where the environment stands.
      const { figures } = await environment.invoke(restApiEvent({ path: '/api/v1/health' }));
      expect(figures.fetchImplementationLoaded, name).toBe(false);
    }
  });

  it("sign an editor in through the moderation bundle: discovery, redirect and code exchange on the adapter's fetch", async () => {
    const moderation = environments.get('moderation');
    if (!moderation) throw new Error('moderation is not running');
    const stage = 'prod';
    const cookies = new CookieJar();
    const { url, answer } = await signInAsLocalUser(
      async (url) => {
        const cookie = cookies.header(url);
        const { result, figures } = await moderation.invoke(
          restApiEvent({ path: `${url.pathname.slice(stage.length + 1)}${url.search}`, stage, headers: { Accept: BROWSER_ACCEPT, ...(cookie ? { Cookie: cookie } : {}) } }),
        );
        expect(figures.fetchImplementationLoaded, url.pathname).toBe(false);
        const answer = result as APIGatewayProxyResult;
        cookies.keep((answer.multiValueHeaders?.['set-cookie'] ?? []).map(String));
        const location = answer.headers?.location ?? answer.multiValueHeaders?.location?.[0];
        return { status: answer.statusCode, body: resultBody(answer, BROWSER_ACCEPT).toString('utf8'), ...(typeof location === 'string' ? { location } : {}) };
      },
      new URL(`https://example.execute-api.eu-west-1.amazonaws.com/${stage}/staff/sign-in`),
      'editor',
    );
    // The code exchange succeeded: its failure is "sign-in unavailable" (503), which the ponyfill's fetch answered
    // until functions/lambda-adapter.ts gave it form bodies as text. What stops the sign-in after it is this test's
    // provider: it serves its keys over plain HTTP, and aws-jwt-verify fetches keys over HTTPS only, so the console
    // cannot check the tokens here and answers "sign-in not completed" (400) instead of opening.
    expect(url.pathname).toBe(`/${stage}/staff/callback`);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('登录未完成');
  });

  it('load code imported on demand from a chunk of its own, out of the cold start, when a request first needs it', async () => {
    // The OpenID Connect client (signing in) and the fetch it uses, a console page (console/pages.ts), exceljs (XLSX sheets), the form parser and the problems' words: each a
    // chunk no static import reaches. The staff API's requests need none of moderation's.
    const cases = [
      { name: 'moderation', chunk: /^build-/, needing: { path: '/staff/sign-in', expect: 3 }, notNeeding: { path: '/api/v1/moderation/queue', expect: 4 } },
      // The ponyfill's fetch, by the sign-in's discovery request (functions/ponyfill-classes.ts, lambda-fetch.ts).
      // Without it the discovery request fails as an unreachable issuer does (503).
      { name: 'moderation', chunk: /^fetch-/, needing: { path: '/staff/sign-in', expect: 3, withoutChunk: 503 }, notNeeding: { path: '/api/v1/moderation/queue', expect: 4 } },
      { name: 'moderation', chunk: /^sign-in-pages-/, needing: { path: '/staff/signed-out', expect: 2 }, notNeeding: { path: '/api/v1/moderation/queue', expect: 4 } },
      { name: 'bundles', chunk: /^excel-/, needing: { path: '/api/v1/bundles/template.xlsx', expect: 2 }, notNeeding: { path: '/api/v1/bundles/template.csv', expect: 2 } },
      // The form parser, by the first form (functions/busboy-on-demand.ts); the JSON API reads no form.
      {
        name: 'filing',
        chunk: /^busboy-/,
        needing: { method: 'POST', path: '/file/preview', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://example.execute-api.eu-west-1.amazonaws.com' }, body: 'documentType=physician_practicing_certificate', expect: 2 },
        notNeeding: { method: 'POST', path: '/api/v1/declarations', headers: { 'Content-Type': 'application/json' }, body: '{}', expect: 4 },
      },
      // The domain's problems, by the first request the domain refuses (shared/http/app.ts).
      {
        name: 'filing',
        chunk: /^domain-problems-/,
        needing: { method: 'POST', path: '/api/v1/declarations', headers: { 'Content-Type': 'application/json' }, body: '{}', expect: 4, withoutChunk: 'invocation fails' },
        notNeeding: { path: '/api/v1/health', expect: 2 },
      },
    ] as const;
    for (const { name, chunk, needing, notNeeding } of cases) {
      const { directory } = functions[name];
      const { atImport, onDemand } = bundleFiles(directory);
      const library = onDemand.filter((file) => chunk.test(basename(file)));
      expect(library, `${name}: ${onDemand.join(', ')}`).toHaveLength(1);
      expect(atImport.some((file) => chunk.test(basename(file))), name).toBe(false);
      // The same bundle without the library's chunk: its cold start and the requests not needing it are unchanged (a
      // refusal too, though its problem's words are a chunk of their own), the first request that needs the library
      // fails on the missing file (so that request is what loads it).
      const stripped = resolve(outdir, `${name}-${chunk.source.replace(/\W/g, '')}-without-its-chunk`);
      cpSync(directory, stripped, { recursive: true });
      for (const file of library) rmSync(join(stripped, file));
      const lines: string[] = [];
      const environment = await startLambda(functionConfig(name, { directory: stripped, onLog: (text) => lines.push(text) }));
      try {
        const answer = async (request: RestRequest) => {
          const { result } = await environment.invoke(restApiEvent(request));
          return (result as APIGatewayProxyResult).statusCode;
        };
        expect(Math.floor((await answer(notNeeding)) / 100), `${name} ${notNeeding.path}`).toBe(notNeeding.expect);
        const moduleNotFound = () => lines.join('').split('\n').filter((line) => line.includes('"level":"ERROR"') && line.includes('modules/esm/resolve'));
        expect(moduleNotFound()).toEqual([]);
        if ('withoutChunk' in needing && needing.withoutChunk === 'invocation fails') {
          // The error handler itself needs the chunk: the invocation fails, as Lambda reports a handler that threw.
          await expect(environment.invoke(restApiEvent(needing)), `${name} ${needing.path} without its chunk`).rejects.toThrow(/Cannot find module/);
        } else if ('withoutChunk' in needing) {
          expect(await answer(needing), `${name} ${needing.path} without its chunk`).toBe(needing.withoutChunk);
        } else {
          expect(await answer(needing), `${name} ${needing.path} without its chunk`).toBe(500);
          // The error the function logged: a module it imported could not be found (its log names no file).
          expect(moduleNotFound(), name).toHaveLength(1);
        }
      } finally {
        await environment.stop();
      }
      // The stack's own bundle, with the chunk, answers that request.
      expect(Math.floor((await invoke(name, needing)).status / 100), `${name} ${needing.path}`).toBe(needing.expect);
    }
  });

  it('the publisher published the due edition on the schedule\'s input, signing through KMS, and then finds nothing due', async () => {
    expect(firstRun.editions.map((edition) => edition.date)).toEqual([dueDate]);
    expect(kms.calls).toEqual(expect.arrayContaining(['GetPublicKey', 'Sign']));
    // The log's code (the run's entries and checkpoint, the signer) came from chunks no cold start of the functions
    // that publish reads (shared/services/publishing-context.ts, log-signer-on-demand.ts).
    for (const name of ['publisher', 'moderation'] as const) {
      const { atImport, onDemand } = bundleFiles(functions[name].directory);
      for (const chunk of [/^transparency-log-/, /^log-signer-/]) {
        expect(onDemand.filter((file) => chunk.test(basename(file))), `${name} ${chunk.source}`).toHaveLength(1);
        expect(atImport.some((file) => chunk.test(basename(file))), `${name} ${chunk.source}`).toBe(false);
      }
    }
    const again = await environments.get('publisher')?.invoke(SCHEDULED_RUN_EVENT);
    expect((again?.result as APIGatewayProxyResult).statusCode).toBe(200);
    expect(JSON.parse((again?.result as APIGatewayProxyResult).body)).toMatchObject({ editions: [] });
  });

  it('the outbox runs its sweep', async () => {
    const outbox = await environments.get('outbox')?.invoke(OUTBOX_SWEEP_EVENT);
    expect(outbox?.result).toMatchObject({ delivered: expect.any(Number) });
  });

  it('the bundles function runs its sweep on the schedule\'s event', async () => {
    const swept = await environments.get('bundles')?.invoke(BUNDLE_SWEEP_EVENT);
    expect(swept?.result).toMatchObject({ statusCode: 200 });
    expect(JSON.parse((swept?.result as { body: string }).body)).toEqual({ settled: expect.any(Number) });
  });

  it('log no error and nothing that names a resident ID in full', () => {
    for (const [name, lines] of logs) {
      const text = lines.join('');
      expect(text.includes(HOLDER_ID), name).toBe(false);
      expect(text.split('\n').filter((line) => line.includes('"level":"ERROR"')), name).toEqual([]);
    }
  });
});

