import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../shared/http/app.js';
import { createLogger } from '../../../shared/http/logger.js';

/** A client error hono's middleware throws as an HTTPException is titled by its status, in the client's language. */
const app = createApp(createLogger('client-errors-test'));
app.get('/refuse/:status', (c) => {
  throw new HTTPException(Number(c.req.param('status')) as ContentfulStatusCode, { message: c.req.query('message') ?? '' });
});

async function problemFor(status: number, init: { message?: string; language?: string } = {}) {
  const query = init.message === undefined ? '' : `?${new URLSearchParams({ message: init.message })}`;
  const response = await app.request(`/refuse/${status}${query}`, { headers: init.language ? { 'accept-language': init.language } : {} });
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as { type: string; title: string; status: number; detail: string };
}

describe('HTTPException problems', () => {
  it.each([
    [400, 'Bad request', '请求无效'],
    [401, 'Unauthorized', '需要身份验证'],
    [403, 'Forbidden', '禁止访问'],
    [404, 'Not found', '未找到'],
    [405, 'Method not allowed', '不允许的请求方法'],
    [409, 'Conflict', '与当前状态冲突'],
    [413, 'Payload too large', '内容过大'],
    [415, 'Unsupported media type', '不支持的内容类型'],
    [429, 'Too many requests', '请求过于频繁'],
    [431, 'Request header fields too large', '请求头过大'],
  ])('titles a %i by its status in English and Chinese', async (status, en, zh) => {
    expect(await problemFor(status, { language: 'en' })).toEqual({ type: '/problems/http-error', title: en, status, detail: en });
    expect(await problemFor(status)).toMatchObject({ title: zh, status, detail: zh });
  });

  it('keeps hono’s message as the detail and titles an unlisted 4xx a bad request', async () => {
    expect(await problemFor(403, { message: 'Forbidden by the middleware', language: 'en' })).toMatchObject({ title: 'Forbidden', detail: 'Forbidden by the middleware' });
    expect(await problemFor(499, { language: 'en' })).toMatchObject({ title: 'Bad request', status: 499 });
  });
});
