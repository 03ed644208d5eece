import type { fetch } from '@whatwg-node/node-fetch';
import { Headers } from '@whatwg-node/node-fetch';
import { inLambda } from './lambda-adapter.js';

/** The ponyfill's fetch, from its own file (functions/ponyfill-classes.ts), with the first request that fetches. */
let ponyfillFetch: Promise<typeof fetch> | undefined;
const loadFetch = () => (ponyfillFetch ??= import('@whatwg-node/node-fetch/esm/fetch.js').then((module) => module.fetchPonyfill));

/**
 * The ponyfill's fetch (0.9.4) types a URLSearchParams body as text and then writes the object itself, which fails;
 * openid-client sends its token requests so. Such a body goes as its text, typed as the ponyfill would type it.
 */
async function fetchWithFormBodies(...[input, init]: Parameters<typeof fetch>): ReturnType<typeof fetch> {
  const ponyfill = await loadFetch();
  if (!(init?.body instanceof URLSearchParams)) return ponyfill(input, init);
  const headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
  return ponyfill(input, { ...init, headers, body: init.body.toString() });
}

/**
 * For a function that fetches (moderation: the staff sign-in's OpenID Connect client, the issuer's discovery
 * document), in Lambda: Node's `fetch` is undici's and would load it, and openid-client checks that fetch answers
 * instances of the global `Response`, which functions/lambda-adapter.ts has made the ponyfill's.
 */
if (inLambda) Object.assign(globalThis, { fetch: fetchWithFormBodies });
