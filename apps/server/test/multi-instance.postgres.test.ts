import { type Audience, canSee, type LiveMessage, TOPICS, type Topic } from '@adopt/api';
import { LiveRecorder } from '@adopt/api/test/live-recorder';
import { openPostgres, readEventsAfter } from '@adopt/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../packages/db/test/until.ts';
import { sseHealth } from './health.ts';
import { httpClient, type Person, signUp, viewerOf } from './http-client.ts';
import type { TestServer } from './test-server.ts';
import { useTwoInstances } from './two-instances.ts';

interface LoggedEvent {
  id: number;
  topic: string;
  audience: Audience;
}

/** Every committed event after `afterId`, from the database: what the streams are checked against. */
async function readLog(url: string, afterId: number): Promise<LoggedEvent[]> {
  const db = openPostgres({ url });
  try {
    const events: LoggedEvent[] = [];
    for (let rows = await readEventsAfter(db.kysely, afterId); rows.length > 0; ) {
      events.push(...rows.map((r) => ({ id: r.id, topic: r.topic, audience: JSON.parse(r.audience) })));
      rows = await readEventsAfter(db.kysely, rows.at(-1)?.id ?? afterId);
    }
    return events;
  } finally {
    await db.close();
  }
}

describe('two server instances on one PostgreSQL', () => {
  const database = useTwoInstances();
  let a: TestServer;
  let b: TestServer;
  let admin: Person;

  beforeAll(async () => {
    ({ a, b } = database);
    admin = await signUp(a.url, 'Admin');
  });

  it('shows a reader on instance A, in order, what a neighbour changes through instance B', async () => {
    const writer = await signUp(b.url, 'Bea');
    const reader = httpClient(a.url);
    const { lastEventId } = await reader.posts.list.query({});
    const feed = new LiveRecorder<LiveMessage<'posts'>>((observer) =>
      reader.posts.onChange.subscribe({ lastEventId }, observer as never),
    );
    try {
      const post = await writer.api.posts.create.mutate({ body: 'Skip on Mill Lane is full' });
      await writer.api.posts.like.mutate({ id: post.id });
      await writer.api.posts.delete.mutate({ id: post.id });
      const seen = await feed.waitForCount(3);
      // likedByMe is the viewer’s own, lastEventId only the answer’s; a live record leaves both out.
      const { likedByMe: _, lastEventId: __, ...live } = post;
      expect(seen.map((r) => r.data)).toEqual([
        { topic: 'posts', type: 'created', id: post.id, record: live },
        { topic: 'posts', type: 'updated', id: post.id, record: { ...live, likes: 1 } },
        { topic: 'posts', type: 'deleted', id: post.id },
      ]);
    } finally {
      feed.close();
    }
  });

  it('gives every subscriber on both instances exactly its events, in id order, while writers race on both', async () => {
    const writers = await Promise.all(
      ['Cy', 'Di', 'Ed', 'Flo', 'Gil', 'Hal'].map((n, i) => signUp((i % 2 ? b : a).url, n)),
    );
    const { lastEventId } = await admin.api.posts.list.query({});
    const start = Number(lastEventId);

    // On each instance: anonymous readers, a writer watching their own notifications, and an admin seeing all.
    const anonymous = { userId: null, role: null } as const;
    const watchers = [a, b].flatMap((server, i) => {
      const own = writers[i] as Person;
      return [
        { server, viewer: anonymous, api: httpClient(server.url), topics: ['posts'] as Topic[], single: true },
        { server, viewer: anonymous, api: httpClient(server.url), topics: ['posts', 'leaderboard'] as Topic[] },
        {
          server,
          viewer: viewerOf(own),
          api: own.api,
          topics: ['posts', 'notifications', 'rewards', 'leaderboard'] as Topic[],
        },
        {
          server,
          viewer: viewerOf(admin),
          api: httpClient(server.url, { token: admin.token }),
          topics: [...TOPICS],
        },
      ];
    });
    const streams = watchers.map(
      ({ api, topics, single }) =>
        new LiveRecorder<LiveMessage>((observer) =>
          single
            ? api.posts.onChange.subscribe({ lastEventId }, observer as never)
            : api.live.onChange.subscribe({ topics, lastEventId }, observer as never),
        ),
    );
    try {
      // Every stream is live before the race starts, so the race is delivered live, not replayed.
      for (const server of [a, b]) {
        await until('every stream is connected', async () => (await sseHealth(server.url)).totalClients === 4);
      }

      const posted: { id: string; via: TestServer }[] = [];
      await Promise.all(
        writers.map(async (writer, w) => {
          for (let i = 0; i < 25; i++) {
            const post = await writer.api.posts.create.mutate({ body: `post ${i} by writer ${w}` });
            posted.push({ id: post.id, via: w % 2 ? b : a });
            const other = posted[Math.floor(Math.random() * posted.length)];
            if (other) await writer.api.posts.like.mutate({ id: other.id });
          }
        }),
      );
      const marker = await writers[1]?.api.posts.create.mutate({ body: 'the end' });
      await Promise.all(streams.map((s) => s.waitFor((e) => 'id' in e && e.id === marker?.id, 20_000)));

      const log = await readLog(database.url, start);
      const markerId = Math.max(...streams.map((s) => Number(s.lastEventId)));
      for (const [i, { viewer, topics }] of watchers.entries()) {
        // Stats events are figures of the moment, trimmed from the log as they age: the log cannot list them.
        const durable = (topic: string) => topic !== 'stats';
        const expected = log
          .filter((e) => e.id <= markerId && topics.includes(e.topic as Topic) && canSee(e.audience, viewer))
          .filter((e) => durable(e.topic))
          .map((e) => e.id);
        const received = streams[i]?.received
          .filter((r) => !('topic' in r.data) || durable(r.data.topic))
          .map((r) => Number(r.id));
        expect(received, `stream ${i} (${topics.join(', ')})`).toEqual(expected);
      }
      expect(log.length).toBeGreaterThan(600);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
