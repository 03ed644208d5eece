import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { BootstrapMessage, ChildMessage, CpuProfile, InvocationFigures } from './protocol.js';

export type { CpuProfile, InvocationFigures } from './protocol.js';

const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The Node.js that `npm install` puts in node_modules/.bin: the major of the Lambda runtime (nodejs24.x). */
const LAMBDA_NODE = join(REPOSITORY_ROOT, 'node_modules/.bin/node');

export interface FunctionConfig {
  /** The bundle directory (a cdk.out asset): it becomes the task root. */
  readonly directory: string;
  /** `file.export`, as in the template (`index.handler`). */
  readonly handler?: string;
  /** The function's environment as the template gives it, with tokens replaced by local values. */
  readonly environment?: Readonly<Record<string, string>>;
  readonly functionName?: string;
  readonly memoryMiB?: number;
  readonly timeoutSeconds?: number;
  /** Extra Node flags for this environment (e.g. `--cpu-prof`), after the runtime's own. */
  readonly nodeFlags?: readonly string[];
  /** Called with each chunk the function writes to stdout/stderr (its log); discarded when absent. */
  readonly onLog?: (text: string) => void;
}

export interface ColdStart {
  /** The handler module's `import()`, from the first line of the runtime to a handler in hand. */
  readonly importMs: number;
  /** From the process's start (Node's own start-up included) to the handler in hand. */
  readonly readyMs: number;
  /** Node's own modules loaded by then (`worker_threads`, `internal/deps/undici/undici`…), in load order. */
  readonly builtinsAtImport: readonly string[];
}

/** One execution environment: a process holding one imported handler, invoked one event at a time. */
export interface LambdaEnvironment {
  readonly coldStart: ColdStart;
  readonly pid: number;
  /** One invocation; rejects if the handler threw. */
  invoke(event: unknown): Promise<{ result: unknown; figures: InvocationFigures }>;
  /** `events` in turn, `repeat` times over, back to back inside the environment; per-invocation figures. */
  invokeLoop(events: readonly unknown[], repeat?: number): Promise<InvocationFigures[]>;
  /** The same loop under the V8 profiler, started and stopped around it inside the environment. */
  profileLoop(events: readonly unknown[], repeat?: number): Promise<{ figures: InvocationFigures[]; profile: CpuProfile }>;
  /** Ends the process (a CPU profile asked for with --cpu-prof is written then). */
  stop(): Promise<void>;
}

let bootstrapFile: string | undefined;

/** The bootstrap compiled once per process to plain JavaScript, so the environment runs no loader of ours. */
function bootstrap(): string {
  if (bootstrapFile) return bootstrapFile;
  const file = join(mkdtempSync(join(tmpdir(), 'lambda-runtime-')), 'bootstrap.mjs');
  const { outputFiles } = buildSync({
    entryPoints: [join(REPOSITORY_ROOT, 'scripts/lambda/bootstrap.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    logLevel: 'silent',
  });
  writeFileSync(file, outputFiles[0]?.contents ?? '');
  bootstrapFile = file;
  return file;
}

/**
 * The variables the nodejs24.x runtime sets for every function (the template's come on top). Credentials are
 * fixed dummies: the functions only reach local endpoints here. Nothing of the caller's own environment leaks in.
 */
function lambdaEnvironment(config: FunctionConfig): Record<string, string> {
  const functionName = config.functionName ?? 'function';
  const memory = String(config.memoryMiB ?? 1024);
  return {
    PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    LAMBDA_TASK_ROOT: config.directory,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    _HANDLER: config.handler ?? 'index.handler',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: memory,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]00000000000000000000000000000000',
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    NODE_PATH: '/opt/nodejs/node24/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task',
    ...config.environment,
  };
}

/**
 * Starts one execution environment for a bundle, the way the nodejs24.x runtime does: its own Node 24 process,
 * the bundle directory as task root and working directory, the handler imported as an ES module, only Node
 * built-ins, the bundle's own files and the runtime's AWS SDK resolvable (see bootstrap.ts), the template's
 * environment (NODE_OPTIONS included) and the heap sized from the memory setting. Resolves once the handler is
 * imported; rejects with the runtime's error if it cannot be.
 */
export function startLambda(config: FunctionConfig): Promise<LambdaEnvironment> {
  if (!existsSync(LAMBDA_NODE)) throw new Error(`no Node.js at ${LAMBDA_NODE}: run npm install`);
  const memory = config.memoryMiB ?? 1024;
  const child: ChildProcess = fork(bootstrap(), [], {
    execPath: LAMBDA_NODE,
    // The runtime's own flags: heap sized to the function's memory, large headers, gc exposed.
    execArgv: ['--expose-gc', '--max-http-header-size=81920', `--max-old-space-size=${Math.floor(memory * 0.9)}`, ...(config.nodeFlags ?? [])],
    cwd: config.directory,
    env: { ...lambdaEnvironment(config), LAMBDA_SIMULATED_SDK_ROOT: REPOSITORY_ROOT },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const log = (chunk: Buffer) => config.onLog?.(chunk.toString('utf8'));
  child.stdout?.on('data', log);
  child.stderr?.on('data', log);
  const timeoutMs = (config.timeoutSeconds ?? 30) * 1000;
  type Settle = (figures: readonly InvocationFigures[], profile?: CpuProfile) => void;
  const pending = new Map<number, Settle>();
  let nextId = 0;
  let exited = false;
  const exit = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

  return new Promise((resolveStart, rejectStart) => {
    child.once('exit', (code) => {
      exited = true;
      rejectStart(new Error(`the environment exited (${code}) before its handler was imported`));
      for (const settle of pending.values()) settle([]);
    });
    const send = (message: BootstrapMessage) => child.send(message);
    const loop = (events: readonly unknown[], repeat: number, profile: boolean) =>
      new Promise<{ figures: InvocationFigures[]; profile?: CpuProfile }>((resolveInvoke, rejectInvoke) => {
        if (exited) return rejectInvoke(new Error('the environment has exited'));
        const id = (nextId += 1);
        pending.set(id, (figures, recorded) => {
          pending.delete(id);
          if (figures.length === 0) rejectInvoke(new Error('the environment exited during the invocation'));
          else resolveInvoke({ figures: [...figures], ...(recorded ? { profile: recorded } : {}) });
        });
        send({ type: 'invoke', id, events: events.map((event) => JSON.stringify(event)), repeat, timeoutMs, profile });
      });
    const invokeLoop = async (events: readonly unknown[], repeat = 1) => (await loop(events, repeat, false)).figures;
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'init-error') rejectStart(new Error(message.error));
      else if (message.type === 'invoked') pending.get(message.id)?.(message.figures, message.profile);
      else if (message.type === 'ready') {
        resolveStart({
          coldStart: { importMs: message.importMs, readyMs: message.readyMs, builtinsAtImport: message.builtinsAtImport },
          pid: child.pid ?? 0,
          invokeLoop,
          async profileLoop(events, repeat = 1) {
            const { figures, profile } = await loop(events, repeat, true);
            if (!profile) throw new Error('the environment returned no profile');
            return { figures, profile };
          },
          async invoke(event) {
            const [figures] = await invokeLoop([event]);
            if (!figures) throw new Error('no invocation figures');
            if (figures.error) throw new Error(figures.error);
            return { result: JSON.parse(figures.result) as unknown, figures };
          },
          async stop() {
            if (!exited) send({ type: 'stop' });
            await exit;
          },
        });
      }
    });
  });
}
