/**
 * What bundled code gets for `import … from 'node:http'` (infra/bundling.ts aliases it here). An ES module import
 * of node:http makes Node read every export, and its lazy `WebSocket` export loads undici (nodejs/node#57649):
 * 25 ms or more of a cold start under the runtime's `--expose-gc`, the cost functions/lambda-adapter.ts exists to
 * avoid. `process.getBuiltinModule` hands over the same module without reading its exports.
 */
const http = process.getBuiltinModule('node:http');

export const { Agent, STATUS_CODES, request } = http;
export default http;
