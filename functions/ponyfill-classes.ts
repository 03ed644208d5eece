/**
 * What bundled code gets for `@whatwg-node/node-fetch` (infra/bundling.ts aliases the package here): the classes
 * functions/lambda-adapter.ts installs, each from its own file. The package's index also re-exports its `fetch`,
 * so in a bundle that imports the fetch on demand (moderation's: functions/lambda-fetch.ts) esbuild would keep the
 * fetch's files in a chunk every cold start reads: 6 KiB.
 */
export { PonyfillHeaders as Headers } from '@whatwg-node/node-fetch/esm/Headers.js';
export { PonyfillRequest as Request } from '@whatwg-node/node-fetch/esm/Request.js';
export { PonyfillResponse as Response } from '@whatwg-node/node-fetch/esm/Response.js';
