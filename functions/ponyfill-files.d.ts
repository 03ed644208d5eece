// The ponyfill's modules by file, as functions/ponyfill-classes.ts and functions/lambda-fetch.ts import them in the
// bundles (infra/bundling.ts maps each path to the package's own file; its `exports` name only its index).
declare module '@whatwg-node/node-fetch/esm/Headers.js' {
  export { Headers as PonyfillHeaders } from '@whatwg-node/node-fetch';
}
declare module '@whatwg-node/node-fetch/esm/Request.js' {
  export { Request as PonyfillRequest } from '@whatwg-node/node-fetch';
}
declare module '@whatwg-node/node-fetch/esm/Response.js' {
  export { Response as PonyfillResponse } from '@whatwg-node/node-fetch';
}
declare module '@whatwg-node/node-fetch/esm/fetch.js' {
  export { fetch as fetchPonyfill } from '@whatwg-node/node-fetch';
}
