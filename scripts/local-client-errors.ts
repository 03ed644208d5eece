import type { ServerType } from '@hono/node-server';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { standardProblem } from '../shared/http/app.js';
import { PROBLEM_CONTENT_TYPE } from '../shared/http/problem.js';

/** Node's parser errors, as the problems the app would answer them with (Node's own answers are bare status lines). */
function problemFor(code: string | undefined) {
  if (code === 'HPE_HEADER_OVERFLOW') return standardProblem('headers-too-large', 'zh-CN');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return standardProblem('request-timeout', 'zh-CN');
  return standardProblem('malformed-request', 'zh-CN');
}

/**
 * Answers what Node's HTTP parser refuses before the app sees it (headers over its 16 KiB limit, a request too
 * slow to arrive, bytes that are not HTTP) with problem+json, like every other error. In Chinese, the contract's
 * default: headers that could not be read name no language.
 */
export function answerClientErrorsWithProblems(server: ServerType): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const problem = problemFor(error.code);
    const body = JSON.stringify(problem.toDetails());
    socket.end(
      [
        `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}`,
        `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        'X-Content-Type-Options: nosniff',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}
