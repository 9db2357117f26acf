import { LiveRecorder } from '@adopt/api/test/live-recorder';
import type { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../../packages/db/test/until.ts';
import { sseHealth } from './health.ts';
import { httpClient, signUp } from './http-client.ts';
import { SseStream, subscriptionPath } from './sse-stream.ts';
import { useTestServer } from './test-server.ts';

describe('live connection limits', () => {
  const server = useTestServer({
    SSE_MAX_CONNECTIONS_PER_USER: 2,
    SSE_MAX_CONNECTIONS_PER_IP: 2,
    SSE_MAX_CONNECTIONS: 5,
  });
  const open: SseStream[] = [];

  afterEach(() => {
    for (const stream of open.splice(0)) stream.close();
  });

  /** A new account's token. */
  const newMember = async () => (await signUp(server.url, 'L')).token;

  /** Opens a stream and waits until the server has answered it: admitted, or refused. */
  async function connect(token?: string, path = subscriptionPath('posts.onChange')): Promise<SseStream> {
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    const stream = await SseStream.open(server.url, path, { headers });
    open.push(stream);
    await stream.waitFor((f) => f.event === 'connected');
    return stream;
  }

  const health = () => sseHealth(server.url);

  const errorOf = (stream: SseStream) =>
    JSON.parse(stream.frames.find((f) => f.event === 'serialized-error')?.data ?? 'null');

  it('closes the oldest connection of a user who opens one too many, telling the stock client why', async () => {
    const token = await newMember();
    const oldest = new LiveRecorder((observer) =>
      httpClient(server.url, { token }).posts.onChange.subscribe({}, observer as never),
    );
    try {
      await until('the stock client is connected', async () => (await health()).totalClients === 1);
      const second = await connect(token);
      const third = await connect(token);
      const error = (await oldest.waitForError()) as TRPCClientError<any>;
      expect(error.data?.code).toBe('TOO_MANY_REQUESTS');
      expect(error.message).toMatch(/more than 2 live connections.*oldest/);
      expect([second.ended, third.ended]).toEqual([null, null]);
    } finally {
      oldest.close();
    }
  });

  it('refuses an anonymous address over its limit, but not people who log in from it', async () => {
    await until('every stream is closed', async () => (await health()).totalClients === 0);
    const first = await connect();
    const second = await connect();
    const third = await connect();
    expect(await third.waitForEnd()).toBe('end');
    expect(errorOf(third)).toMatchObject({ code: -32029, data: { code: 'TOO_MANY_REQUESTS' } });
    expect(errorOf(third).message).toMatch(/from your address \(at most 2 without logging in\)/);
    expect([first.ended, second.ended]).toEqual([null, null]);
    const member = await connect(await newMember());
    expect(member.ended).toBeNull();
  });

  it('refuses connections beyond the server’s total with a retryable error', async () => {
    await until('every stream is closed', async () => (await health()).totalClients === 0);
    const streams = [await connect()];
    for (let i = 0; i < 2; i++) {
      const token = await newMember();
      streams.push(await connect(token), await connect(token));
    }
    const extra = await connect(await newMember());
    expect(await extra.waitForEnd()).toBe('end');
    expect(errorOf(extra)).toMatchObject({ data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 } });
    expect(errorOf(extra).message).toMatch(/limit of 5 live connections/);
    expect(streams.map((s) => s.ended)).toEqual([null, null, null, null, null]);
  });

  it("a browser's newer stream replaces its older one (a tab took over), and no other stream of that person", async () => {
    await until('every stream is closed', async () => (await health()).totalClients === 0);
    const token = await newMember();
    const live = (browser: string) => subscriptionPath('live.onChange', { topics: ['posts'], browser });
    const laptop = await connect(token, live('laptop'));
    const phone = await connect(token, live('phone'));
    const takeover = await connect(token, live('laptop'));
    expect(await laptop.waitForEnd()).toBe('end');
    expect(errorOf(laptop).message).toMatch(/Another tab of this browser took over/);
    expect([phone.ended, takeover.ended]).toEqual([null, null]);
    expect((await health()).totalClients).toBe(2);
  });
});
