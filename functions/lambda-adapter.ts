import { Headers, Request, Response as PonyfillResponse } from '@whatwg-node/node-fetch';
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
 * Lambda's runtime names itself in `AWS_EXECUTION_ENV` (`AWS_Lambda_nodejs24.x`). Only there, where a process runs
 * one function, are the globals replaced: a test process that hosts several apps keeps Node's, and so every app
 * the tests import runs on one implementation.
 */
export const inLambda = process.env.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda_') === true;

/**
 * hono/aws-lambda turns every API Gateway event into a fetch `Request` and reads the app's `Response` back. Node's
 * own fetch classes are undici's, loaded the first time one is touched; under the runtime's `--expose-gc` Node's
 * built-ins compile without their code cache, so that first touch costs every cold start 25–35 ms (about a whole
 * `GetItem` handler's first invocation). @whatwg-node/node-fetch implements the same classes in plain JavaScript
 * over Node's streams; hono (and the middleware it runs) reaches them through the globals when it builds a
 * response. A function that fetches takes the ponyfill's `fetch` too (functions/lambda-fetch.ts). See
 * docs/BENCHMARKS.md, "Cold start".
 */
if (inLambda) Object.assign(globalThis, { Headers, Request, Response });

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** The app as a handler of API Gateway's REST proxy events, the only events these functions' apps receive. */
export function handle<E extends Env>(app: Hono<E>): ProxyHandler {
  return honoHandle(app) as ProxyHandler;
}
