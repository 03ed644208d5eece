import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FUNCTION_ENTRIES, type FunctionName } from '../functions/routes.js';
import { bundledCode, SDK_EXTERNAL } from '../infra/bundling.js';
import { FUNCTION_NODE_OPTIONS, FUNCTION_RUNTIME } from '../infra/functions.js';
import { bundleFiles } from '../scripts/lambda/bundle-files.js';
import { assemblyFunctions, type AssemblyFunction } from '../scripts/lambda/cloud-assembly.js';
import { localFunctionConfig, REFERENCE_STAND_INS } from '../scripts/lambda/local-config.js';
import type { FunctionConfig } from '../scripts/lambda/runtime.js';
import { synthesizeFunctions } from '../scripts/lambda/synthesize.js';

const OUT_DIR = resolve('bench/out');
const BENCH_STACK = 'Bench';

/**
 * The functions of the stack, the floor, the floor through the fetch API classes (what Hono adds before any of the
 * app's code), and the variants with the AWS SDK bundled in (for the bundling decision).
 */
export type BundleName = FunctionName | BenchVariant;
type BenchVariant = 'floor' | 'floor, fetch API' | 'floor, SDK bundled' | 'verify, SDK bundled';

export interface Bundle {
  readonly name: BundleName;
  readonly fn: AssemblyFunction;
  /**
   * Size of the code an import of the handler loads: index.mjs and the chunks it imports statically (the source
   * maps beside them are not read unless a stack trace asks).
   */
  readonly bytes: number;
  /** The chunks only an `import()` loads, when a request first needs them: file (in the bundle) and size. */
  readonly onDemand: readonly { readonly file: string; readonly bytes: number }[];
}

/** Sizes of a bundle directory's code: what its import loads, and each chunk left for `import()`. */
function bundleSizes(directory: string): Pick<Bundle, 'bytes' | 'onDemand'> {
  const { atImport, onDemand } = bundleFiles(directory);
  const size = (file: string) => statSync(join(directory, file)).size;
  return {
    bytes: atImport.reduce((sum, file) => sum + size(file), 0),
    onDemand: onDemand.map((file) => ({ file, bytes: size(file) })),
  };
}

/**
 * The floor, its fetch API variant and the SDK-bundled variants, each a NodejsFunction with the stack's own bundling (infra/bundling.ts;
 * the variants differ only in leaving nothing external), synthesized as a small app of their own.
 */
function synthesizeBench(outdir: string): Record<BenchVariant, AssemblyFunction> {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, BENCH_STACK);
  const variants: Record<BenchVariant, { entry: string; external: readonly string[] }> = {
    floor: { entry: 'bench/floor/handler.ts', external: SDK_EXTERNAL },
    'floor, fetch API': { entry: 'bench/floor/fetch-handler.ts', external: SDK_EXTERNAL },
    'floor, SDK bundled': { entry: 'bench/floor/handler.ts', external: [] },
    'verify, SDK bundled': { entry: FUNCTION_ENTRIES.verify, external: [] },
  };
  Object.entries(variants).forEach(([name, { entry, external }], index) => {
    new NodejsFunction(stack, `Variant${index}`, {
      code: bundledCode(entry, external),
      handler: 'index.handler',
      runtime: FUNCTION_RUNTIME,
      memorySize: 1024,
      description: name,
      environment: { NODE_OPTIONS: FUNCTION_NODE_OPTIONS, POWERTOOLS_SERVICE_NAME: 'verify', POWERTOOLS_LOG_LEVEL: 'INFO', PUBLIC_BASE_URL: REFERENCE_STAND_INS.PUBLIC_BASE_URL },
    });
  });
  app.synth();
  const functions = assemblyFunctions(outdir, BENCH_STACK);
  const byIndex = (index: number) => {
    const found = functions.find(({ constructPath }) => constructPath.startsWith(`${BENCH_STACK}/Variant${index}/`));
    if (!found) throw new Error(`bench variant ${index} was not synthesized`);
    return found;
  };
  return Object.fromEntries(Object.keys(variants).map((name, index) => [name, byIndex(index)])) as Record<BenchVariant, AssemblyFunction>;
}

/** Every bundle the bench runs: the stack's four (synthesized as a deployment would) and the bench's own. */
export function buildBundles(): Bundle[] {
  const stack = synthesizeFunctions(join(OUT_DIR, 'cdk.out'));
  const bench = synthesizeBench(join(OUT_DIR, 'bench.out'));
  const all: [BundleName, AssemblyFunction][] = [...Object.entries(bench), ...Object.entries(stack)] as [BundleName, AssemblyFunction][];
  return all.map(([name, fn]) => ({ name, fn, ...bundleSizes(fn.directory) }));
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
