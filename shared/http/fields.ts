import type { Context } from 'hono';
import { DeclarationNotFound } from '../domain/errors.js';
import { isRecordId } from '../domain/record-ids.js';
import type { AppEnv } from './app.js';
import { HttpProblem, validationProblem } from './problem.js';
import { hasBody, readJsonBody } from './app.js';
import { queryValue } from './query.js';

/** A 400 naming one field, in both languages. */
export function fieldProblem<E extends AppEnv>(c: Context<E>, path: string, zh: string, en: string): HttpProblem {
  return validationProblem([{ path, message: { 'zh-CN': zh, en } }], c.get('locale'));
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,128}$/;

/** The request's Idempotency-Key header, if any: 8–128 visible ASCII characters, else a 400 naming it. */
export function idempotencyKeyFrom<E extends AppEnv>(c: Context<E>): string | undefined {
  const idempotencyKey = c.req.header('idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw fieldProblem(c, 'Idempotency-Key', 'Idempotency-Key 须为 8–128 个可见 ASCII 字符。', 'Idempotency-Key must be 8–128 visible ASCII characters.');
  }
  return idempotencyKey;
}

/** The `version` a change is based on (optimistic concurrency). */
export function versionFrom<E extends AppEnv>(c: Context<E>, body: Record<string, unknown>, required: boolean): number | undefined {
  const version = body.version;
  if (version === undefined && !required) return undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw fieldProblem(c, 'version', '请提供当前版本号 version（正整数）。', 'Send the current version (a positive integer).');
  }
  return version;
}

/** A JSON object body; with `optional`, no body (none at all, or `Content-Length: 0`) reads as `{}`. */
export async function objectBody<E extends AppEnv>(c: Context<E>, optional = false): Promise<Record<string, unknown>> {
  if (optional && !hasBody(c)) return {};
  const body = await readJsonBody(c);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw fieldProblem(c, '', '请求内容必须是一个 JSON 对象。', 'The body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}


/** The `:id` path parameter; anything that cannot be an id is simply not found. */
export function declarationIdFrom<E extends AppEnv>(c: Context<E>): string {
  const id = c.req.param('id') ?? '';
  if (!isRecordId(id)) throw new DeclarationNotFound();
  return id;
}

/** Page size from `?limit=`: 1–100, default 20. */
export function limitFrom<E extends AppEnv>(c: Context<E>): number {
  const raw = queryValue(c, 'limit');
  if (raw === undefined) return 20;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw fieldProblem(c, 'limit', 'limit 须为 1 到 100 之间的整数。', 'limit must be a whole number from 1 to 100.');
  }
  return limit;
}
