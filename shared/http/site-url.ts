import type { Context } from 'hono';
import { requiredEnv } from './env.js';

/**
 * Where the site lives. The same apps are served under an API Gateway stage (`https://<id>.execute-api.<region>.
 * amazonaws.com/prod/`), under a custom domain at `/`, and locally at `http://127.0.0.1:<port>/`, so no page may
 * write a root-relative path as it is: every link, form action, redirect and cookie path goes through `sitePath`,
 * every absolute URL (feed ids, the proof's QR) through `publicUrl`. Absolute URLs come from configuration
 * (`PUBLIC_BASE_URL`), never from the request's Host header, which a client chooses.
 */

/** What this module reads of the API Gateway REST event (hono/aws-lambda hands it to the app as `c.env.event`). */
export interface GatewayRequestContext {
  readonly stage?: string;
  readonly domainName?: string;
}

/** API Gateway's own endpoint, where every path starts with the stage (a custom domain maps the stage away). */
const EXECUTE_API_DOMAIN = /^[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

const parsedBaseUrls = new Map<string, URL>();

/** `PUBLIC_BASE_URL` as a URL whose path ends in `/` (`https://example.cn/`, `https://…/prod/`). */
export function publicBaseUrl(env: Record<string, string | undefined> = process.env): URL {
  const configured = requiredEnv('PUBLIC_BASE_URL', env);
  let parsed = parsedBaseUrls.get(configured);
  if (!parsed) {
    parsed = new URL(configured.endsWith('/') ? configured : `${configured}/`);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('PUBLIC_BASE_URL must be an http(s) URL');
    parsed.search = '';
    parsed.hash = '';
    parsedBaseUrls.set(configured, parsed);
  }
  return parsed;
}

/** The configured base path without its trailing slash: `''` at a domain's root, `/prod` under a stage. */
function configuredBasePath(env: Record<string, string | undefined>): string {
  return publicBaseUrl(env).pathname.replace(/\/$/, '');
}

/**
 * The path prefix of the request: on API Gateway's own endpoint the stage it came through (`/prod`), anywhere
 * else (a custom domain, the local server) the path of `PUBLIC_BASE_URL`. Both read what the gateway or the
 * deployment says, never a header.
 */
export function basePath(c: Context, env: Record<string, string | undefined> = process.env): string {
  const gateway = (c.env as { event?: { requestContext?: GatewayRequestContext } } | undefined)?.event?.requestContext;
  if (gateway?.stage && gateway.domainName && EXECUTE_API_DOMAIN.test(gateway.domainName)) return `/${gateway.stage}`;
  return configuredBasePath(env);
}

/** A link, form action, redirect or cookie path to `path` (root-relative, e.g. `/file?type=x`) as this request reaches it. */
export function sitePath(c: Context, path: string, env: Record<string, string | undefined> = process.env): string {
  if (!path.startsWith('/')) throw new Error(`site paths start with "/": ${path}`);
  return `${basePath(c, env)}${path}`;
}

/** The absolute public URL of `path` (root-relative), from `PUBLIC_BASE_URL`: for feeds, QR codes, e-mails. */
export function publicUrl(path: string, env: Record<string, string | undefined> = process.env): string {
  if (!path.startsWith('/')) throw new Error(`site paths start with "/": ${path}`);
  return `${publicBaseUrl(env).href}${path.slice(1)}`;
}
