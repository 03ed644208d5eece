import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CpuProfile } from '../scripts/lambda/runtime.js';

const REPOSITORY_ROOT = resolve(import.meta.dirname, '..');

/** The layer a source file belongs to: a package by name, or the project's own folder (`shared/http`…). */
function layerOfSource(file: string): string {
  const modules = file.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope = '', name = ''] = file.slice(modules + 'node_modules/'.length).split('/');
    const pkg = scope.startsWith('@') ? `${scope}/${name}` : scope;
    return pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/') || pkg.startsWith('@aws-crypto/') ? 'AWS SDK' : pkg;
  }
  const [top = '', second = ''] = relative(REPOSITORY_ROOT, file).split('/');
  return top === 'shared' || top === 'functions' || top === 'bench' ? `${top}/${second}` : top;
}

/**
 * Self time of a CPU profile by layer, in ms. Frames of the bundle (its entry and its chunks) are mapped back
 * through that file's source map to the source they came from; the runtime's SDK (outside the bundle), Node's own modules, the runtime bootstrap and the
 * garbage collector are layers of their own; V8 built-ins count for the layer that called them; idle time is left
 * out.
 */
export function timeByLayer(profile: CpuProfile, bundleFile: string): Map<string, number> {
  const bundleDir = join(bundleFile, '..');
  const maps = new Map<string, SourceMap>();
  /** The source map of a file of the bundle (entry or chunk: esbuild writes one beside each), read once. */
  const mapOf = (file: string): SourceMap => {
    let map = maps.get(file);
    if (!map) {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload);
      maps.set(file, map);
    }
    return map;
  };
  const layerById = new Map<number, string | undefined>();
  const parentById = new Map<number, number>();
  for (const { id, children = [] } of profile.nodes) for (const child of children) parentById.set(child, id);
  const builtins = new Set<number>();
  for (const { id, callFrame } of profile.nodes) {
    const { url, functionName, lineNumber, columnNumber } = callFrame;
    let layer: string | undefined;
    if (functionName === '(idle)') layer = undefined;
    else if (functionName === '(garbage collector)') layer = 'garbage collector';
    else if (functionName === '(program)') layer = 'V8 (compiler, native)';
    else if (url === '') {
      // A built-in (JSON.stringify, a RegExp, a Map…) is charged to the JavaScript that called it.
      builtins.add(id);
      layer = 'V8 built-ins';
    }
    else if (url.startsWith('node:')) layer = url.startsWith('node:internal/deps/undici') ? 'Node.js: fetch API (undici Request, Response)' : 'Node.js (sockets, http, crypto…)';
    else if (url.endsWith('/bootstrap.mjs')) layer = 'runtime bootstrap (event, result)';
    else if (url.startsWith('file:') && fileURLToPath(url).startsWith(`${bundleDir}/`)) {
      const file = fileURLToPath(url);
      const source = mapOf(file).findEntry(lineNumber, columnNumber);
      layer = 'originalSource' in source ? layerOfSource(resolve(dirname(file), source.originalSource.replace(/^file:\/\//, ''))) : 'bundle (unmapped)';
    } else layer = layerOfSource(url.startsWith('file:') ? fileURLToPath(url) : url);
    layerById.set(id, layer);
  }
  const callerLayer = (id: number): string | undefined => {
    for (let current = parentById.get(id); current !== undefined; current = parentById.get(current)) {
      if (!builtins.has(current)) return layerById.get(current);
    }
    return undefined;
  };
  for (const id of builtins) layerById.set(id, callerLayer(id) ?? 'V8 built-ins');
  const byLayer = new Map<string, number>();
  profile.samples.forEach((nodeId, index) => {
    const layer = layerById.get(nodeId);
    if (layer) byLayer.set(layer, (byLayer.get(layer) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return byLayer;
}
