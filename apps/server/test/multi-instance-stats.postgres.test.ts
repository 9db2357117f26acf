import { type LiveMessage, TOPICS } from '@adopt/api';
import { LiveRecorder } from '@adopt/api/test/live-recorder';
import { openPostgres, readTopicEventsAfter } from '@adopt/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { usePostgresDatabase } from '../../../packages/db/test/postgres.ts';
import { until } from '../../../packages/db/test/until.ts';
import { sseHealth } from './health.ts';
import { httpClient, type Person, signUp } from './http-client.ts';
import { useServerProcess } from './server-process.ts';
import type { TestServer } from './test-server.ts';
import { useTwoInstances } from './two-instances.ts';

type Stats = LiveMessage<'stats'>;

/** How often the instances publish their figures while watched (the default). */
const INTERVAL_MS = 2000;

/** The ids of the `stats` events in the log now. */
async function statsEventIds(url: string): Promise<number[]> {
  const db = openPostgres({ url });
  try {
    return (await readTopicEventsAfter(db.kysely, 'stats', 0)).map((row) => row.id);
  } finally {
    await db.close();
  }
}

/** An absence has no event to await: it is checked after the instances had `n` intervals to publish. */
const intervals = (n: number) => new Promise((resolve) => setTimeout(resolve, n * INTERVAL_MS + 500));

/** Figures already on their way may still land (another instance goes on for a few intervals); then none. */
async function expectNoMoreFigures(url: string): Promise<void> {
  await intervals(5);
  const newest = Math.max(0, ...(await statsEventIds(url)));
  await intervals(3);
  expect(Math.max(0, ...(await statsEventIds(url)))).toBe(newest);
}

/** The stream an admin's browser holds on every screen: every topic, `stats` among them. */
function openAppStream(url: string, person: Person) {
  const api = httpClient(url, { token: person.token });
  return new LiveRecorder<LiveMessage>((observer) =>
    api.live.onChange.subscribe({ topics: [...TOPICS], lastEventId: null }, observer as never),
  );
}

describe('the live figures across two instances, published only while an admin’s tab shows them', () => {
  const database = useTwoInstances();
  let a: TestServer;
  let b: TestServer;
  let admin: Person;

  beforeAll(async () => {
    ({ a, b } = database);
    admin = await signUp(a.url, 'Admin'); // the first account: an admin
  });

  it('publishes nothing for an admin on another screen, starts when the panel opens, stops when it closes', async () => {
    const stream = openAppStream(b.url, admin);
    // The panel's calls go through A while the stream is held by B: the log carries the word across.
    const onA = httpClient(a.url, { token: admin.token });
    try {
      await until('the stream is open on B', async () => (await sseHealth(b.url)).totalClients === 1);
      await intervals(3);
      expect(await statsEventIds(database.url)).toEqual([]);
      expect(stream.data.filter((e) => e.type !== 'resync' && e.topic === 'stats')).toEqual([]);

      await onA.stats.watch.mutate({ tab: 'tab-1', open: true });
      const figures = await stream.waitFor((e) => e.type === 'updated' && e.topic === 'stats', 10_000);
      expect(figures.data).toMatchObject({ record: { watchers: 1 } });

      await onA.stats.watch.mutate({ tab: 'tab-1', open: false });
      await expectNoMoreFigures(database.url);
    } finally {
      stream.close();
    }
  });

  it('stops publishing when the stream of a tab showing the figures drops', async () => {
    const stream = openAppStream(b.url, admin);
    try {
      await until('the stream is open on B', async () => (await sseHealth(b.url)).totalClients === 1);
      await admin.api.stats.watch.mutate({ tab: 'tab-2', open: true });
      await stream.waitFor((e) => e.type === 'updated' && e.topic === 'stats', 10_000);
    } finally {
      stream.close();
    }
    await until('the stream is closed on B', async () => (await sseHealth(b.url)).totalClients === 0);
    await expectNoMoreFigures(database.url);
  });
});

describe('the Admin screen’s instances when one is killed', () => {
  const database = usePostgresDatabase();
  const a = useServerProcess('stats-a');
  const b = useServerProcess('stats-b');

  beforeAll(async () => {
    for (const instance of [a, b]) await instance.start({ DATABASE_URL: database.url });
  });

  it('drops the killed instance’s row from an admin’s open view on the survivor, pushed over the stream', async () => {
    const admin = await signUp(a.url, 'Ada'); // the first account: an admin
    const onB = httpClient(b.url, { token: admin.token });
    const { lastEventId } = await onB.stats.instances.query();
    // The admin watches on B only, so A's figures are the ones with no stream.
    const view = new LiveRecorder<Stats>((observer) =>
      onB.live.onChange.subscribe({ topics: ['stats'], lastEventId }, observer as never),
    );
    try {
      await until('the stream is open on B', async () => (await sseHealth(b.url)).totalClients === 1);
      await onB.stats.watch.mutate({ tab: 'admin-screen', open: true });
      const fromA = await view.waitFor((e) => e.type === 'updated' && e.record.streams === 0, 20_000);
      const idOfA = fromA.data.type === 'resync' ? '' : fromA.data.id;
      expect((await onB.stats.instances.query()).items.map((i) => i.id)).toContain(idOfA);

      a.child.kill('SIGKILL');
      expect(await a.exited).toBe('SIGKILL');
      await view.waitFor((e) => e.type === 'deleted' && e.id === idOfA, 30_000);

      const { items } = await onB.stats.instances.query();
      expect(items.map((i) => i.id)).not.toContain(idOfA);
      expect(items).toHaveLength(1);
      expect(view.error).toBeNull();
    } finally {
      view.close();
    }
  });
});
