import { HTTPException } from 'hono/http-exception';
import { beforeAll, describe, expect, it } from 'vitest';
import { containsSensitiveNumber } from '../../shared/domain/mask.js';
import { createApp } from '../../shared/http/app.js';
import { createLogger } from '../../shared/http/logger.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { HOLDER_ID, HOLDER_PHONE } from '../support/declarations.js';
import { personalNumbersIn } from '../support/ids.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;

beforeAll(async () => {
  system = await createTestSystem();
});

const spelledId = `370102/${HOLDER_ID.slice(6, 14)}/${HOLDER_ID.slice(14)}`;

describe('request ids', () => {
  it('keeps a client X-Request-Id that is a plain token and replaces any other, never echoing it', async () => {
    const plain = await system.request('/api/v1/health', { headers: { 'x-request-id': 'client-trace.42:a_b' } });
    expect(plain.headers.get('x-request-id')).toBe('client-trace.42:a_b');
    // Header values are bytes: a non-ASCII choice arrives percent-encoded, which is no plain token either.
    for (const chosen of [HOLDER_PHONE, `trace-${HOLDER_ID}`, 'has space', '<script>', 'x'.repeat(129), encodeURIComponent('追踪')]) {
      const response = await system.request('/api/v1/health', { headers: { 'x-request-id': chosen } });
      const echoed = response.headers.get('x-request-id') ?? '';
      expect(echoed).not.toBe(chosen);
      expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});

describe('log lines', () => {
  it('mask every string: paths, header values, error messages, in any spelling', () => {
    const lines: string[] = [];
    const streams = [process.stdout, process.stderr] as const;
    const writes = streams.map((stream) => stream.write);
    for (const stream of streams) {
      stream.write = ((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      }) as typeof stream.write;
    }
    try {
      const logger = createLogger('privacy-test');
      logger.info('request', { path: `/api/v1/notices/${spelledId}`, headers: { 'user-agent': `(138)1234-5678`, referer: `https://x/?n=${HOLDER_ID}` } });
      logger.error('failed', { errorMessage: `bad ${'③⑦⓪①⓪②'}${HOLDER_ID.slice(6)}` });
    } finally {
      streams.forEach((stream, index) => {
        stream.write = writes[index] ?? stream.write;
      });
    }
    expect(lines.length).toBe(2);
    for (const line of lines) expect(containsSensitiveNumber(line), line).toBe(false);
    expect(lines.join('')).toContain('370102/********/');
  });
});

describe('problem+json bodies', () => {
  it('give no ID or phone number back in full, whatever an error quotes, and keep ids whole', async () => {
    const app = createApp(createLogger('privacy-test'));
    // An id whose hex reads as a phone number once the dash goes: an id, not a number, so it stays as it is.
    const id = '0d0f5c1e-9dc1-4b2a-9dc1-3209375453c9';
    app.get('/quoting', () => {
      throw new HttpProblem(400, 'quoting', `无效 ${HOLDER_PHONE}`, `收到 ${spelledId}`, { errors: [{ path: `rows[1].${HOLDER_ID}`, message: HOLDER_PHONE }], id });
    });
    app.get('/framework', () => {
      throw new HTTPException(400, { message: `bad header ${HOLDER_ID}` });
    });
    for (const path of ['/quoting', '/framework']) {
      const body = await (await app.request(path)).text();
      expect(personalNumbersIn(body), body).toEqual([]);
    }
    expect(await (await app.request('/quoting')).json()).toMatchObject({ id, detail: '收到 370102/********/1238' });
  });
});

describe('the verify page', () => {
  it('does not write a looked-up ID or phone back in full: neither the box nor the language link', async () => {
    for (const number of [spelledId, HOLDER_ID, HOLDER_PHONE]) {
      const response = await system.request(`/verify?${new URLSearchParams({ number, type: 'resident_id_card' })}`);
      const html = await response.text();
      expect(containsSensitiveNumber(html)).toBe(false);
      expect(html).not.toContain(encodeURIComponent(number));
      expect(html).toMatch(/<input id="number" name="number" value=""/);
    }
    const ordinary = await (await system.request('/verify?number=110370100012345')).text();
    expect(ordinary).toContain('value="110370100012345"');
    expect(ordinary).toMatch(/href="\/verify\?number=110370100012345&amp;lang=en"/);
  });
});
