import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context as LambdaContext } from 'aws-lambda';
import { HTTP_ROUTES, mountMatcher, type HttpFunctionName } from '../../functions/routes.js';
import { headerValue, restApiEvent, resultBody } from '../../scripts/lambda/events.js';

export type LambdaHandler = (event: APIGatewayProxyEvent, context: LambdaContext) => Promise<APIGatewayProxyResult>;

/** How the site is reached: API Gateway's endpoint with the stage in the path, or a custom domain mapped at `/`. */
export interface SiteAddress {
  /** `https://<host>` as the browser sees it. */
  readonly origin: string;
  /** `/prod` on the stage URL, `''` on a custom domain. */
  readonly stagePrefix: string;
}

export const STAGE_ADDRESS: SiteAddress = { origin: 'https://example.execute-api.eu-west-1.amazonaws.com', stagePrefix: '/prod' };
export const CUSTOM_DOMAIN_ADDRESS: SiteAddress = { origin: 'https://shengming.example.cn', stagePrefix: '' };

export interface GatewayAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: string;
  /** The function that answered, or undefined when API Gateway answered itself (unknown stage or path). */
  readonly routedTo?: HttpFunctionName;
}

const ROUTES = (Object.entries(HTTP_ROUTES) as [HttpFunctionName, (typeof HTTP_ROUTES)[HttpFunctionName]][]).flatMap(([name, mounts]) =>
  mounts.map((mount) => ({ name, matches: mountMatcher(mount.path) })),
);

/**
 * What API Gateway does with a browser's request: the first path segment of the execute-api URL names the stage
 * (an unknown stage is a 403), the rest is matched against the resources of functions/routes.ts (no match: 403
 * "Missing Authentication Token", which the stack answers as 404), and the function gets a REST proxy event
 * whose `path` has no stage and whose `requestContext.domainName` is the host the request was sent to.
 * `extraHeaders` are what the client sent on top (e.g. a forged Host), without changing where it went.
 */
export function apiGateway(address: SiteAddress, handlers: Readonly<Record<HttpFunctionName, LambdaHandler>>) {
  return async (method: string, url: URL, init: { headers?: Record<string, string>; body?: string } = {}): Promise<GatewayAnswer> => {
    const gatewayAnswer = (status: number): GatewayAnswer => ({ status, headers: {}, body: '{"message":"Forbidden"}' });
    let path = url.pathname;
    if (address.stagePrefix) {
      if (path !== address.stagePrefix && !path.startsWith(`${address.stagePrefix}/`)) return gatewayAnswer(403);
      path = path.slice(address.stagePrefix.length) || '/';
    }
    const route = ROUTES.find(({ matches }) => matches(path));
    if (!route) return gatewayAnswer(404);
    const event = restApiEvent({ method, path: `${path}${url.search}`, headers: { Host: url.host, ...init.headers }, ...(init.body !== undefined ? { body: init.body } : {}), stage: 'prod' });
    const requestContext = { ...event.requestContext, domainName: url.hostname, path: url.pathname };
    const context = { awsRequestId: randomUUID() } as LambdaContext;
    const result = await handlers[route.name]({ ...event, requestContext }, context);
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = [String(value)];
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name.toLowerCase()] = values.map(String);
    const body = resultBody(result, headerValue(init.headers ?? {}, 'accept')).toString('utf8');
    return { status: result.statusCode, headers, body, routedTo: route.name };
  };
}
