import { appendEvents, notifyEventLogListeners, readEventLogBounds, readEventsAfter } from '@adopt/live/log';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPostgres } from '../src/connect.ts';
import { type EventLogListener, LISTENER_APPLICATION_NAME, listenToEventLog } from '../src/listen.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { gate } from './gate.ts';
import { usePostgresDatabase } from './postgres.ts';
import { until } from './until.ts';

const entry = (recordId: string) => ({ topic: 'posts', type: 'created', recordId, payload: '{}', audience: '{}' });

describe('event log on PostgreSQL', () => {
  const database = usePostgresDatabase();
  let db: Db;

  beforeAll(async () => {
    db = openPostgres({ url: database.url });
    await migrateToLatest(db.kysely);
  });
  afterAll(() => db?.close());

  const waitingForLocks = async () => {
    const row = await sql<{ n: number }>`
      select count(*) as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(db.kysely);
    return Number(row.rows[0]?.n);
  };

  it('makes a later writer wait for an earlier one’s commit, so ids become visible in order', async () => {
    const { lastId: start } = await readEventLogBounds(db.kysely);
    const holdFirst = gate();
    const firstAppended = gate();
    const first = db.kysely.transaction().execute(async (trx) => {
      const id = await appendEvents(trx, [entry('first')]);
      firstAppended.open();
      await holdFirst.opened;
      return id;
    });
    await firstAppended.opened;
    const second = db.kysely.transaction().execute((trx) => appendEvents(trx, [entry('second')]));
    await until('the second writer waits for the lock', async () => (await waitingForLocks()) === 1);

    // While the first transaction is open, a reader sees neither event: no later id can overtake it.
    expect(await readEventsAfter(db.kysely, start)).toEqual([]);
    holdFirst.open();
    expect([await first, await second]).toEqual([start + 1, start + 2]);
    const rows = await readEventsAfter(db.kysely, start);
    expect(rows.map((r) => [r.id, r.recordId])).toEqual([
      [start + 1, 'first'],
      [start + 2, 'second'],
    ]);
  });

  it('gives each writer’s events consecutive ids, and a rolled-back writer leaves no gap', async () => {
    const { lastId: start } = await readEventLogBounds(db.kysely);
    const rolledBack = db.kysely.transaction().execute(async (trx) => {
      await appendEvents(trx, [entry('undone')]);
      throw new Error('changed my mind');
    });
    await expect(rolledBack).rejects.toThrow('changed my mind');
    const writers = Array.from({ length: 20 }, (_, i) =>
      db.kysely.transaction().execute((trx) => appendEvents(trx, [entry(`w${i}a`), entry(`w${i}b`)])),
    );
    const lastIds = (await Promise.all(writers)).sort((a, b) => a - b);
    expect(lastIds).toEqual(Array.from({ length: 20 }, (_, i) => start + 2 * (i + 1)));
    const rows = await readEventsAfter(db.kysely, start);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 40 }, (_, i) => start + 1 + i));
    // A writer's two events sit side by side: nothing of another writer's lands between them.
    for (let i = 0; i < rows.length; i += 2) {
      expect(rows[i + 1]?.recordId).toBe(rows[i]?.recordId.replace(/a$/, 'b'));
    }
  });

  describe('listener', () => {
    let listener: EventLogListener;
    let wakes = 0;
    const notifyNow = () => notifyEventLogListeners(db.kysely, 0);

    beforeAll(async () => {
      listener = await listenToEventLog({ url: database.url, onWake: () => wakes++, retryMs: 50 });
    });
    afterAll(() => listener?.close());

    it('wakes on commit only: never before it, never for a rollback', async () => {
      const before = wakes;
      const hold = gate();
      const notified = gate();
      const committing = db.kysely.transaction().execute(async (trx) => {
        await notifyEventLogListeners(trx, 1);
        notified.open();
        await hold.opened;
      });
      await notified.opened;
      // Notifications arrive in commit order: when this later commit's arrives, an early one would have too.
      await notifyNow();
      await until('the marker arrives', () => wakes === before + 1);
      hold.open();
      await committing;
      await until('the commit wakes the listener', () => wakes === before + 2);

      await expect(
        db.kysely.transaction().execute(async (trx) => {
          await notifyEventLogListeners(trx, 2);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await notifyNow();
      await until('the marker after the rollback arrives', () => wakes >= before + 3);
      expect(wakes).toBe(before + 3);
    });

    it('reconnects when its connection is killed, and wakes to catch up on what it missed', async () => {
      const killed = await sql<{ ok: boolean }>`
        select pg_terminate_backend(pid) as ok from pg_stat_activity
        where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`.execute(db.kysely);
      expect(killed.rows).toEqual([{ ok: true }]);
      const before = wakes;
      await until('the listener is back and has woken once', () => listener.connected && wakes === before + 1);
      await notifyNow();
      await until('a notification after the reconnect arrives', () => wakes === before + 2);
    });
  });
});
