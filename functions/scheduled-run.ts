import type { ProxyHandler } from './lambda-adapter.js';

/**
 * A scheduled run that did not finish. The app answers a failure as a problem+json 5xx like every function does,
 * but for an asynchronous invocation a returned value is a success: EventBridge would never retry and no alarm on
 * Lambda errors would fire. The name carries the problem's type (e.g. `store-unavailable`), never request data.
 */
export class ScheduledRunFailed extends Error {
  override readonly name = 'ScheduledRunFailed';

  constructor(
    readonly status: number,
    readonly problemType: string,
  ) {
    super(`scheduled run failed: ${status} ${problemType}`);
  }
}

function problemTypeOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { type?: unknown };
    return typeof parsed.type === 'string' ? parsed.type : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The handler, throwing ScheduledRunFailed where the app answered 5xx. */
export function failingOnServerError(handler: ProxyHandler): ProxyHandler {
  return async (event, context) => {
    const result = await handler(event, context);
    if (result.statusCode >= 500) throw new ScheduledRunFailed(result.statusCode, problemTypeOf(result.body));
    return result;
  };
}

/**
 * An EventBridge schedule invokes a function with a fixed API Gateway (REST) proxy event for one of its app's
 * routes, so a scheduled run goes through the same Hono app and `hono/aws-lambda` handler as every request. The
 * route has no API Gateway mount (nobody outside can call it); the local server calls it on a timer.
 */
export function scheduledRouteEvent<Path extends string>(path: Path) {
  return {
    resource: path,
    path,
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: { domainName: 'scheduler.internal', path, stage: 'schedule' },
    body: null,
    isBase64Encoded: false,
  } as const;
}
