import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { HTTP_ROUTES, mountMatcher } from '../../functions/routes.js';
import { API_BINARY_MEDIA_TYPES, isBinaryMediaType } from '../../infra/binary-media.js';

export interface RestRequest {
  readonly method?: string;
  /** Path and query as the client sent them, without the stage prefix: `/api/v1/verify?number=…`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A text body (JSON, form fields…), sent as UTF-8. */
  readonly body?: string;
  /** A body of bytes (a GBK CSV, an XLSX). */
  readonly binaryBody?: Uint8Array;
  readonly stage?: string;
  readonly sourceIp?: string;
}

const ROUTES = Object.values(HTTP_ROUTES)
  .flat()
  .map(({ path }) => ({ resource: path, matches: mountMatcher(path) }));

/** The API Gateway resource a path reaches (as routes.ts mounts them) and its path parameters. */
function resourceOf(path: string): { resource: string; pathParameters: Record<string, string> | null } {
  const route = ROUTES.find(({ matches }) => matches(path));
  if (!route) return { resource: path, pathParameters: null };
  const { resource } = route;
  if (resource.endsWith('/{proxy+}')) return { resource, pathParameters: { proxy: path.slice(resource.length - '{proxy+}'.length) } };
  const parameters: Record<string, string> = {};
  const requestSegments = path.split('/');
  resource.split('/').forEach((segment, index) => {
    const name = /^\{([^+}]+)\}$/.exec(segment)?.[1];
    if (name) parameters[name] = decodeURIComponent(requestSegments[index] ?? '');
  });
  return { resource, pathParameters: Object.keys(parameters).length > 0 ? parameters : null };
}

function multiValue(pairs: Iterable<[string, string]>): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const [name, value] of pairs) (values[name] ??= []).push(value);
  return values;
}

const lastValues = (values: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(values).map(([name, list]) => [name, list.at(-1) ?? '']));

/** A header's value by its name in lower case, however the client capitalized it. */
export const headerValue = (headers: Readonly<Record<string, string>>, name: string) =>
  Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

/**
 * The event an API Gateway REST API (Lambda proxy integration, payload format 1.0) sends for a request: single
 * and multi-value headers and query parameters (null when there are none), the matched resource and its path
 * parameters, the stage in the request context, and the body base64-encoded when its Content-Type is one of the
 * API's binary media types (infra/binary-media.ts), else as UTF-8 text (which is how API Gateway mangles bytes).
 */
export function restApiEvent(request: RestRequest, binaryTypes: readonly string[] = API_BINARY_MEDIA_TYPES): APIGatewayProxyEvent {
  const url = new URL(request.path, 'https://example.invalid');
  const method = request.method ?? 'GET';
  const stage = request.stage ?? 'prod';
  const headers = { Host: 'example.execute-api.eu-west-1.amazonaws.com', 'User-Agent': 'lambda-runner', ...request.headers };
  const multiValueHeaders = multiValue(Object.entries(headers));
  const query = multiValue(url.searchParams);
  const hasQuery = Object.keys(query).length > 0;
  const { resource, pathParameters } = resourceOf(url.pathname);
  const bytes = request.binaryBody ? Buffer.from(request.binaryBody) : request.body !== undefined ? Buffer.from(request.body, 'utf8') : undefined;
  const binary = bytes !== undefined && isBinaryMediaType(headerValue(headers, 'content-type'), binaryTypes);
  const body = bytes === undefined ? null : bytes.toString(binary ? 'base64' : 'utf8');
  const epoch = Date.now();
  return {
    resource,
    path: url.pathname,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? lastValues(query) : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters,
    stageVariables: null,
    body,
    isBase64Encoded: binary,
    requestContext: {
      accountId: '123456789012',
      apiId: 'example',
      authorizer: null,
      domainName: headers.Host,
      domainPrefix: 'example',
      extendedRequestId: `ext-${epoch}`,
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp ?? '198.51.100.7',
        user: null,
        userAgent: headers['User-Agent'],
        userArn: null,
      },
      path: `/${stage}${url.pathname}`,
      protocol: 'HTTP/1.1',
      requestId: `req-${epoch}`,
      requestTime: new Date(epoch).toUTCString(),
      requestTimeEpoch: epoch,
      resourceId: 'abc123',
      resourcePath: resource,
      stage,
    },
  };
}

/**
 * The body the client receives for a proxy result: a base64 body is decoded only when the request's `Accept` (its
 * first type) is a binary media type of the API; otherwise API Gateway sends the base64 text itself.
 */
export function resultBody(result: APIGatewayProxyResult, accept: string | undefined, binaryTypes: readonly string[] = API_BINARY_MEDIA_TYPES): Buffer {
  return Buffer.from(result.body, result.isBase64Encoded && isBinaryMediaType(accept, binaryTypes) ? 'base64' : 'utf8');
}
