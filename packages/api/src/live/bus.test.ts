import { appendEvents, migrateToLatest, openSqlite } from '@adopt/db';
import type { DeliverySink } from '@adopt/live';
import type { KyselyPlugin } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventBus, type ViewerState } from './bus.ts';

/** Counts the statements run through the Kysely it is plugged into. */
function queryCounter() {
  const counter = { queries: 0, plugin: undefined as unknown as KyselyPlugin };
  counter.plugin = {
    transformQuery: ({ node }) => {
      counter.queries += 1;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return counter;
}

const anonymous: ViewerState = { userId: null, sessionId: null, expiresAt: null, role: null, statsTabs: new Set() };

function collect() {
  const ids: number[] = [];
  const sink: DeliverySink = { deliver: (d) => ids.push(d.id), whenReady: () => null, closed: () => {} };
  return { ids, sink };
}

/** An event committed by another process (the admin tool, say): nothing wakes this bus. */
async function commitElsewhere(database: ReturnType<typeof openSqlite>) {
  await database.kysely.transaction().execute((trx) =>
    appendEvents(trx, [
      {
        topic: 'posts',
        type: 'created',
        recordId: 'p',
        payload: '{}',
        audience: JSON.stringify({ everyone: true }),
      },
    ]),
  );
}

describe('the event bus on the event log', () => {
  it('reports a failed read of the log instead of rejecting, so a database outage cannot crash the server', async () => {
    const database = openSqlite({ filename: ':memory:' });
    await migrateToLatest(database.kysely);
    const errors: unknown[] = [];
    const bus = createEventBus(database.kysely, { pollIntervalMs: 0, onError: (error) => errors.push(error) });
    await bus.start();
    await database.close();

    await expect(bus.wake()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/closed|destroyed/i);
  });
});

describe('the bus with nobody subscribed', () => {
  afterEach(() => vi.useRealTimers());

  it('does not query the database until someone subscribes, and stops when the last one leaves', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const database = openSqlite({ filename: ':memory:' });
    await migrateToLatest(database.kysely);
    const counter = queryCounter();
    const bus = createEventBus(database.kysely.withPlugin(counter.plugin), { pollIntervalMs: 1000 });
    await bus.start();

    counter.queries = 0;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(counter.queries).toBe(0);

    // Committed while nobody listened: a subscriber from now must not receive it.
    await commitElsewhere(database);
    const reader = collect();
    const sub = bus.attach({ topics: ['posts'], viewer: anonymous, after: null }, reader.sink);
    await vi.advanceTimersByTimeAsync(1000);
    await commitElsewhere(database);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reader.ids).toEqual([2]);
    expect(counter.queries).toBeGreaterThan(0);

    sub.end();
    counter.queries = 0;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(counter.queries).toBe(0);
    bus.stop();
    await database.close();
  });
});
