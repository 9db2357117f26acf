import { describe, expect, it } from 'vitest';
import { httpClient, signUp } from '../http-client.ts';
import { useServerProcess } from '../server-process.ts';
import { SseStream, subscriptionPath } from '../sse-stream.ts';
import { watch } from './burst.ts';
import { openDatabaseFile, readEventLog } from './event-log.ts';
import { report } from './report.ts';

const KEEP = 5;

describe('a client that comes back after its lastEventId was trimmed', () => {
  const server = useServerProcess('retention');

  it('gets an explicit resync, then live events; a lastEventId still kept replays exactly what followed', async () => {
    await server.start();
    const bo = await signUp(server.url, 'Bo');
    await bo.api.posts.create.mutate({ body: 'seen before going away' });
    const { lastEventId: early } = await bo.api.posts.list.query({});
    expect(Number(early)).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) await bo.api.posts.create.mutate({ body: `post ${i}` });

    // Retention runs when the server starts (and hourly): restart it keeping only the newest events.
    await server.stop('SIGTERM');
    await server.start({ EVENT_RETENTION_COUNT: String(KEEP) });
    const db = openDatabaseFile(server.databasePath);
    const { last_id: lastId, trimmed_through: trimmedThrough } = db
      .prepare('select last_id, trimmed_through from event_log_state')
      .get() as { last_id: number; trimmed_through: number };
    const kept = (db.prepare('select count(*) as n from event_log').get() as { n: number }).n;
    db.close();
    expect(kept).toBe(KEEP);
    expect(Number(early)).toBeLessThan(trimmedThrough);

    // Raw SSE: the first frame is the typed resync, carrying the id to continue from.
    const stale = await SseStream.open(server.url, subscriptionPath('posts.onChange', { lastEventId: early }));
    // The stock client does the same through httpSubscriptionLink.
    const stock = watch('stock', httpClient(server.url), ['posts'], { userId: null, role: null }, early, 'posts');
    // Exactly at the trim boundary nothing is missing, so there is nothing to resync.
    const boundary = await SseStream.open(
      server.url,
      subscriptionPath('posts.onChange', { lastEventId: String(trimmedThrough) }),
    );
    try {
      const first = await stale.waitFor((f) => f.id !== null);
      expect(JSON.parse(first.data)).toEqual({ type: 'resync', reason: 'event-log-trimmed' });
      expect(Number(first.id)).toBe(lastId);
      const [stockFirst] = await stock.recorder.waitForCount(1);
      expect(stockFirst?.data).toMatchObject({ type: 'resync' });

      const next = await bo.api.posts.create.mutate({ body: 'after the trim' });
      await stale.waitFor((f) => f.data.includes(next.id));
      await stock.recorder.waitFor((e) => e.id === next.id);
      expect(stale.events.map((e) => e.data.type)).toEqual(['resync', 'created']);

      await boundary.waitFor((f) => f.data.includes(next.id));
      const expected = readEventLog(server.databasePath, trimmedThrough).filter((e) => e.topic === 'posts');
      expect(boundary.events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
      expect(boundary.events.some((e) => e.data.type === 'resync')).toBe(false);

      report('retention', {
        eventsBeforeTrim: lastId,
        kept: KEEP,
        trimmedThrough,
        staleLastEventId: Number(early),
        answer: 'resync (event-log-trimmed), then live',
        boundaryClientReplayed: boundary.events.length,
        silentGaps: 0,
      });
    } finally {
      stale.close();
      boundary.close();
      stock.recorder.close();
    }
  });
});
