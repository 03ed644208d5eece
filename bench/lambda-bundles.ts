import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FUNCTION_ENTRIES, type FunctionName } from '../functions/routes.js';
import { BUNDLING, FUNCTION_NODE_OPTIONS, FUNCTION_RUNTIME } from '../infra/functions.js';
import { assemblyFunctions, type AssemblyFunction } from '../scripts/lambda/cloud-assembly.js';
import { localFunctionConfig, REFERENCE_STAND_INS } from '../scripts/lambda/local-config.js';
import type { FunctionConfig } from '../scripts/lambda/runtime.js';
import { synthesizeFunctions } from '../scripts/lambda/synthesize.js';

const OUT_DIR = resolve('bench/out');
const BENCH_STACK = 'Bench';

/** The functions of the stack, the floor, and the variants with the AWS SDK bundled in (for the bundling decision). */
export type BundleName = FunctionName | 'floor' | 'floor, SDK bundled' | 'verify, SDK bundled';

export interface Bundle {
  readonly name: BundleName;
  readonly fn: AssemblyFunction;
  /** Size of the bundle's code (index.mjs; the source map beside it is not loaded unless a stack trace asks). */
  readonly bytes: number;
}

/**
 * The floor and the SDK-bundled variants, each a NodejsFunction with the stack's own bundling options (the
 * variants differ only in leaving nothing external), synthesized as a small app of their own.
 */
function synthesizeBench(outdir: string): Record<'floor' | 'floor, SDK bundled' | 'verify, SDK bundled', AssemblyFunction> {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, BENCH_STACK);
  const variants = {
    floor: { entry: 'bench/floor/handler.ts', bundling: BUNDLING },
    'floor, SDK bundled': { entry: 'bench/floor/handler.ts', bundling: { ...BUNDLING, externalModules: [] as string[] } },
    'verify, SDK bundled': { entry: FUNCTION_ENTRIES.verify, bundling: { ...BUNDLING, externalModules: [] as string[] } },
  } as const;
  Object.entries(variants).forEach(([name, { entry, bundling }], index) => {
    new NodejsFunction(stack, `Variant${index}`, {
      entry: resolve(entry),
      handler: 'handler',
      runtime: FUNCTION_RUNTIME,
      memorySize: 1024,
      description: name,
      environment: { NODE_OPTIONS: FUNCTION_NODE_OPTIONS, POWERTOOLS_SERVICE_NAME: 'verify', POWERTOOLS_LOG_LEVEL: 'INFO', PUBLIC_BASE_URL: REFERENCE_STAND_INS.PUBLIC_BASE_URL },
      bundling,
    });
  });
  app.synth();
  const functions = assemblyFunctions(outdir, BENCH_STACK);
  const byIndex = (index: number) => {
    const found = functions.find(({ constructPath }) => constructPath.startsWith(`${BENCH_STACK}/Variant${index}/`));
    if (!found) throw new Error(`bench variant ${index} was not synthesized`);
    return found;
  };
  return { floor: byIndex(0), 'floor, SDK bundled': byIndex(1), 'verify, SDK bundled': byIndex(2) };
}

/** Every bundle the bench runs: the stack's four (synthesized as a deployment would) and the bench's own. */
export function buildBundles(): Bundle[] {
  const stack = synthesizeFunctions(join(OUT_DIR, 'cdk.out'));
  const bench = synthesizeBench(join(OUT_DIR, 'bench.out'));
  const all: [BundleName, AssemblyFunction][] = [...Object.entries(bench), ...Object.entries(stack)] as [BundleName, AssemblyFunction][];
  return all.map(([name, fn]) => ({ name, fn, bytes: statSync(join(fn.directory, 'index.mjs')).size }));
}

/**
 * How to start a bundle here (scripts/lambda/local-config.ts); the SDK-bundled verify variant has no secret in its
 * environment but looks numbers up like verify, so it is given the lookup key too.
 */
export function benchConfig(bundle: Bundle, local: { endpoint: string; tableName: string; lookupKey: string }, extra: Partial<FunctionConfig> = {}): FunctionConfig {
  return localFunctionConfig(bundle.fn, { ...local, formSealKey: 'bench-form-seal-key' }, {
    functionName: bundle.name.replaceAll(/[^a-z]+/g, '-'),
    ...(bundle.name === 'verify, SDK bundled' ? { environment: { LOOKUP_KEY: local.lookupKey } } : {}),
    ...extra,
  });
}
