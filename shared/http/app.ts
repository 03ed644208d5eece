import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { containsSensitiveNumber } from '../domain/mask.js';
import { maskingJsonReplacer } from '../domain/masked-copy.js';
import type { LookupHasher } from '../services/lookup-key.js';
import type { StoreContext } from '../store/client.js';
import { dependencyErrorName, failedDependency, isStoreUnavailable, STORE_RETRY_AFTER_SECONDS } from '../store/errors.js';
import { localeFrom, type Locale } from './locale.js';
import type { AppLogger } from './logger.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from './problem.js';

export const MAX_BODY_BYTES = 64 * 1024;
/**
 * JSON deeper than this is refused before anything walks it: no declaration is deeper than 4, and recursive code
 * (validation, the SDK's marshalling) would otherwise run out of stack on a body nested thousands deep.
 */
const MAX_JSON_DEPTH = 32;

export interface AppEnv {
  /** What each runtime hands the app: hono/aws-lambda the event and context, @hono/node-server the socket. */
  Bindings: {
    lambdaContext?: { awsRequestId: string };
    event?: { requestContext?: { identity?: { sourceIp?: string } } };
    incoming?: { socket: { remoteAddress?: string } };
  };
  Variables: { requestId: string; locale: Locale; requestLogFields?: Readonly<Record<string, unknown>> };
}

type StandardProblem =
  | 'not-found'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unsupported-content-encoding'
  | 'malformed-json'
  | 'too-deep'
  | 'headers-too-large'
  | 'request-timeout'
  | 'malformed-request'
  | 'store-unavailable'
  | 'internal';

const STANDARD_PROBLEMS: Record<StandardProblem, { status: number; text: Record<Locale, [title: string, detail: string]> }> = {
  'not-found': {
    status: 404,
    text: { 'zh-CN': ['未找到', '请求的地址不存在。'], en: ['Not found', 'There is nothing at this address.'] },
  },
  'payload-too-large': {
    status: 413,
    text: {
      'zh-CN': ['内容过大', `请求内容不能超过 ${MAX_BODY_BYTES / 1024} KiB。`],
      en: ['Payload too large', `The request body must not exceed ${MAX_BODY_BYTES / 1024} KiB.`],
    },
  },
  'unsupported-media-type': {
    status: 415,
    text: {
      'zh-CN': ['不支持的内容类型', '请以 JSON 格式提交（Content-Type: application/json）。'],
      en: ['Unsupported media type', 'Send the body as JSON (Content-Type: application/json).'],
    },
  },
  'unsupported-content-encoding': {
    status: 415,
    text: {
      'zh-CN': ['不支持的内容编码', '请求内容须未经压缩或编码（不带 Content-Encoding，或为 identity），请直接发送原文。'],
      en: ['Unsupported content encoding', 'Send the body as it is, not compressed or encoded (no Content-Encoding, or identity).'],
    },
  },
  'malformed-json': {
    status: 400,
    text: { 'zh-CN': ['JSON 格式错误', '请求内容不是有效的 JSON。'], en: ['Malformed JSON', 'The request body is not valid JSON.'] },
  },
  'too-deep': {
    status: 400,
    text: {
      'zh-CN': ['JSON 嵌套过深', `请求内容的嵌套不能超过 ${MAX_JSON_DEPTH} 层。`],
      en: ['JSON nested too deep', `The request body must not be nested more than ${MAX_JSON_DEPTH} levels deep.`],
    },
  },
  // What a Node HTTP server refuses before any app sees the request (the local server; API Gateway has its own).
  'headers-too-large': {
    status: 431,
    text: {
      'zh-CN': ['请求头过大', '请求头（含 Cookie）超出了服务器能接受的大小，请删除不需要的请求头或 Cookie 后重试。'],
      en: ['Request header fields too large', 'The request headers (cookies included) are larger than the server accepts; remove headers or cookies you do not need and retry.'],
    },
  },
  'request-timeout': {
    status: 408,
    text: { 'zh-CN': ['请求超时', '请求未能及时发送完毕，请重试。'], en: ['Request timeout', 'The request was not sent in time; please retry.'] },
  },
  'malformed-request': {
    status: 400,
    text: { 'zh-CN': ['请求格式错误', '请求不是有效的 HTTP 请求。'], en: ['Malformed request', 'The request is not valid HTTP.'] },
  },
  'store-unavailable': {
    status: 503,
    text: {
      'zh-CN': ['服务暂时不可用', '请稍后重试。'],
      en: ['Service temporarily unavailable', 'Please retry shortly.'],
    },
  },
  internal: {
    status: 500,
    text: { 'zh-CN': ['服务器内部错误', '处理请求时出错，请稍后重试。'], en: ['Internal error', 'Something went wrong; please retry later.'] },
  },
};

export function standardProblem(
  kind: StandardProblem,
  locale: Locale,
  headers: Record<string, string> = {},
  extensions: Record<string, unknown> = {},
): HttpProblem {
  const { status, text } = STANDARD_PROBLEMS[kind];
  const [title, detail] = text[locale];
  return new HttpProblem(status, kind, title, detail, extensions, headers);
}

/**
 * The title of each client-error status (RFC 9110 §15.5, RFC 6585, RFC 7725), for an HTTPException that hono's
 * middleware throws with nothing but a status; in the words the app's own problems use for the same status. Any
 * other 4xx is, generically, a bad request.
 */
const BAD_REQUEST: Readonly<Record<Locale, string>> = { 'zh-CN': '请求无效', en: 'Bad request' };
const CLIENT_ERROR_TITLES: Readonly<Record<number, Readonly<Record<Locale, string>>>> = {
  400: BAD_REQUEST,
  401: { 'zh-CN': '需要身份验证', en: 'Unauthorized' },
  402: { 'zh-CN': '需要付费', en: 'Payment required' },
  403: { 'zh-CN': '禁止访问', en: 'Forbidden' },
  404: { 'zh-CN': '未找到', en: 'Not found' },
  405: { 'zh-CN': '不允许的请求方法', en: 'Method not allowed' },
  406: { 'zh-CN': '无法提供所要求的格式', en: 'Not acceptable' },
  407: { 'zh-CN': '需要代理身份验证', en: 'Proxy authentication required' },
  408: { 'zh-CN': '请求超时', en: 'Request timeout' },
  409: { 'zh-CN': '与当前状态冲突', en: 'Conflict' },
  410: { 'zh-CN': '已不存在', en: 'Gone' },
  411: { 'zh-CN': '缺少 Content-Length', en: 'Length required' },
  412: { 'zh-CN': '前提条件不成立', en: 'Precondition failed' },
  413: { 'zh-CN': '内容过大', en: 'Payload too large' },
  414: { 'zh-CN': '地址过长', en: 'URI too long' },
  415: { 'zh-CN': '不支持的内容类型', en: 'Unsupported media type' },
  416: { 'zh-CN': '请求的范围无效', en: 'Range not satisfiable' },
  417: { 'zh-CN': 'Expect 要求无法满足', en: 'Expectation failed' },
  421: { 'zh-CN': '请求发错了服务器', en: 'Misdirected request' },
  422: { 'zh-CN': '无法处理的内容', en: 'Unprocessable content' },
  426: { 'zh-CN': '需要升级协议', en: 'Upgrade required' },
  428: { 'zh-CN': '需要前提条件', en: 'Precondition required' },
  429: { 'zh-CN': '请求过于频繁', en: 'Too many requests' },
  431: { 'zh-CN': '请求头过大', en: 'Request header fields too large' },
  451: { 'zh-CN': '因法律原因不可用', en: 'Unavailable for legal reasons' },
};

/** A client error hono raised as an HTTPException; its message, when it has one, is hono's own fixed text. */
function clientErrorProblem(status: number, message: string, locale: Locale): HttpProblem {
  const title = (CLIENT_ERROR_TITLES[status] ?? BAD_REQUEST)[locale];
  return new HttpProblem(status, 'http-error', title, message || title);
}

/**
 * The problem+json response. Its strings are masked as a log line's are: an error may quote what was sent (a value,
 * a field or column name, a dependency's message), and no error gives a resident ID or mobile number back in full.
 */
export function problemResponse(_c: Context, problem: HttpProblem): Response {
  return new Response(JSON.stringify(problem.toDetails(), maskingJsonReplacer), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...problem.headers },
  });
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Content-Encoding values that leave the body as sent: none, or `identity`. */
const IDENTITY_ENCODING = /^\s*(identity)?\s*$/i;

/** A Content-Type's media type, lower case, without its parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  return contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
}

export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType);
}

/** Whether a request carries a body: `Content-Length: 0` (what fetch, requests and axios send for none) does not. */
export function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  return length !== undefined ? Number(length) > 0 : c.req.header('transfer-encoding') !== undefined;
}

function deeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * The Content-Security-Policy of every HTML page that sets none of its own (notices, proofs, the log, the staff
 * console, print, docs): no script at all, styles inline, forms to this site only, never framed. Pages with a script
 * (filing, verify) set their own policy with a per-response nonce for it.
 */
const DEFAULT_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** A request id a client may choose: a plain token (letters, digits, `-_.:`, at most 128) holding no ID or phone. */
const PLAIN_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's X-Request-Id when it is a plain token; anything else is replaced, never echoed or logged. */
function clientRequestId(value: string | undefined): string | undefined {
  return value !== undefined && PLAIN_REQUEST_ID.test(value) && !containsSensitiveNumber(value) ? value : undefined;
}

/** What an app may take beyond the common shell's defaults (bundles: sheets of up to a few MiB). */
export interface AppOptions {
  /** The largest request body, in bytes (default MAX_BODY_BYTES). */
  readonly maxBodyBytes?: number;
  /** Media types the API routes take besides JSON; the route itself checks which it can read. */
  readonly bodyMediaTypes?: readonly string[];
}

function payloadTooLarge(locale: Locale, maxBytes: number): HttpProblem {
  if (maxBytes === MAX_BODY_BYTES) return standardProblem('payload-too-large', locale);
  const [title] = STANDARD_PROBLEMS['payload-too-large'].text[locale];
  const size = `${maxBytes / 1024 / 1024} MiB`;
  return new HttpProblem(413, 'payload-too-large', title, locale === 'en' ? `The request body must not exceed ${size}.` : `请求内容不能超过 ${size}。`);
}

/**
 * The 415 naming what the API routes take: JSON, and the app's other media types when it has some (a bundle's
 * CSV and XLSX), so a client sending a sheet is not told to send JSON.
 */
export function unsupportedMediaType(locale: Locale, otherMediaTypes: readonly string[] = []): HttpProblem {
  if (otherMediaTypes.length === 0) return standardProblem('unsupported-media-type', locale);
  const [title] = STANDARD_PROBLEMS['unsupported-media-type'].text[locale];
  const accepted = ['application/json', ...otherMediaTypes];
  const detail = locale === 'en' ? `Send the body as one of these media types (Content-Type): ${accepted.join(', ')}.` : `请以下列内容类型之一提交（Content-Type）：${accepted.join('、')}。`;
  return new HttpProblem(415, 'unsupported-media-type', title, detail, { acceptedMediaTypes: accepted });
}

/**
 * The problem a domain error stands for, if any. The domain's problems and their words (domain-problems.ts) are
 * imported by the first error that needs them: a request that succeeds never does, so no cold start parses them.
 */
export async function domainProblemOnDemand(error: Error, locale: Locale): Promise<HttpProblem | undefined> {
  return (await import('./domain-problems.js')).domainProblem(error, locale);
}

/**
 * The common shell of every function's app: request id and access log, security headers, the 64 KiB body
 * limit, JSON-only API bodies, and one error handler that answers with RFC 9457 problem+json.
 */
export function createApp<E extends AppEnv = AppEnv>(logger: AppLogger, options: AppOptions = {}): Hono<E> {
  const app = new Hono<E>();

  app.use(async (c, next) => {
    const requestId = c.env?.lambdaContext?.awsRequestId ?? clientRequestId(c.req.header('x-request-id')) ?? randomUUID();
    c.set('requestId', requestId);
    c.set('locale', localeFrom(c.req.header('accept-language')));
    const started = performance.now();
    await next();
    // On the response's own headers: `c.header` after the response is made would copy it, body and all.
    c.res.headers.set('x-request-id', requestId);
    if (c.res.headers.get('content-type')?.startsWith('text/html') && !c.res.headers.has('content-security-policy')) {
      c.res.headers.set('content-security-policy', DEFAULT_PAGE_POLICY);
    }
    logger.logRequest({
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
      ...c.get('requestLogFields'),
    });
  });

  app.use(secureHeaders({ crossOriginEmbedderPolicy: false }));

  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => problemResponse(c, payloadTooLarge(c.get('locale'), maxBodyBytes)),
  });
  const otherMediaTypes = new Set(options.bodyMediaTypes ?? []);
  // Not for GET and HEAD, which have no body: asking for one would build a full Request for nothing.
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  app.use('/api/*', async (c, next) => {
    if (!BODY_METHODS.has(c.req.method) || !hasBody(c)) return next();
    const mediaType = mediaTypeOf(c.req.header('content-type'));
    if (!isJsonMediaType(mediaType) && !otherMediaTypes.has(mediaType)) {
      return problemResponse(c, unsupportedMediaType(c.get('locale'), options.bodyMediaTypes));
    }
    // A gzip or base64 body would otherwise be read as its raw bytes and refused as malformed JSON or an unknown
    // file encoding; RFC 9110 §15.5.16 says 415 with Accept-Encoding.
    if (!IDENTITY_ENCODING.test(c.req.header('content-encoding') ?? '')) {
      return problemResponse(c, standardProblem('unsupported-content-encoding', c.get('locale'), { 'accept-encoding': 'identity' }));
    }
    await next();
  });

  app.notFound((c) => problemResponse(c, standardProblem('not-found', c.get('locale') ?? 'zh-CN')));

  app.onError(async (error, c) => {
    const locale = c.get('locale') ?? 'zh-CN';
    if (error instanceof HttpProblem) return problemResponse(c, error);
    const mapped = await domainProblemOnDemand(error, locale);
    if (mapped) return problemResponse(c, mapped);
    const dependency = failedDependency(error);
    if (dependency) {
      // Transient (throttled, unreachable, timed out): the contract's 503 with Retry-After. Anything else from a
      // dependency (denied, missing, misconfigured) is ours to fix: a 500. Either way the log names the dependency.
      const fields = { requestId: c.get('requestId'), dependency, errorName: dependencyErrorName(error) };
      if (!isStoreUnavailable(error)) {
        logger.error('dependency failed', { ...fields, frames: error.stack?.split('\n').slice(1).join('\n') });
        return problemResponse(c, standardProblem('internal', locale));
      }
      logger.warn('dependency unavailable', fields);
      const retryAfter = { 'retry-after': String(STORE_RETRY_AFTER_SECONDS) };
      return problemResponse(c, standardProblem('store-unavailable', locale, retryAfter, { dependency }));
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(c, clientErrorProblem(error.status, error.message, locale));
    }
    // The name and the stack frames only: the message line can echo input, and input may carry personal data.
    const frames = error.stack?.split('\n').slice(1).join('\n');
    logger.error('unhandled error', { requestId: c.get('requestId'), errorName: error.name, frames });
    return problemResponse(c, standardProblem('internal', locale));
  });

  return app;
}

/** Adds fields to the request's one log line (written when the response is ready), instead of a line of its own. */
export function addToRequestLog<E extends AppEnv>(c: Context<E>, fields: Readonly<Record<string, unknown>>): void {
  c.set('requestLogFields', { ...c.get('requestLogFields'), ...fields });
}

/** The client's network address, from API Gateway in AWS or from the socket locally. */
export function clientAddress<E extends AppEnv>(c: Context<E>): string {
  return c.env?.event?.requestContext?.identity?.sourceIp ?? c.env?.incoming?.socket.remoteAddress ?? 'unknown';
}

/** Reads a JSON body; a body that is not JSON is the client's mistake (400), never a 500. */
export async function readJsonBody<E extends AppEnv>(c: Context<E>): Promise<unknown> {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw standardProblem('malformed-json', c.get('locale'));
  }
  if (deeperThan(body, MAX_JSON_DEPTH)) throw standardProblem('too-deep', c.get('locale'));
  return body;
}

/** What every function's app is built from; the Lambda handler and the local server each supply it. */
export interface AppDeps {
  readonly store: StoreContext;
  readonly logger: AppLogger;
  /** The clock, injectable so tests can move time (cut-offs, retention). */
  readonly now: () => Date;
}

/** Functions that write or read public lookup items also need the keyed hash of certificate numbers. */
export interface PublicationDeps extends AppDeps {
  readonly lookupHasher: () => Promise<LookupHasher>;
}
