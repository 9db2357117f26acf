import { createServices, type LiveMessage } from '@adopt/api';
import { LiveRecorder } from '@adopt/api/test/live-recorder';
import { markPresent, migrateToLatest, openPostgres } from '@adopt/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { usePostgresDatabase } from '../../../packages/db/test/postgres.ts';
import { httpClient, PASSWORD, type Person, signUp } from './http-client.ts';
import type { TestServer } from './test-server.ts';
import { useTwoInstances } from './two-instances.ts';

type Presence = LiveMessage<'presence'>;

/** Presence as `person` sees it on the server at `url`, from a snapshot on. */
async function watchPresence(url: string, person: Person) {
  const api = httpClient(url, { token: person.token });
  const { lastEventId } = await api.presence.online.query();
  return new LiveRecorder<Presence>((observer) => api.presence.onChange.subscribe({ lastEventId }, observer as never));
}

describe('presence and bans across two instances on one PostgreSQL', () => {
  const database = useTwoInstances();
  let a: TestServer;
  let b: TestServer;
  let admin: Person;

  beforeAll(async () => {
    ({ a, b } = database);
    admin = await signUp(a.url, 'Admin');
  });

  it('shows a member on instance A who opened the app on instance B, and when they leave', async () => {
    const ann = await signUp(a.url, 'Ann');
    const bob = await signUp(b.url, 'Bob');
    const watching = await watchPresence(a.url, ann);
    const bobsApp = await watchPresence(b.url, bob);
    try {
      await watching.waitFor((e) => e.type === 'created' && e.id === bob.user.id);
      // Ann's own join commits on its own, so Bob's arriving first says nothing of hers: wait for both.
      const onB = httpClient(b.url, { token: ann.token });
      await expect
        .poll(async () => (await onB.presence.online.query()).items.map((p) => p.name), { timeout: 10_000 })
        .toEqual(expect.arrayContaining(['Ann', 'Bob']));
      bobsApp.close();
      await watching.waitFor((e) => e.type === 'deleted' && e.id === bob.user.id, 10_000);
    } finally {
      watching.close();
      bobsApp.close();
    }
  });

  it('ends a banned person’s stream on the other instance within a second and refuses their token there', async () => {
    const gus = await signUp(b.url, 'Gus');
    const onB = httpClient(b.url, { token: gus.token });
    const { lastEventId } = await onB.posts.list.query({});
    const stream = new LiveRecorder<LiveMessage>((observer) =>
      onB.live.onChange.subscribe({ topics: ['posts'], lastEventId }, observer as never),
    );
    try {
      const post = await onB.posts.create.mutate({ body: 'Hello from B' });
      await stream.waitFor((e) => e.type !== 'resync' && e.id === post.id);
      await admin.api.admin.ban.mutate({ userId: gus.user.id, reason: 'Spam' });
      expect(String(await stream.waitForError(1000))).toMatch(/This account is banned: Spam/);
      expect(await onB.auth.me.query()).toBeNull();
      await expect(httpClient(b.url).auth.login.mutate({ email: gus.email, password: PASSWORD })).rejects.toThrow(
        /This account is banned: Spam/,
      );
    } finally {
      stream.close();
    }
  });
});

describe('presence after an instance dies', () => {
  const database = usePostgresDatabase();

  it('drops the people of an instance that stopped refreshing its rows, unless they are on another', async () => {
    const db = openPostgres({ url: database.url });
    await migrateToLatest(db.kysely);
    const presence = { leaveDelayMs: 100, heartbeatMs: 100, expireAfterMs: 500 };
    const survivor = await createServices({ db: db.kysely, dialect: 'postgres', config: { presence } });
    try {
      const now = new Date().toISOString();
      // The watcher's own stream makes them present too; invisible, so the only event is the one under test.
      const users = ['Vic', 'Wyn', 'Watcher'].map((name, i) => ({
        id: i === 2 ? 'watcher' : `user-${i}`,
        presenceHidden: i === 2 ? 1 : 0,
        email: `${name.toLowerCase()}@example.org`,
        name,
        passwordHash: 'x',
        role: 'member' as const,
        createdAt: now,
      }));
      await db.kysely.insertInto('users').values(users).execute();
      const watcher = {
        userId: 'watcher',
        role: 'admin' as const,
        sessionId: null,
        expiresAt: null,
        statsTabs: new Set<string>(),
      };
      const events: Presence[] = [];
      const abort = new AbortController();
      const listening = (async () => {
        for await (const delivery of survivor.bus.subscribe({
          topics: ['presence'],
          viewer: watcher,
          after: null,
          signal: abort.signal,
        })) {
          events.push(delivery.event as Presence);
          if (events.length === 1) abort.abort();
        }
      })();
      // What a killed instance leaves behind: rows nobody refreshes. Wyn also has a fresh row on a live one.
      await markPresent(db.kysely, 'dead-instance', 'user-0', now);
      await markPresent(db.kysely, 'dead-instance', 'user-1', now);
      survivor.presence.connected('user-1');
      await listening;
      expect(events).toEqual([{ topic: 'presence', type: 'deleted', id: 'user-0' }]);
      const left = await db.kysely.selectFrom('presence').select(['instanceId', 'userId']).execute();
      expect(left).toEqual(expect.arrayContaining([{ instanceId: survivor.presence.instanceId, userId: 'user-1' }]));
      expect(left.map((row) => row.userId).sort()).toEqual(['user-1', 'watcher']);
    } finally {
      survivor.presence.stop();
      survivor.bus.stop();
      await db.close();
    }
  });
});
