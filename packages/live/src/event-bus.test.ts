import { appendEvent, migrateToLatest, openSqlite } from '@adopt/db';
import { describe, expect, it } from 'vitest';
import { canSee } from './audience.ts';
import { EventBus } from './event-bus.ts';
import type { DeliverySink, ViewerState } from './subscriber.ts';

describe('EventBus', () => {
  it('reports a failed read of the log instead of rejecting, so a database outage cannot crash the server', async () => {
    const database = openSqlite({ filename: ':memory:' });
    await migrateToLatest(database.kysely);
    const errors: unknown[] = [];
    const bus = new EventBus(database.kysely, { pollIntervalMs: 0, onError: (error) => errors.push(error) });
    await bus.start();
    await database.close();

    await expect(bus.wake()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/closed|destroyed/i);
  });
});

describe('EventBus fan-out', () => {
  async function busWithLog(checked: string[]) {
    const database = openSqlite({ filename: ':memory:' });
    await migrateToLatest(database.kysely);
    const bus = new EventBus(database.kysely, {
      pollIntervalMs: 0,
      canSee: (audience, viewer) => {
        checked.push(viewer.userId ?? 'anonymous');
        return canSee(audience, viewer);
      },
    });
    await bus.start();
    return { database, bus };
  }

  function viewer(userId: string | null): ViewerState {
    return { userId, role: userId ? 'member' : null, sessionId: null, expiresAt: null };
  }

  function collect() {
    const ids: number[] = [];
    const sink: DeliverySink = { deliver: (d) => ids.push(d.id), whenReady: () => null, closed: () => {} };
    return { ids, sink };
  }

  it("checks a per-person event against that person's subscriptions only", async () => {
    const checked: string[] = [];
    const { database, bus } = await busWithLog(checked);
    const ann = collect();
    const others = Array.from({ length: 50 }, (_, i) => ({ i, ...collect() }));
    bus.attach({ topics: ['notifications', 'posts'], viewer: viewer('ann'), after: null }, ann.sink);
    for (const other of others) {
      const userId = other.i % 2 === 0 ? `user-${other.i}` : null;
      bus.attach({ topics: ['notifications', 'posts'], viewer: viewer(userId), after: null }, other.sink);
    }
    const note = { topic: 'notifications', type: 'created', id: 'n1' };
    await appendEvent(database.kysely, {
      topic: 'notifications',
      type: 'created',
      recordId: 'n1',
      payload: JSON.stringify(note),
      audience: JSON.stringify({ users: ['ann'] }),
    });
    await bus.wake();

    expect(ann.ids).toEqual([1]);
    expect(others.every((other) => other.ids.length === 0)).toBe(true);
    expect(checked).toEqual(['ann']);

    // An event for everyone still reaches every subscriber of its topic.
    const post = { topic: 'posts', type: 'created', id: 'p1' };
    await appendEvent(database.kysely, {
      topic: 'posts',
      type: 'created',
      recordId: 'p1',
      payload: JSON.stringify(post),
      audience: JSON.stringify({ everyone: true }),
    });
    await bus.wake();
    expect(ann.ids).toEqual([1, 2]);
    expect(others.every((other) => other.ids.length === 1)).toBe(true);
    bus.stop();
    await database.close();
  });
});
