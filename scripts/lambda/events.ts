import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { HTTP_ROUTES, mountMatcher } from '../../functions/routes.js';

export interface RestRequest {
  readonly method?: string;
  /** Path and query as the client sent them, without the stage prefix: `/api/v1/verify?number=…`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A text body, sent as it is (JSON, form fields…). */
  readonly body?: string;
  /** A binary body: API Gateway hands it to Lambda base64-encoded, with `isBase64Encoded`. */
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

/**
 * The event an API Gateway REST API (Lambda proxy integration, payload format 1.0) sends for a request: single
 * and multi-value headers and query parameters (null when there are none), the matched resource and its path
 * parameters, the stage in the request context, and a binary body base64-encoded.
 */
export function restApiEvent(request: RestRequest): APIGatewayProxyEvent {
  const url = new URL(request.path, 'https://example.invalid');
  const method = request.method ?? 'GET';
  const stage = request.stage ?? 'prod';
  const headers = { Host: 'example.execute-api.eu-west-1.amazonaws.com', 'User-Agent': 'lambda-runner', ...request.headers };
  const multiValueHeaders = multiValue(Object.entries(headers));
  const query = multiValue(url.searchParams);
  const hasQuery = Object.keys(query).length > 0;
  const { resource, pathParameters } = resourceOf(url.pathname);
  const body = request.binaryBody ? Buffer.from(request.binaryBody).toString('base64') : (request.body ?? null);
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
    isBase64Encoded: request.binaryBody !== undefined,
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

/** A proxy result's body as bytes (decoding base64 when the function said so). */
export function resultBody(result: APIGatewayProxyResult): Buffer {
  return Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
}
