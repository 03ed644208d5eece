import { createServer } from 'node:http';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createStoreContext } from '../shared/store/client.js';
import { PUBLIC_KEYS } from '../shared/store/public-keys.js';

/**
 * The floor for verify throughput: a plain `node:http` server whose every request is one GetItem on the same
 * DynamoDB Local, with the same client settings as the app, and a small JSON answer. Nothing else: no routing
 * framework, normalization, hashing, logging or limiter. Run as its own process, as the app is.
 */
const store = createStoreContext();
const keys = (process.env.FLOOR_KEYS ?? '').split(',');
let next = 0;

const server = createServer((_request, response) => {
  const noticeNo = keys[next++ % keys.length] ?? '';
  store.client
    .send(new GetCommand({ TableName: store.tableName, Key: PUBLIC_KEYS.notice(noticeNo) }))
    .then(({ Item }) => {
      const body = JSON.stringify({ found: Item !== undefined, noticeNo: Item?.noticeNo });
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    })
    .catch(() => response.writeHead(503).end());
});

server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
