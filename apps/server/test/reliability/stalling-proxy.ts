import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/**
 * A TCP proxy in front of a database that can stop forwarding without closing anything, as a database that
 * hangs or a network that drops packets does: connections stay open and nothing comes back.
 */
export interface StallingProxy {
  /** `target` with its host and port replaced by the proxy's. */
  url: string;
  /** From now on nothing is forwarded either way, and new connections are accepted but go nowhere. */
  stall(): void;
  /** Forwards again, including what was held back. */
  resume(): void;
  close(): Promise<void>;
}

export async function startStallingProxy(target: string): Promise<StallingProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const held: (() => void)[] = [];
  let stalled = false;

  /** Writes `chunk` on to `to`, or keeps it until the proxy forwards again. */
  const forward = (to: Socket) => (chunk: Buffer) => {
    if (stalled) held.push(() => to.write(chunk));
    else to.write(chunk);
  };
  const join = (client: Socket) => {
    const server = tcpConnect(Number(upstream.port), upstream.hostname);
    sockets.add(server);
    server.on('data', forward(client));
    client.on('data', forward(server));
    for (const [a, b] of [
      [client, server],
      [server, client],
    ] as const) {
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
    }
  };
  const proxy = createServer((client) => {
    sockets.add(client);
    if (stalled) held.push(() => join(client));
    else join(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
      for (const release of held.splice(0)) release();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
