// The ponyfill's fetch alone, as a chunk of its own: functions/lambda-adapter.ts loads it with the first request a
// function sends (importing the package itself on demand would keep every class it exports).
export { fetch } from '@whatwg-node/node-fetch';
