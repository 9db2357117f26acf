import { describe, expect, it } from 'vitest';
import { sseHealth } from '../health.ts';
import { signUp } from '../http-client.ts';
import { useServerProcess } from '../server-process.ts';
import { SseStream, subscriptionPath } from '../sse-stream.ts';
import { readEventLog } from './event-log.ts';
import { report } from './report.ts';

const STUCK = 4;
const BUFFER = 64 * 1024;
const BATCH = 20;
const MAX_POSTS = 5000;
const WARM_UP = 660;
// 2000 three-byte characters: each post's event is about 6 KB on the wire, so buffers fill quickly.
const BODY = '€'.repeat(1990);

describe('a subscriber that stops reading', () => {
  const server = useServerProcess('slow', {
    TRUST_PROXY: 'true',
    MAX_BODY_BYTES: '2000000',
    SSE_MAX_BUFFER_BYTES: String(BUFFER),
  });

  it('is cut off when its bounded buffer fills, memory stays bounded, and it resumes without losing anything', async () => {
    await server.start();
    const url = server.url;
    const writer = await signUp(url, 'Writer');
    const { lastEventId: start } = await writer.api.posts.list.query({});
    const path = subscriptionPath('posts.onChange', { lastEventId: start });
    const healthy = await SseStream.open(url, path);
    const stuck: SseStream[] = [];
    try {
      await healthy.waitFor((f) => f.event === 'connected');
      // Warm-up: the same kind of writes with nobody stuck, so what follows measures the stuck clients, not the heap
      // settling in.
      const rssAtStart = server.rssKib();
      for (let i = 0; i < WARM_UP; i += BATCH) {
        await Promise.all(Array.from({ length: BATCH }, () => writer.api.posts.create.mutate({ body: BODY })));
      }
      const rssBefore = server.rssKib();
      const stuckFrom = (await writer.api.posts.list.query({ limit: 1 })).lastEventId;
      for (let i = 0; i < STUCK; i++) {
        stuck.push(
          await SseStream.open(url, subscriptionPath('posts.onChange', { lastEventId: stuckFrom }), { paused: true }),
        );
      }
      expect((await sseHealth(url)).totalClients).toBe(STUCK + 1);

      let posts = 0;
      let clients = STUCK + 1;
      while (clients > 1 && posts < MAX_POSTS) {
        await Promise.all(Array.from({ length: BATCH }, () => writer.api.posts.create.mutate({ body: BODY })));
        posts += BATCH;
        clients = (await sseHealth(url)).totalClients;
      }
      const rssAfter = server.rssKib();
      const rssPeak = server.peakRssKib();
      expect(clients, `stuck clients still connected after ${posts} posts`).toBe(1);

      // The reader that kept up is still connected and has everything.
      const committed = readEventLog(server.databasePath, Number(start)).filter((e) => e.topic === 'posts');
      const missed = committed.filter((e) => e.id > Number(stuckFrom));
      const last = committed.at(-1)?.id ?? 0;
      await healthy.waitForId(last, 10_000);
      expect(healthy.events.map((e) => e.id)).toEqual(committed.map((e) => e.id));
      expect(healthy.ended).toBeNull();

      // Each stuck client reads what reached it, finds the connection closed, and resumes from its last id.
      let receivedBeforeCut = 0;
      let resumedEvents = 0;
      for (const client of stuck) {
        client.resume();
        await client.waitForEnd(10_000);
        receivedBeforeCut += client.events.length;
        const resumed = await SseStream.open(
          url,
          subscriptionPath('posts.onChange', { lastEventId: client.lastEventId }),
        );
        try {
          await resumed.waitForId(last, 10_000);
          resumedEvents += resumed.events.length;
          const ids = [...client.events, ...resumed.events].map((e) => e.id);
          expect(ids).toEqual(missed.map((e) => e.id));
        } finally {
          resumed.close();
        }
      }

      const wireBytes = Buffer.byteLength(
        `${missed.map((e) => `data: ${JSON.stringify(e.event)}\nid: ${e.id}\n\n`).join('')}`,
      );
      // Generous on purpose (a figure, not a benchmark): unbounded buffers would hold every stuck client's backlog.
      expect(rssAfter - rssBefore).toBeLessThan(100 * 1024);
      report('slow-client', {
        stuckClients: STUCK,
        maxBufferBytes: BUFFER,
        postsUntilAllStuckCut: posts,
        backlogPerClientBytes: wireBytes,
        eventsReceivedBeforeCut: receivedBeforeCut,
        eventsAfterResume: resumedEvents,
        warmUpPosts: WARM_UP,
        rssAtStartKiB: rssAtStart,
        rssAfterWarmUpKiB: rssBefore,
        rssAfterKiB: rssAfter,
        rssPeakKiB: rssPeak,
        lost: 0,
        duplicated: 0,
      });
    } finally {
      for (const client of [...stuck, healthy]) client.close();
    }
  }, 90_000);
});
