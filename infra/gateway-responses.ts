import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { Dependency } from '../shared/store/errors.js';

interface GatewayProblem {
  readonly type: ResponseType;
  /** The HTTP status; absent for the two fallbacks, whose status must stay the one each error has. */
  readonly status?: number;
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The dependency a 5xx is the failure of, as the functions' own 503s name it (shared/http/app.ts). */
  readonly dependency?: Dependency;
}

const RETRY_SHORTLY = { 'Retry-After': '5' };
const UNAVAILABLE = { slug: 'store-unavailable', title: '服务暂时不可用', detail: '请稍后重试。', headers: RETRY_SHORTLY } as const;
const INTERNAL = { slug: 'internal', title: '服务器内部错误', detail: '处理请求时出错，请稍后重试。' } as const;
const NOT_FOUND = { slug: 'not-found', title: '未找到', detail: '请求的地址不存在。' } as const;
const INVALID_TOKEN = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };
const INVALID_CREDENTIALS = { slug: 'unauthenticated', title: '需要登录', detail: '请提供有效的工作人员令牌（Authorization: Bearer …）。' } as const;

/**
 * Errors API Gateway answers itself, before (or instead of) any function. The contract says every error is
 * application/problem+json (Chinese by default), so each type is rewritten in the functions' shape
 * (shared/http/problem.ts: `type` is `/problems/<slug>`), with the status the contract gives that error.
 * Every type is listed, so the two fallbacks only ever meet a type API Gateway adds later.
 */
export const GATEWAY_PROBLEMS: readonly GatewayProblem[] = [
  // A REST API answers a path no resource matches with 403 "Missing Authentication Token": it is a 404.
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, status: 404, ...NOT_FOUND },
  { type: ResponseType.RESOURCE_NOT_FOUND, status: 404, ...NOT_FOUND },
  { type: ResponseType.UNAUTHORIZED, status: 401, ...INVALID_CREDENTIALS, headers: { 'WWW-Authenticate': 'Bearer' } },
  // The contract's 401 for credentials that are no good, whatever API Gateway would say (403).
  { type: ResponseType.EXPIRED_TOKEN, status: 401, ...INVALID_CREDENTIALS, detail: '令牌已过期，请重新登录。', headers: INVALID_TOKEN },
  { type: ResponseType.INVALID_SIGNATURE, status: 401, ...INVALID_CREDENTIALS, headers: INVALID_TOKEN },
  // Keyed routes (partners): the contract says a request without a valid key is a 401; the usage plan's cap a 429.
  {
    type: ResponseType.INVALID_API_KEY,
    status: 401,
    slug: 'api-key-invalid',
    title: 'API 密钥无效',
    detail: '请在 X-Api-Key 请求头中提供本机构有效的 API 密钥。',
    headers: { 'WWW-Authenticate': 'ApiKey header="X-Api-Key"' },
  },
  { type: ResponseType.QUOTA_EXCEEDED, status: 429, slug: 'api-key-over-quota', title: '已超出限额', detail: '本密钥的限额已用完。', headers: { 'Retry-After': '3600' } },
  { type: ResponseType.ACCESS_DENIED, status: 403, slug: 'forbidden', title: '权限不足', detail: '您无权执行此操作。' },
  // Managed-rule blocks; the rate rules answer their own 429 (WAF custom responses come before gateway responses).
  { type: ResponseType.WAF_FILTERED, status: 403, slug: 'forbidden', title: '请求被拒绝', detail: '请求被安全策略拦截。' },
  { type: ResponseType.THROTTLED, status: 429, slug: 'rate-limited', title: '请求过于频繁', detail: '请稍后再试。', headers: { 'Retry-After': '1' } },
  { type: ResponseType.REQUEST_TOO_LARGE, status: 413, slug: 'payload-too-large', title: '内容过大', detail: '请求内容过大。' },
  { type: ResponseType.UNSUPPORTED_MEDIA_TYPE, status: 415, slug: 'unsupported-media-type', title: '不支持的内容类型', detail: '请以 JSON 格式提交（Content-Type: application/json）。' },
  // Request validators are not used (the functions validate every field), but the types exist: a 400 either way.
  { type: ResponseType.BAD_REQUEST_BODY, status: 400, slug: 'invalid-request', title: '请求内容无效', detail: '请求内容不符合要求。' },
  { type: ResponseType.BAD_REQUEST_PARAMETERS, status: 400, slug: 'invalid-request', title: '请求参数无效', detail: '请求参数不符合要求。' },
  // The function did not answer in time, or could not be invoked (throttled, crashed while starting): try again.
  { type: ResponseType.INTEGRATION_TIMEOUT, status: 503, ...UNAVAILABLE },
  { type: ResponseType.INTEGRATION_FAILURE, status: 503, ...UNAVAILABLE },
  // The staff authorizer could not reach the identity provider, or is misconfigured.
  { type: ResponseType.AUTHORIZER_FAILURE, status: 503, ...UNAVAILABLE, dependency: 'IdentityProvider' },
  { type: ResponseType.AUTHORIZER_CONFIGURATION_ERROR, status: 500, ...INTERNAL, dependency: 'IdentityProvider' },
  { type: ResponseType.API_CONFIGURATION_ERROR, status: 500, ...INTERNAL },
  // Fallbacks: a status here would replace every 4xx's (5xx's) own, so the body names the gateway's error type instead.
  { type: ResponseType.DEFAULT_4XX, slug: 'gateway-rejected', title: '请求被拒绝', detail: '网关拒绝了此请求。' },
  { type: ResponseType.DEFAULT_5XX, ...INTERNAL, headers: RETRY_SHORTLY },
];

const quoted = (value: string) => `'${value}'`;

/** The problem+json body API Gateway renders (`$context` variables are filled in by its template engine). */
export function gatewayProblemBody(problem: GatewayProblem): Record<string, unknown> {
  return {
    type: `/problems/${problem.slug}`,
    title: problem.title,
    ...(problem.status ? { status: problem.status } : { gatewayError: '$context.error.responseType' }),
    detail: problem.detail,
    ...(problem.dependency ? { dependency: problem.dependency } : {}),
    requestId: '$context.requestId',
  };
}

export function addProblemGatewayResponses(api: RestApi): void {
  for (const problem of GATEWAY_PROBLEMS) {
    api.addGatewayResponse(`Problem-${problem.type.responseType}`, {
      type: problem.type,
      ...(problem.status ? { statusCode: String(problem.status) } : {}),
      responseHeaders: Object.fromEntries(
        Object.entries({ 'Content-Type': 'application/problem+json; charset=utf-8', ...problem.headers }).map(([name, value]) => [
          name,
          quoted(value),
        ]),
      ),
      // API Gateway picks the template by the response's content type; the JSON one is the default.
      templates: { 'application/json': JSON.stringify(gatewayProblemBody(problem)) },
    });
  }
}
