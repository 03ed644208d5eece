import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { buildSync, type BuildOptions } from 'esbuild';

const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The ponyfill's ES modules (its `exports` name only its index): the index's directory. */
const PONYFILL_ESM_DIRECTORY = join(dirname(createRequire(import.meta.url).resolve('@whatwg-node/node-fetch/package.json')), 'esm');

/** The AWS SDK stays out of every bundle: the runtime ships it (docs/BENCHMARKS.md, "Cold start and bundle size"). */
export const SDK_EXTERNAL: readonly string[] = ['@aws-sdk/*'];

/** The file of a bundle the runtime imports (`index.handler`); the code it imports on demand sits in `chunks/`. */
export const BUNDLE_ENTRY_FILE = 'index.mjs';
export const BUNDLE_CHUNKS_DIRECTORY = 'chunks';

/**
 * How every function is bundled: ESM for Node 24, minified, with source maps (no sources inlined), UTF-8 text
 * (Chinese stays itself instead of `\uXXXX`: up to an eighth of the size). With code splitting: a module the code
 * loads with `import()` (file-type's sniffing, the OpenID Connect client, the SMTP client…) becomes a chunk of its
 * own, read from disk the first time a request needs it instead of parsed at every cold start. aws-lambda-nodejs'
 * own esbuild call cannot split (it always writes one `--outfile`), hence this call of esbuild's API.
 */
export const ESBUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  charset: 'utf8',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: `${BUNDLE_CHUNKS_DIRECTORY}/[name]-[hash]`,
  // The CommonJS packages in a bundle call require() for Node's built-ins.
  banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
  alias: {
    // Without reading its exports, which loads undici (functions/node-http.ts).
    'node:http': join(REPOSITORY_ROOT, 'functions/node-http.ts'),
    // Without reading its exports either, which loads worker_threads and more (functions/node-util.ts).
    'node:util': join(REPOSITORY_ROOT, 'functions/node-util.ts'),
    // The form parser with the first form, not at import (functions/busboy-on-demand.ts), which reaches the parser
    // itself by its file: an exact name wins over the package's.
    '@fastify/busboy': join(REPOSITORY_ROOT, 'functions/busboy-on-demand.ts'),
    '@fastify/busboy/index.js': createRequire(import.meta.url).resolve('@fastify/busboy'),
    // The fetch classes from their own files, the fetch apart (functions/ponyfill-classes.ts).
    '@whatwg-node/node-fetch': join(REPOSITORY_ROOT, 'functions/ponyfill-classes.ts'),
    ...Object.fromEntries(
      ['Headers', 'Request', 'Response', 'fetch'].map((file) => [`@whatwg-node/node-fetch/esm/${file}.js`, join(PONYFILL_ESM_DIRECTORY, `${file}.js`)]),
    ),
  },
  tsconfig: join(REPOSITORY_ROOT, 'tsconfig.json'),
  logLevel: 'warning',
};

/**
 * esbuild run in this process. Its fields are what the asset's cache key is made of (the CDK serializes the bundling
 * options), so two functions with different entries never share a bundle.
 */
class EsbuildBundle implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly external: readonly string[],
  ) {}

  tryBundle(outputDir: string): boolean {
    bundleFunction(this.entry, this.external, outputDir);
    return true;
  }
}

/** Bundles `entry` (an absolute path) into `outdir` as every function is bundled: index.mjs and its chunks. */
export function bundleFunction(entry: string, external: readonly string[], outdir: string): void {
  buildSync({ ...ESBUILD_OPTIONS, entryPoints: { index: entry }, external: [...external], outdir });
}

/**
 * A function's code: `entry` (relative to the repository) bundled with ESBUILD_OPTIONS, `external` left out. The
 * asset is hashed on the bundle, as aws-lambda-nodejs does. The handler is `index.handler`.
 */
export function bundledCode(entry: string, external: readonly string[] = SDK_EXTERNAL): Code {
  return Code.fromAsset(REPOSITORY_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled (aws-lambda-nodejs names the same image when it bundles locally): the local bundling above
      // always bundles, or throws with esbuild's error.
      image: DockerImage.fromRegistry('dummy'),
      local: new EsbuildBundle(join(REPOSITORY_ROOT, entry), external),
    },
  });
}
