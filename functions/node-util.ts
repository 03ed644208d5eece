/**
 * What bundled code gets for `node:util` (infra/bundling.ts aliases it here). An ES module import of node:util
 * makes Node read every export, and its lazy ones load worker_threads, the diff and argument parsers and more:
 * 3–5 ms of a cold start under the runtime's `--expose-gc`, paid by every function, since @whatwg-node/node-fetch
 * imports `inspect` at its top. `process.getBuiltinModule` hands over the same module without reading them. The
 * bundled CommonJS code asks it only for `inherits` (the form parser), the ES modules only for `inspect`.
 */
const util = process.getBuiltinModule('node:util');

export const { inherits, inspect } = util;
export default util;
