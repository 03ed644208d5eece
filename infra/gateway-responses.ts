import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';

interface GatewayProblem {
  readonly type: ResponseType;
  readonly status: number;
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Errors API Gateway answers itself, before any function runs. The contract says every error is
 * application/problem+json (Chinese by default), so these are rewritten in the functions' shape
 * (shared/http/problem.ts: `type` is `/problems/<slug>`).
 */
const GATEWAY_PROBLEMS: readonly GatewayProblem[] = [
  // A REST API answers a path no resource matches with 403 "Missing Authentication Token": it is a 404.
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, status: 404, slug: 'not-found', title: '未找到', detail: '请求的地址不存在。' },
  {
    type: ResponseType.UNAUTHORIZED,
    status: 401,
    slug: 'unauthenticated',
    title: '需要登录',
    detail: '请提供有效的工作人员令牌（Authorization: Bearer …）。',
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
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
  { type: ResponseType.WAF_FILTERED, status: 403, slug: 'forbidden', title: '请求被拒绝', detail: '请求被安全策略拦截。' },
  {
    type: ResponseType.THROTTLED,
    status: 429,
    slug: 'rate-limited',
    title: '请求过于频繁',
    detail: '请稍后再试。',
    headers: { 'Retry-After': '1' },
  },
  { type: ResponseType.REQUEST_TOO_LARGE, status: 413, slug: 'payload-too-large', title: '内容过大', detail: '请求内容过大。' },
  {
    type: ResponseType.INTEGRATION_TIMEOUT,
    status: 503,
    slug: 'store-unavailable',
    title: '服务暂时不可用',
    detail: '请稍后重试。',
    headers: { 'Retry-After': '5' },
  },
];

const quoted = (value: string) => `'${value}'`;

export function addProblemGatewayResponses(api: RestApi): void {
  for (const problem of GATEWAY_PROBLEMS) {
    const body = { type: `/problems/${problem.slug}`, title: problem.title, status: problem.status, detail: problem.detail };
    api.addGatewayResponse(`Problem-${problem.type.responseType}`, {
      type: problem.type,
      statusCode: String(problem.status),
      responseHeaders: Object.fromEntries(
        Object.entries({ 'Content-Type': 'application/problem+json; charset=utf-8', ...problem.headers }).map(([name, value]) => [
          name,
          quoted(value),
        ]),
      ),
      // API Gateway picks the template by the response's content type; the JSON one is the default.
      templates: { 'application/json': JSON.stringify({ ...body, requestId: '$context.requestId' }) },
    });
  }
}
