import { migrateToLatest, openSqlite } from '@adopt/db';
import { describe, expect, it } from 'vitest';
import { createEventBus } from './bus.ts';

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
