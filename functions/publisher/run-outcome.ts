import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/**
 * A scheduled run that did not finish. The app answers a failure as a problem+json 5xx like every function does,
 * but for an asynchronous invocation a returned value is a success: EventBridge would never retry and no alarm on
 * Lambda errors would fire. The name carries the problem's type (e.g. `store-unavailable`), never request data.
 */
export class PublicationRunFailed extends Error {
  override readonly name = 'PublicationRunFailed';

  constructor(
    readonly status: number,
    readonly problemType: string,
  ) {
    super(`publication run failed: ${status} ${problemType}`);
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

type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** The handler, throwing PublicationRunFailed where the app answered 5xx. */
export function failingOnServerError(handler: ProxyHandler): ProxyHandler {
  return async (event, context) => {
    const result = await handler(event, context);
    if (result.statusCode >= 500) throw new PublicationRunFailed(result.statusCode, problemTypeOf(result.body));
    return result;
  };
}
