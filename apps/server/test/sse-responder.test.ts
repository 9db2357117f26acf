import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { appRouter, connectionOwner, createContext } from '@adopt/api';
import { connectedFrame, errorFrame, SocketBatch, SseConnection, SubscriptionResponder } from '@adopt/live/sse';
import { tracked } from '@trpc/server';
import { describe, expect, it, vi } from 'vitest';
import { requestInfo } from '../src/http/request-info.ts';
import { sseHealth } from './health.ts';
import { httpClient, signUp } from './http-client.ts';
import { SseStream, subscriptionPath } from './sse-stream.ts';
import { startTestServer, useTestServer } from './test-server.ts';

async function listen(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the SSE responder', () => {
  const app = useTestServer();

  it('keeps every connection alive with `ping` from one timer shared by all of them', async () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    const responder = new SubscriptionResponder({
      router: appRouter,
      basePath: '/trpc/',
      createContext: (req, res) => createContext(app.services, requestInfo(req, res, false)),
      ownerOf: connectionOwner,
      maxBufferBytes: 1_000_000,
      limits: { total: 100, perUser: 10, perAnonymousIp: 100 },
      pingIntervalMs: 20,
    });
    const timers = setInterval.mock.calls.length;
    setInterval.mockRestore();
    const { url, server } = await listen((req, res) => responder.serve(req, res) || res.writeHead(404).end());
    const streams = await Promise.all(
      ['posts', 'tasks', 'events'].map((topic) => SseStream.open(url, subscriptionPath(`${topic}.onChange`))),
    );
    try {
      for (const stream of streams) {
        const ping = await stream.waitFor((f) => f.event === 'ping', 5000, 'a ping');
        expect(ping.raw).toBe('event: ping\ndata: \n\n');
      }
      expect(timers).toBe(1);
      expect(responder.connections).toBe(3);
    } finally {
      for (const stream of streams) stream.close();
      responder.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('ends a subscription that finishes with `return`, and serialises other iterables as tRPC does', async () => {
    const host = {
      maxBufferBytes: 1_000_000,
      batch: new SocketBatch(),
      errorFrame: (error: unknown) => errorFrame({ message: String(error) }),
      release: () => {},
    };
    async function* finite() {
      yield tracked('7', { street: 'Elm' });
      yield { plain: true };
    }
    const { url, server } = await listen((_req, res) => {
      const connection = new SseConnection(res, host);
      connection.open(connectedFrame({}, 500));
      void connection.pipe(finite());
    });
    try {
      const stream = await SseStream.open(url, '/');
      expect(await stream.waitForEnd()).toBe('end');
      expect(stream.text).toBe(
        'event: connected\ndata: {}\nretry: 500\n\n\n' +
          'data: {"street":"Elm"}\nid: 7\n\n\n' +
          'data: {"plain":true}\n\n\n' +
          'event: return\ndata: \n\n\n',
      );
    } finally {
      server.close();
    }
  });

  it('tells a logged-out viewer’s open streams UNAUTHORIZED at once and ends them', async () => {
    const { token } = await signUp(app.url, 'Out');
    const stream = await SseStream.open(app.url, subscriptionPath('live.onChange', { topics: ['notifications'] }), {
      headers: { Authorization: `Bearer ${token}` },
    });
    await stream.waitFor((f) => f.event === 'connected');
    await httpClient(app.url, { token }).auth.logout.mutate();
    expect(await stream.waitForEnd()).toBe('end');
    const error = JSON.parse(stream.frames.at(-1)?.data ?? '{}');
    expect(stream.frames.at(-1)?.event).toBe('serialized-error');
    expect(error).toMatchObject({ code: -32001, data: { code: 'UNAUTHORIZED', path: 'live.onChange' } });
    expect(error.message).toMatch(/session ended/i);
  });

  it('counts open connections per topic in /api/health', async () => {
    const before = await sseHealth(app.url);
    const streams = await Promise.all([
      SseStream.open(app.url, subscriptionPath('posts.onChange')),
      SseStream.open(app.url, subscriptionPath('posts.onChange')),
      SseStream.open(app.url, subscriptionPath('live.onChange', { topics: ['posts', 'streets'] })),
    ]);
    await Promise.all(streams.map((s) => s.waitFor((f) => f.event === 'connected')));
    const during = await sseHealth(app.url);
    expect(during.totalClients).toBe(before.totalClients + 3);
    expect(during.topics.posts).toBe((before.topics.posts ?? 0) + 3);
    expect(during.topics.streets).toBe((before.topics.streets ?? 0) + 1);
    for (const stream of streams) stream.close();
    let after = during;
    while (after.totalClients !== before.totalClients) after = await sseHealth(app.url);
    expect(after.topics.streets ?? 0).toBe(before.topics.streets ?? 0);
  });

  it('on shutdown ends every stream with a retryable SERVICE_UNAVAILABLE, so clients resume elsewhere', async () => {
    const server = await startTestServer();
    const stream = await SseStream.open(server.url, subscriptionPath('posts.onChange'));
    await stream.waitFor((f) => f.event === 'connected');
    await server.close();
    expect(await stream.waitForEnd()).toBe('end');
    expect(stream.frames.at(-1)?.event).toBe('serialized-error');
    expect(JSON.parse(stream.frames.at(-1)?.data ?? '{}')).toMatchObject({
      code: -32603,
      data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
    });
  });
});
