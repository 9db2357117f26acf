import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { signUp } from './http-client.ts';
import { SseStream, subscriptionPath } from './sse-stream.ts';
import { useTestServer } from './test-server.ts';

const HEADERS_TIMEOUT_MS = 1000;
const PER_ADDRESS = 3;

/** A raw socket to the server; `closed` settles with what the server sent once it closes the connection. */
function rawSocket(url: string): { socket: net.Socket; closed: Promise<string> } {
  const { port } = new URL(url);
  const socket = net.connect(Number(port), '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    received += chunk;
  });
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  socket.on('error', () => {});
  return { socket, closed };
}

/** Fails the test if `promise` has not settled within `ms`; a bound, not a measurement. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)),
  ]);
}

describe('sockets that hold the server up', () => {
  const server = useTestServer({ HTTP_HEADERS_TIMEOUT_MS: HEADERS_TIMEOUT_MS });

  it('drops a socket that trickles its head or sends nothing, while an SSE stream stays open', async () => {
    const stream = await SseStream.open(server.url, subscriptionPath('posts.onChange', {}));
    await stream.waitFor((f) => f.event === 'connected');
    const silent = rawSocket(server.url);
    const trickler = rawSocket(server.url);
    trickler.socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => trickler.socket.write('X-Drip: 1\r\n'), 200);
    try {
      const answer = await within(HEADERS_TIMEOUT_MS * 5, trickler.closed, 'trickling socket closed');
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
        error: {
          data: { code: 'TIMEOUT' },
          message: `The request's headers did not arrive within ${HEADERS_TIMEOUT_MS} ms.`,
        },
      });
      await within(HEADERS_TIMEOUT_MS * 5, silent.closed, 'silent socket closed');
    } finally {
      clearInterval(drip);
    }
    // The stream outlived both, and is still served: a post made after they were dropped reaches it.
    const author = await signUp(server.url, 'Sockets');
    const post = await author.api.posts.create.mutate({ body: 'still here' });
    const [event] = await stream.waitForEvents(1);
    expect(event?.data).toMatchObject({ id: post.id });
    expect(stream.ended).toBeNull();
    stream.close();
  });
});

describe('connections per address', () => {
  // A server of its own: idle keep-alive sockets from other tests would count against the cap.
  const server = useTestServer({ HTTP_MAX_CONNECTIONS_PER_IP: PER_ADDRESS, SSE_MAX_CONNECTIONS_PER_IP: 10 });

  it('caps plain HTTP connections per address with TOO_MANY_REQUESTS, not counting SSE streams', async () => {
    const streams = await Promise.all(
      Array.from({ length: PER_ADDRESS + 1 }, () => SseStream.open(server.url, subscriptionPath('posts.onChange', {}))),
    );
    const agent = new http.Agent({ keepAlive: true, maxSockets: PER_ADDRESS + 1 });
    try {
      for (const stream of streams) await stream.waitFor((f) => f.event === 'connected');
      const get = () =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          http
            .get(`${server.url}/trpc/posts.list`, { agent }, (res) => {
              let body = '';
              res.on('data', (chunk) => {
                body += chunk;
              });
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            })
            .on('error', reject);
        });
      // Four at once need four connections: three are let in, the fourth is told why it is not.
      const answers = await Promise.all(Array.from({ length: PER_ADDRESS + 1 }, get));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = answers.find((a) => a.status === 429);
      expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({
        error: { data: { code: 'TOO_MANY_REQUESTS' }, message: expect.stringMatching(/at most 3/) },
      });
      expect(streams.every((s) => s.ended === null)).toBe(true);
    } finally {
      agent.destroy();
      for (const stream of streams) stream.close();
    }
  });
});
