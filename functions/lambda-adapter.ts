import { fetch, Headers, Request, Response as PonyfillResponse } from '@whatwg-node/node-fetch';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Env, Hono } from 'hono';
import { handle as honoHandle } from 'hono/aws-lambda';

type ResponseBody = ConstructorParameters<typeof PonyfillResponse>[0];

/**
 * Hono's HTML helpers answer an escaped `String` object, which Node's `Response` reads as its text (WebIDL
 * converts it) and the ponyfill would iterate character by character. As the global `Response` it must also own
 * the responses the ponyfill's `fetch` makes (openid-client checks what fetch gives it against the global).
 */
class Response extends PonyfillResponse {
  constructor(body?: ResponseBody | string | String, init?: ConstructorParameters<typeof PonyfillResponse>[1]) {
    super(body instanceof String ? body.toString() : body, init);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof PonyfillResponse;
  }
}

/**
 * The ponyfill's fetch (0.9.4) types a URLSearchParams body as text and then writes the object itself, which fails;
 * openid-client sends its token requests so. Such a body goes as its text, typed as the ponyfill would type it.
 */
function fetchWithFormBodies(...[input, init]: Parameters<typeof fetch>): ReturnType<typeof fetch> {
  if (!(init?.body instanceof URLSearchParams)) return fetch(input, init);
  const headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
  return fetch(input, { ...init, headers, body: init.body.toString() });
}

/**
 * Lambda's runtime names itself in `AWS_EXECUTION_ENV` (`AWS_Lambda_nodejs24.x`). Only there, where a process runs
 * one function, are the globals replaced: a test process that hosts several apps keeps Node's, and so every app
 * the tests import runs on one implementation.
 */
const inLambda = process.env.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda_') === true;

/**
 * hono/aws-lambda turns every API Gateway event into a fetch `Request` and reads the app's `Response` back. Node's
 * own fetch classes are undici's, loaded the first time one is touched; under the runtime's `--expose-gc` Node's
 * built-ins compile without their code cache, so that first touch costs every cold start 25–35 ms (about a whole
 * `GetItem` handler's first invocation). @whatwg-node/node-fetch implements the same classes in plain JavaScript
 * over Node's streams; hono (and the middleware it runs) reaches them through the globals when it builds a
 * response. `fetch` goes with them: the staff sign-in's (openid-client, the issuer's discovery document) then
 * answers the same classes, and nothing loads undici. See docs/BENCHMARKS.md, "Cold start".
 */
if (inLambda) Object.assign(globalThis, { fetch: fetchWithFormBodies, Headers, Request, Response });

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** The app as a handler of API Gateway's REST proxy events, the only events these functions' apps receive. */
export function handle<E extends Env>(app: Hono<E>): ProxyHandler {
  return honoHandle(app) as ProxyHandler;
}
