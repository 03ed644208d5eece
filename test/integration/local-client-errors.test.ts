import { serve, type ServerType } from '@hono/node-server';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrorsWithProblems } from '../../scripts/local-client-errors.js';

/** What `npm start`'s server answers before any app sees the request: Node's parser refusals, as problem+json. */
let server: ServerType;
let port: number;

beforeAll(async () => {
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: () => new Response('reached the app'), port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  answerClientErrorsWithProblems(server);
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends raw bytes and reads the whole answer (the server closes the connection after a refusal). */
function exchange(request: string): Promise<{ head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = Buffer.concat(chunks).toString('utf8').split('\r\n\r\n');
      resolve({ head, body });
    });
  });
}

describe('the local server refuses what Node cannot parse with problem+json', () => {
  it('answers headers over 16 KiB with a 431 problem naming the cause', async () => {
    const { head, body } = await exchange(`GET /api/v1/notices HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(head).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(head.toLowerCase()).toContain('content-type: application/problem+json; charset=utf-8');
    expect(JSON.parse(body)).toEqual({
      type: '/problems/headers-too-large',
      title: '请求头过大',
      status: 431,
      detail: '请求头（含 Cookie）超出了服务器能接受的大小，请删除不需要的请求头或 Cookie 后重试。',
    });
  });

  it('answers bytes that are not HTTP with a 400 problem', async () => {
    const { head, body } = await exchange('NOT HTTP AT ALL\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(body)).toMatchObject({ type: '/problems/malformed-request', status: 400 });
  });

  it('still hands a request with ordinary headers to the app', async () => {
    const { head, body } = await exchange('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(body).toContain('reached the app');
  });
});
