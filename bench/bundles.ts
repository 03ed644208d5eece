import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { FUNCTION_ENTRIES, type FunctionName } from '../functions/routes.js';

const OUT_DIR = resolve('bench/out');
const IMPORT_RUNS = 15;

/** The same bundling the CDK stack asks NodejsFunction for: ESM, minified, Node 24, the AWS SDK left out. */
async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    external: ['@aws-sdk/*'],
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    charset: 'utf8',
    banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  return statSync(outfile).size;
}

function importOnceMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, USER_POOL_ID: 'eu-west-1_bench', USER_POOL_CLIENT_ID: 'bench', TABLE_NAME: 'bench', AWS_REGION: 'eu-west-1', ATTACHMENTS_BUCKET: 'bench', LOOKUP_KEY_SECRET_ARN: 'bench', LOG_KEY_ID: 'bench', MAIL_FROM: 'bench@example.com' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`importing ${file} failed: ${result.stderr}`);
  return Number(result.stdout);
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Median time for a fresh Node process to import each module (what a Lambda cold start pays for our code).
 * Rounds go through every file in turn, so machine noise hits the floor and the functions alike.
 */
function medianImportMs(files: readonly string[]): number[] {
  const samples = files.map((): number[] => []);
  for (let round = 0; round < IMPORT_RUNS; round += 1) {
    files.forEach((file, index) => samples[index]?.push(importOnceMs(file)));
  }
  return samples.map(median);
}

export interface BundleFigure {
  readonly name: FunctionName | 'floor';
  readonly bytes: number;
  readonly importMs: number;
  readonly importRatio: number;
}

export async function measureBundles(): Promise<BundleFigure[]> {
  mkdirSync(OUT_DIR, { recursive: true });
  const floorEntry = join(OUT_DIR, 'floor-entry.mjs');
  writeFileSync(floorEntry, "export { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\n");
  const floorFile = join(OUT_DIR, 'floor.mjs');
  const floorBytes = await bundle(floorEntry, floorFile);
  const files = new Map<FunctionName | 'floor', { file: string; bytes: number }>([['floor', { file: floorFile, bytes: floorBytes }]]);
  for (const [name, entry] of Object.entries(FUNCTION_ENTRIES) as [FunctionName, string][]) {
    const file = join(OUT_DIR, `${name}.mjs`);
    files.set(name, { file, bytes: await bundle(entry, file) });
  }
  const entries = [...files];
  const medians = medianImportMs(entries.map(([, { file }]) => file));
  const floorMs = medians[0] ?? Number.NaN;
  return entries.map(([name, { bytes }], index) => {
    const importMs = medians[index] ?? Number.NaN;
    return { name, bytes, importMs, importRatio: importMs / floorMs };
  });
}
