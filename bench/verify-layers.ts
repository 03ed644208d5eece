import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono, type Env } from 'hono';
import { createApp } from '../shared/http/app.js';
import { createLogger } from '../shared/http/logger.js';
import { createLookupHasher } from '../shared/services/lookup-key.js';
import { createStoreContext } from '../shared/store/client.js';
import { PUBLIC_KEYS } from '../shared/store/public-keys.js';

/**
 * The layers between the floor and the verify app, for the breakdown (bench/breakdown.ts). Every layer answers a
 * verify URL with the same single GetItem the app makes (the lookup item of the number's keyed hash):
 * - `node`: plain node:http (the floor's server, with the app's key);
 * - `hono`: one Hono route under @hono/node-server (the app's framework and adapter);
 * - `shell`: that route in the app's common shell (`createApp`: request log line, security headers, body and
 *   media-type checks, problem+json).
 * Nothing here is the app: the app itself is measured through `scripts/start.ts`.
 */
const store = createStoreContext();
const hash = createLookupHasher(process.env.LOOKUP_KEY ?? '');
const lookup = async (number: string) => {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: PUBLIC_KEYS.lookup(hash(number)) }));
  return { found: Item !== undefined };
};
const port = Number(process.env.PORT);

function honoLayer<E extends Env>(app: Hono<E>) {
  app.get('/api/v1/verify', async (c) => c.json(await lookup(c.req.query('number') ?? '')));
  return serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
}

const layer = process.env.LAYER;
const server =
  layer === 'hono'
    ? honoLayer(new Hono())
    : layer === 'shell'
      ? honoLayer(createApp(createLogger('verify')))
      : createServer((request, response) => {
          const number = new URL(request.url ?? '/', 'http://localhost').searchParams.get('number') ?? '';
          lookup(number)
            .then((body) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)))
            .catch(() => response.writeHead(503).end());
        }).listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
