import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { BUNDLE_CHUNKS_DIRECTORY, BUNDLE_ENTRY_FILE } from '../../infra/bundling.js';

/** The code files of a bundle directory (infra/bundling.ts), relative to it, by when the runtime reads them. */
export interface BundleFiles {
  /** The entry and every chunk it reaches by static imports: what importing the handler loads. */
  readonly atImport: readonly string[];
  /** The chunks only an `import()` reaches: read the first time a request needs them. */
  readonly onDemand: readonly string[];
}

/** `import … from "./x.mjs"` and `import "./x.mjs"` as esbuild writes them minified; `import("./x.mjs")` is not one. */
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*"(\.{1,2}\/[^"]+\.mjs)"/g;

export function bundleFiles(directory: string): BundleFiles {
  const atImport = new Set<string>();
  const visit = (file: string) => {
    if (atImport.has(file)) return;
    atImport.add(file);
    const source = readFileSync(join(directory, file), 'utf8');
    for (const [, target = ''] of source.matchAll(STATIC_IMPORT)) visit(relative(directory, resolve(directory, dirname(file), target)));
  };
  visit(BUNDLE_ENTRY_FILE);
  const chunksDirectory = join(directory, BUNDLE_CHUNKS_DIRECTORY);
  const chunks = statSync(chunksDirectory, { throwIfNoEntry: false })
    ? readdirSync(chunksDirectory).filter((file) => file.endsWith('.mjs')).map((file) => join(BUNDLE_CHUNKS_DIRECTORY, file))
    : [];
  return { atImport: [...atImport], onDemand: chunks.filter((file) => !atImport.has(file)) };
}
