import type { Api } from '@adopt/api/contract';
import { RETRY_HINT_MS } from '@adopt/live/sse';
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp } from './http-client.ts';
import { SseStream, subscriptionPath } from './sse-stream.ts';
import { useTestServer } from './test-server.ts';

const CONNECTED = 'event: connected\ndata: {"reconnectAfterInactivityMs":25000}\n\n\n';
const RETRY_HINT = /^(event: connected\ndata: [^\n]*)\nretry: (\d+)\n/;

/**
 * The one place the two responders differ on the wire: this project's `connected` frame also carries
 * SSE's `retry:` field (tRPC's producer has no way to send it). The rest must match byte for byte.
 */
function withoutRetryHint(text: string): string {
  return text.replace(RETRY_HINT, '$1\n');
}

function retryHintOf(text: string): number | null {
  const match = RETRY_HINT.exec(text);
  return match ? Number(match[2]) : null;
}

function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} parsed`);
}

// The same expectations, byte for byte, against tRPC's own streaming and this project's responder:
// a client cannot tell them apart.
describe.each(['trpc', 'fast'] as const)('SSE wire format with SSE_RESPONDER=%s', (responder) => {
  const server = useTestServer({ SSE_RESPONDER: responder });
  let author: Api;

  beforeAll(async () => {
    author = (await signUp(server.url, 'Wire')).api;
  });

  it('sends the SSE headers, `connected` first, then `data:` and `id:` for each tracked event', async () => {
    const { lastEventId } = await author.posts.list.query({});
    const stream = await SseStream.open(server.url, subscriptionPath('posts.onChange', { lastEventId }));
    try {
      expect(stream.status).toBe(200);
      expect(stream.response.headers).toMatchObject({
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      });
      await stream.waitFor((f) => f.event === 'connected');
      const post = await author.posts.create.mutate({ body: 'Bins out on Tuesday' });
      const [event] = await stream.waitForEvents(1);
      // likedByMe is the viewer’s own, lastEventId only the answer’s; a live record leaves both out.
      const { likedByMe: _, lastEventId: __, ...record } = post;
      const payload = JSON.stringify({ topic: 'posts', type: 'created', id: post.id, record });
      expect(withoutRetryHint(stream.text)).toBe(`${CONNECTED}data: ${payload}\nid: ${event?.id}\n\n\n`);
    } finally {
      stream.close();
    }
  });

  it('tells each client when to come back with a `retry:` hint, spread with jitter', async () => {
    const hints: (number | null)[] = [];
    for (let i = 0; i < 8; i++) {
      const stream = await SseStream.open(server.url, subscriptionPath('posts.onChange', {}));
      await stream.waitFor((f) => f.event === 'connected');
      hints.push(retryHintOf(stream.text));
      stream.close();
    }
    if (responder === 'trpc') {
      expect(hints.every((hint) => hint === null)).toBe(true);
      return;
    }
    for (const hint of hints) {
      expect(hint).toBeGreaterThanOrEqual(RETRY_HINT_MS.min);
      expect(hint).toBeLessThan(RETRY_HINT_MS.min + RETRY_HINT_MS.spread);
    }
    expect(new Set(hints).size).toBeGreaterThan(1);
  });

  it('resumes after the Last-Event-ID header a reconnecting EventSource sends', async () => {
    const first = await author.posts.create.mutate({ body: 'first' });
    const { lastEventId } = await author.posts.list.query({});
    const second = await author.posts.create.mutate({ body: 'second' });
    // The input still carries an older id, as the link's URL does; the header wins, as in tRPC.
    const stream = await SseStream.open(server.url, subscriptionPath('posts.onChange', { lastEventId: '1' }), {
      headers: { 'Last-Event-ID': lastEventId },
    });
    try {
      const events = await stream.waitForEvents(1);
      expect(events.map((e) => e.data.id)).toEqual([second.id]);
      expect(events.map((e) => e.data.id)).not.toContain(first.id);
    } finally {
      stream.close();
    }
  });

  it('answers malformed input with `serialized-error` in tRPC’s error shape, then ends', async () => {
    const stream = await SseStream.open(server.url, '/trpc/posts.onChange?input=%7Bbad');
    expect(await stream.waitForEnd()).toBe('end');
    const shape = {
      message: jsonParseMessage('{bad'),
      code: -32600,
      data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'posts.onChange' },
    };
    expect(withoutRetryHint(stream.text)).toBe(
      `${CONNECTED}event: serialized-error\ndata: ${JSON.stringify(shape)}\n\n\n`,
    );
  });

  it('formats validation errors with the router’s errorFormatter, naming the field', async () => {
    const stream = await SseStream.open(
      server.url,
      subscriptionPath('live.onChange', { topics: ['posts'], lastEventId: 'x' }),
    );
    expect(await stream.waitForEnd()).toBe('end');
    const why = 'lastEventId must be the id of an event this server sent';
    const shape = {
      message: `Invalid input: lastEventId: ${why}`,
      code: -32600,
      data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'live.onChange', fieldErrors: { lastEventId: why } },
    };
    expect(withoutRetryHint(stream.text)).toBe(
      `${CONNECTED}event: serialized-error\ndata: ${JSON.stringify(shape)}\n\n\n`,
    );
  });

  it('refuses an expired or unknown session with UNAUTHORIZED', async () => {
    const stream = await SseStream.open(server.url, subscriptionPath('notifications.onChange'), {
      headers: { Authorization: 'Bearer not-a-session' },
    });
    expect(await stream.waitForEnd()).toBe('end');
    const error = stream.frames.find((f) => f.event === 'serialized-error');
    expect(JSON.parse(error?.data ?? '{}')).toMatchObject({ code: -32001, data: { code: 'UNAUTHORIZED' } });
  });

  it('leaves unknown procedures, batches and non-GET requests to tRPC’s handler', async () => {
    const unknown = await fetch(`${server.url}/trpc/posts.nothing`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { data: { code: 'NOT_FOUND', path: 'posts.nothing' } } });
    const batch = await fetch(`${server.url}/trpc/posts.onChange?batch=1&input=%7B%7D`);
    expect((await batch.json()) as unknown).toMatchObject([{ error: { data: { code: 'BAD_REQUEST' } } }]);
    const post = await fetch(`${server.url}/trpc/posts.onChange`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(await post.text()).toContain('"code":"METHOD_NOT_SUPPORTED"');
    const garbled = await fetch(`${server.url}/trpc/%E0%A4%A`);
    expect(garbled.status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
