import { connect, createServer, type Socket } from 'node:net';

export interface LatencyProxy {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk `delayMs` before passing it on, each way: DynamoDB Local at a
 * network distance (2 ms each way is a client and DynamoDB in one region). Timers of one delay fire in the order
 * they were set, so the byte order of each direction is kept.
 */
export function startLatencyProxy(targetPort: number, delayMs: number): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  const relay = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => setTimeout(() => to.write(chunk), delayMs));
    from.on('end', () => setTimeout(() => to.end(), delayMs));
    from.on('error', () => to.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise((stopped) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => stopped());
          }),
      });
    });
  });
}
