import { describe, expect, it } from 'vitest';
import { sseHealth } from './health.ts';
import { signUp } from './http-client.ts';
import { SseStream, subscriptionPath } from './sse-stream.ts';
import { useTestServer } from './test-server.ts';

const BUFFER = 32 * 1024;
// 1990 three-byte characters: about 6 KB per event on the wire, so buffers fill after a few hundred posts.
const BODY = '€'.repeat(1990);

describe('a subscriber that stops reading', () => {
  const server = useTestServer({ SSE_MAX_BUFFER_BYTES: BUFFER, MAX_BODY_BYTES: 2_000_000 });

  it('is cut off without a `return` once its buffer is full, and resumes from its last id with nothing lost', async () => {
    const writer = (await signUp(server.url, 'W')).api;
    const { lastEventId } = await writer.posts.list.query({});
    const path = subscriptionPath('posts.onChange', { lastEventId });
    const stuck = await SseStream.open(server.url, path, { paused: true });
    const healthy = await SseStream.open(server.url, path);
    await healthy.waitFor((f) => f.event === 'connected');

    const posted: string[] = [];
    while (stuck.ended === null && posted.length < 5000) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => writer.posts.create.mutate({ body: BODY })));
      posted.push(...batch.map((p) => p.id));
      // A client that is not reading only notices the cut when it reads again: ask the server.
      if ((await sseHealth(server.url)).totalClients === 1) break;
    }
    stuck.resume();
    expect(await stuck.waitForEnd(10_000)).toBe('cut');
    expect(stuck.frames.some((f) => f.event === 'return' || f.event === 'serialized-error')).toBe(false);
    expect(stuck.events.length).toBeLessThan(posted.length);

    // A reconnecting EventSource sends the last id it saw as Last-Event-ID.
    const resumed = await SseStream.open(server.url, path, { headers: { 'Last-Event-ID': stuck.lastEventId ?? '' } });
    try {
      const all = [...stuck.events, ...(await resumed.waitForEvents(posted.length - stuck.events.length, 10_000))];
      expect(all.map((e) => e.data.id)).toEqual(posted);
      expect(new Set(all.map((e) => e.id)).size).toBe(all.length);

      const kept = await healthy.waitForEvents(posted.length, 10_000);
      expect(kept.map((e) => e.data.id)).toEqual(posted);
      expect(healthy.ended).toBeNull();
    } finally {
      resumed.close();
      healthy.close();
    }
  }, 60_000);

  it('replays a backlog larger than its buffer to a reader that keeps up, without cutting it off', async () => {
    const writer = (await signUp(server.url, 'B')).api;
    const { lastEventId } = await writer.posts.list.query({});
    const posted: string[] = [];
    for (let i = 0; i < 15; i++) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => writer.posts.create.mutate({ body: BODY })));
      posted.push(...batch.map((p) => p.id));
    }
    const reader = await SseStream.open(server.url, subscriptionPath('posts.onChange', { lastEventId }));
    try {
      const events = await reader.waitForEvents(posted.length, 10_000);
      expect(events.map((e) => e.data.id)).toEqual(posted);
      expect(reader.ended).toBeNull();
    } finally {
      reader.close();
    }
  }, 60_000);
});
