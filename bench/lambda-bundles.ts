import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FUNCTION_ENTRIES, type FunctionName } from '../functions/routes.js';
import { BUNDLING, FUNCTION_NODE_OPTIONS, FUNCTION_RUNTIME } from '../infra/functions.js';
import { assemblyFunctions, localEnvironment, type AssemblyFunction } from '../scripts/lambda/cloud-assembly.js';
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
      environment: { NODE_OPTIONS: FUNCTION_NODE_OPTIONS, POWERTOOLS_SERVICE_NAME: 'verify', POWERTOOLS_LOG_LEVEL: 'INFO', PUBLIC_BASE_URL: REFERENCES.PUBLIC_BASE_URL },
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

/** Stand-ins for the resources the template refers to (none of them is reached with these: see `localOnly`). */
const REFERENCES = {
  TABLE_NAME: 'bench',
  LOOKUP_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-lookup-key',
  ATTACHMENTS_BUCKET: 'bench-attachments',
  LOG_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-4000-8000-000000000000',
  USER_POOL_ID: 'eu-west-1_bench',
  USER_POOL_CLIENT_ID: 'bench',
  MAIL_FROM: 'bench@example.com',
  FORM_SEAL_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench-form-seal-key',
  PUBLIC_BASE_URL: 'https://example.execute-api.eu-west-1.amazonaws.com/prod',
};

/**
 * How to start a bundle here: the template's environment with local stand-ins, the table named, DynamoDB Local
 * as the endpoint and the lookup key given directly (the functions read LOOKUP_KEY before asking Secrets Manager).
 */
export function benchConfig(bundle: Bundle, local: { endpoint: string; tableName: string; lookupKey: string }, extra: Partial<FunctionConfig> = {}): FunctionConfig {
  return {
    directory: bundle.fn.directory,
    handler: bundle.fn.handler,
    functionName: bundle.name.replaceAll(/[^a-z]+/g, '-'),
    memoryMiB: bundle.fn.memoryMiB,
    timeoutSeconds: bundle.fn.timeoutSeconds,
    environment: localEnvironment(
      bundle.fn,
      { ...REFERENCES, TABLE_NAME: local.tableName },
      {
        TABLE_NAME: local.tableName,
        DYNAMODB_ENDPOINT: local.endpoint,
        // A secret's value given directly where the function would fetch it (each reads the direct one first).
        ...('LOOKUP_KEY_SECRET_ARN' in bundle.fn.environment || bundle.name === 'verify, SDK bundled' ? { LOOKUP_KEY: local.lookupKey } : {}),
        ...('FORM_SEAL_KEY_SECRET_ARN' in bundle.fn.environment ? { FORM_SEAL_KEY: 'bench-form-seal-key' } : {}),
      },
    ),
    ...extra,
  };
}
