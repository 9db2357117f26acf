import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHealth, sseHealth } from '../health.ts';
import { httpClient, newIp, PASSWORD, signUp } from '../http-client.ts';
import { useServerProcess } from '../server-process.ts';
import { SseStream, subscriptionPath } from '../sse-stream.ts';
import { useTestServer } from '../test-server.ts';
import { report } from './report.ts';

const LIMITS = { perUser: 2, perIp: 3, total: 8 };
const MAX_BODY = 20_000;

async function errorOf(stream: SseStream): Promise<{ code: string; message: string }> {
  const frame = await stream.waitFor((f) => f.event === 'serialized-error');
  const { message, data } = JSON.parse(frame.data);
  return { code: data.code, message };
}

describe('abuse', () => {
  const server = useServerProcess('abuse', {
    TRUST_PROXY: 'true',
    MAX_BODY_BYTES: String(MAX_BODY),
    SSE_MAX_CONNECTIONS_PER_USER: String(LIMITS.perUser),
    SSE_MAX_CONNECTIONS_PER_IP: String(LIMITS.perIp),
    SSE_MAX_CONNECTIONS: String(LIMITS.total),
  });
  beforeAll(() => server.start());

  /** The server process is alive and answers; every abuse case ends with this. */
  async function expectHealthy(): Promise<void> {
    expect(server.child.exitCode).toBeNull();
    expect((await readHealth(server.url)).status).toBe('ok');
  }

  it('rate limits registration and login per address, with a message that says when to retry', async () => {
    const ip = newIp();
    const anon = httpClient(server.url, { ip });
    const email = (i: number) => `flood-${i}-${Date.now()}@example.org`;
    const registered: string[] = [];
    let refused: unknown = null;
    for (let i = 0; i < 12 && !refused; i++) {
      await anon.auth.register.mutate({ email: email(i), name: 'Flood', password: PASSWORD }).then(
        (r) => registered.push(r.user.email),
        (error) => {
          refused = error;
        },
      );
    }
    expect(registered).toHaveLength(10);
    expect(refused).toMatchObject({
      data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429 },
      message: expect.stringMatching(/^Too many registration attempts\. Try again in \d+ seconds?\.$/),
    });

    // Password guessing: after ten tries even the right password is turned away until the window passes.
    const target = registered[0] as string;
    for (let i = 0; i < 10; i++) {
      await expect(anon.auth.login.mutate({ email: target, password: `guess ${i} wrong` })).rejects.toMatchObject({
        data: { code: 'UNAUTHORIZED' },
      });
    }
    await expect(anon.auth.login.mutate({ email: target, password: PASSWORD })).rejects.toMatchObject({
      data: { code: 'TOO_MANY_REQUESTS' },
      message: expect.stringMatching(/Too many login attempts\. Try again in \d+ seconds?/),
    });
    // Someone else, from another address, is not affected.
    await expect(
      httpClient(server.url, { ip: newIp() }).auth.login.mutate({ email: target, password: PASSWORD }),
    ).resolves.toMatchObject({ user: { email: target } });
    await expectHealthy();
  });

  it('enforces live-connection limits per user, per anonymous address and in total, with clear errors', async () => {
    const opened: SseStream[] = [];
    const sse = async (headers: Record<string, string>) => {
      const stream = await SseStream.open(server.url, subscriptionPath('posts.onChange', {}), { headers });
      opened.push(stream);
      return stream;
    };
    try {
      // Per user: the oldest connection makes room for the newest.
      const pat = await signUp(server.url, 'Pat');
      const bearer = { Authorization: `Bearer ${pat.token}`, 'X-Forwarded-For': pat.ip };
      const [first, second] = [await sse(bearer), await sse(bearer)];
      await second?.waitFor((f) => f.event === 'connected');
      const third = await sse(bearer);
      await third.waitFor((f) => f.event === 'connected');
      const bumped = await errorOf(first as SseStream);
      expect(bumped.code).toBe('TOO_MANY_REQUESTS');
      expect(bumped.message).toMatch(/more than 2 live connections.*oldest.*closed/);
      expect(await first?.waitForEnd()).toBe('end');
      expect(second?.ended).toBeNull();
      expect(third.ended).toBeNull();

      // Per anonymous address: the extra connection is refused, others are unaffected.
      const crowd = { 'X-Forwarded-For': newIp() };
      for (let i = 0; i < LIMITS.perIp; i++) await (await sse(crowd)).waitFor((f) => f.event === 'connected');
      const refused = await errorOf(await sse(crowd));
      expect(refused.code).toBe('TOO_MANY_REQUESTS');
      expect(refused.message).toMatch(/Too many live connections from your address/);

      // In total: 2 (Pat) + 3 (crowd) are open; fill up to the limit from fresh addresses, then one more.
      while ((await sseHealth(server.url)).totalClients < LIMITS.total) {
        await (await sse({ 'X-Forwarded-For': newIp() })).waitFor((f) => f.event === 'connected');
      }
      const full = await errorOf(await sse({ 'X-Forwarded-For': newIp() }));
      expect(full.code).toBe('SERVICE_UNAVAILABLE');
      expect(full.message).toMatch(/limit of 8 live connections/);
      expect((await sseHealth(server.url)).totalClients).toBe(LIMITS.total);
      report('connection-limits', {
        perUser: `${LIMITS.perUser}: the oldest closed with TOO_MANY_REQUESTS`,
        perAnonymousIp: `${LIMITS.perIp}: the next refused with TOO_MANY_REQUESTS`,
        total: `${LIMITS.total}: the next refused with SERVICE_UNAVAILABLE (the client retries)`,
      });
    } finally {
      for (const stream of opened) stream.close();
    }
    await expectHealthy();
  });

  it('refuses oversized bodies, URLs, headers and inputs without falling over', async () => {
    const pat = await signUp(server.url, 'Big');
    const auth = { Authorization: `Bearer ${pat.token}`, 'Content-Type': 'application/json' };
    const answers: Record<string, number> = {};
    const post = async (what: string, path: string, body: string | ReadableStream, headers = auth) => {
      const response = await fetch(`${server.url}/trpc/${path}`, {
        method: 'POST',
        headers,
        body,
        ...(typeof body === 'string' ? {} : { duplex: 'half' }),
      } as RequestInit);
      answers[what] = response.status;
      await response.body?.cancel();
      return response.status;
    };
    const big = JSON.stringify({ body: 'x'.repeat(MAX_BODY) });
    expect(await post('body over the limit (Content-Length)', 'posts.create', big)).toBe(413);
    // Chunked: no Content-Length to judge by, so the limit applies while reading.
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    expect(await post('body over the limit (chunked)', 'posts.create', chunked)).toBe(413);
    expect(await post('input over its field bound', 'posts.create', JSON.stringify({ body: 'x'.repeat(2001) }))).toBe(
      400,
    );
    expect(
      await post('a list over its bound', 'notifications.markRead', JSON.stringify({ ids: Array(101).fill('x') })),
    ).toBe(400);
    const nested = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
    expect(await post('3000 levels of nesting', 'posts.create', nested)).toBe(400);
    const batch = Array.from({ length: 500 }, () => 'auth.me').join(',');
    const many = await fetch(`${server.url}/trpc/${batch}?batch=1&input=${encodeURIComponent('{}')}`);
    answers['a batch of 500 queries'] = many.status;
    expect(many.status).toBe(400);

    const longUrl = await fetch(`${server.url}/trpc/posts.onChange?input=${'x'.repeat(100_000)}`);
    answers['a 100 KB URL'] = longUrl.status;
    expect(longUrl.status).toBe(431);
    const hugeHeader = await new Promise<number>((resolve, reject) => {
      const request = http.get(`${server.url}/api/health`, { headers: { 'X-Big': 'y'.repeat(64_000) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      request.on('error', reject);
    });
    answers['a 64 KB header'] = hugeHeader;
    expect(hugeHeader).toBe(431);
    report('oversized', answers);
    await expectHealthy();
  });

  it('answers malformed subscription requests with an error and keeps serving', async () => {
    const cases: [string, string, Record<string, string>?][] = [
      ['bad input JSON', '/trpc/posts.onChange?input=%7Bnot%20json'],
      ['input that is not an object', '/trpc/posts.onChange?input=42'],
      ['input that is an array', '/trpc/live.onChange?input=%5B%5D'],
      ['an unknown procedure', '/trpc/nope.onChange'],
      ['an unknown nested procedure', '/trpc/posts.onChange.deeper'],
      ['a prototype key as procedure', '/trpc/__proto__.onChange'],
      ['constructor as procedure', '/trpc/posts.constructor'],
      ['a lastEventId that is not a number', subscriptionPath('posts.onChange', { lastEventId: 'abc' })],
      ['a negative lastEventId', subscriptionPath('posts.onChange', { lastEventId: '-1' })],
      ['a 40-digit lastEventId', subscriptionPath('posts.onChange', { lastEventId: '9'.repeat(40) })],
      ['a numeric lastEventId', subscriptionPath('posts.onChange', { lastEventId: 12 })],
      ['a lastEventId in other digits', subscriptionPath('posts.onChange', { lastEventId: '١٢' })],
      ['a bad Last-Event-ID header', '/trpc/posts.onChange', { 'Last-Event-ID': 'xyz' }],
      ['a 1000-topic list', subscriptionPath('live.onChange', { topics: Array(1000).fill('posts') })],
      ['topics that are not a list', subscriptionPath('live.onChange', { topics: 'posts' })],
      ['an unknown topic', subscriptionPath('live.onChange', { topics: ['__proto__'] })],
      ['a query asked for as a stream', '/trpc/posts.list'],
      ['a mutation asked for as a stream', subscriptionPath('posts.create', { body: 'x' })],
      ['a subscription inside a batch', `/trpc/posts.onChange,posts.list?batch=1&input=${encodeURIComponent('{}')}`],
      ['a non-tRPC path', '/trpc/'],
    ];
    const answers: Record<string, string> = {};
    for (const [what, path, headers] of cases) {
      const stream = await SseStream.open(server.url, path, { headers: headers ?? {} });
      let answer: string;
      if (stream.response.headers['content-type'] === 'text/event-stream') {
        const { code, message } = await errorOf(stream);
        expect(code, what).not.toBe('INTERNAL_SERVER_ERROR');
        expect(message, what).not.toBe('');
        expect(await stream.waitForEnd(), what).toBe('end');
        answer = `SSE ${code}: ${message.slice(0, 80)}`;
      } else {
        await stream.waitForEnd();
        const text = stream.frames.map((f) => f.data).join('') || '';
        expect(stream.status, `${what}: ${text}`).toBeLessThan(500);
        answer = `HTTP ${stream.status}`;
      }
      stream.close();
      answers[what] = answer;
      // POST is no way into a subscription either.
      await expectHealthy();
    }
    const posted = await fetch(`${server.url}/trpc/posts.onChange`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    const postedText = await posted.text();
    answers['a subscription asked for with POST'] = `HTTP ${posted.status}: ${postedText.match(/"code":"(\w+)"/)?.[1]}`;
    expect(postedText).toMatch(/METHOD_NOT_SUPPORTED/);
    report('malformed-sse', answers);
    await expectHealthy();
  });
});

describe('abuse without a trusted proxy', () => {
  const server = useTestServer({ TRUST_PROXY: false });

  it('does not let a forged X-Forwarded-For dodge the login limit', async () => {
    let refused: unknown = null;
    for (let i = 0; i < 12 && !refused; i++) {
      await httpClient(server.url, { ip: newIp() })
        .auth.login.mutate({ email: 'nobody@example.org', password: 'guessing' })
        .catch((error) => {
          if ((error as { data?: { code?: string } }).data?.code === 'TOO_MANY_REQUESTS') refused = error;
        });
    }
    expect(refused).toMatchObject({ data: { code: 'TOO_MANY_REQUESTS' } });
  });
});
