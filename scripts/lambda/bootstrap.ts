import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire, isBuiltin, registerHooks } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BootstrapMessage, ChildMessage, CpuProfile, InvocationFigures } from './protocol.js';

/**
 * The runtime side of scripts/lambda/runtime.ts, run as its own Node process per function (one execution
 * environment). It does what the nodejs24.x runtime does before and around the handler:
 * - the task root (the bundle directory) is the working directory and `LAMBDA_TASK_ROOT`;
 * - bare specifiers from the bundle resolve only to Node built-ins, to packages inside the task root, and to the
 *   AWS SDK the runtime ships (every `@aws-sdk/*` package of SDK v3, kept in /var/runtime/node_modules with only
 *   their `dist-cjs` builds; their `@smithy/*` dependencies sit nested under `@aws-sdk/node_modules`, out of
 *   reach of the bundle). The repository's node_modules stand in for /var/runtime/node_modules, so anything else
 *   the bundle did not include fails to import here as it would in Lambda;
 * - the handler module is loaded with a dynamic `import()` of its file URL, as the runtime loads an ES module;
 * - each invocation gets the event parsed from JSON text and a context object, and its result is serialized.
 * Everything else (the Runtime API's HTTP loop, log shipping) is left out: it costs every function alike.
 *
 * Compiled on the fly by runtime.ts (esbuild), so nothing but Node itself runs in this process before the bundle.
 */
const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const runtimeSdkRoot = process.env.LAMBDA_SIMULATED_SDK_ROOT ?? '';
const taskRootUrl = pathToFileURL(taskRoot + sep).href;
const sdkRequire = createRequire(join(runtimeSdkRoot, 'noop.js'));
delete process.env.LAMBDA_SIMULATED_SDK_ROOT;

const RUNTIME_SDK_PACKAGE = /^@aws-sdk\/[^/]+/;

function notFound(specifier: string, parentUrl: string): Error {
  const error = new Error(`Cannot find package '${specifier}' imported from ${fileURLToPath(parentUrl)}`) as Error & { code: string };
  error.code = 'ERR_MODULE_NOT_FOUND';
  return error;
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL;
    const bare = !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.includes(':');
    if (!parent?.startsWith(taskRootUrl) || !bare || isBuiltin(specifier)) return nextResolve(specifier, context);
    // A package the bundle ships in its own node_modules.
    try {
      const resolved = nextResolve(specifier, context);
      if (resolved.url.startsWith(taskRootUrl)) return resolved;
    } catch {
      // not inside the task root: try the runtime's SDK below
    }
    if (RUNTIME_SDK_PACKAGE.test(specifier)) {
      // The runtime's copy has only dist-cjs, so an ESM import of it loads the CommonJS entry, as there.
      return { url: pathToFileURL(sdkRequire.resolve(specifier)).href, format: 'commonjs', shortCircuit: true };
    }
    throw notFound(specifier, parent);
  },
});

function handlerFile(moduleName: string): string {
  for (const extension of ['.mjs', '.js', '.cjs']) {
    const file = join(taskRoot, `${moduleName}${extension}`);
    if (existsSync(file)) return file;
  }
  throw new Error(`Runtime.ImportModuleError: Cannot find module '${moduleName}' in ${taskRoot}`);
}

type Handler = (event: unknown, context: object) => Promise<unknown>;

const send = (message: ChildMessage) => process.send?.(message);

async function load(): Promise<Handler> {
  const spec = process.env._HANDLER ?? 'index.handler';
  const dot = spec.lastIndexOf('.');
  const module = (await import(pathToFileURL(handlerFile(spec.slice(0, dot))).href)) as Record<string, unknown>;
  const handler = module[spec.slice(dot + 1)];
  if (typeof handler !== 'function') throw new Error(`Runtime.HandlerNotFound: ${spec} is not a function`);
  return handler as Handler;
}

let sequence = 0;

function context(deadlineMs: number) {
  sequence += 1;
  const awsRequestId = `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? '',
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '1024',
    awsRequestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Node lists every built-in module it has loaded (an undocumented but long-standing property). */
const moduleLoadList = () => (process as NodeJS.Process & { moduleLoadList: readonly string[] }).moduleLoadList;
const fetchImplementationLoaded = () => moduleLoadList().some((name) => name.includes('undici'));
/** The built-in modules of Node's JavaScript side (`NativeModule net`), without the C++ bindings it lists beside them. */
const builtinsLoaded = () => moduleLoadList().flatMap((name) => (name.startsWith('NativeModule ') ? [name.slice('NativeModule '.length)] : []));

/**
 * A trace header as Lambda sets one per invocation: `Root=1-<epoch seconds, 8 hex>-<96 random bits>`, the parent
 * segment and the sampling decision. Random hex, as there: a header of digits only would send every log line's
 * trace id down the masker's slow path, which real ones practically never take.
 */
const traceHeader = () =>
  `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;

/** One invocation as the runtime makes it: event text parsed, handler awaited, result serialized; timed inside. */
async function invoke(handler: Handler, eventText: string, timeoutMs: number): Promise<InvocationFigures> {
  // The service's part (the trace header drawn, the context object) happens before the function's time starts.
  const invocationContext = context(Date.now() + timeoutMs);
  process.env._X_AMZN_TRACE_ID = traceHeader();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let result: string;
  let error: string | undefined;
  try {
    result = JSON.stringify((await handler(JSON.parse(eventText), invocationContext)) ?? null);
  } catch (thrown) {
    result = 'null';
    error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  }
  const durationMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { result, ...(error ? { error } : {}), durationMs, cpuMs: (cpu.user + cpu.system) / 1000, fetchImplementationLoaded: fetchImplementationLoaded() };
}

const importStarted = performance.now();
let handler: Handler;
try {
  handler = await load();
} catch (thrown) {
  send({ type: 'init-error', error: thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown) });
  process.exit(1);
}
// Time since the process started (Node's own start-up included), and the import alone.
send({ type: 'ready', importMs: performance.now() - importStarted, readyMs: performance.now(), builtinsAtImport: builtinsLoaded() });

/** Runs `loop` under the V8 profiler (sampling every 100 µs); loaded only when asked, so no start-up pays for it. */
async function profiled(loop: () => Promise<void>): Promise<CpuProfile> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  await loop();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  return profile as CpuProfile;
}

// One invocation at a time, as in Lambda: a message that arrives while one runs waits its turn.
let queue: Promise<void> = Promise.resolve();
process.on('message', (message: BootstrapMessage) => {
  queue = queue.then(async () => {
    if (message.type === 'stop') process.exit(0);
    const figures: InvocationFigures[] = [];
    const loop = async () => {
      for (let round = 0; round < message.repeat; round += 1) {
        for (const event of message.events) figures.push(await invoke(handler, event, message.timeoutMs));
      }
    };
    if (message.profile) send({ type: 'invoked', id: message.id, figures, profile: await profiled(loop) });
    else {
      await loop();
      send({ type: 'invoked', id: message.id, figures });
    }
  });
});
