import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_CHUNKS_DIRECTORY, BUNDLE_ENTRY_FILE, bundleFunction, SDK_EXTERNAL } from '../../infra/bundling.js';
import { restApiEvent, resultBody } from '../../scripts/lambda/events.js';
import { startLambda } from '../../scripts/lambda/runtime.js';

// Inside the repository (as cdk.out is), so its node_modules sit above every bundle: the runner must not use them.
mkdirSync('node_modules/.cache', { recursive: true });
const root = mkdtempSync(join('node_modules/.cache', 'lambda-runtime-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A bundle directory holding one handler module. */
function bundle(name: string, source: string, file = 'index.mjs'): string {
  const directory = resolve(root, name);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, file), source);
  return directory;
}

const ECHO = `
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const handler = async (event, context) => ({
  statusCode: 200,
  body: JSON.stringify({
    body: event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body,
    sdk: typeof DynamoDBDocumentClient,
    cwd: process.cwd(),
    taskRoot: process.env.LAMBDA_TASK_ROOT,
    templateVariable: process.env.TEMPLATE_VARIABLE ?? null,
    callerVariable: process.env.npm_lifecycle_event ?? process.env.VITEST ?? null,
    node: process.versions.node.split('.')[0],
    remainingMs: context.getRemainingTimeInMillis(),
  }),
});
`;

describe('Lambda-mode runner', () => {
  it('runs a handler in its own Node 24 process with the task root, the template environment and the runtime SDK', async () => {
    const directory = bundle('echo', ECHO);
    const fn = await startLambda({ directory, environment: { TEMPLATE_VARIABLE: 'from the template' }, timeoutSeconds: 5 });
    try {
      expect(fn.pid).not.toBe(process.pid);
      const { result } = await fn.invoke(restApiEvent({ method: 'POST', path: '/api/v1/declarations', body: '{"a":1}' }));
      const echoed = JSON.parse(resultBody(result as APIGatewayProxyResult, 'application/json').toString('utf8')) as Record<string, unknown>;
      expect(echoed).toMatchObject({
        body: '{"a":1}',
        sdk: 'function',
        cwd: directory,
        taskRoot: directory,
        templateVariable: 'from the template',
        callerVariable: null,
        node: '24',
      });
      expect(echoed.remainingMs).toBeGreaterThan(4_000);
      expect(echoed.remainingMs).toBeLessThanOrEqual(5_000);
      expect(fn.coldStart.importMs).toBeGreaterThan(0);
      expect(fn.coldStart.readyMs).toBeGreaterThan(fn.coldStart.importMs);
    } finally {
      await fn.stop();
    }
  });

  it('delivers a binary body base64-encoded, as API Gateway does', async () => {
    const fn = await startLambda({ directory: bundle('echo-binary', ECHO) });
    try {
      const event = restApiEvent({ method: 'POST', path: '/file', headers: { 'Content-Type': 'application/octet-stream' }, binaryBody: new TextEncoder().encode('二进制 body') });
      expect(event.isBase64Encoded).toBe(true);
      const { result } = await fn.invoke(event);
      expect(JSON.parse((result as APIGatewayProxyResult).body)).toMatchObject({ body: '二进制 body' });
    } finally {
      await fn.stop();
    }
  });

  it('measures CPU and duration of each invocation of a loop inside the environment', async () => {
    // Spins until it has used 5 ms of CPU, however long a loaded machine takes to give it that.
    const busy = bundle(
      'busy',
      `export const handler = async () => { const start = process.cpuUsage(); let used = 0; while (used < 5000) { const { user, system } = process.cpuUsage(start); used = user + system; } return { statusCode: 200, body: '' }; };`,
    );
    const fn = await startLambda({ directory: busy });
    try {
      const figures = await fn.invokeLoop([restApiEvent({ path: '/health' }), restApiEvent({ path: '/health?x=1' })], 3);
      expect(figures).toHaveLength(6);
      for (const { durationMs, cpuMs, error } of figures) {
        expect(error).toBeUndefined();
        expect(cpuMs).toBeGreaterThanOrEqual(5);
        expect(cpuMs).toBeLessThan(50);
        // Process CPU counts every thread (the compiler's, the collector's), so it can exceed the wall time.
        expect(durationMs).toBeGreaterThan(1);
      }
    } finally {
      await fn.stop();
    }
  });

  it('cannot import a package the bundle left out unless the runtime ships it', async () => {
    // hono is in the repository's node_modules, which sit above the bundle directory: Lambda has no such thing.
    await expect(startLambda({ directory: bundle('imports-hono', `import { Hono } from 'hono'; export const handler = async () => new Hono();`) })).rejects.toThrow(
      /Cannot find package 'hono'/,
    );
    const requiresZod = `import { createRequire } from 'module'; const require = createRequire(import.meta.url); require('zod'); export const handler = async () => null;`;
    await expect(startLambda({ directory: bundle('requires-zod', requiresZod) })).rejects.toThrow(/Cannot find package 'zod'/);
    // The SDK's own dependencies are nested inside the runtime's copy, out of the bundle's reach.
    await expect(startLambda({ directory: bundle('imports-smithy', `import '@smithy/smithy-client'; export const handler = async () => null;`) })).rejects.toThrow(
      /Cannot find package '@smithy\/smithy-client'/,
    );
  });

  it("loads a chunk the stack's bundling split off for an import() when the handler first needs it", async () => {
    // file-type, as the attachment check loads it: on demand, out of the entry the runtime imports at cold start.
    const entry = join(root, 'sniffs.ts');
    writeFileSync(
      entry,
      `export const handler = async (event: { hex: string }) => {
        const { fileTypeFromBuffer } = await import('file-type');
        return (await fileTypeFromBuffer(Buffer.from(event.hex, 'hex')))?.mime ?? null;
      };`,
    );
    const directory = resolve(root, 'sniffs');
    bundleFunction(resolve(entry), SDK_EXTERNAL, directory);
    const chunks = readdirSync(join(directory, BUNDLE_CHUNKS_DIRECTORY)).filter((file) => file.endsWith('.mjs'));
    expect(chunks.some((file) => file.startsWith('file-type-'))).toBe(true);
    // file-type's table of types is in its chunk, not in the entry.
    expect(readFileSync(join(directory, BUNDLE_ENTRY_FILE), 'utf8')).not.toContain('image/png');
    const fn = await startLambda({ directory });
    try {
      const png = '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489';
      await expect(fn.invoke({ hex: png })).resolves.toMatchObject({ result: 'image/png' });
      await expect(fn.invoke({ hex: '00' })).resolves.toMatchObject({ result: null });
    } finally {
      await fn.stop();
    }
  });

  it('reports a handler that throws as the invocation error, and the environment stays up', async () => {
    const fn = await startLambda({ directory: bundle('throws', `let calls = 0; export const handler = async () => { calls += 1; if (calls === 1) throw new TypeError('first call'); return calls; };`) });
    try {
      await expect(fn.invoke({})).rejects.toThrow('TypeError: first call');
      await expect(fn.invoke({})).resolves.toMatchObject({ result: 2 });
    } finally {
      await fn.stop();
    }
  });

  it('runs one invocation at a time, as one Lambda environment does, even when asked for two at once', async () => {
    const overlapping = bundle(
      'overlap',
      `let active = 0; export const handler = async () => { active += 1; const seen = active; await new Promise((r) => setTimeout(r, 20)); active -= 1; return seen; };`,
    );
    const fn = await startLambda({ directory: overlapping });
    try {
      const [first, second, loop] = await Promise.all([fn.invoke({}), fn.invoke({}), fn.invokeLoop([{}, {}])]);
      expect([first.result, second.result]).toEqual([1, 1]);
      expect(loop.map(({ result }) => result)).toEqual(['1', '1']);
    } finally {
      await fn.stop();
    }
  });

  it('profiles a loop inside the environment, naming the bundle in its frames', async () => {
    const directory = bundle('profiled', `function spin() { const end = performance.now() + 3; while (performance.now() < end); } export const handler = async () => spin();`);
    const fn = await startLambda({ directory });
    try {
      const { figures, profile } = await fn.profileLoop([{}], 10);
      expect(figures).toHaveLength(10);
      expect(profile.samples.length).toBeGreaterThan(10);
      expect(profile.nodes.some(({ callFrame }) => callFrame.functionName === 'spin' && callFrame.url.endsWith('/profiled/index.mjs'))).toBe(true);
    } finally {
      await fn.stop();
    }
  });
});

describe('API Gateway REST proxy events', () => {
  it('carry the matched resource, path parameters, query in both forms and the stage', () => {
    const event = restApiEvent({ path: '/notices/20260101-0001?lang=en&lang=zh', stage: 'prod' });
    expect(event).toMatchObject({
      resource: '/notices/{proxy+}',
      path: '/notices/20260101-0001',
      pathParameters: { proxy: '20260101-0001' },
      queryStringParameters: { lang: 'zh' },
      multiValueQueryStringParameters: { lang: ['en', 'zh'] },
      isBase64Encoded: false,
      body: null,
      requestContext: { stage: 'prod', path: '/prod/notices/20260101-0001', resourcePath: '/notices/{proxy+}', httpMethod: 'GET' },
    });
    expect(restApiEvent({ path: '/api/v1/verify' })).toMatchObject({ resource: '/api/v1/verify', pathParameters: null, queryStringParameters: null });
  });

  it('carry a body base64-encoded when its Content-Type is a binary media type of the API, as text otherwise', () => {
    const json = { method: 'POST', path: '/api/v1/declarations', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"声明人":"张三"}' };
    const underEveryType = restApiEvent(json);
    expect(underEveryType.isBase64Encoded).toBe(true);
    expect(Buffer.from(underEveryType.body ?? '', 'base64').toString('utf8')).toBe(json.body);
    expect(restApiEvent(json, ['text/csv'])).toMatchObject({ isBase64Encoded: false, body: json.body });
    const gbk = new Uint8Array([0xd5, 0xc5, 0xc8, 0xfd]);
    const sheet = restApiEvent({ method: 'POST', path: '/api/v1/bundles', headers: { 'Content-Type': 'text/csv' }, binaryBody: gbk }, ['text/*']);
    expect([...Buffer.from(sheet.body ?? '', 'base64')]).toEqual([...gbk]);
  });

  it('reach the client as API Gateway sends them: base64 decoded only when the first accepted type is binary', () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
    const result = { statusCode: 200, body: bytes.toString('base64'), isBase64Encoded: true };
    const browser = 'text/html,application/xhtml+xml,*/*;q=0.8';
    expect([...resultBody(result, browser)]).toEqual([...bytes]);
    const sheetTypes = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
    expect(resultBody(result, browser, sheetTypes).toString('utf8')).toBe(bytes.toString('base64'));
    expect([...resultBody(result, `${sheetTypes[0]},*/*`, sheetTypes)]).toEqual([...bytes]);
    expect(resultBody(result, '*/*', ['image/*']).toString('utf8')).toBe(bytes.toString('base64'));
    expect(resultBody({ statusCode: 200, body: '声明', isBase64Encoded: false }, browser).toString('utf8')).toBe('声明');
  });
});
