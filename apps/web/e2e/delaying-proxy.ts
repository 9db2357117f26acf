// A TCP proxy that holds every chunk for half the round trip in each direction: real latency for every request
// and every event of an open stream (Chromium's emulated latency only delays a response's first byte).
import { connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface DelayingProxy {
  /** The server's address through the proxy, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** The added round trip in ms; 0 passes chunks straight on. Changed at any time. */
  roundTripMs: number;
}

function forward(from: Socket, to: Socket, proxy: DelayingProxy): void {
  // Timers of the same delay fire in the order they were set, so chunks keep their order.
  from.on('data', (chunk) => {
    const delay = proxy.roundTripMs / 2;
    if (delay === 0) to.write(chunk);
    else setTimeout(() => to.writable && to.write(chunk), delay);
  });
  from.on('end', () => setTimeout(() => to.end(), proxy.roundTripMs / 2));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), proxy.roundTripMs / 2));
}

/** A proxy to `target()` (the server's URL) for the enclosing suite, closed after it. */
export function useDelayingProxy(target: () => string, roundTripMs: number): DelayingProxy {
  const server = createServer();
  const proxy = { url: '', roundTripMs };
  const sockets = new Set<Socket>();
  server.on('connection', (client) => {
    const { hostname, port } = new URL(target());
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    forward(client, upstream, proxy);
    forward(upstream, client, proxy);
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('delaying proxy: no address');
    proxy.url = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return proxy;
}
